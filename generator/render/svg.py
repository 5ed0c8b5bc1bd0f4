"""SVG building blocks for the charts: escaped text and attributes, fixed-precision numbers,
axes, legends and the document frame. Pure and deterministic; every text is untrusted."""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Sequence

from .. import wording

FONT = "system-ui, sans-serif"
WIDTH = 720.0
INK = "#1a1a1a"
MUTED = "#5c5c5c"
GRID = "#d4d4d4"
DARK = "#27446e"
MID = "#9db0cc"
# Heatmap ramp, strictly lighter for lower scores (greyscale-safe); index = score - 1.
RAMP = ("#f1f4f8", "#cbd6e6", "#95acca", "#52709c", "#1f3a63")
HATCH = "url(#pp-hatch)"
# Defined only in the charts that use it, under an id derived from the chart's content, so two
# charts inlined in one page never define the same id.
DEFS = (
    '<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern></defs>'
)
LIMIT = 1e12
Box = tuple[float, float, float, float]


# --- numbers and text -------------------------------------------------------------------------


def fin(value: float | None, default: float = 0.0) -> float:
    """A finite float: None and NaN become ``default``, infinities clamp to +-1e12."""
    if type(value) is float and -LIMIT <= value <= LIMIT:  # the usual case (not NaN)
        return value
    if value is None or not isinstance(value, int | float) or math.isnan(value):
        return default
    return max(-LIMIT, min(LIMIT, float(value)))


def clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, value))


def n(value: float) -> str:
    """A coordinate with fixed precision (one decimal, ``.0`` dropped)."""
    if type(value) is not float or not -LIMIT <= value <= LIMIT:
        value = fin(value)
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def num(value: float) -> str:
    """A value label: compact above a thousand, otherwise up to two decimals."""
    value = fin(value)
    if abs(value) >= 999.5:
        return compact(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def compact(value: float) -> str:
    """Three significant digits with k/M/B: 950, 12.3k, 251k, 1.26M."""
    return wording.compact(fin(value))


def compact_money(value: float, currency: str) -> str:
    """Money rounded for reading: ``EUR 251k``, ``EUR 1.26M``, ``EUR 950``, ``-EUR 40k``."""
    return wording.money(fin(value), clean(currency)).strip()


def clean(text: str) -> str:
    """Drop characters XML cannot carry and fold whitespace (escaping happens on output)."""
    text = str(text)
    if text.isprintable():  # the usual case, checked in one call
        return " ".join(text.split())
    kept = (c if c.isprintable() or c.isspace() else " " for c in text)
    return " ".join("".join(kept).split())


def tw(text: str, size: float) -> float:
    """Estimated rendered width of ``text`` (generous, so labels do not collide)."""
    return len(text) * size * 0.6


def fit(text: str, px: float, size: float = 12) -> str:
    text = clean(text)
    if tw(text, size) <= px:
        return text
    return text[: max(1, int(px / (size * 0.6)) - 1)].rstrip() + "…"


def escape(data: str) -> str:
    """Text as XML character data (what xml.sax.saxutils.escape does, without importing it:
    that module pulls in urllib, a twentieth of a second at every start)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """A quoted XML attribute value (as xml.sax.saxutils.quoteattr)."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


# --- SVG primitives -----------------------------------------------------------------------------


_ATTR_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}


_ATTR_NAMES: dict[str, str] = {}


def el(tag: str, content: str | None = None, **kw: float | str) -> str:
    """One element; ``font_size=12`` becomes ``font-size="12"``, numbers at fixed precision."""
    names = _ATTR_NAMES
    attrs = "".join(
        [
            f' {names.get(k) or names.setdefault(k, k.replace("_", "-"))}="'
            f'{v.translate(_ATTR_ESCAPES) if isinstance(v, str) else n(v)}"'
            for k, v in kw.items()
        ]
    )
    return f"<{tag}{attrs}/>" if content is None else f"<{tag}{attrs}>{escape(content)}</{tag}>"


def text(x: float, y: float, s: str, size: float = 12, anchor: str = "start", **kw: str) -> str:
    return el("text", clean(s), x=x, y=y, font_size=size, text_anchor=anchor, **kw)


