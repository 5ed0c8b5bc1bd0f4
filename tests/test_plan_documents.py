"""The documents as their readers get them (documents.md, domain model §8 R24-R31): every plan
page and plan PDF in the partner's language, dates that count from the plan's start, quarters
that add up, one hiring number, the same key figures on every surface, and notices that depend
on the day the documents are read."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import AS_OF, ROOT, VALID, Project
from generator.build import load, plan_partner
from generator.cli import cli
from generator.engine.phasing import apportion, capacity_by_quarter
from generator.engine.planning import PartnerPlan
from generator.render.formatting import format_value, partner_value
from generator.render.guide import coaching_page
from generator.render.pages import environment, partner_content, print_documents
from generator.render.plandoc import build_plan_document
from generator.wording import money, number_word

SHIPPED = sorted({p.parent.name for p in (ROOT / "assessments").glob("*/*.yaml")})

# What a partner's owner must never read in their plan (§8 R29), each with why.
FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"\bP\d\d\b", "a play's catalogue id"),
    (r"\bD[1-9]\b", "a capability's code"),
    (r"\bR\d{1,2}\b|§", "a rule of the model"),
    (r"(?i)(?<!health )\bscor(e|es|ed|ing)\b", "a score"),
    (r"(?i)\b(data gate|urgency|archetype|overlay|lever weight)", "the engine's vocabulary"),
    (r"\b[A-Za-z]+_[A-Za-z_]+\b", "an engine symbol or field name"),
    (r"\(s\)", "an '(s)' plural"),
    (r"(?i)\b(sandbag\w*|happy ears|weak|poor|lazy|incompetent)\b", "a judgement word"),
    (
        r"\b\d+\.\d+ (deals?|opportunit(y|ies)|requisitions?|hires?|new sellers?|people)\b",
        "a fractional count",
    ),
    (r"\b\d{4}-\d\d-\d\d\b|\b\d{4}-Q[1-4]\b", "a date in ISO form instead of calendar words"),
    (r"\b[A-Z]{3} \d{1,3}(,\d{3})+\b", "money not rounded for reading"),
    (r"\b(None|nan|inf|True|False)\b", "a programming value"),
    (r"(?i)\.ya?ml\b|\bjson\b", "a file format"),
    (r"\bmonth \d+\.\d\b", "a fractional month number"),
)


def language_problems(text: str) -> list[str]:
    """Every forbidden pattern found in ``text``, with its context."""
    found = []
    for pattern, why in FORBIDDEN:
        for match in re.finditer(pattern, text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{why}: {match.group(0)!r} in ...{text[start:end]}...")
    return found


def article_text(page: Path) -> str:
    """The readable text of a site page's article: tags dropped, scripts and styles removed."""
    source = page.read_text(encoding="utf-8")
    body = source[source.index("<article") : source.index("</article>")]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def pdf_text(path: Path) -> str:
    pages = PdfReader(path).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


@cache
def shipped_plans() -> dict[str, PartnerPlan]:
    loaded = load(ROOT)
    day = dt.date.fromisoformat(AS_OF)
    return {slug: plan_partner(loaded, slug, day) for slug in SHIPPED}


def all_plans() -> Iterator[PartnerPlan]:
    yield from shipped_plans().values()


# --- the partner's language ---------------------------------------------------------------------


def test_the_checker_catches_what_it_must() -> None:
    bad = (
        "P09 Recruit (score 0.18); D4 at 2; fte_gap; 2.5 deals; 2026-12-09; EUR 1,264,000; "
        "seller(s); happy ears; month 6.5"
    )
    whys = {problem.split(":")[0] for problem in language_problems(bad)}
    assert len(whys) == 10, whys
    clean = "Grow revenue on our line from EUR 420k to EUR 840k (2.0x) by 8 December 2027."
    assert language_problems(clean) == []


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_plan_page_speaks_the_partners_language(shipped_site: Path, slug: str) -> None:
    text = article_text(shipped_site / "partners" / slug / "index.html")
    assert "business-development plan" in text
    assert language_problems(text) == []


