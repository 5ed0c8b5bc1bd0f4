"""The coaching guide: chosen per partner from the coaching library, grounded in the plan's figures,
internal, and safe to render whatever the assessment says."""

from __future__ import annotations

import html
import importlib
import re
import shutil
from pathlib import Path

import pytest
from jinja2 import Environment

from conftest import ROOT, VALID
from generator.engine.conditions import forecast_pattern
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.errors import ValidationFailed
from generator.inputs.coaching import CoachingLibrary
from generator.inputs.loading import load_portfolio
from generator.inputs.placeholders import FACT_KEYS
from generator.inputs.playbook import Playbook, load_playbook
from generator.render.guide import CoachingGuide, build_guide, coaching_page
from generator.render.pages import environment

# python-markdown ships without type hints; importing it this way keeps mypy strict.
_markdown = importlib.import_module("markdown")
EXTENSIONS = ["tables", "toc", "admonition", "pymdownx.details"]
PAYLOAD = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    '{{ 7*7 }} {% if true %}x{% endif %} --8<-- "mkdocs.yml" a | b **bold**'
)


def to_html(source: str) -> str:
    out: str = _markdown.markdown(source, extensions=EXTENSIONS)
    return out


@pytest.fixture(scope="module")
def model() -> Playbook:
    return load_playbook(ROOT)


@pytest.fixture(scope="module")
def library(model: Playbook) -> CoachingLibrary:
    return model.coaching


@pytest.fixture(scope="module")
def env() -> Environment:
    return environment(ROOT, html_output=True)


@pytest.fixture(scope="module")
def plans(model: Playbook) -> dict[str, PartnerPlan]:
    portfolio = load_portfolio([ROOT / "assessments"], model)
    return {
        p.slug: plan_assessment(p.slug, portfolio.latest(p), model, portfolio.history(p))
        for p in portfolio.partners
    }


@pytest.fixture(scope="module")
def guides(
    plans: dict[str, PartnerPlan], library: CoachingLibrary, model: Playbook
) -> dict[str, CoachingGuide]:
    return {slug: build_guide(plan, model) for slug, plan in plans.items()}


@pytest.fixture(scope="module")
def pages(
    plans: dict[str, PartnerPlan], library: CoachingLibrary, model: Playbook, env: Environment
) -> dict[str, str]:
    return {slug: coaching_page(plan, model, env) for slug, plan in plans.items()}


def assert_inert(rendered: str) -> None:
    """No element, link or attribute came from the text: only the template's own markup."""
    assert "<script" not in rendered and "<img" not in rendered, rendered
    assert not re.search(r"<[^>]+\son\w+\s*=", rendered), rendered
    assert not re.search(
        r"href=\"(?!\.\./\.\./\.\./playbook/|\.\./\"|\.\./[a-z0-9-]+-coaching\.pdf\"|\.\./cadence\.ics\")",
        rendered,
    ), rendered


def readable(page: str) -> str:
    """The page as a reader sees the text: entity references decoded."""
    return html.unescape(page)


# --- The library ---------------------------------------------------------------------------


def test_library_covers_every_play_of_the_model(library: CoachingLibrary, model: Playbook) -> None:
    assert {p.id for p in model.plays.plays} <= set(library.plays)


def test_every_placeholder_has_a_value_for_every_partner(guides: dict[str, CoachingGuide]) -> None:
    for slug, guide in guides.items():
        assert set(guide.facts) == set(FACT_KEYS), slug
        assert all(guide.facts.values()), slug


