"""Static SVG charts for the portfolio: the capability x capacity quadrant (points sized by
revenue, labels that never overlap however many partners) and the partners carrying the gap.

Pure and deterministic, like charts.py: every text is untrusted and escaped; series differ by
lightness and pattern, never by hue alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import svg
from .svg import DARK, HATCH, INK, MID, MUTED, RAMP, WIDTH, Box

# With sized points, at most this many are named (the biggest that fit); the rest are in the
# table beside the chart.
CROWD_LABELS = 30


class Taken:
    """Boxes already drawn, bucketed on a coarse grid: whether a new box collides looks only
    at the boxes in its cells, so placing many labels stays fast."""

    CELL = 48.0

    def __init__(self, boxes: Sequence[Box] = ()) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.append(box)

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        x, y, w, h = box
        c = self.CELL
        xs = range(math.floor(x / c), math.floor((x + w) / c) + 1)
        return [(i, j) for i in xs for j in range(math.floor(y / c), math.floor((y + h) / c) + 1)]

    def append(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def clear_of(self, box: Box) -> bool:
        """Whether ``box`` overlaps none of the boxes taken (loops, not generators: a crowded
        quadrant asks this tens of thousands of times)."""
        bx, by, bw, bh = box
        right, below, c, cells = bx + bw, by + bh, self.CELL, self.cells
        rows = range(math.floor(by / c), math.floor(below / c) + 1)
        for i in range(math.floor(bx / c), math.floor(right / c) + 1):
            for j in rows:
                for a, b, w, h in cells.get((i, j), ()):
                    if not (right <= a or a + w <= bx or below <= b or b + h <= by):
                        return False
        return True


# Where a label may go around its point (offset and anchor: 0 start, 0.5 middle, 1 end),
# nearest first; farther out, above and below, with a leader line (never in a crowd).
_NEAR: tuple[tuple[int, int, float], ...] = (
    (9, 4, 0), (-9, 4, 1), (0, -10, 0.5), (0, 19, 0.5), (8, -9, 0), (8, 17, 0), (-8, -9, 1),
    (-8, 17, 1),
)  # fmt: skip
_ALL = _NEAR + tuple(
    (14 - 28 * k, 4 + 13 * j, k) for j in (-2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7) for k in (0, 1)
)


def _place(
    x: float, y: float, label: str, taken: Taken, area: Box, drop: bool = False
) -> list[str]:
    """Put a point's label in the first free spot around it, farther out (with a leader line)
    when the near spots are taken; greedy, so deterministic. With ``drop``, a label that finds
    no free spot is left out rather than drawn over another."""
    w = svg.tw(label, 11)
    left, top, right, bottom = area
    Spot = tuple[Box, float, float, float]  # the label's box, offset and anchor
    found: Spot | None = None  # the first free spot inside the area
    first: Spot | None = None  # the first inside it (drawn over others when none is free)
    for sx, sy, sk in _NEAR if drop else _ALL:  # in order: the first free one is taken
        bx, by = x + sx - w * sk, y + sy - 10
        if bx < left or by < top or bx + w > right or by + 12.0 > bottom:
            continue
        spot = ((bx, by, w, 12.0), sx, sy, sk)
        first = first or spot
        if taken.clear_of(spot[0]):
            found = spot
            break
    if found is None and drop:
        return []
    if first is None:  # nowhere inside the area: the first spot
        ox, oy, ok = _ALL[0]
        first = ((x + ox - w * ok, y + oy - 10, w, 12.0), ox, oy, ok)
    box, dx, dy, k = found or first
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
    weights: Sequence[float] | None = None,
) -> str:
    """Portfolio scatter in four named quadrants; points off the scale are clamped and marked.

    With ``weights`` (revenue, say) each point's area follows its weight, the heaviest are
    labelled first, and a label that would overlap another is left out (the chart says how
    many), so the labels stay readable however many partners there are."""
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
    yt = [(py(t), svg.num(t)) for t in svg.ticks(0, ym) if t <= ym]
    split = (px(svg.fin(x_split)), py(svg.fin(y_split)))
    body += _frame((x0, top, x1, bottom), xt, yt, (x_label, y_label), split)
    radii = _radii(weights, len(points))
    taken = Taken(
        [(px(x) - r, py(y) - r, 2 * r, 2 * r) for x, y, r in zip(xs, ys, radii, strict=True)]
    )
    body += _quadrant_names((x0, top, x1, bottom), taken)
    off = [x > xm or y > ym or x < 0 or y < 0 for x, y in zip(xs, ys, strict=True)]
    at = [(px(x), py(y)) for x, y in zip(xs, ys, strict=True)]
    area = (x0 + 2, top + 2, x1 - 2, bottom - 2)
    values = list(zip(xs, ys, strict=True))
    marks, dropped = _points(points, values, at, off, taken, area, radii, weights is not None)
    body += marks or [
        svg.text((x0 + x1) / 2, (top + bottom) / 2, "No data", 14, "middle", fill=MUTED)
    ]
    notes = _notes(dropped, any(off))
    body += [svg.text(x0, bottom + 56 + 14 * i, n, 11, fill=MUTED) for i, n in enumerate(notes)]
    return svg.doc(title, WIDTH, bottom + 66 + 14 * max(0, len(notes) - 1), body)


def _frame(
    area: Box,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[tuple[float, str]],
    labels: tuple[str, str],
    split: tuple[float, float],
) -> list[str]:
    """Axes, the plot's border and the dashed lines that split it into quadrants."""
    x0, top, x1, bottom = area
    out = svg.x_axis(x_ticks, top, bottom, labels[0])
    out += svg.y_axis(y_ticks, x0, x1, top, bottom, labels[1])
    out.append(svg.rect(x0, top, x1 - x0, bottom - top, "none", stroke=MUTED))
    sx, sy = split
    dash = {"stroke_width": "1.5", "stroke_dasharray": "6 4"}
    return [*out, svg.line(sx, top, sx, bottom, INK, **dash), svg.line(x0, sy, x1, sy, INK, **dash)]