def rect(x: float, y: float, w: float, h: float, fill: str, **kw: str) -> str:
    return el("rect", x=x, y=y, width=max(0.0, w), height=max(0.0, h), fill=fill, **kw)


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, **kw: str) -> str:
    return el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, **kw)


def target_tick(x: float, cy: float, half: float = 12) -> list[str]:
    """A black tick with a white edge: visible on a dark bar and on white paper alike."""
    ends = (x, cy - half, x, cy + half)
    return [line(*ends, c, stroke_width=w) for c, w in (("#fff", "5"), ("#000", "2"))]


def legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    """Swatches (dark, mid, hatch, tick or a colour) with their labels, left to right."""
    out: list[str] = []
    for label, kind in items:
        fill = {"dark": DARK, "mid": MID, "hatch": HATCH}.get(kind, kind)
        dash = {"stroke_dasharray": "3 2"} if kind == "hatch" else {}
        tick = target_tick(x + 7, y + 5, 8)
        out += tick if kind == "tick" else [rect(x, y - 1, 14, 12, fill, stroke=MUTED, **dash)]
        out.append(text(x + 20, y + 9.5, label))
        x += 36 + tw(label, 12)
    return out


def header(title: str, width: float = WIDTH) -> tuple[list[str], float]:
    lines = textwrap.wrap(clean(title), int((width - 32) / 9), max_lines=3, placeholder=" …")
    out = [text(16, 26 + 20 * i, s, 15, font_weight="bold") for i, s in enumerate(lines)]
    return out, 26 + 20 * max(1, len(lines))


def doc(title: str, width: float, height: float, body: Sequence[str]) -> str:
    w, h, label = n(width), n(height), clean(title)
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" style="max-width:100%;height:auto" '
        f'role="img" aria-label={quoteattr(label)} font-family="{FONT}" fill="{INK}">'
    )
    back = rect(0, 0, width, height, "#ffffff")
    inner = "\n".join(body)
    defs: list[str] = []
    if HATCH in inner:
        hatch_id = "pp-hatch-" + hashlib.sha1((label + inner).encode()).hexdigest()[:10]
        inner = inner.replace(HATCH, f"url(#{hatch_id})")
        defs.append(DEFS.format(id=hatch_id))
    return "\n".join([head, f"<title>{escape(label)}</title>", *defs, back, inner, "</svg>"]) + "\n"


def no_data(title: str) -> str:
    body, top = header(title)
    body.append(text(WIDTH / 2, top + 40, "No data", 14, "middle", fill=MUTED))
    return doc(title, WIDTH, top + 70, body)


def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering lo..hi."""
    raw = max(hi - lo, 1e-9) / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next((m * mag for m in (1, 2, 2.5, 5) if raw <= m * mag), 10 * mag)
    first, last = math.floor(lo / step), math.ceil(hi / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def x_axis(ticks: Sequence[tuple[float, str]], top: float, bottom: float, title: str) -> list[str]:
    """Vertical gridlines labelled below, and the axis title centred under them."""
    out = [line(x, top, x, bottom) for x, _ in ticks]
    out += [text(x, bottom + 16, t, 11, "middle", fill=MUTED) for x, t in ticks]
    half = tw(clean(title), 12) / 2 + 8
    mid = clamp((ticks[0][0] + ticks[-1][0]) / 2 if ticks else WIDTH / 2, half, WIDTH - half)
    return [*out, text(mid, bottom + 36, title, 12, "middle", fill=MUTED)]


def y_axis(
    ticks: Sequence[tuple[float, str]], x0: float, x1: float, top: float, bottom: float, title: str
) -> list[str]:
    """Horizontal gridlines labelled at ``x0``, and the axis title turned up the left edge."""
    out = [s for y, t in ticks for s in (line(x0, y, x1, y), text(x0 - 8, y + 4, t, 11, "end"))]
    mid, turn = (top + bottom) / 2, f"rotate(-90 20 {n((top + bottom) / 2)})"
    return [*out, text(20, mid, fit(title, bottom - top), 12, "middle", transform=turn)]


def label(x0: float, cy: float, label: str, **kw: str) -> str:
    return text(x0 - 10, cy + 4, fit(label, x0 - 26), 12, "end", **kw)