@pytest.mark.parametrize(
    ("old", "new", "token", "message"),
    [
        ("{new_bookings} of new", "{bookings_needed} of new", "bookings_needed",
         "unknown placeholder {bookings_needed}"),
        ("{new_bookings} of new", "{new_bookings:.0f} of new", "new_bookings:.0f",
         "unknown placeholder {new_bookings}"),
        ("  - when: stale_high\n", "  - when: stale_is_high\n", "stale_is_high", "Input should be"),
        ("  Enable:\n    stance:", "  Enabled:\n    stance:", "Enabled:", "Input should be"),
        ("  max_currencies: 3", "  max_currencies: 3\n  max_plays: 3", "max_plays", "unknown"),
    ],
)  # fmt: skip
def test_invalid_library_is_reported_where_it_is(
    tmp_path: Path, old: str, new: str, token: str, message: str
) -> None:
    source = (ROOT / "content/model/coaching.yaml").read_text(encoding="utf-8")
    assert old in source
    broken = source.replace(old, new, 1)
    shutil.copytree(ROOT / "content/model", tmp_path / "content/model")
    (tmp_path / "content/model/coaching.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_playbook(tmp_path)
    text = str(failed.value)
    assert message in text
    where = re.match(r"content/model/coaching\.yaml:(\d+):\d+: ", text)
    assert where, text
    expected = next(n for n, line in enumerate(broken.splitlines(), 1) if token in line)
    assert abs(int(where[1]) - expected) <= 1, text  # a mapping is reported at its first entry


def test_missing_library_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match=r"coaching\.yaml: cannot read"):
        load_playbook(tmp_path)


@pytest.mark.parametrize(
    ("accuracy", "bias", "pattern"),
    [
        (None, None, "no_history"),
        (0.32, 0.68, "optimistic"),
        (0.81, -0.19, "sandbagging"),
        (0.60, 0.05, "erratic"),
        (0.95, 0.01, "reliable"),
        (0.79, -0.15, "erratic"),  # at the threshold the bias is still "small"
    ],
)
def test_forecast_pattern(
    model: Playbook, accuracy: float | None, bias: float | None, pattern: str
) -> None:
    assert forecast_pattern(accuracy, bias, model.program.thresholds) == pattern


# --- Specific to the partner ---------------------------------------------------------------


def test_northwind_is_a_capacity_conversation(guides: dict[str, CoachingGuide]) -> None:
    g = guides["northwind"]
    assert g.header.archetype == "Invest in capacity"
    # the plan's one hiring number, with the other route as the alternative (R27)
    assert "2 hires with every seller at 80% of their time on our line (3 without" in g.meeting.goal
    assert "hiring and onboarding plan" in g.focus[0] and "Sales leadership is at 3" in g.focus[0]
    assert any("selling skills need no help" in line for line in g.focus)
    assert [o.code for o in g.openers] == ["D7", "D3"]  # both at 3 of 4; D7 self-scores higher
    assert g.reviews.press == ()  # no SMB-6 question stands out: deal reviews are not the topic
    assert g.forecast.pattern == "reliable"
    assert g.header.data_gate == ()
    shown = {item.label: item.text for item in g.meeting.show}
    assert "Pipeline at quarter start" not in shown  # the phased first quarter is covered
    assert [c.label for c in g.currencies] == ["Task", "Inspiration", "Personal"]


def test_blueharbor_is_a_conversion_and_forecast_conversation(
    guides: dict[str, CoachingGuide],
) -> None:
    g = guides["blueharbor"]
    assert g.header.archetype == "Enable"
    assert g.forecast.pattern == "optimistic"
    assert "forecast accuracy 32%, bias +68%" in g.forecast.reading.text
    focus = " ".join(g.focus)
    assert "below 8 on SMB-6 cannot be Commit (forecast accuracy 32%, bias +68%" in focus
    assert "weekly stale-deal purge: 41%" in focus
    assert "sales leader to run deal reviews" in focus
    assert g.meeting.show[0].label == "Forecast history"  # the data gate puts the misses first
    assert any(
        s.startswith("Do not fund more events") and "17% against a 30% benchmark" in s
        for s in g.stop
    )
    assert any(s.startswith("Do not discuss hiring") for s in g.stop)
    assert [o.code for o in g.openers] == ["D5", "D1", "D4", "D7"]
    assert [p.label for p in g.reviews.press] == ["Process and date", "Pain", "Impact"]
    assert (g.facts["review_threshold"], g.facts["large_deal_threshold"]) == ("EUR 44k", "EUR 66k")
    checklist = " ".join(g.reviews.pipeline_checklist)
    assert "EUR 1.71M on hand against EUR 1.78M needed on day 1 (EUR 75k short)" in checklist
    assert "about 7-8 a week keeps pace with 101 a quarter" in checklist
    assert "41% now (EUR 1.19M of EUR 2.9M)" in checklist
    assert any("forecast accuracy 32% is below 80%" in r for r in g.header.data_gate)