@pytest.mark.parametrize("slug", ["northwind", "blueharbor", "orchard-lane"])
def test_every_plan_pdf_speaks_the_partners_language(shipped_site: Path, slug: str) -> None:
    text = pdf_text(shipped_site / "partners" / slug / f"{slug}-plan.pdf")
    assert "The plan on one page" in text
    assert language_problems(text) == []


# --- dates (R24) --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SHIPPED)
def test_nothing_is_due_before_the_plan_starts(slug: str) -> None:
    plan = shipped_plans()[slug]
    t, schedule = plan.year.timeline, plan.year.schedule
    assert t.start >= plan.assessment.assessment.date
    assert t.end == t.start.replace(year=t.start.year + 1) - dt.timedelta(days=1)
    dues = [a.due for a in schedule.actions] + [m.due for m in schedule.milestones]
    assert dues and min(dues) >= t.start and max(dues) <= t.end + dt.timedelta(days=1)
    assert schedule.actions[0].due == t.start  # agreeing the plan is the first step
    assert t.quarter_ends[-1] == t.end and list(t.quarter_ends) == sorted(t.quarter_ends)


# --- quarters and hiring (R25, R27) -------------------------------------------------------------


@pytest.mark.parametrize("slug", SHIPPED)
def test_quarters_add_up_to_the_year(slug: str) -> None:
    plan = shipped_plans()[slug]
    quarters, flow = plan.year.quarters, plan.chain.flow
    assert len(quarters) == 4
    assert sum(q.won_deals for q in quarters) == round(flow.deals_needed)
    assert sum(q.opportunities for q in quarters) == round(flow.opportunities_to_create)
    year = round(plan.chain.targets.new_bookings_needed, -3)
    assert sum(q.new_bookings for q in quarters) == pytest.approx(year)
    assert all(q.won_deals == int(q.won_deals) for q in quarters)


def test_hires_arriving_mid_year_weigh_the_later_quarters() -> None:
    plan = shipped_plans()["northwind"]
    assert plan.year.hiring.hires_planned == 2
    q = plan.year.quarters
    assert q[0].new_bookings < q[1].new_bookings < q[2].new_bookings
    assert q[0].opportunities < q[3].opportunities


def test_quarters_are_equal_when_nothing_changes() -> None:
    weights = capacity_by_quarter([0.5, 1.0], [24.0, None], hire_starts=(), t_ramp=3.0)
    assert weights[0] == pytest.approx(weights[3])  # every seller ramped, nobody hired
    assert apportion(400_000, weights, 1_000) == (100_000, 100_000, 100_000, 100_000)
    ramping = capacity_by_quarter([1.0], [1.0], hire_starts=(), t_ramp=3.0)
    assert ramping[0] < ramping[1] == ramping[3]  # a seller still ramping weighs Q1 less
    hiring = capacity_by_quarter([1.0], [None], hire_starts=(2.0, 2.0), t_ramp=3.0)
    assert hiring[0] < hiring[1] < hiring[2] <= hiring[3]
    assert sum(apportion(123_456, hiring, 1_000)) == 123_000
    leaving = capacity_by_quarter([1.0, 1.0], [None, None], (), 3.0, windows=(12.0, 4.5))
    assert leaving == (6.0, 4.5, 3.0, 3.0)  # the second seller leaves a month and a half in


@pytest.mark.parametrize("slug", SHIPPED)
def test_one_hiring_number_on_every_surface(shipped_site: Path, slug: str) -> None:
    plan = shipped_plans()[slug]
    n = plan.year.hiring.hires_planned
    data = json.loads(
        CliRunner().invoke(cli, ["-C", str(ROOT), "plan", slug, "--json", "--as-of", AS_OF]).stdout
    )
    assert data["hires_planned"] == n
    folder = shipped_site / "partners" / slug
    plan_says = re.findall(
        r"Open (\w+) requisitions? for our line", article_text(folder / "index.html")
    )
    assert plan_says == ([] if n == 0 else [number_word(n)])
    guide = article_text(folder / "coaching" / "index.html")
    assert re.findall(r"Hires planned (\d+)", guide) == [str(n)]  # the exact figures table


