"""The portfolio pages: one row per partner, stale badges, grouped views, charts, hostile names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.inputs.loading import load_portfolio
from generator.inputs.playbook import Playbook, load_playbook
from generator.render.pages import environment
from generator.render.portfolio import LABEL_LIMIT, portfolio_pages

TODAY = dt.date(2026, 11, 27)
HOSTILE = "<script>x</script> | [a](javascript:b)"
HOSTILE_MANAGER = "Eve <b>|</b> ## [m](javascript:c) {: onclick=x }"
VIEWS = ("portfolio/tiers.md", "portfolio/archetypes.md", "portfolio/managers.md")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def model() -> Playbook:
    return load_playbook(ROOT)


@pytest.fixture(scope="module")
def plans(model: Playbook) -> list[PartnerPlan]:
    portfolio = load_portfolio([ROOT / "assessments"], model)
    return [
        plan_assessment(p.slug, portfolio.latest(p), model, portfolio.history(p))
        for p in portfolio.partners
    ]


def render(plans: Sequence[PartnerPlan], model: Playbook, today: dt.date = TODAY) -> dict[str, str]:
    """Page bodies (HTML fragments) and charts (SVG) by site path."""
    content = portfolio_pages(plans, model, environment(ROOT, html_output=True), today)
    return {**{path: page.body for path, page in content.html.items()}, **content.assets}


def hostile_plan(plan: PartnerPlan, model: Playbook, slug: str = "hostile") -> PartnerPlan:
    a = plan.assessment
    partner = a.partner.model_copy(update={"name": HOSTILE, "partner_manager": HOSTILE_MANAGER})
    return plan_assessment(slug, a.model_copy(update={"partner": partner}), model)


def partner_rows(page: str) -> list[str]:
    """The table rows that link to a plan."""
    return [
        line for line in page.splitlines() if re.match(r'^<tr><td><a href="[./]*partners/', line)
    ]


def sections(page: str) -> dict[str, list[str]]:
    """Partner rows per h2 heading, the heading unescaped and without its count."""
    out: dict[str, list[str]] = {}
    for part in re.split(r'^<h2 id="[^"]*">', page, flags=re.M)[1:]:
        heading, _, body = part.partition("</h2>")
        name = html.unescape(re.sub(r" \(\d+\)$", "", heading))
        assert name not in out, name
        out[name] = partner_rows(body)
    return out


def svg_texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_every_partner_has_one_row_linking_plan_and_guide(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    page = render(plans, model)["portfolio.md"]
    assert page.startswith('<h1 id="portfolio">Portfolio</h1>')
    rows = partner_rows(page)
    assert len(rows) == len(plans) == 10
    for plan in plans:
        mine = [r for r in rows if f'href="../partners/{plan.slug}/"' in r]
        assert len(mine) == 1, plan.slug
        assert f'href="../partners/{plan.slug}/coaching/"' in mine[0]
    names = [html.unescape(re.findall(r'^<tr><td><a href="[^"]*">(.*?)</a>', r)[0]) for r in rows]
    assert names == sorted(names, key=str.casefold)
    assert '<img src="quadrant.svg"' in page
    for view in VIEWS:
        assert f'href="{view.removeprefix("portfolio/").removesuffix(".md")}/"' in page


def test_stale_badge_marks_exactly_the_assessments_past_the_limit(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    limit = model.program.thresholds.stale_assessment_days
    rows = partner_rows(render(plans, model)["portfolio.md"])
    stale = {p.slug for p in plans if (TODAY - p.assessment.assessment.date).days > limit}
    assert "fenwick-advisory" in stale
    marked = {re.findall(r"partners/([a-z0-9-]+)/", r)[0] for r in rows if "<strong>stale" in r}
    assert marked == stale


@pytest.mark.parametrize(("days", "stale"), [(120, False), (121, True)])
def test_stale_boundary_is_the_configured_limit(
    plans: list[PartnerPlan], model: Playbook, days: int, stale: bool
) -> None:
    assert model.program.thresholds.stale_assessment_days == 120
    fenwick = next(p for p in plans if p.slug == "fenwick-advisory")
    today = fenwick.assessment.assessment.date + dt.timedelta(days=days)
    page = render([fenwick], model, today)["portfolio.md"]
    assert ("<strong>stale" in partner_rows(page)[0]) is stale


def test_views_group_each_partner_once_under_its_group(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    pages = render(plans, model)
    group_of: dict[str, Callable[[PartnerPlan], str]] = {
        "portfolio/tiers.md": lambda p: p.assessment.partner.tier.value,
        "portfolio/archetypes.md": lambda p: p.archetype,
        "portfolio/managers.md": lambda p: p.assessment.partner.partner_manager,
    }
    for path, key in group_of.items():
        page = pages[path]
        assert page.startswith('<h1 id="view">Portfolio by '), path
        found = sections(page)
        assert len(partner_rows(page)) == len(plans), path
        for plan in plans:
            link = f'href="../../partners/{plan.slug}/"'
            where = [name for name, rows in found.items() for r in rows if link in r]
            assert where == [key(plan)], (path, plan.slug, where)
    assert list(sections(pages["portfolio/tiers.md"])) == [
        "Platinum",
        "Gold",
        "Silver",
        "Registered",
    ]


def test_one_heatmap_per_manager_named_by_position(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    pages = render(plans, model)
    managers = sorted({p.assessment.partner.partner_manager for p in plans}, key=str.casefold)
    heatmaps = sorted(k for k in pages if k.startswith("portfolio/heatmap-"))
    assert heatmaps == [f"portfolio/heatmap-{n}.svg" for n in range(len(managers))]
    page = pages["portfolio/managers.md"]
    for n, manager in enumerate(managers):
        texts = svg_texts(pages[f"portfolio/heatmap-{n}.svg"])
        assert any(manager in t for t in texts)  # the manager's name is in the title
        own = [p for p in plans if p.assessment.partner.partner_manager == manager]
        names = [p.assessment.partner.name for p in own]
        assert all(any(t == name or t.endswith("…") for t in texts) for name in names)
        section = page.split(f">{manager} (")[1].split("<h2 ")[0]
        assert f'src="../heatmap-{n}.svg"' in section


def test_quadrant_names_points_skips_missing_capacity_and_says_so(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    first = plans[0]
    ceilings = dataclasses.replace(first.chain.ceilings, capacity_index=None)
    no_capacity = dataclasses.replace(
        first, chain=dataclasses.replace(first.chain, ceilings=ceilings)
    )
    pages = render([no_capacity, *plans[1:]], model)
    texts = svg_texts(pages["portfolio/quadrant.svg"])
    assert not any(first.assessment.partner.name[:10] in t for t in texts)
    for plan in plans[1:]:
        assert any(t.startswith(plan.assessment.partner.name[:10]) for t in texts), plan.slug
    assert "1 partner has nothing new to book" in " ".join(pages["portfolio.md"].split())


def test_hostile_names_stay_text_and_keep_the_table_shape(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    pages = render([*plans, hostile_plan(plans[0], model)], model)
    for path, text in pages.items():
        assert "<script" not in text and "<b>" not in text, path
        if path.endswith(".svg"):  # XML-escaped text in well-formed XML, no handler attribute
            root = ET.fromstring(text)
            assert not [k for el in root.iter() for k in el.attrib if k.startswith("on")], path
            continue
        assert HOSTILE not in text, path
        rendered = text
        assert "<script" not in rendered and "<b>" not in rendered, path
        assert not re.search(r"href=\"\s*javascript:", rendered, re.I), path
        assert not re.search(r"<[^>]+\son\w+\s*=", rendered), path
        for table in re.findall(r"<table\b.*?</table>", rendered, flags=re.S):
            heads = len(re.findall(r"<th\b", table))
            for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
                assert len(re.findall(r"<td\b", row)) == heads, (path, row)
        if path != "portfolio/managers.md":
            links = re.findall(r'<a href="[./]*partners/hostile/">(.*?)</a>', rendered)
            assert [html.unescape(x) for x in links] == [HOSTILE], path
    # the hostile manager is a heading of its own, shown literally, never in a file name
    assert HOSTILE_MANAGER in sections(pages["portfolio/managers.md"])
    assert all("eve" not in path.lower() for path in pages)


def test_output_is_deterministic_and_independent_of_input_order(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    assert render(plans, model) == render(plans, model) == render(plans[::-1], model)


def test_a_large_portfolio_renders_fast_with_unnamed_points(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    many = [
        dataclasses.replace(plans[i % len(plans)], slug=f"partner-{i:04d}") for i in range(1200)
    ]
    env = environment(ROOT, html_output=True)
    start = time.process_time()
    content = portfolio_pages(many, model, env, TODAY)
    assert time.process_time() - start < 1.0
    overview = content.html["portfolio.md"].body
    assert len(partner_rows(overview)) == 1200
    names = {p.assessment.partner.name for p in plans}
    texts = svg_texts(content.assets["portfolio/quadrant.svg"])
    assert not any(t.startswith(n[:10]) for t in texts for n in names)
    assert f"more than {LABEL_LIMIT} partners" in " ".join(overview.split())


SORT_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<article class="md-typeset">
<div class="pp-portfolio"><table id="small"><thead><tr>
<th>Partner</th><th>Growth</th><th>Pipeline</th><th>Assessed</th>
</tr></thead><tbody>
<tr><td>b</td><td>1.33x</td><td>EUR 251k</td><td>2026-10-22</td></tr>
<tr><td>A</td><td>new partner</td><td>EUR 1.2M</td><td>2026-06-30 stale: 150 days</td></tr>
<tr><td>c10</td><td>0.67x</td><td>n/a</td><td>2026-11-18</td></tr>
<tr><td>c9</td><td>2.00x</td><td>-EUR 40k</td><td>n/a</td></tr>
</tbody></table></div>
<div class="pp-portfolio"><table id="big"><thead><tr><th>Name</th><th>Manager</th></tr></thead>
<tbody>{rows}</tbody></table></div>
</article>
<script>window.document$ = {{subscribe: function (f) {{ window.hooked = true; f(); }}}};</script>
</body></html>"""