def _notes(dropped: int, off: bool) -> list[str]:
    """What the quadrant says under its axis: names left out, points beyond the axes."""
    notes = []
    if dropped:
        notes.append(
            f"{dropped} names left out where they would crowd: every partner is in the table."
        )
    if off:
        notes.append("Triangle: beyond the axis; the actual (x, y) is in brackets.")
    return notes


def _radii(weights: Sequence[float] | None, count: int) -> list[float]:
    """Point radii: 5 each, or from 4 to 16 with the area following the weight."""
    if weights is None:
        return [5.0] * count
    clean = [max(0.0, svg.fin(w)) for w in weights]
    top = max(clean, default=0.0) or 1.0
    return [4 + 12 * math.sqrt(w / top) for w in clean]


def _quadrant_names(area: Box, taken: Taken) -> list[str]:
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
    taken: Taken,
    area: Box,
    radii: Sequence[float],
    crowded: bool,
) -> tuple[list[str], int]:
    """Each point as a dot (a triangle with its values when off the scale) with its label placed
    where it collides with nothing; the marks come last, so no label hides a point. Labels go
    to the biggest points first; with ``crowded``, a label with no free spot is left out.
    Returns the marks and labels, and how many labels were left out."""
    labels: list[str] = []
    marks: list[str] = []
    dropped = 0
    order = sorted(range(len(points)), key=lambda i: (-radii[i], i))
    # svg.el's circle, written out: thousands of points
    dot = f' fill="{DARK}" stroke="#fff" fill-opacity="{"0.75" if crowded else "1"}"/>'
    for i in order:
        name, (x, y), (cx, cy), out, r = points[i][0], values[i], at[i], off[i], radii[i]
        label = svg.fit(name, 150, 11)
        if out:
            label += f" ({svg.num(x)}, {svg.num(y)})"
            tri = f"{svg.n(cx - 6)},{svg.n(cy - 7)} {svg.n(cx + 7)},{svg.n(cy)} "
            tri += f"{svg.n(cx - 6)},{svg.n(cy + 7)}"
            marks.append(svg.el("polygon", points=tri, fill=INK, stroke="#fff"))
        else:
            marks.append(f'<circle cx="{svg.n(cx)}" cy="{svg.n(cy)}" r="{svg.n(r)}"{dot}')
        full = crowded and len(labels) >= 2 * CROWD_LABELS  # two elements per placed label
        if label.strip() and not full:
            placed = _place(cx + r - 5, cy, label, taken, area, drop=crowded)
            dropped += not placed
            labels += placed
        elif label.strip():
            dropped += 1
    return labels + marks, dropped


GapRow = tuple[str, Sequence[float]]  # name; capability plays, seller time, hires, uncovered
GAP_PARTS = ("Capability plays", "More seller time", "Planned hires", "Not covered yet")


def gap_bars(title: str, rows: Sequence[GapRow], currency: str) -> str:
    """Each partner's gap to target as one bar, split by what would close it (the parts, in
    the order of ``GAP_PARTS``), largest gap first as given, with the total at the bar's end."""
    if not rows:
        return svg.no_data(title)
    body, top = svg.header(title)
    fills = (DARK, MID, RAMP[1], HATCH)
    items = list(zip(GAP_PARTS, ("dark", "mid", RAMP[1], "hatch"), strict=True))
    body += svg.legend(16, top, items)
    x0, x1, top, row = 210.0, WIDTH - 90, top + 34, 26.0
    totals = [sum(max(0.0, svg.fin(v)) for v in parts) for _, parts in rows]
    scale = (x1 - x0) / (max(totals) or 1.0)
    for i, ((name, parts), total) in enumerate(zip(rows, totals, strict=True)):
        cy, x = top + row * i + row / 2, x0
        body.append(svg.label(x0, cy, name))
        for value, fill in zip(parts, fills, strict=False):
            width = max(0.0, svg.fin(value)) * scale
            if width > 0:
                body.append(svg.rect(x, cy - 8, width, 16, fill, stroke=MUTED, stroke_width="0.5"))
                x += width
        body.append(svg.text(x + 6, cy + 4, svg.compact_money(total, currency), 11))
    return svg.doc(title, WIDTH, top + row * len(rows) + 16, body)