# --- R26 red flags ------------------------------------------------------------------------------


def test_a_rate_the_plan_must_change_flags_at_the_first_review() -> None:
    plan = shipped_plans()["blueharbor"]  # win rate 16.8% in the plan's eyes, 21.8% as the goal
    win = next(k for k in plan.year.kpis if k.key == "win_rate")
    today, goal = win.today, plan.chain.productivity.win_rate_target
    assert today is not None and goal > today
    step = (goal - today) / 4
    assert win.targets[0] == pytest.approx(today + step)
    assert win.red_flags[0] == pytest.approx(today + step / 2)
    assert win.red_flags[0] > today  # a win rate that stays where it is raises the flag
    assert win.targets[3] == pytest.approx(goal)


# --- the same figures everywhere ----------------------------------------------------------------


@pytest.mark.parametrize("slug", SHIPPED)
def test_key_figures_read_the_same_on_every_surface(shipped_site: Path, slug: str) -> None:
    plan = shipped_plans()[slug]
    cur = plan.assessment.partner.currency
    doc = build_plan_document(plan, load(ROOT).playbook)
    folder = shipped_site / "partners" / slug
    run = ["-C", str(ROOT), "plan", slug, "--as-of", AS_OF]
    data = json.loads(CliRunner().invoke(cli, [*run, "--json"]).stdout)
    page = article_text(folder / "index.html")
    pdf = pdf_text(folder / f"{slug}-plan.pdf")
    guide = article_text(folder / "coaching" / "index.html")
    terminal = " ".join(CliRunner().invoke(cli, run).output.split())
    assert doc.key_numbers
    for label, shown, key in doc.key_numbers:
        fig = plan.figures[key]
        assert partner_value(key, data[key], fig.unit, cur) == shown, key  # the JSON agrees
        assert shown in page and shown in pdf, key  # the plan, on screen and on paper
        assert f"{label}: {shown}" in terminal, key
        exact = format_value(fig, cur)
        assert exact in guide and exact in terminal, key  # the guide's exact table
    for said in (page, pdf, terminal):
        assert doc.goal in said  # R28: one goal sentence
        assert doc.quarters[0].new_bookings in said and doc.quarters[0].pipeline_at_start in said
    assert doc.quarters[0].pipeline_at_start in guide  # the guide's first-quarter pipeline


# --- knobs reach the words ----------------------------------------------------------------------


def test_the_review_multiple_moves_the_threshold_in_plan_and_guide(project: Project) -> None:
    program = project.root / "content" / "model" / "program.yaml"
    text = program.read_text(encoding="utf-8")
    program.write_text(re.sub(r"review_multiple: \d+", "review_multiple: 1.5", text, count=1))
    project.write("acme/2026-09-30.yaml", VALID)
    loaded = load(project.root)
    plan = plan_partner(loaded, "acme", dt.date(2026, 10, 1))
    threshold = money(1.5 * plan.chain.conversion.avg_deal_size_used, "EUR")
    assert plan.chain.conversion.review_threshold == pytest.approx(
        1.5 * plan.chain.conversion.avg_deal_size_used
    )
    doc = build_plan_document(plan, loaded.playbook)
    review = next(m for m in doc.cadence if m.name == "Deal review")
    assert threshold in review.who
    guide = coaching_page(plan, loaded.playbook, environment(project.root, html_output=True))
    assert f"any deal above {threshold} (1.5 times the" in guide


# --- notices (R24: as of) -----------------------------------------------------------------------


