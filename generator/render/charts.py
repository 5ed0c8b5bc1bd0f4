"""Static SVG charts for the plans and the portfolio: plain values in, one SVG document out.

Pure and deterministic (same input, byte-identical output): no I/O, no JavaScript, no external
links or fonts. Every text argument is untrusted and escaped. Series differ by lightness and by
pattern or outline, never by hue alone, so the charts survive greyscale print.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

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
# The same definition in every chart, so two charts inlined in one page cannot conflict.
DEFS = (
    '<defs><pattern id="pp-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern></defs>'
)
LIMIT = 1e12
Box = tuple[float, float, float, float]


# --- numbers and text -------------------------------------------------------------------------


def _fin(value: float | None, default: float = 0.0) -> float:
    """A finite float: None and NaN become ``default``, infinities clamp to +-1e12."""
    if value is None or not isinstance(value, int | float) or math.isnan(value):
        return default
    return max(-LIMIT, min(LIMIT, float(value)))


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, value))


def _n(value: float) -> str:
    """A coordinate with fixed precision (one decimal, ``.0`` dropped)."""
    text = f"{_fin(value):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _num(value: float) -> str:
    """A value label: compact above a thousand, otherwise up to two decimals."""
    value = _fin(value)
    if abs(value) >= 999.5:
        return _compact(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _compact(value: float) -> str:
    """Three significant digits with k/M/B: 950, 12.3k, 251k, 1.26M."""
    value = _fin(value)
    size = abs(value)
    if size < 999.5:
        text = f"{size:.0f}"
    else:
        size = float(f"{size:.3g}")
        div, suffix = next(d for d in ((1e9, "B"), (1e6, "M"), (1e3, "k")) if size >= d[0])
        q = size / div
        text = f"{q:.{2 if q < 10 else 1 if q < 100 else 0}f}"
        text = (text.rstrip("0").rstrip(".") if "." in text else text) + suffix
    return ("-" if value < 0 and text != "0" else "") + text


def compact_money(value: float, currency: str) -> str:
    """Money rounded for reading: ``EUR 251k``, ``EUR 1.26M``, ``EUR 950``, ``-EUR 40k``."""
    text = _compact(value)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{_clean(currency)} {digits}".strip()


def _clean(text: str) -> str:
    """Drop characters XML cannot carry and fold whitespace (escaping happens on output)."""
    kept = (c if c.isprintable() or c.isspace() else " " for c in str(text))
    return " ".join("".join(kept).split())


def _tw(text: str, size: float) -> float:
    """Estimated rendered width of ``text`` (generous, so labels do not collide)."""
    return len(text) * size * 0.6


def _fit(text: str, px: float, size: float = 12) -> str:
    text = _clean(text)
    if _tw(text, size) <= px:
        return text
    return text[: max(1, int(px / (size * 0.6)) - 1)].rstrip() + "…"


# --- SVG primitives -----------------------------------------------------------------------------


_ATTR_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}


def _el(tag: str, content: str | None = None, **kw: float | str) -> str:
    """One element; ``font_size=12`` becomes ``font-size="12"``, numbers at fixed precision."""
    attrs = "".join(
        f' {k.replace("_", "-")}="{v.translate(_ATTR_ESCAPES) if isinstance(v, str) else _n(v)}"'
        for k, v in kw.items()
    )
    return f"<{tag}{attrs}/>" if content is None else f"<{tag}{attrs}>{escape(content)}</{tag}>"


def _text(x: float, y: float, s: str, size: float = 12, anchor: str = "start", **kw: str) -> str:
    return _el("text", _clean(s), x=x, y=y, font_size=size, text_anchor=anchor, **kw)


def _rect(x: float, y: float, w: float, h: float, fill: str, **kw: str) -> str:
    return _el("rect", x=x, y=y, width=max(0.0, w), height=max(0.0, h), fill=fill, **kw)


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, **kw: str) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, **kw)


def _target_tick(x: float, cy: float, half: float = 12) -> list[str]:
    """A black tick with a white edge: visible on a dark bar and on white paper alike."""
    ends = (x, cy - half, x, cy + half)
    return [_line(*ends, c, stroke_width=w) for c, w in (("#fff", "5"), ("#000", "2"))]


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    """Swatches (dark, mid, hatch, tick or a colour) with their labels, left to right."""
    out: list[str] = []
    for label, kind in items:
        fill = {"dark": DARK, "mid": MID, "hatch": HATCH}.get(kind, kind)
        dash = {"stroke_dasharray": "3 2"} if kind == "hatch" else {}
        tick = _target_tick(x + 7, y + 5, 8)
        out += tick if kind == "tick" else [_rect(x, y - 1, 14, 12, fill, stroke=MUTED, **dash)]
        out.append(_text(x + 20, y + 9.5, label))
        x += 36 + _tw(label, 12)
    return out


def _header(title: str, width: float = WIDTH) -> tuple[list[str], float]:
    lines = textwrap.wrap(_clean(title), int((width - 32) / 9), max_lines=3, placeholder=" …")
    out = [_text(16, 26 + 20 * i, s, 15, font_weight="bold") for i, s in enumerate(lines)]
    return out, 26 + 20 * max(1, len(lines))


def _doc(title: str, width: float, height: float, body: Sequence[str]) -> str:
    w, h, label = _n(width), _n(height), _clean(title)
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" style="max-width:100%;height:auto" '
        f'role="img" aria-label={quoteattr(label)} font-family="{FONT}" fill="{INK}">'
    )
    back = _rect(0, 0, width, height, "#ffffff")
    return "\n".join([head, f"<title>{escape(label)}</title>", DEFS, back, *body, "</svg>"]) + "\n"


def _no_data(title: str) -> str:
    body, top = _header(title)
    body.append(_text(WIDTH / 2, top + 40, "No data", 14, "middle", fill=MUTED))
    return _doc(title, WIDTH, top + 70, body)


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering lo..hi."""
    raw = max(hi - lo, 1e-9) / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next((m * mag for m in (1, 2, 2.5, 5) if raw <= m * mag), 10 * mag)
    first, last = math.floor(lo / step), math.ceil(hi / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _x_axis(ticks: Sequence[tuple[float, str]], top: float, bottom: float, title: str) -> list[str]:
    """Vertical gridlines labelled below, and the axis title centred under them."""
    out = [_line(x, top, x, bottom) for x, _ in ticks]
    out += [_text(x, bottom + 16, t, 11, "middle", fill=MUTED) for x, t in ticks]
    half = _tw(_clean(title), 12) / 2 + 8
    mid = _clamp((ticks[0][0] + ticks[-1][0]) / 2 if ticks else WIDTH / 2, half, WIDTH - half)
    return [*out, _text(mid, bottom + 36, title, 12, "middle", fill=MUTED)]


def _y_axis(
    ticks: Sequence[tuple[float, str]], x0: float, x1: float, top: float, bottom: float, title: str
) -> list[str]:
    """Horizontal gridlines labelled at ``x0``, and the axis title turned up the left edge."""
    out = [s for y, t in ticks for s in (_line(x0, y, x1, y), _text(x0 - 8, y + 4, t, 11, "end"))]
    mid, turn = (top + bottom) / 2, f"rotate(-90 20 {_n((top + bottom) / 2)})"
    return [*out, _text(20, mid, _fit(title, bottom - top), 12, "middle", transform=turn)]


def _label(x0: float, cy: float, label: str, **kw: str) -> str:
    return _text(x0 - 10, cy + 4, _fit(label, x0 - 26), 12, "end", **kw)


# --- charts -------------------------------------------------------------------------------------


def capability_profile(title: str, dimensions: Sequence[tuple[str, int | None, int]]) -> str:
    """Score per capability dimension (0-5 bars; None hatched "unknown") against the tier target."""
    if not dimensions:
        return _no_data(title)
    body, top = _header(title)
    items = [("Score", "dark"), ("Below target", "mid"), ("Tier target", "tick")]
    if any(score is None for _, score, _ in dimensions):
        items.append(("Unknown", "hatch"))
    body += _legend(16, top, items)
    x0, x1, top, row = 210.0, WIDTH - 70, top + 34, 30.0
    unit = (x1 - x0) / 5
    bottom = top + row * len(dimensions)
    axis = [(x0 + v * unit, str(v)) for v in range(6)]
    body += _x_axis(axis, top - 4, bottom, "Score (1 = lowest, 5 = highest)")
    for i, (label, score, target) in enumerate(dimensions):
        cy, goal = top + row * i + row / 2, _clamp(_fin(target), 0, 5)
        body.append(_label(x0, cy, label))
        s = _fin(score, math.nan) if score is not None else math.nan
        if math.isnan(s):
            body.append(_rect(x0, cy - 8, unit, 16, HATCH, stroke=MUTED, stroke_dasharray="3 2"))
            body.append(_text(x0 + unit + 8, cy + 4, "unknown", 12, fill=MUTED))
        else:
            s = _clamp(s, 0, 5)
            fill, kw = (MID, {"stroke": DARK}) if s < goal else (DARK, {})
            body.append(_rect(x0, cy - 8, s * unit, 16, fill, **kw))
            body.append(_text(x0 + s * unit + 8, cy + 4, _num(s), 12, font_weight="bold"))
        body += _target_tick(x0 + goal * unit, cy)
    return _doc(title, WIDTH, bottom + 50, body)


def growth_bridge(
    title: str, factors: Sequence[tuple[str, float]], total_label: str, total: float
) -> str:
    """Factors compounding into the total: a bridge on a log axis that starts at 1.0x."""
    if not factors:
        return _no_data(title)
    body, top = _header(title)
    values = [_clamp(_fin(f, 1.0), 0.01, 100) for _, f in factors]
    total = _clamp(_fin(total, 1.0), 0.01, 100)
    ends = [math.prod(values[: i + 1]) for i in range(len(values))]
    lo, hi = math.log(min(1.0, total, *ends)), math.log(max(1.0, total, *ends))
    hi = max(hi, lo + 0.25)
    lo, hi = lo - 0.06 * (hi - lo), hi + 0.04 * (hi - lo)
    x0, x1 = 210.0, WIDTH - 90

    def px(v: float) -> float:
        return x0 + (math.log(v) - lo) * (x1 - x0) / (hi - lo)

    items = [("Factor", "mid"), ("Decrease", "hatch"), (total_label or "Total", "dark")]
    body += _legend(16, top, [it for it in items if it[1] != "hatch" or min(values) < 0.995])
    top, row = top + 34, 30.0
    bottom = top + row * (len(values) + 1) + 8
    ticks: list[tuple[float, str]] = []
    for m in (0.1, 0.25, 0.5, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 10, 20, 50, 100):
        if lo <= math.log(m) <= hi and (m == 1 or not ticks or px(m) - ticks[-1][0] >= 44):
            ticks.append((px(m), f"{m:g}x"))
    axis = "Multiplier vs. today (log scale; each bar starts where the last one ended)"
    body += _x_axis(ticks, top - 4, bottom, axis)
    body.append(_line(px(1), top - 4, px(1), bottom, MUTED, stroke_width="1.5"))
    for i, ((label, _), v, end) in enumerate(zip(factors, values, ends, strict=True)):
        cy, same = top + row * i + row / 2, abs(v - 1) < 0.005
        a, b = sorted((px(end / v), px(end)))
        body.append(_label(x0, cy, label))
        if same:
            body.append(_line(a, cy - 8, a, cy + 8, INK, stroke_width="2"))
        elif v < 1:
            body.append(_rect(a, cy - 8, b - a, 16, HATCH, stroke=INK, stroke_dasharray="3 2"))
        else:
            body.append(_rect(a, cy - 8, b - a, 16, MID, stroke=DARK))
        text = "no change" if same else f"{v:.2f}x"
        body.append(_text(b + 8, cy + 4, text, 12, fill=MUTED if same else INK))
        body.append(_line(px(end), cy + 8, px(end), cy + row - 8, INK, stroke_dasharray="2 2"))
    cy = top + row * len(values) + 8 + row / 2
    body.append(_line(16, cy - row / 2, x1, cy - row / 2, MUTED))
    body.append(_label(x0, cy, total_label, font_weight="bold"))
    a, b = sorted((px(1), px(total)))
    body.append(_rect(a, cy - 8, b - a, 16, DARK))
    body.append(_text(b + 8, cy + 4, f"{total:.2f}x", 12, font_weight="bold"))
    return _doc(title, WIDTH, bottom + 50, body)


def pipeline_vs_need(title: str, needed: float, on_hand: float, stale: float, currency: str) -> str:
    """Pipeline needed at quarter start against clean pipeline on hand; stale shown apart."""
    body, top = _header(title)
    need, have, old = (_fin(v) for v in (needed, on_hand, stale))
    ticks = _ticks(0, max(need, have, old, 1.0), 4)
    x0, x1, top, row = 210.0, WIDTH - 140, top + 10, 34.0

    def px(v: float) -> float:
        return x0 + _clamp(v, 0, ticks[-1]) * (x1 - x0) / ticks[-1]

    bottom, gap = top + row * 3, need - have
    axis = [(px(t), _compact(t)) for t in ticks]
    body += _x_axis(axis, top, bottom, f"{_clean(currency)} (pipeline value)")
    body.append(_line(px(need), top - 2, px(need), bottom, INK, stroke_dasharray="4 3"))
    rows = [("Needed at quarter start", need, MID), ("Clean pipeline on hand", have, DARK)]
    for i, (label, value, fill) in enumerate([*rows, ("Stale (not counted)", old, HATCH)]):
        cy, end = top + row * i + row / 2, px(value)
        body += [_label(x0, cy, label), _rect(x0, cy - 9, end - x0, 18, fill, stroke=MUTED)]
        text = compact_money(value, currency)
        text += f" (surplus {compact_money(-gap, currency)})" if i == 1 and gap <= -0.5 else ""
        width = _tw(text, 13)
        inside = (i == 1 and gap >= 0.5) or end + 8 + width > WIDTH - 8
        bold = "bold" if i < 2 else "normal"
        if inside and end - x0 >= width + 16:
            ink = "#ffffff" if i == 1 else INK
            body.append(_text(end - 8, cy + 4, text, 12, "end", fill=ink, font_weight=bold))
        else:
            body.append(_text(end + 8, cy + 4, text, 12, font_weight=bold))
            end += 8 + width
        if i == 1 and gap >= 0.5:
            dash = {"stroke": INK, "stroke_dasharray": "4 3"}
            body.append(_rect(px(value), cy - 9, px(need) - px(value), 18, "none", **dash))
            short = f"{compact_money(gap, currency)} short"
            body.append(_text(max(px(need), end) + 8, cy + 4, short, 12, font_weight="bold"))
    return _doc(title, WIDTH, bottom + 50, body)


def trend(
    title: str, points: Sequence[tuple[str, float]], y_label: str, y_max: float | None = None
) -> str:
    """A value over dated assessments (evenly spaced), with markers and value labels."""
    if not points:
        return _no_data(title)
    body, top = _header(title)
    values = [_fin(v) for _, v in points]
    cap = _fin(y_max) if y_max is not None and _fin(y_max) > 0 else None
    ticks = _ticks(min(0.0, *values), cap or (max(values) if max(values) > 0 else 1.0))
    lo, hi = ticks[0], max(ticks[-1], cap or 0.0)
    x0, x1, top = 84.0, WIDTH - 40, top + 20
    bottom = top + 260

    def py(v: float) -> float:
        return bottom - (_clamp(v, lo, hi) - lo) * (bottom - top) / (hi - lo)

    body += _y_axis([(py(t), _num(t)) for t in ticks if t <= hi], x0, x1, top, bottom, y_label)
    step = (x1 - x0 - 60) / max(1, len(points) - 1)
    xs = [x0 + 30 + step * i if len(points) > 1 else (x0 + x1) / 2 for i in range(len(points))]
    every = max(1, math.ceil(84 / step))
    coords = " ".join(f"{_n(x)},{_n(py(v))}" for x, v in zip(xs, values, strict=True))
    body.append(_el("polyline", points=coords, fill="none", stroke=DARK, stroke_width=2.5))
    for i, ((date, _), x, v) in enumerate(zip(points, xs, values, strict=True)):
        y = py(v)
        body.append(_el("circle", cx=x, cy=y, r=4.5, fill="#fff", stroke=DARK, stroke_width=2))
        body.append(_text(x, y - 10 if y - top > 18 else y + 20, _num(v), 12, "middle"))
        if (len(points) - 1 - i) % every == 0:  # count back so the latest date always shows
            body.append(_text(x, bottom + 18, _fit(date, 84, 11), 11, "middle", fill=MUTED))
    body.append(_line(x0, bottom, x1, bottom, MUTED))
    return _doc(title, WIDTH, bottom + 34, body)


def _place(x: float, y: float, label: str, taken: list[Box], area: Box) -> list[str]:
    """Put a point's label in the first free spot around it, farther out (with a leader line)
    when the near spots are taken; greedy, so deterministic."""
    w = _tw(label, 11)

    def free(box: Box, others: Sequence[Box]) -> bool:
        bx, by, bw, bh = box
        if bx < area[0] or by < area[1] or bx + bw > area[2] or by + bh > area[3]:
            return False
        return all(
            bx + bw <= a or a + c <= bx or by + bh <= b or b + d <= by for a, b, c, d in others
        )

    spots = [(9, 4, 0), (-9, 4, 1), (0, -10, 0.5), (0, 19, 0.5), (8, -9, 0), (8, 17, 0)]
    spots += [(-8, -9, 1), (-8, 17, 1)]
    rows = (-2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7)  # farther out, above and below
    spots += [(14 - 28 * k, 4 + 13 * j, k) for j in rows for k in (0, 1)]
    boxes = [((x + dx - w * k, y + dy - 10, w, 12.0), dx, dy, k) for dx, dy, k in spots]
    inside = [b for b in boxes if free(b[0], [])] or boxes
    box, dx, dy, k = next((b for b in inside if free(b[0], taken)), inside[0])
    taken.append(box)
    anchor = {0: "start", 0.5: "middle", 1: "end"}[k]
    # A white box behind the label, not a stroked halo: WeasyPrint ignores paint-order.
    back = _rect(box[0] - 1, box[1] - 1, box[2] + 2, 15, "#fff", fill_opacity="0.85")
    lead = _line(x, y, x + dx * 0.8, y + dy - 4, MUTED, stroke_width="0.75")
    return ([lead] if abs(dy) > 20 else []) + [back, _text(x + dx, y + dy, label, 11, anchor)]


def quadrant(
    title: str,
    points: Sequence[tuple[str, float, float]],
    x_label: str,
    y_label: str,
    x_split: float,
    y_split: float,
    x_max: float,
    y_max: float,
) -> str:
    """Portfolio scatter in four named quadrants; points off the scale are clamped and marked."""
    body, top = _header(title)
    xs, ys = [_fin(x) for _, x, _ in points], [_fin(y) for _, _, y in points]
    xm = _fin(x_max) if _fin(x_max) > 0 else max(1.0, *xs, 0.0) * 1.1
    ym = _fin(y_max) if _fin(y_max) > 0 else max(1.0, *ys, 0.0) * 1.1
    x0, x1, top = 80.0, WIDTH - 24, top + 10
    bottom = top + 400

    def px(v: float) -> float:
        return x0 + _clamp(v, 0, xm) / xm * (x1 - x0)

    def py(v: float) -> float:
        return bottom - _clamp(v, 0, ym) / ym * (bottom - top)

    xt = [(px(t), _num(t)) for t in _ticks(0, xm) if t <= xm]
    body += _x_axis(xt, top, bottom, x_label)
    yt = [(py(t), _num(t)) for t in _ticks(0, ym) if t <= ym]
    body += _y_axis(yt, x0, x1, top, bottom, y_label)
    body.append(_rect(x0, top, x1 - x0, bottom - top, "none", stroke=MUTED))
    sx, sy = px(_fin(x_split)), py(_fin(y_split))
    dash = {"stroke_width": "1.5", "stroke_dasharray": "6 4"}
    body += [_line(sx, top, sx, bottom, INK, **dash), _line(x0, sy, x1, sy, INK, **dash)]
    taken = [(px(x) - 6, py(y) - 6, 12.0, 12.0) for x, y in zip(xs, ys, strict=True)]
    ya, yb, xa, xb = top + 18, bottom - 8, x0 + 8, x1 - 8
    names = [("Invest in capacity", xa, ya, 0), ("Scale", xb, ya, 1), ("Enable", xb, yb, 1)]
    for name, cx, cy, k in [*names, ("Incubate or exit review", xa, yb, 0)]:
        taken.append((cx - k * _tw(name, 13), cy - 13, _tw(name, 13), 16))
        anchor = "end" if k else "start"
        body.append(_text(cx, cy, name, 13, anchor, fill=MUTED, font_weight="bold"))
    off = [x > xm or y > ym or x < 0 or y < 0 for x, y in zip(xs, ys, strict=True)]
    marks: list[str] = []
    for (name, _, _), x, y, out in zip(points, xs, ys, off, strict=True):
        cx, cy, label = px(x), py(y), _fit(name, 150, 11)
        if out:
            label += f" ({_num(x)}, {_num(y)})"
            tri = f"{_n(cx - 6)},{_n(cy - 7)} {_n(cx + 7)},{_n(cy)} {_n(cx - 6)},{_n(cy + 7)}"
            marks.append(_el("polygon", points=tri, fill=INK, stroke="#fff"))
        else:
            marks.append(_el("circle", cx=cx, cy=cy, r=5, fill=DARK, stroke="#fff"))
        if label.strip():  # unnamed points (large portfolios) need no label placement
            body += _place(cx, cy, label, taken, (x0 + 2, top + 2, x1 - 2, bottom - 2))
    body += marks  # last, so no label background ever hides a point
    if not points:
        body.append(_text((x0 + x1) / 2, (top + bottom) / 2, "No data", 14, "middle", fill=MUTED))
    if any(off):
        note = "Triangle: beyond the axis; the actual (x, y) is in brackets."
        body.append(_text(x0, bottom + 56, note, 11, fill=MUTED))
    return _doc(title, WIDTH, bottom + 66, body)


Row = tuple[str, Sequence[int | None]]


def heatmap(title: str, rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Partners x capabilities, scores 1-5 (None unknown): darker = higher, number in each cell."""
    if not rows or not columns:
        return _no_data(title)
    cell_w, cell_h, label_w = 52.0, 22.0, 190.0
    heads = [_fit(c, 150, 11) for c in columns]
    head_h = max(_tw(h, 11) for h in heads) * 0.71 + 18
    width = max(WIDTH, label_w + cell_w * len(columns) + head_h + 16)
    body, top = _header(title, width)
    items = [(f"{i}", RAMP[i - 1]) for i in range(1, 6)] + [("unknown", "hatch")]
    body += [_text(16, top + 9.5, "Score:", 12, fill=MUTED), *_legend(66, top, items)]
    top += 24 + head_h
    for j, head in enumerate(heads):
        x, y = label_w + cell_w * (j + 0.5) + 4, top - 8
        body.append(_text(x, y, head, 11, transform=f"rotate(-45 {_n(x)} {_n(y)})"))
    for i, (name, scores) in enumerate(rows):
        y = top + cell_h * i
        body.append(_text(label_w - 10, y + 15, _fit(name, label_w - 26), 12, "end"))
        for j in range(len(columns)):
            raw = scores[j] if j < len(scores) else None
            v, x = (_fin(raw, math.nan) if raw is not None else math.nan), label_w + cell_w * j
            known = not math.isnan(v)
            s = int(_clamp(round(v), 1, 5)) if known else 0
            fill, text = (RAMP[s - 1], str(s)) if known else (HATCH, "?")
            body.append(_rect(x, y, cell_w, cell_h, fill, stroke="#fff"))
            kw = {"fill": "#fff" if s >= 4 else INK, "font_weight": "normal" if known else "bold"}
            body.append(_text(x + cell_w / 2, y + 15, text, 12, "middle", **kw))
    return _doc(title, width, top + cell_h * len(rows) + 16, body)
