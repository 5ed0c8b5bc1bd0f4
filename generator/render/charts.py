"""Static SVG charts for the plans: plain values in, one SVG document out (the portfolio's are
in portfolio_charts.py).

Pure and deterministic (same input, byte-identical output): no I/O, no JavaScript, no external
links or fonts. Every text argument is untrusted and escaped. Series differ by lightness and by
pattern or outline, never by hue alone, so the charts survive greyscale print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import svg
from .svg import DARK, HATCH, INK, MID, MUTED, WIDTH


def capability_profile(title: str, dimensions: Sequence[tuple[str, int | None, int]]) -> str:
    """Level per capability dimension (0-5 bars; None hatched "unknown") against the tier target."""
    if not dimensions:
        return svg.no_data(title)
    body, top = svg.header(title)
    items = [("Level today", "dark"), ("Below target", "mid"), ("Tier target", "tick")]
    if any(score is None for _, score, _ in dimensions):
        items.append(("Unknown", "hatch"))
    body += svg.legend(16, top, items)
    x0, x1, top, row = 210.0, WIDTH - 70, top + 34, 30.0
    unit = (x1 - x0) / 5
    bottom = top + row * len(dimensions)
    axis = [(x0 + v * unit, str(v)) for v in range(6)]
    body += svg.x_axis(axis, top - 4, bottom, "Level (1 = lowest, 5 = highest)")
    for i, (label, score, target) in enumerate(dimensions):
        cy, goal = top + row * i + row / 2, svg.clamp(svg.fin(target), 0, 5)
        body.append(svg.label(x0, cy, label))
        s = svg.fin(score, math.nan) if score is not None else math.nan
        if math.isnan(s):
            body.append(svg.rect(x0, cy - 8, unit, 16, HATCH, stroke=MUTED, stroke_dasharray="3 2"))
            body.append(svg.text(x0 + unit + 8, cy + 4, "unknown", 12, fill=MUTED))
        else:
            s = svg.clamp(s, 0, 5)
            fill, kw = (MID, {"stroke": DARK}) if s < goal else (DARK, {})
            body.append(svg.rect(x0, cy - 8, s * unit, 16, fill, **kw))
            body.append(svg.text(x0 + s * unit + 8, cy + 4, svg.num(s), 12, font_weight="bold"))
        body += svg.target_tick(x0 + goal * unit, cy)
    return svg.doc(title, WIDTH, bottom + 50, body)


def growth_bridge(
    title: str, factors: Sequence[tuple[str, float]], total_label: str, total: float
) -> str:
    """Factors compounding into the total: a bridge on a log axis that starts at 1.0x."""
    if not factors:
        return svg.no_data(title)
    body, top = svg.header(title)
    values = [svg.clamp(svg.fin(f, 1.0), 0.01, 100) for _, f in factors]
    total = svg.clamp(svg.fin(total, 1.0), 0.01, 100)
    ends = [math.prod(values[: i + 1]) for i in range(len(values))]
    lo, hi = math.log(min(1.0, total, *ends)), math.log(max(1.0, total, *ends))
    hi = max(hi, lo + 0.25)
    lo, hi = lo - 0.06 * (hi - lo), hi + 0.04 * (hi - lo)
    x0, x1 = 210.0, WIDTH - 90

    def px(v: float) -> float:
        return x0 + (math.log(v) - lo) * (x1 - x0) / (hi - lo)

    items = [("Factor", "mid"), ("Decrease", "hatch"), (total_label or "Total", "dark")]
    body += svg.legend(16, top, [it for it in items if it[1] != "hatch" or min(values) < 0.995])
    top, row = top + 34, 30.0
    bottom = top + row * (len(values) + 1) + 8
    ticks: list[tuple[float, str]] = []
    for m in (0.1, 0.25, 0.5, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 10, 20, 50, 100):
        if lo <= math.log(m) <= hi and (m == 1 or not ticks or px(m) - ticks[-1][0] >= 44):
            ticks.append((px(m), f"{m:g}x"))
    axis = "Multiplier vs. today (log scale; each bar starts where the last one ended)"
    body += svg.x_axis(ticks, top - 4, bottom, axis)
    body.append(svg.line(px(1), top - 4, px(1), bottom, MUTED, stroke_width="1.5"))
    for i, ((label, _), v, end) in enumerate(zip(factors, values, ends, strict=True)):
        cy, same = top + row * i + row / 2, abs(v - 1) < 0.05  # reads as 1.0x
        a, b = sorted((px(end / v), px(end)))
        body.append(svg.label(x0, cy, label))
        if same:
            body.append(svg.line(a, cy - 8, a, cy + 8, INK, stroke_width="2"))
        elif v < 1:
            body.append(svg.rect(a, cy - 8, b - a, 16, HATCH, stroke=INK, stroke_dasharray="3 2"))
        else:
            body.append(svg.rect(a, cy - 8, b - a, 16, MID, stroke=DARK))
        text = "no change" if same else f"{v:.1f}x"
        body.append(svg.text(b + 8, cy + 4, text, 12, fill=MUTED if same else INK))
        body.append(svg.line(px(end), cy + 8, px(end), cy + row - 8, INK, stroke_dasharray="2 2"))
    cy = top + row * len(values) + 8 + row / 2
    body.append(svg.line(16, cy - row / 2, x1, cy - row / 2, MUTED))
    body.append(svg.label(x0, cy, total_label, font_weight="bold"))
    a, b = sorted((px(1), px(total)))
    body.append(svg.rect(a, cy - 8, b - a, 16, DARK))
    body.append(svg.text(b + 8, cy + 4, f"{total:.1f}x", 12, font_weight="bold"))
    return svg.doc(title, WIDTH, bottom + 50, body)


def pipeline_vs_need(title: str, needed: float, on_hand: float, stale: float, currency: str) -> str:
    """Pipeline needed at quarter start against clean pipeline on hand; stale shown apart."""
    body, top = svg.header(title)
    need, have, old = (svg.fin(v) for v in (needed, on_hand, stale))
    ticks = svg.ticks(0, max(need, have, old, 1.0), 4)
    x0, x1, top, row = 210.0, WIDTH - 140, top + 10, 34.0

    def px(v: float) -> float:
        return x0 + svg.clamp(v, 0, ticks[-1]) * (x1 - x0) / ticks[-1]

    bottom, gap = top + row * 3, need - have
    axis = [(px(t), svg.compact(t)) for t in ticks]
    body += svg.x_axis(axis, top, bottom, f"{svg.clean(currency)} (pipeline value)")
    body.append(svg.line(px(need), top - 2, px(need), bottom, INK, stroke_dasharray="4 3"))
    rows = [("Needed at quarter start", need, MID), ("Clean pipeline on hand", have, DARK)]
    for i, (label, value, fill) in enumerate([*rows, ("Stale (not counted)", old, HATCH)]):
        cy, end = top + row * i + row / 2, px(value)
        body += [svg.label(x0, cy, label), svg.rect(x0, cy - 9, end - x0, 18, fill, stroke=MUTED)]
        text = svg.compact_money(value, currency)
        text += f" (surplus {svg.compact_money(-gap, currency)})" if i == 1 and gap <= -0.5 else ""
        width = svg.tw(text, 13)
        inside = (i == 1 and gap >= 0.5) or end + 8 + width > WIDTH - 8
        bold = "bold" if i < 2 else "normal"
        if inside and end - x0 >= width + 16:
            ink = "#ffffff" if i == 1 else INK
            body.append(svg.text(end - 8, cy + 4, text, 12, "end", fill=ink, font_weight=bold))
        else:
            body.append(svg.text(end + 8, cy + 4, text, 12, font_weight=bold))
            end += 8 + width
        if i == 1 and gap >= 0.5:
            dash = {"stroke": INK, "stroke_dasharray": "4 3"}
            body.append(svg.rect(px(value), cy - 9, px(need) - px(value), 18, "none", **dash))
            short = f"{svg.compact_money(gap, currency)} short"
            body.append(svg.text(max(px(need), end) + 8, cy + 4, short, 12, font_weight="bold"))
    return svg.doc(title, WIDTH, bottom + 50, body)


def trend(
    title: str, points: Sequence[tuple[str, float]], y_label: str, y_max: float | None = None
) -> str:
    """A value over dated assessments (evenly spaced), with markers and value labels."""
    if not points:
        return svg.no_data(title)
    body, top = svg.header(title)
    values = [svg.fin(v) for _, v in points]
    cap = svg.fin(y_max) if y_max is not None and svg.fin(y_max) > 0 else None
    ticks = svg.ticks(min(0.0, *values), cap or (max(values) if max(values) > 0 else 1.0))
    lo, hi = ticks[0], max(ticks[-1], cap or 0.0)
    x0, x1, top = 84.0, WIDTH - 40, top + 20
    bottom = top + 260

    def py(v: float) -> float:
        return bottom - (svg.clamp(v, lo, hi) - lo) * (bottom - top) / (hi - lo)

    body += svg.y_axis(
        [(py(t), svg.num(t)) for t in ticks if t <= hi], x0, x1, top, bottom, y_label
    )
    step = (x1 - x0 - 60) / max(1, len(points) - 1)
    xs = [x0 + 30 + step * i if len(points) > 1 else (x0 + x1) / 2 for i in range(len(points))]
    every = max(1, math.ceil(84 / step))
    coords = " ".join(f"{svg.n(x)},{svg.n(py(v))}" for x, v in zip(xs, values, strict=True))
    body.append(svg.el("polyline", points=coords, fill="none", stroke=DARK, stroke_width=2.5))
    for i, ((date, _), x, v) in enumerate(zip(points, xs, values, strict=True)):
        y = py(v)
        body.append(svg.el("circle", cx=x, cy=y, r=4.5, fill="#fff", stroke=DARK, stroke_width=2))
        body.append(svg.text(x, y - 10 if y - top > 18 else y + 20, svg.num(v), 12, "middle"))
        if (len(points) - 1 - i) % every == 0:  # count back so the latest date always shows
            body.append(svg.text(x, bottom + 18, svg.fit(date, 84, 11), 11, "middle", fill=MUTED))
    body.append(svg.line(x0, bottom, x1, bottom, MUTED))
    return svg.doc(title, WIDTH, bottom + 34, body)


def reach_bars(title: str, rows: Sequence[tuple[str, float]], goal: float, currency: str) -> str:
    """What each plan can reach, one bar each, against the goal (a tick and a dashed line)."""
    if not rows:
        return svg.no_data(title)
    body, top = svg.header(title)
    body += svg.legend(16, top, [("Revenue it can reach", "dark"), ("Goal", "tick")])
    x0, x1, top, row = 210.0, WIDTH - 110, top + 34, 30.0
    goal = max(0.0, svg.fin(goal))
    scale = (x1 - x0) / (max([goal, *(max(0.0, svg.fin(v)) for _, v in rows)]) or 1.0)
    bottom = top + row * len(rows)
    gx = x0 + goal * scale
    body.append(svg.line(gx, top - 4, gx, bottom, INK, stroke_width="1.5", stroke_dasharray="6 4"))
    for i, (name, value) in enumerate(rows):
        cy, width = top + row * i + row / 2, max(0.0, svg.fin(value)) * scale
        body.append(svg.label(x0, cy, name))
        fill, kw = (DARK, {}) if value >= goal else (MID, {"stroke": DARK})
        body.append(svg.rect(x0, cy - 8, width, 16, fill, **kw))
        body.append(svg.text(x0 + width + 6, cy + 4, svg.compact_money(value, currency), 11))
    body += svg.target_tick(gx, bottom + 8, 6)
    goal_label = f"Goal {svg.compact_money(goal, currency)}"
    body.append(svg.text(gx, bottom + 26, goal_label, 11, "middle", fill=MUTED))
    return svg.doc(title, WIDTH, bottom + 40, body)
