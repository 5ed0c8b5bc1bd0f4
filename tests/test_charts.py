"""Charts are well-formed static SVG: titled, labelled, deterministic, safe with hostile text."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.charts import (
    capability_profile,
    growth_bridge,
    pipeline_vs_need,
    trend,
)
from generator.render.portfolio_charts import gap_bars, quadrant
from generator.render.svg import compact_money

SVG = "{http://www.w3.org/2000/svg}"
DIMENSIONS = ["Selling", "Marketing", "Delivery", "Support", "Pipeline", "Forecast", "Design"]
NORTHWIND = [4, 5, 3, 4, 4, 4, 3]
COLS = DIMENSIONS
FACTORS = [("Win rate", 1.0), ("Deal size", 1.0), ("Pipeline per seller", 1.17)]
FACTORS.append(("Selling capacity", 2.08))
NUMERIC = {
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "points",
    "viewBox",
}
# Untrusted text and how it must read once rendered (characters XML cannot carry become spaces).
HOSTILE = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('" onload="x', '" onload="x'),
    ("&amp;", "&amp;"),
    ("a\x00b\x1fc\ufffe", "a b c"),
]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def numbers_are_finite(svg: str) -> None:
    """Every coordinate and size attribute holds finite numbers only."""
    for el in parse(svg).iter():
        for name in NUMERIC & el.attrib.keys():
            for token in re.split(r"[ ,]+", el.attrib[name].strip()):
                assert math.isfinite(float(token)), (el.tag, name, el.attrib[name])
            if name in {"width", "height", "r"}:
                assert float(el.attrib[name]) >= 0, (el.tag, name, el.attrib[name])


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in parse(svg).iter(SVG + "text")]


def chart_kinds(label: str, value: float) -> dict[str, Callable[[], str]]:
    """Every chart type, fed ``label`` wherever text goes and ``value`` wherever a number goes."""
    return {
        "capability": lambda: capability_profile(label, [(label, 3, 4), (label, None, 2)]),
        "bridge": lambda: growth_bridge(label, [(label, value), ("b", 1.0)], label, value),
        "pipeline": lambda: pipeline_vs_need(label, value, value, value, label),
        "trend": lambda: trend(label, [(label, value), ("2026-05-31", 2.0)], label, value),
        "quadrant": lambda: quadrant(
            label, [(label, value, value), ("b", 0.5, 2.0)], label, label, 0.85, 3.0, value, 5.0
        ),
        "gaps": lambda: gap_bars(label, [(label, [value, value, 1.0, value])], label),
        "sized": lambda: quadrant(
            label,
            [(label, value, value), ("b", 0.5, 2.0)],
            label,
            label,
            0.85,
            3.0,
            value,
            5.0,
            [value, 2.0],
        ),
    }


def sample_charts() -> dict[str, str]:
    return {
        "capability": capability_profile(
            "Which capabilities are below the Gold level?",
            [(d, s, 4) for d, s in zip(DIMENSIONS, NORTHWIND, strict=True)],
        ),
        "bridge": growth_bridge("Where does the growth have to come from?", FACTORS, "New", 2.43),
        "pipeline": pipeline_vs_need("Enough pipeline?", 250574, 150000, 12000, "EUR"),
        "trend": trend("Improving?", [("2026-02-28", 3.1), ("2026-05-31", 3.8)], "Index", 5),
        "quadrant": quadrant(
            "Where does coaching pay off?",
            [("Northwind", 0.62, 3.9), ("Globex", 2.4, 4.1), ("Acme", 0.9, 3.2)],
            "Capacity index",
            "Capability index",
            0.85,
            3.0,
            1.5,
            5.0,
        ),
        "gaps": gap_bars(
            "Which partners carry the gap?",
            [("Meridian", [400e3, 0, 0, 150e3]), ("Northwind", [48e3, 109e3, 267e3, 0])],
            "EUR",
        ),
    }


@pytest.mark.parametrize("kind", sorted(sample_charts()))
def test_chart_is_accessible_scalable_svg(kind: str) -> None:
    svg = sample_charts()[kind]
    root = parse(svg)
    title = root.find(SVG + "title")
    assert title is not None and title.text
    assert root.get("role") == "img" and root.get("aria-label") == title.text
    assert title.text in texts(svg)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox") or "")
    assert root.get("font-family") == "system-ui, sans-serif"
    assert "@font-face" not in svg and "http://" not in svg.replace(SVG[1:-1], "")


def test_charts_are_deterministic() -> None:
    assert sample_charts() == sample_charts()


def test_capability_profile_labels_scores_targets_and_unknowns() -> None:
    svg = capability_profile("Gaps", [("Selling", 4, 4), ("Marketing", None, 3), ("Demo", 2, 5)])
    labels = texts(svg)
    assert {
        "Selling",
        "Marketing",
        "Demo",
        "4",
        "2",
        "unknown",
        "Level today",
        "Tier target",
    } <= set(labels)
    hatch = re.search(r'<pattern id="(pp-hatch-[0-9a-f]+)"', svg)
    assert hatch and f'fill="url(#{hatch.group(1)})"' in svg  # unknown: hatched, not colour alone


def test_two_charts_never_define_the_same_id() -> None:
    a = capability_profile("One", [("Selling", None, 4)])
    b = capability_profile("Two", [("Selling", None, 4)])
    assert set(re.findall(r'id="([^"]+)"', a)).isdisjoint(re.findall(r'id="([^"]+)"', b))
    plain = capability_profile("Known", [("Selling", 3, 4)])
    assert "<pattern" not in plain  # no hatch used, none defined


def test_growth_bridge_labels_factors_and_total() -> None:
    labels = texts(growth_bridge("Growth", [*FACTORS, ("Churn", 0.8)], "New bookings", 1.94))
    assert labels.count("no change") == 2
    assert {"1.2x", "2.1x", "0.8x", "1.9x", "New bookings", "Decrease"} <= set(labels)


@pytest.mark.parametrize(
    ("needed", "on_hand", "expected"),
    [(250574, 150000, "EUR 101k short"), (130000, 150000, "EUR 150k (surplus EUR 20k)")],
)
def test_pipeline_vs_need_annotates_the_gap(needed: float, on_hand: float, expected: str) -> None:
    labels = texts(pipeline_vs_need("Pipeline", needed, on_hand, 12000, "EUR"))
    assert expected in labels
    assert "EUR 12k" in labels and "Stale (not counted)" in labels


def test_trend_labels_every_point_and_the_latest_date() -> None:
    points = [(f"2026-{m:02d}-28", 1.5 + m / 10) for m in range(1, 13)]
    labels = texts(trend("Index over time", points, "Capability index", 5))
    assert {"1.6", "2.7", "2026-12-28", "Capability index"} <= set(labels)


def test_quadrant_names_corners_and_marks_clamped_points() -> None:
    svg = quadrant("Portfolio", [("Far", 9.0, 2.0), ("Near", 0.5, 4.0)], "x", "y", 0.85, 3, 1.5, 5)
    labels = texts(svg)
    assert {"Scale", "Invest in capacity", "Enable", "Incubate or exit review"} <= set(labels)
    assert "Far (9, 2)" in labels and "Near" in labels
    assert len(parse(svg).findall(f"{SVG}polygon")) == 1


def test_gap_bars_split_each_gap_and_say_the_total() -> None:
    rows = [("Meridian", [400e3, 0, 0, 150e3]), ("Northwind", [48e3, 109e3, 267e3, 0])]
    svg = gap_bars("Gaps", rows, "EUR")
    labels = texts(svg)
    assert {"Meridian", "Northwind", "EUR 550k", "EUR 424k", "Not covered yet"} <= set(labels)
    bars = [r for r in parse(svg).iter(f"{SVG}rect") if r.get("height") == "16"]
    assert len(bars) == 5  # zero parts draw nothing
    widths = [float(r.get("width") or 0) for r in bars]
    assert widths[0] + widths[1] == pytest.approx(max(widths[0] + widths[1], sum(widths[2:])))


def test_a_sized_quadrant_keeps_its_labels_apart_however_many_points() -> None:
    points = [(f"Partner {i:03d}", 0.5 + (i % 17) / 10, 1.5 + (i % 23) / 10) for i in range(100)]
    weights = [float(1 + i % 7) for i in range(100)]
    svg = quadrant("Q", points, "x", "y", 0.85, 3.0, 2.5, 5.0, weights)
    boxes = []
    for el in parse(svg).iter(f"{SVG}text"):
        if (el.text or "").startswith("Partner "):
            x, y, w = float(el.get("x") or 0), float(el.get("y") or 0), len(el.text or "") * 6.6
            left = (
                x - w
                if el.get("text-anchor") == "end"
                else x - w / 2 * (el.get("text-anchor") == "middle")
            )
            boxes.append((left, y - 10, w, 12))
    assert 0 < len(boxes) < 100
    for i, (ax, ay, aw, ah) in enumerate(boxes):
        for bx, by, bw, bh in boxes[i + 1 :]:
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    assert any("names left out where they would crowd" in t for t in texts(svg))
    radii = {c.get("r") for c in parse(svg).iter(f"{SVG}circle")}
    assert len(radii) > 3  # sized by weight


@pytest.mark.parametrize(
    "svg",
    [
        capability_profile("T", []),
        growth_bridge("T", [], "Total", 1.0),
        trend("T", [], "y"),
        quadrant("T", [], "x", "y", 0.85, 3, 1.5, 5),
        gap_bars("T", [], "EUR"),
    ],
)
def test_empty_input_says_no_data(svg: str) -> None:
    assert "No data" in texts(svg)
    numbers_are_finite(svg)


def test_pipeline_with_nothing_needed_or_on_hand_still_draws() -> None:
    svg = pipeline_vs_need("T", 0, 0, 0, "EUR")
    assert texts(svg).count("EUR 0") == 3
    numbers_are_finite(svg)


@pytest.mark.parametrize(("label", "shown"), HOSTILE)
@pytest.mark.parametrize("kind", sorted(chart_kinds("x", 1.0)))
def test_hostile_text_is_only_ever_text(kind: str, label: str, shown: str) -> None:
    svg = chart_kinds(label, 1.5)[kind]()
    root = parse(svg)
    assert "<script" not in svg
    assert root.get("aria-label") == shown
    if label == "&amp;":
        assert "&amp;amp;" in svg  # escaped once more, so it reads literally as "&amp;"
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in {"script", "foreignObject", "image", "a"}
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (name, value)
            assert "href" not in name or value.startswith("#")
    assert any(shown in t for t in texts(svg))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), -5.0, 0.0, 1e300])
@pytest.mark.parametrize("kind", sorted(chart_kinds("x", 1.0)))
def test_bad_numbers_never_leak_nan_or_inf(kind: str, value: float) -> None:
    svg = chart_kinds("label", value)[kind]()
    numbers_are_finite(svg)
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)


def test_bad_scores_and_targets_are_clamped() -> None:
    nan = float("nan")
    svg = capability_profile("T", [("a", 9, -3), ("b", -1, 99), ("c", nan, nan)])  # type: ignore[list-item]
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)
    assert {"5", "0", "unknown"} <= set(texts(svg))
    bars = gap_bars("T", [("a", [nan, -5, float("inf"), 3.0])], "EUR")
    assert not re.search(r"nan|inf", bars, re.IGNORECASE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (251000, "EUR 251k"),
        (250574, "EUR 251k"),
        (1_260_000, "EUR 1.26M"),
        (1_800_000, "EUR 1.8M"),
        (950, "EUR 950"),
        (0, "EUR 0"),
        (999.6, "EUR 1k"),
        (999_999, "EUR 1M"),
        (12_345, "EUR 12.3k"),
        (2_500_000_000, "EUR 2.5B"),
        (-251_000, "-EUR 251k"),
        (-0.2, "EUR 0"),
        (float("nan"), "EUR 0"),
    ],
)
def test_compact_money(value: float, expected: str) -> None:
    assert compact_money(value, "EUR") == expected


@settings(max_examples=60, deadline=None)
@given(
    label=st.text(max_size=40),
    value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**6), 10**6)),
)
def test_any_text_and_number_give_well_formed_svg(label: str, value: float) -> None:
    for make in chart_kinds(label, value).values():
        svg = make()
        assert parse(svg).find(SVG + "script") is None
        numbers_are_finite(svg)