def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.skip("no Chromium (Debian: apt-get install chromium)")
    return path


def test_tablesort_sorts_numbers_dates_and_text_with_missing_last() -> None:
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        big = "".join(
            f"<tr><td>p{i}</td><td>{'Priya Nair' if i % 3 else 'Sam'}</td></tr>" for i in range(15)
        )
        page.set_content(SORT_PAGE.format(rows=big))
        page.add_script_tag(path=str(ROOT / "content" / "javascripts" / "tablesort.js"))
        assert page.evaluate("window.hooked") is True  # Material's document$ hook is used

        def column(index: int) -> list[str]:
            cells: list[str] = page.eval_on_selector_all(
                "#small tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent)"
            )
            return cells

        head = page.locator("#small th")
        assert head.nth(1).get_attribute("tabindex") == "0"
        head.nth(1).click()
        assert column(1) == ["0.67x", "1.33x", "2.00x", "new partner"]
        assert head.nth(1).get_attribute("aria-sort") == "ascending"
        head.nth(1).click()
        assert column(1) == ["2.00x", "1.33x", "0.67x", "new partner"]
        assert head.nth(1).get_attribute("aria-sort") == "descending"
        head.nth(2).focus()
        page.keyboard.press("Enter")
        assert column(2) == ["-EUR 40k", "EUR 251k", "EUR 1.2M", "n/a"]
        assert head.nth(1).get_attribute("aria-sort") == "none"
        page.keyboard.press(" ")
        assert column(2) == ["EUR 1.2M", "EUR 251k", "-EUR 40k", "n/a"]
        head.nth(3).click()
        assert column(3)[0].startswith("2026-06-30") and column(3)[-1] == "n/a"
        head.nth(0).click()
        assert column(0) == ["A", "b", "c9", "c10"]

        assert page.locator("input.pp-filter").count() == 1  # only the table with many rows
        page.locator("input.pp-filter").fill("priya nair, p1")
        shown = page.eval_on_selector_all(
            "#big tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent)"
        )
        assert shown == ["p1", "p10", "p11", "p13", "p14"]
        assert errors == []
        browser.close()
    finally:
        playwright.stop()
