"""`playbook plan` through the real entry point, on the shipped worked examples."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from test_engine_worked_examples import BLUEHARBOR, NORTHWIND, shown

from conftest import ROOT, VALID, Project
from generator.cli import cli

REQUIRED_KEYS = [
    "slug",
    "currency",
    "growth_reported",
    "growth_normalized",
    "retained_revenue",
    "new_bookings_needed",
    "win_rate_observed",
    "win_rate_used",
    "avg_deal_size_used",
    "deals_needed",
    "decided_opportunities",
    "opportunities_to_create",
    "opportunities_per_quarter",
    "coverage_target",
    "pipeline_needed_at_quarter_start",
    "q1_pipeline_gap",
    "create_and_close_per_quarter",
    "productivity_per_fte",
    "productivity_plan",
    "fte_required_as_is",
    "fte_required_plan",
    "fte_effective",
    "fte_gap",
    "hires",
    "hires_with_reallocation",
    "new_hire_yield",
    "latest_requisition_month",
    "presales_required",
    "capacity_ceiling",
    "capacity_ceiling_as_is",
    "capability_index",
    "capacity_index",
    "mode",
    "forecast_accuracy",
    "forecast_bias",
    "archetype",
    "overlays",
    "lever_shares",
    "plays",
    "plan_90_day",
    "warnings",
]


def plan_json(slug: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["plan", slug, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("slug", "expected", "hires", "realloc", "archetype", "plays", "shares"),
    [
        (
            "northwind",
            NORTHWIND,
            3,
            2,
            "Invest in capacity",
            ["P09", "P10", "P07"],
            {"pipeline_per_seller": 0.18, "capacity": 0.82},
        ),
        (
            "blueharbor",
            BLUEHARBOR,
            0,
            0,
            "Enable",
            ["P01", "P02", "P04"],
            {"win_rate": 0.83, "capacity": 0.17},
        ),
    ],
)
def test_worked_examples_through_the_cli(
    monkeypatch: pytest.MonkeyPatch,
    slug: str,
    expected: dict[str, float],
    hires: int,
    realloc: int,
    archetype: str,
    plays: list[str],
    shares: dict[str, float],
) -> None:
    data = plan_json(slug, monkeypatch)
    assert set(REQUIRED_KEYS) <= set(data)
    assert data["slug"] == slug and data["currency"] == "EUR"
    for key, value in expected.items():
        assert shown(data[key], value), (key, data[key])
    assert data["hires"] == hires
    assert data["hires_with_reallocation"] == realloc
    assert data["archetype"] == archetype
    assert data["plan_90_day"] == plays
    for lever, share in shares.items():
        assert abs(data["lever_shares"][lever] - share) < 0.01, lever
    assert all(set(p) >= {"id", "score", "pinned_by"} for p in data["plays"])
    json.dumps(data, allow_nan=False)


def test_plan_summary_is_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["plan", "northwind"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Northwind IT Solutions (northwind) - Gold" in result.stdout
    assert "New bookings needed" in result.stdout and "EUR 705,000" in result.stdout
    assert "P09 Recruit" in result.stdout and "pinned by the lead-time gate" in result.stdout
    assert "month 6.5" in result.stdout


def test_plan_of_an_invalid_assessment_gives_the_validation_error(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID.replace("won_12m: 10", "won_12m: ten"))
    result = project.run("plan", "acme", "--json")
    assert result.exit_code == 1
    assert "deals.won_12m: must be a whole number from 0 to 1,000,000, got 'ten'" in result.stderr
    assert result.stdout == ""
