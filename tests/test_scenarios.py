"""What-if scenarios: the same engine as the base case, validated like the assessment, and
never touching the base case."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

import pytest

from conftest import ROOT, VALID, Project
from generator.build import load
from generator.engine.planning import PartnerPlan, Planner
from generator.inputs.assessment import Assessment
from generator.inputs.scenarios import Scenario, from_cli, parse
from generator.render.export import plan_to_json

AS_OF = dt.date(2026, 11, 30)


def northwind() -> tuple[Planner, Assessment]:
    loaded = load(ROOT)
    record = loaded.portfolio.partner("northwind")
    assert record is not None
    return Planner(loaded.playbook, AS_OF), loaded.portfolio.latest(record)


def figures(plan: PartnerPlan) -> dict[str, Any]:
    data = plan_to_json(plan, load(ROOT).playbook)
    return {k: v for k, v in data.items() if k not in ("figures", "warnings")}


def test_a_scenario_plans_exactly_like_the_assessment_it_describes() -> None:
    planner, a = northwind()
    scenario = planner.what_if("northwind", a, (), {"team.sellers[*].share_on_vendor": 0.8})
    sellers = [s.model_copy(update={"share_on_vendor": 0.8}) for s in a.team.sellers]
    written = a.model_copy(update={"team": a.team.model_copy(update={"sellers": sellers})})
    direct = planner.plan("northwind", written)
    assert figures(scenario) == figures(direct)
    assert (
        scenario.chain.staffing.fte_effective
        > planner.plan("northwind", a).chain.staffing.fte_effective
    )


def test_scenarios_leave_the_base_case_as_it_was() -> None:
    planner, a = northwind()
    with_scenarios = a.model_copy(
        update={
            "scenarios": [
                Scenario(name="Win 20%", changes={"deals.win_rate": 0.2}),
                Scenario(name="One hire in March", changes={"team.hires": ["2027-03"]}),
            ]
        }
    )
    base, plain = planner.plan("northwind", with_scenarios), planner.plan("northwind", a)
    assert figures(base) == figures(plain)
    assert [s.scenario.name for s in base.scenarios] == ["Win 20%", "One hire in March"]
    win, hire = (s.plan for s in base.scenarios)
    assert win.chain.conversion.win_rate_used == 0.2
    assert win.chain.flow.opportunities_to_create > plain.chain.flow.opportunities_to_create
    assert hire.year.hiring.hires_planned == 1
    start = hire.year.timeline.start
    assert hire.year.hiring.hire_starts[0] == pytest.approx(
        (dt.date(2027, 3, 1) - start).days / (365.25 / 12)
    )
    assert hire.gap.reach_with_plan < plain.gap.reach_with_plan  # one hire, later, not two


def test_a_seller_leaving_takes_their_months_away() -> None:
    planner, a = northwind()
    name = a.team.sellers[0].name
    start = planner.plan("northwind", a).year.timeline.start
    month = f"{start.year + (start.month + 5) // 12}-{(start.month + 5) % 12 + 1:02d}"
    left = planner.what_if("northwind", a, (), {"team.leaving": [{"seller": name, "month": month}]})
    base = planner.plan("northwind", a)
    assert left.chain.staffing.fte_effective < base.chain.staffing.fte_effective
    q = left.year.quarters
    assert sum(x.new_bookings for x in q) == sum(x.new_bookings for x in base.year.quarters)


def test_cli_changes_read_like_the_file() -> None:
    changes = from_cli(
        [
            "team.sellers[*].share_on_vendor=0.8",
            "deals.win_rate=0.2",
            "team.hires=2027-03,2027-06",
            "team.leaving=Seller A@2027-02",
        ]
    )
    assert changes == {
        "team.sellers[*].share_on_vendor": 0.8,
        "deals.win_rate": 0.2,
        "team.hires": ["2027-03", "2027-06"],
        "team.leaving": [{"seller": "Seller A", "month": "2027-02"}],
    }
    parsed = parse(changes)
    assert parsed.win_rate == 0.2 and parsed.hires == ("2027-03", "2027-06")
    with pytest.raises(ValueError, match=r"cannot change 'team\.presales_fte'"):
        parse({"team.presales_fte": 2})
    with pytest.raises(ValueError, match=r"deals\.win_rate: input should be greater than 0"):
        parse({"deals.win_rate": 0})


SCENARIO = """scenarios:
  - name: Up
    changes:
{changes}
"""


def with_scenario(changes: str) -> str:
    block = SCENARIO.format(changes=changes)
    return VALID.replace("notes: Shared context.\n", block + "notes: Shared context.\n")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ("      team.presales_fte: 2", "cannot change 'team.presales_fte' in a scenario"),
        (
            "      team.sellers[*].share_on_vendor: 1.8",
            "must be a fraction from 0 to 1 (write 90% as 0.9), got 1.8",
        ),
        ("      team.leaving: [{seller: Nobody, month: 2027-03}]", "no seller named 'Nobody'"),
        ("      team.sellers[3].share_on_vendor: 0.5", "there is no seller 3 (the team lists 1)"),
        ("      team.hires: [2027-13]", "months are written like 2027-03, got '2027-13'"),
        (
            "      team.hires: [2026-03]",
            "2026-03 is outside the plan year 2026-10-14 to 2027-10-13",
        ),
        (
            "      revenue.one_off_last_12_months: 900000",
            "makes revenue invalid: one_off_last_12_months (900,000) exceeds last_12_months",
        ),
    ],
)
def test_scenario_mistakes_are_located(project: Project, changes: str, message: str) -> None:
    text = with_scenario(changes)
    project.write("acme/2026-09-30.yaml", text)
    result = project.run("validate")
    assert result.exit_code == 1, result.output
    line = text.splitlines().index(changes) + 1
    assert f"assessments/acme/2026-09-30.yaml:{line}:" in result.stderr or (
        f"assessments/acme/2026-09-30.yaml:{line - 1}:" in result.stderr
    ), result.stderr
    assert message in result.stderr, result.stderr


def test_a_change_that_changes_nothing_is_a_warning(project: Project) -> None:
    text = with_scenario("      team.sellers[*].share_on_vendor: 0.5")
    project.write("acme/2026-09-30.yaml", text)
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    assert "warning: this change makes no difference" in result.stderr


# --- in the documents ----------------------------------------------------------------------------


def test_the_plan_shows_the_shared_scenarios_and_the_guide_all_with_a_proposal() -> None:
    from generator.render.guide import coaching_page
    from generator.render.pages import environment, plan_page

    planner, a = northwind()
    plan, model = planner.plan("northwind", a), load(ROOT).playbook
    env = environment(ROOT, html_output=True)
    page = plan_page(plan, model, env).body
    shared = [s.scenario.name for s in plan.scenarios if s.scenario.share]
    private = [s.scenario.name for s in plan.scenarios if not s.scenario.share]
    assert shared and private
    section = page.split('id="what-if"')[1].split("<h2")[0]
    assert all(name in section for name in shared)
    assert not any(name in page for name in private)  # only in the coaching guide
    assert (
        "What can each plan reach?" in section
        and "one new seller starting in March 2027" in section
    )
    guide = coaching_page(plan, model, env)
    scenarios = guide.split('id="scenarios"')[1].split("<h2")[0]
    assert all(name in scenarios for name in shared + private)
    assert "Propose ‘" in scenarios and "(not in the partner's plan)" in html.unescape(scenarios)


def test_hostile_scenario_text_stays_text(project: Project) -> None:
    from generator.render.pages import environment, plan_page

    evil = "<script>alert(1)</script> {{ 7*7 }}"
    block = (
        "scenarios:\n  - name: 'Evil <b>x</b>'\n"
        f"    description: '{evil}'\n    share: true\n    changes:\n      deals.win_rate: 0.2\n"
    )
    project.write(
        "acme/2026-09-30.yaml",
        VALID.replace("notes: Shared context.\n", block + "notes: Shared context.\n"),
    )
    loaded = load(project.root)
    record = loaded.portfolio.partner("acme")
    assert record is not None
    plan = Planner(loaded.playbook, AS_OF).plan("acme", loaded.portfolio.latest(record))
    page = plan_page(plan, loaded.playbook, environment(project.root, html_output=True)).body
    assert "<script>" not in page and "<b>x</b>" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page
        and "Evil &lt;b&gt;x&lt;/b&gt;" in page
    )


def test_the_pdf_carries_the_comparison_on_one_page(shipped_site: Any) -> None:
    from pypdf import PdfReader

    pages = [
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(shipped_site / "partners/northwind/northwind-plan.pdf").pages
    ]
    (page,) = [p for p in pages if "What if The plan beside" in p]
    for part in (
        "Revenue it can reach",
        "The next 90 days",
        "What can each plan reach?",
        "Both sellers at 80%:",
    ):
        assert part in page, part


# --- in the room ----------------------------------------------------------------------------------


def test_what_if_prints_both_plans_and_changes_no_file(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    before = (project.root / "assessments/acme/2026-09-30.yaml").read_bytes()
    result = project.run(
        "plan", "acme", "--what-if", "deals.win_rate=0.2", "--what-if", "team.hires=2026-12"
    )
    assert result.exit_code == 0, result.output
    assert "The plan" in result.output and "What if" in result.output
    assert "a win rate of 20%; one new seller starting in December 2026" in " ".join(
        result.output.split()
    )
    data = json.loads(
        project.run("plan", "acme", "--json", "--what-if", "deals.win_rate=0.2").stdout
    )
    assert data["what_if"]["plan"]["win_rate_used"] == 0.2
    assert data["base"]["win_rate_used"] != 0.2 and data["what_if"]["changes"] == {
        "deals.win_rate": 0.2
    }
    assert (project.root / "assessments/acme/2026-09-30.yaml").read_bytes() == before
    bad = project.run("plan", "acme", "--what-if", "team.hires=2031-01")
    assert bad.exit_code == 1 and "2031-01 is outside the plan year" in bad.stderr


def test_save_keeps_the_scenario_and_the_files_comments(project: Project) -> None:
    text = VALID.replace("  won_12m: 10\n", "  won_12m: 10  # from the CRM report\n")
    path = project.write("acme/2026-09-30.yaml", text)
    result = project.run("plan", "acme", "--what-if", "deals.win_rate=0.25", "--save", "Win 25%")
    assert result.exit_code == 0, result.output
    saved = path.read_text()
    assert "won_12m: 10  # from the CRM report" in saved
    assert saved.startswith(text.split("\n", 1)[0])
    assert "name: Win 25%" in saved and "deals.win_rate: 0.25" in saved
    assert project.run("validate").exit_code == 0
    again = project.run("plan", "acme", "--what-if", "deals.win_rate=0.3", "--save", "Win 25%")
    assert again.exit_code == 1 and "already has a scenario named 'Win 25%'" in again.stderr