def test_two_partners_with_different_weaknesses_get_different_guides(
    guides: dict[str, CoachingGuide],
) -> None:
    north, blue = guides["northwind"], guides["blueharbor"]
    assert {o.code for o in north.openers}.isdisjoint({o.code for o in blue.openers} - {"D7"})
    assert north.forecast.pattern != blue.forecast.pattern
    assert set(north.stop).isdisjoint(blue.stop)
    assert north.meeting.goal != blue.meeting.goal and north.stance != blue.stance
    assert set(north.focus).isdisjoint(blue.focus)
    assert {c.text for c in north.currencies}.isdisjoint({c.text for c in blue.currencies})


def test_sandbagging_partner_gets_the_sandbagging_coaching(
    guides: dict[str, CoachingGuide],
) -> None:
    g = guides["orchard-lane"]
    assert g.forecast.pattern == "sandbagging"
    assert "bias -19%" in g.forecast.reading.text
    assert any("capacity ceiling is USD 658k against a target of USD 550k" in a
               for a in g.forecast.actions)  # fmt: skip
    assert "Defend" in g.header.overlays and "target" in g.meeting.goal
    assert not any("SMB-6 cannot be Commit" in line for line in g.focus)
    assert [o.code for o in g.openers] == ["D5"]  # on target, but self-scores 5 against our 3


def test_overlay_goal_wins_over_the_archetype(guides: dict[str, CoachingGuide]) -> None:
    g = guides["harlow-finch"]
    assert g.header.archetype == "Incubate or exit review" and "Turnaround" in g.header.overlays
    assert g.meeting.goal.startswith("Leave with a two-quarter corrective plan")
    assert any(
        "Gold tier is at risk" in line
        and "product and solution knowledge at level 2, Gold needs 3" in line
        and "2 certified people, Gold needs 4" in line
        for line in g.focus
    )


def test_partner_without_history_gets_no_history_coaching(
    guides: dict[str, CoachingGuide],
) -> None:
    g = guides["fenwick-advisory"]
    assert g.forecast.pattern == "no_history"
    assert all(item.label != "Forecast history" for item in g.meeting.show)
    assert g.qbr_depth == "none" and [q.minutes for q in g.qbr] == [10, 15, 10]


# --- The page ------------------------------------------------------------------------------


def test_page_is_internal_and_carries_the_notes(
    pages: dict[str, str], plans: dict[str, PartnerPlan]
) -> None:
    for slug, page in pages.items():
        a = plans[slug].assessment
        lines = page.splitlines()
        assert readable(lines[0]) == f'<h1 id="guide">{a.partner.name} — coaching guide</h1>', slug
        assert f'href="../{slug}-coaching.pdf"' in lines[1], slug  # the download button
        assert lines[2:4] == ['<div class="admonition warning">',
                              '<p class="admonition-title">Internal</p>'], slug  # fmt: skip
        text = readable(page)
        for note in (a.internal.notes, a.internal.relationship,
                     *a.internal.capability_comments.values()):  # fmt: skip
            assert note is None or note.strip() in text, (slug, note)


def test_page_cites_the_numbers(pages: dict[str, str]) -> None:
    north, blue = readable(pages["northwind"]), readable(pages["blueharbor"])
    assert "EUR 150k on hand against EUR 139k needed on day 1 (EUR 11k above the need)" in north
    assert '<h2 id="forecast-coaching">Forecast coaching: Reliable</h2>' in north
    assert "Forecast coaching: Optimistic" in blue
    assert "forecast accuracy 32%, bias +68% over 4 quarters" in blue
    assert "<strong>MEDDPICC-16</strong> for deals of EUR 66k or more" in blue


def test_links_point_at_the_playbook_from_the_guides_own_folder(pages: dict[str, str]) -> None:
    """The guide lives at partners/<slug>/coaching/: the playbook is three folders up, the plan
    one. (Every link of the built site is checked in test_links.py.)"""
    for slug, page in pages.items():
        targets = set(re.findall(r'href="([^"#]*)', page))
        assert "../" in targets, slug  # the plan
        assert any(t.startswith("../../../playbook/") for t in targets), slug
        assert not any(t.startswith("../../playbook/") for t in targets), slug
        assert not any(t in ("./", "") for t in targets), slug