def test_notices_follow_the_day_the_documents_are_read(project: Project) -> None:
    booked = VALID.replace(
        "  date: 2026-09-30\n", "  date: 2026-09-30\n  next_meeting: 2026-10-20\n"
    )
    assert booked != VALID
    project.write("acme/2026-09-30.yaml", booked)
    loaded = load(project.root)
    fresh = build_plan_document(plan_partner(loaded, "acme", dt.date(2026, 10, 1)), loaded.playbook)
    assert fresh.notices == ()
    late = build_plan_document(plan_partner(loaded, "acme", dt.date(2027, 6, 1)), loaded.playbook)
    assert len(late.notices) == 2  # the assessment is stale and the meeting has passed
    assert any("20 October 2026" in notice for notice in late.notices)
    assert language_problems(" ".join(late.notices)) == []
    env = environment(project.root, html_output=True)
    late_plan = plan_partner(loaded, "acme", dt.date(2027, 6, 1))
    guide = coaching_page(late_plan, loaded.playbook, env)
    top = guide[: guide.index("<h2")]  # said before the guide's first section
    assert all(html.escape(n, quote=True) in top or n in top for n in late.notices)


# --- a plan that needs no new play ---------------------------------------------------------------

# A team that already reaches its goal: plenty of sellers, a healthy win rate, a fair pipeline.
# No play scores above zero and no gate pins one, so the 90-day focus is empty.
NO_PLAY_NEEDED = """\
partner: {name: Steady Co, type: VAR, tier: Registered, tenure_months: 11, partner_manager: Ann Lee,
  currency: EUR}
assessment: {date: '2026-10-01', partner_exec_signed_off: false}
revenue: {last_12_months: 542505, new_bookings_last_12_months: 383499, year_before: 787345,
  two_years_before: 765426, recurring_base: 90182, gross_revenue_retention: 0.925}
goals: {target_revenue: 889486}
deals: {won_12m: 57, lost_12m: 131, avg_deal_size: 35903, sales_cycle_days: 316}
pipeline: {commit: 278630, best_case: 417945, pipeline: 696576, stale: 364997}
team:
  sellers:
  - {name: A, share_on_vendor: 1.0, tenure_months: 40}
  - {name: B, share_on_vendor: 1.0, tenure_months: 40}
  - {name: C, share_on_vendor: 1.0, tenure_months: 40}
  - {name: D, share_on_vendor: 1.0, tenure_months: 40}
  - {name: E, share_on_vendor: 1.0, tenure_months: 40}
  - {name: F, share_on_vendor: 1.0, tenure_months: 40}
  - {name: G, share_on_vendor: 1.0, tenure_months: 40}
  presales_fte: 2
  fte_prev: 0.63
capabilities:
  solution_selling: {score: 2, evidence: seen}
  product_knowledge: {score: 2, evidence: seen}
  demand_generation: {score: 3, evidence: seen}
  pipeline_management: {score: 3, evidence: seen}
  forecasting: {score: 5, evidence: seen}
  presales: {score: 1, evidence: seen}
  sales_leadership: {score: 1, evidence: seen}
  customer_success: {score: 2, evidence: seen}
  program_engagement: {score: 4, evidence: seen}
"""


def test_a_plan_that_needs_no_new_play_says_so(project: Project) -> None:
    project.write("steady/2026-10-01.yaml", NO_PLAY_NEEDED)
    loaded = load(project.root)
    plan = plan_partner(loaded, "steady", dt.date(2026, 10, 1))
    assert plan.plan_90_day == ()  # the case under test: no play in focus
    note = loaded.playbook.plan.why.none
    env = environment(project.root, html_output=True)
    doc = build_plan_document(plan, loaded.playbook)
    assert doc.focus_note == note
    pages = partner_content(plan, loaded.playbook, env).html
    page = html.unescape(pages["partners/steady/index.md"].body)
    assert f"The next 90 days:</strong> {note}" in page
    assert "The next 90 days:</strong> ." not in page
    guide = coaching_page(plan, loaded.playbook, env)  # used to fail on the missing first play
    assert "put your hours into" not in guide
    prints = print_documents(plan, loaded.playbook, env, pages)
    assert any(note in html.unescape(text) for text in prints.values())
