"""Static SVG charts for the plans and the portfolio: plain values in, one SVG document out.

Pure and deterministic (same input, byte-identical output): no I/O, no JavaScript, no external
links or fonts. Every text argument is untrusted and escaped. Series differ by lightness and by
pattern or outline, never by hue alone, so the charts survive greyscale print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import svg
from .svg import DARK, HATCH, INK, MID, MUTED, RAMP, WIDTH, Box


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


def _place(x: float, y: float, label: str, taken: list[Box], area: Box) -> list[str]:
    """Put a point's label in the first free spot around it, farther out (with a leader line)
    when the near spots are taken; greedy, so deterministic."""
    w = svg.tw(label, 11)

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
    back = svg.rect(box[0] - 1, box[1] - 1, box[2] + 2, 15, "#fff", fill_opacity="0.85")
    lead = svg.line(x, y, x + dx * 0.8, y + dy - 4, MUTED, stroke_width="0.75")
    return ([lead] if abs(dy) > 20 else []) + [back, svg.text(x + dx, y + dy, label, 11, anchor)]


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
    body, top = svg.header(title)
    xs, ys = [svg.fin(x) for _, x, _ in points], [svg.fin(y) for _, _, y in points]
    xm = svg.fin(x_max) if svg.fin(x_max) > 0 else max(1.0, *xs, 0.0) * 1.1
    ym = svg.fin(y_max) if svg.fin(y_max) > 0 else max(1.0, *ys, 0.0) * 1.1
    x0, x1, top = 80.0, WIDTH - 24, top + 10
    bottom = top + 400

    def px(v: float) -> float:
        return x0 + svg.clamp(v, 0, xm) / xm * (x1 - x0)

    def py(v: float) -> float:
        return bottom - svg.clamp(v, 0, ym) / ym * (bottom - top)

    xt = [(px(t), svg.num(t)) for t in svg.ticks(0, xm) if t <= xm]
    body += svg.x_axis(xt, top, bottom, x_label)
    yt = [(py(t), svg.num(t)) for t in svg.ticks(0, ym) if t <= ym]
    body += svg.y_axis(yt, x0, x1, top, bottom, y_label)
    body.append(svg.rect(x0, top, x1 - x0, bottom - top, "none", stroke=MUTED))
    sx, sy = px(svg.fin(x_split)), py(svg.fin(y_split))
    dash = {"stroke_width": "1.5", "stroke_dasharray": "6 4"}
    body += [svg.line(sx, top, sx, bottom, INK, **dash), svg.line(x0, sy, x1, sy, INK, **dash)]
    taken = [(px(x) - 6, py(y) - 6, 12.0, 12.0) for x, y in zip(xs, ys, strict=True)]
    body += _quadrant_names((x0, top, x1, bottom), taken)
    off = [x > xm or y > ym or x < 0 or y < 0 for x, y in zip(xs, ys, strict=True)]
    at = [(px(x), py(y)) for x, y in zip(xs, ys, strict=True)]
    area = (x0 + 2, top + 2, x1 - 2, bottom - 2)
    body += _points(points, list(zip(xs, ys, strict=True)), at, off, taken, area)
    if not points:
        body.append(
            svg.text((x0 + x1) / 2, (top + bottom) / 2, "No data", 14, "middle", fill=MUTED)
        )
    if any(off):
        note = "Triangle: beyond the axis; the actual (x, y) is in brackets."
        body.append(svg.text(x0, bottom + 56, note, 11, fill=MUTED))
    return svg.doc(title, WIDTH, bottom + 66, body)


def _quadrant_names(area: Box, taken: list[Box]) -> list[str]:
    """The four archetypes in their corners; their boxes join ``taken`` so labels avoid them."""
    x0, top, x1, bottom = area
    ya, yb, xa, xb = top + 18, bottom - 8, x0 + 8, x1 - 8
    out = []
    names = [("Invest in capacity", xa, ya, 0), ("Scale", xb, ya, 1), ("Enable", xb, yb, 1)]
    for name, cx, cy, k in [*names, ("Incubate or exit review", xa, yb, 0)]:
        taken.append((cx - k * svg.tw(name, 13), cy - 13, svg.tw(name, 13), 16))
        anchor = "end" if k else "start"
        out.append(svg.text(cx, cy, name, 13, anchor, fill=MUTED, font_weight="bold"))
    return out


def _points(
    points: Sequence[tuple[str, float, float]],
    values: Sequence[tuple[float, float]],
    at: Sequence[tuple[float, float]],
    off: Sequence[bool],
    taken: list[Box],
    area: Box,
) -> list[str]:
    """Each point as a dot (a triangle with its values when off the scale) with its label placed
    where it collides with nothing; the marks come last, so no label hides a point."""
    labels: list[str] = []
    marks: list[str] = []
    for (name, _, _), (x, y), (cx, cy), out in zip(points, values, at, off, strict=True):
        label = svg.fit(name, 150, 11)
        if out:
            label += f" ({svg.num(x)}, {svg.num(y)})"
            tri = f"{svg.n(cx - 6)},{svg.n(cy - 7)} {svg.n(cx + 7)},{svg.n(cy)} "
            tri += f"{svg.n(cx - 6)},{svg.n(cy + 7)}"
            marks.append(svg.el("polygon", points=tri, fill=INK, stroke="#fff"))
        else:
            marks.append(svg.el("circle", cx=cx, cy=cy, r=5, fill=DARK, stroke="#fff"))
        if label.strip():  # unnamed points (large portfolios) need no label placement
            labels += _place(cx, cy, label, taken, area)
    return labels + marks


Row = tuple[str, Sequence[int | None]]


def heatmap(title: str, rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Partners x capabilities, scores 1-5 (None unknown): darker = higher, number in each cell."""
    if not rows or not columns:
        return svg.no_data(title)
    cell_w, cell_h, label_w = 52.0, 22.0, 190.0
    heads = [svg.fit(c, 150, 11) for c in columns]
    head_h = max(svg.tw(h, 11) for h in heads) * 0.71 + 18
    width = max(WIDTH, label_w + cell_w * len(columns) + head_h + 16)
    body, top = svg.header(title, width)
    items = [(f"{i}", RAMP[i - 1]) for i in range(1, 6)] + [("unknown", "hatch")]
    body += [svg.text(16, top + 9.5, "Score:", 12, fill=MUTED), *svg.legend(66, top, items)]
    top += 24 + head_h
    for j, head in enumerate(heads):
        x, y = label_w + cell_w * (j + 0.5) + 4, top - 8
        body.append(svg.text(x, y, head, 11, transform=f"rotate(-45 {svg.n(x)} {svg.n(y)})"))
    for i, (name, scores) in enumerate(rows):
        y = top + cell_h * i
        body.append(svg.text(label_w - 10, y + 15, svg.fit(name, label_w - 26), 12, "end"))
        for j in range(len(columns)):
            raw = scores[j] if j < len(scores) else None
            v, x = (svg.fin(raw, math.nan) if raw is not None else math.nan), label_w + cell_w * j
            known = not math.isnan(v)
            s = int(svg.clamp(round(v), 1, 5)) if known else 0
            fill, text = (RAMP[s - 1], str(s)) if known else (HATCH, "?")
            body.append(svg.rect(x, y, cell_w, cell_h, fill, stroke="#fff"))
            kw = {"fill": "#fff" if s >= 4 else INK, "font_weight": "normal" if known else "bold"}
            body.append(svg.text(x + cell_w / 2, y + 15, text, 12, "middle", **kw))
    return svg.doc(title, width, top + cell_h * len(rows) + 16, body)