def test_hostile_text_in_the_example_never_becomes_markup(pages: dict[str, str]) -> None:
    page = pages["pinecrest-it"]
    assert "<script>alert(1)</script>" in readable(page)  # it is there, as text
    assert_inert(page)


def test_hostile_text_everywhere_stays_literal(
    tmp_path: Path, model: Playbook, library: CoachingLibrary, env: Environment
) -> None:
    hostile = (
        VALID.replace("  name: Acme IT", f"  name: '{PAYLOAD}'")
        .replace("{score: 3, evidence: weekly review}", f"{{score: 2, evidence: '{PAYLOAD}'}}")
        .replace("  notes: Private view.", f"  notes: '{PAYLOAD}'\n  relationship: '{PAYLOAD}'"
                 f"\n  capability_comments:\n    pipeline_management: '{PAYLOAD}'")
        .replace("notes: Shared context.", f"notes: '{PAYLOAD}'")
    )  # fmt: skip
    (tmp_path / "assessments/acme").mkdir(parents=True)
    (tmp_path / "assessments/acme/2026-09-30.yaml").write_text(hostile, encoding="utf-8")
    portfolio = load_portfolio([tmp_path / "assessments"], model)
    partner = portfolio.partners[0]
    plan = plan_assessment(partner.slug, portfolio.latest(partner), model, [])
    page = coaching_page(plan, model, env)
    assert readable(page).count(PAYLOAD) >= 5  # name, evidence, notes, relationship, comment
    assert_inert(page)
    assert "<strong>bold" not in page and page.count("<h1") == 1


def test_rendering_is_deterministic(
    plans: dict[str, PartnerPlan], library: CoachingLibrary, model: Playbook
) -> None:
    for plan in (plans["northwind"], plans["blueharbor"]):
        first = coaching_page(plan, model, environment(ROOT, html_output=True))
        again = coaching_page(plan, load_playbook(ROOT), environment(None, html_output=True))
        assert first == again


def test_a_template_override_is_used(
    tmp_path: Path, plans: dict[str, PartnerPlan], library: CoachingLibrary, model: Playbook
) -> None:
    folder = tmp_path / "content/model/templates"
    folder.mkdir(parents=True)
    (folder / "coaching.html.j2").write_text("<h1>{{ guide.header.partner }} only</h1>\n", "utf-8")
    page = coaching_page(plans["northwind"], model, environment(tmp_path, html_output=True))
    assert page == "<h1>Northwind IT Solutions only</h1>\n"


# The guide's structure: headings, step names and the lines that link to the playbook. Any other
# sentence that every shipped guide repeats word for word is generic text, which belongs in the
# playbook (content/), linked from the guide (documents.md, "Specific to this partner").
STRUCTURE = {
    "Show the numbers from the plan, then stop talking.",
    "Ask for these commitments.",
    "The plan they see: business-development plan; its cadence as a calendar file.",
    "Give in return, only against a commitment:",
    "For you, the partner manager, only.",
    "Never share, forward or print this page for the partner: it holds your private notes and "
    "your reading of their weaknesses.",
}


def sentences(page: str) -> set[str]:
    """Sentences of six words or more, outside headings, tables and links to the playbook."""
    page = re.sub(r"<(h\d|table|summary)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(p|li)\b[^>]*>[^<]*<a [^>]*>[^<]*</a>\.?</\1>", " ", page)  # link lines
    found = set()
    for block in re.split(r"</?(?:p|li|div|ul|ol)[^>]*>", page):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", block)).split())
        found |= {s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6}
    return found


def test_no_generic_sentence_is_repeated_in_every_guide(
    model: Playbook, env: Environment, plans: dict[str, PartnerPlan]
) -> None:
    assert len(plans) >= 6
    every = set.intersection(*(sentences(coaching_page(p, model, env)) for p in plans.values()))
    assert every - STRUCTURE == set()
    probe = "<p>Generic advice that fits every partner equally well.</p>"
    assert sentences(probe) == {"Generic advice that fits every partner equally well."}
