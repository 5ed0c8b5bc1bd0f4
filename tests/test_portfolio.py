"""The portfolio pages: one row per partner, stale badges, grouped views, charts, hostile names."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.inputs.loading import load_portfolio
from generator.inputs.playbook import Playbook, load_playbook
from generator.render.export import plan_to_json
from generator.render.pages import environment
from generator.render.plandoc import build_plan_document
from generator.render.portfolio import portfolio_entry, portfolio_rows
from generator.render.portfolio_pages import entry_pages, portfolio_pages
from generator.render.programme import totals
from generator.wording import date_words, money

TODAY = dt.date(2026, 11, 27)
HOSTILE = "<script>x</script> | [a](javascript:b)"
HOSTILE_MANAGER = "Eve <b>|</b> ## [m](javascript:c) {: onclick=x }"
VIEWS = (
    "portfolio/tiers.md",
    "portfolio/segments.md",
    "portfolio/archetypes.md",
    "portfolio/managers.md",
)
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
    """The partner-table rows (one line per row; the capability-gap table's rows differ)."""
    return [
        line for line in page.splitlines() if re.match(r"^<tr data-tier=.* data-archetype=", line)
    ]


def sections(page: str) -> dict[str, list[str]]:
    """Partner rows per h2 heading, the heading unescaped and without its count."""
    out: dict[str, list[str]] = {}
    for part in re.split(r'^<h2 id="group-\d+">', page, flags=re.M)[1:]:
        heading, _, body = part.partition("</h2>")
        name = html.unescape(re.sub(r" \(\d+\)$", "", heading))
        assert name not in out, name
        out[name] = partner_rows(body)
    return out


def svg_texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names += [name for name, _ in attrs]


def attributes(page: str) -> list[str]:
    """Every attribute name the page really has (text inside a value is not an attribute)."""
    parser = _Attributes()
    parser.feed(page)
    return parser.names


def slug_of(row: str) -> str:
    found: list[str] = re.findall(r"partners/([a-z0-9-]+)/", row)
    return found[0]


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
        e = plan.assessment.partner
        assert (
            f'data-tier="{e.tier.value}"' in mine[0]
            and f'data-segment="{plan.parameters.segment}"' in mine[0]
        )
    names = [
        html.unescape(re.findall(r'scope="row"><a href="[^"]*">(.*?)</a>', r)[0]) for r in rows
    ]
    assert names == sorted(names, key=str.casefold)
    assert '<img src="quadrant.svg"' in page and '<img src="gaps.svg"' in page
    for view in VIEWS:
        assert f'href="{view.removeprefix("portfolio/").removesuffix(".md")}/"' in page
    assert 'href="partners.csv" download' in page


def test_stale_badge_marks_exactly_the_assessments_past_the_limit(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    limit = model.program.thresholds.stale_assessment_days
    rows = partner_rows(render(plans, model)["portfolio.md"])
    stale = {p.slug for p in plans if (TODAY - p.assessment.assessment.date).days > limit}
    assert "fenwick-advisory" in stale
    marked = {slug_of(r) for r in rows if 'class="pp-stale">stale' in r}
    assert marked == stale


@pytest.mark.parametrize(("days", "stale"), [(120, False), (121, True)])
def test_stale_boundary_is_the_configured_limit(
    plans: list[PartnerPlan], model: Playbook, days: int, stale: bool
) -> None:
    assert model.program.thresholds.stale_assessment_days == 120
    fenwick = next(p for p in plans if p.slug == "fenwick-advisory")
    today = fenwick.assessment.assessment.date + dt.timedelta(days=days)
    page = render([fenwick], model, today)["portfolio.md"]
    assert ('class="pp-stale">stale' in partner_rows(page)[0]) is stale


def test_views_group_each_partner_once_under_its_group(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    pages = render(plans, model)
    group_of: dict[str, Callable[[PartnerPlan], str]] = {
        "portfolio/tiers.md": lambda p: p.assessment.partner.tier.value,
        "portfolio/segments.md": lambda p: p.parameters.segment,
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


def test_one_page_per_manager_named_by_position(plans: list[PartnerPlan], model: Playbook) -> None:
    pages = render(plans, model)
    managers = sorted({p.assessment.partner.partner_manager for p in plans}, key=str.casefold)
    own_pages = sorted(k for k in pages if k.startswith("portfolio/manager-"))
    assert own_pages == sorted(f"portfolio/manager-{n}.md" for n in range(1, len(managers) + 1))
    view = pages["portfolio/managers.md"]
    for n, manager in enumerate(managers, start=1):
        page = pages[f"portfolio/manager-{n}.md"]
        assert page.startswith(f'<h1 id="week">{html.escape(manager)}: the week</h1>')
        own = [p for p in plans if p.assessment.partner.partner_manager == manager]
        assert len(partner_rows(page)) == len(own)
        section = view.split(f">{manager} (")[1].split("<h2 ")[0]
        assert f'href="../manager-{n}/"' in section
        booked = [
            p
            for p in own
            if p.assessment.assessment.next_meeting is not None
            and p.assessment.assessment.next_meeting >= TODAY
        ]
        meetings = page.split('id="meetings"')[1].split("<h2")[0]
        listed = re.findall(r'href="../../partners/([a-z0-9-]+)/">', meetings)
        by_date = sorted(
            booked, key=lambda p: (p.assessment.assessment.next_meeting, p.assessment.partner.name)
        )
        assert listed == [p.slug for p in by_date]


def test_a_managers_week_lists_overdue_meetings_and_actions_around_today(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    northwind = next(p for p in plans if p.slug == "northwind")
    start = northwind.year.timeline.start
    page = render([northwind], model, start + dt.timedelta(days=10))["portfolio/manager-1.md"]
    actions = page.split('id="actions"')[1].split("<h2")[0]
    assert "check it is done" in actions  # agreeing the plan was due ten days ago
    for a in northwind.year.schedule.actions:
        if abs((a.due - start).days - 10) <= 14:
            assert date_words(a.due) in actions
    later = render([northwind], model, start + dt.timedelta(days=1))["portfolio/manager-1.md"]
    overdue = later.split('id="overdue"')[1].split("<h2")[0]
    assert "has passed; book the next one" in overdue


def money_cells(row: str) -> list[float]:
    return [float(v) for v in re.findall(r'<td class="pp-num" data-sort="([-0-9.]+)">', row)]


def test_the_totals_equal_the_sum_of_the_rows(plans: list[PartnerPlan], model: Playbook) -> None:
    pages = render(plans, model)
    reporting = model.program.reporting
    assert reporting is not None and {"GBP", "USD"} <= set(reporting.rates)
    for path in ("portfolio.md", *VIEWS):
        page = pages[path]
        tables = re.findall(r'<div class="pp-scroll pp-totals">(.*?)</table>', page, flags=re.S)
        assert tables, path
        lines = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", tables[0], flags=re.S)
        groups = {"": partner_rows(page)} if path == "portfolio.md" else sections(page)
        for (label, cells), (_, rows) in zip(lines, groups.items(), strict=True):
            shown = re.findall(r'<td class="pp-num">(.*?)</td>', cells)
            assert int(shown[0]) == len(rows), (path, label)
            sums = [sum(col) for col in zip(*(money_cells(r) for r in rows), strict=True)]
            revenue, target, reach, gap = sums[0], sums[1], sums[1] - sums[3], sums[3]
            expect = [money(v, "EUR") for v in (revenue, target, reach, gap)]
            assert [html.unescape(x) for x in (shown[1], shown[2], shown[4], shown[5])] == expect


def test_a_partner_in_another_currency_is_converted_or_totalled_apart(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    eur = next(p for p in plans if p.slug == "northwind")
    usd = next(p for p in plans if p.slug == "orchard-lane")
    rows = portfolio_rows(
        [portfolio_entry(p, build_plan_document(p, model)) for p in (eur, usd)],
        model.program.thresholds,
        TODAY,
    )
    reporting = model.program.reporting
    assert reporting is not None
    (both,) = totals(rows, reporting)
    rate_usd = reporting.rates["USD"].rate
    expected = (
        eur.assessment.revenue.last_12_months + usd.assessment.revenue.last_12_months * rate_usd
    )
    assert both.currency == "EUR" and both.revenue == pytest.approx(expected)
    no_usd = reporting.model_copy(update={"rates": {}})
    eur_line, usd_line = totals(rows, no_usd)
    assert (eur_line.currency, eur_line.revenue) == ("EUR", eur.assessment.revenue.last_12_months)
    assert (usd_line.currency, usd_line.revenue) == ("USD", usd.assessment.revenue.last_12_months)
    unrated = model.model_copy(
        update={"program": model.program.model_copy(update={"reporting": no_usd})}
    )
    page = " ".join(render([eur, usd], unrated)["portfolio.md"].split())
    assert "Partners in USD are not in this total" in page


def test_a_partner_assessed_twice_shows_its_movement(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    cobalt = next(p for p in plans if p.slug == "cobalt-bay")
    assert len(cobalt.trend) == 2
    page = render(plans, model)["portfolio/movement.md"]
    row = next(line for line in page.split("<tr>") if "partners/cobalt-bay/" in line)
    before, now = cobalt.trend
    assert f"{before.capability_index:.2f} → {now.capability_index:.2f}" in row
    assert date_words(before.date) in row
    assert "improved" in row or "slipped" in row or "steady" in row
    others = [line for line in page.split("<tr>") if "partners/northwind/" in line]
    assert others == []  # assessed once: nothing to compare


def test_the_csv_has_one_row_per_partner_with_the_json_figures(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    text = render(plans, model)["portfolio/partners.csv"]
    table = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["slug"] for r in table) == sorted(p.slug for p in plans)
    for plan in plans:
        row = next(r for r in table if r["slug"] == plan.slug)
        data = plan_to_json(plan, model)
        assert set(row) - {"slug", "currency"} <= set(data)
        for key, value in row.items():
            want = data[key]
            if want is None:
                assert value == "", (plan.slug, key)
            elif isinstance(want, float | int) and not isinstance(want, bool):
                assert float(value) == want, (plan.slug, key)
            else:
                assert value == str(want), (plan.slug, key)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_text_never_runs_as_a_formula(
    plans: list[PartnerPlan], model: Playbook, start: str
) -> None:
    name = f'{start}HYPERLINK("http://x","y")'
    a = plans[0].assessment
    partner = a.partner.model_copy(update={"name": name})
    hostile = plan_assessment("formula", a.model_copy(update={"partner": partner}), model)
    table = list(csv.DictReader(io.StringIO(render([hostile], model)["portfolio/partners.csv"])))
    assert table[0]["partner"] == "'" + name
    assert not table[0]["revenue_prev"].startswith("'")  # numbers stay numbers


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
        if path.endswith((".csv", ".ics")):  # text files: a name in them is not markup
            continue
        assert "<script" not in text and "<b>" not in text, path
        if path.endswith(".svg"):  # XML-escaped text in well-formed XML, no handler attribute
            root = ET.fromstring(text)
            assert not [k for el in root.iter() for k in el.attrib if k.startswith("on")], path
            continue
        assert HOSTILE not in text, path
        assert not re.search(r"href=\"\s*javascript:", text, re.I), path
        assert not [a for a in attributes(text) if a.startswith("on")], path
        for table in re.findall(r"<table\b.*?</table>", text, flags=re.S):
            heads = len(re.findall(r"<th\b", table.split("</thead>")[0]))
            for row in re.findall(
                r"<tr\b[^>]*>(.*?)</tr>", table.split("</thead>")[-1], flags=re.S
            ):
                assert len(re.findall(r"<t[dh]\b", row)) == heads, (path, row)
        if path == "portfolio.md":
            links = re.findall(r'<a href="[./]*partners/hostile/">(.*?)</a>', text)
            assert [html.unescape(x) for x in links] == [HOSTILE], path
    # the hostile manager is a heading of its own, shown literally, never in a file name
    assert HOSTILE_MANAGER in sections(pages["portfolio/managers.md"])
    # names reach no file name but a manager's calendar, and only as letters, digits, hyphens
    named = [path for path in pages if "eve" in path.lower()]
    assert all(re.fullmatch(r"managers/[a-z0-9-]+\.ics", path) for path in named), named


def test_output_is_deterministic_and_independent_of_input_order(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    assert render(plans, model) == render(plans, model) == render(plans[::-1], model)


def test_a_large_portfolio_renders_fast_with_readable_labels(
    plans: list[PartnerPlan], model: Playbook
) -> None:
    many = [
        dataclasses.replace(plans[i % len(plans)], slug=f"partner-{i:04d}") for i in range(1200)
    ]
    env = environment(ROOT, html_output=True)
    entries = [portfolio_entry(p, build_plan_document(p, model)) for p in many[:10]] * 120
    entries = [dataclasses.replace(e, slug=f"partner-{i:04d}") for i, e in enumerate(entries)]
    start = time.process_time()
    content = entry_pages(entries, model, env, TODAY)
    assert time.process_time() - start < 2.0
    overview = content.html["portfolio.md"].body
    assert len(partner_rows(overview)) == 1200
    texts = svg_texts(content.assets["portfolio/quadrant.svg"])
    assert any("names left out where they would crowd" in t for t in texts)


SORT_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<article class="md-typeset">
<div class="pp-portfolio"><table id="small"><thead><tr>
<th>Partner</th><th>Growth</th><th>Pipeline</th><th>Assessed</th>
</tr></thead><tbody>
<tr><td>b</td><td>1.33x</td><td data-sort="218370">USD 251k</td><td>2026-10-22</td></tr>
<tr><td>A</td><td>new partner</td><td>EUR 1.2M</td><td>2026-06-30 stale: 150 days</td></tr>
<tr><td>c10</td><td>0.67x</td><td>n/a</td><td>2026-11-18</td></tr>
<tr><td>c9</td><td>2.00x</td><td>-EUR 40k</td><td>n/a</td></tr>
</tbody></table></div>
<div class="pp-portfolio"><table id="big" data-pp-filters="manager tier">
<thead><tr><th>Name</th><th>Manager</th></tr></thead>
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
            f'<tr data-manager="{m}" data-tier="Gold"><td>p{i}</td><td>{m}</td></tr>'
            for i in range(15)
            for m in ["Priya Nair" if i % 3 else "Sam"]
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
        assert column(2) == ["-EUR 40k", "USD 251k", "EUR 1.2M", "n/a"]  # by data-sort
        assert head.nth(1).get_attribute("aria-sort") == "none"
        page.keyboard.press(" ")
        assert column(2) == ["EUR 1.2M", "USD 251k", "-EUR 40k", "n/a"]
        head.nth(3).click()
        assert column(3)[0].startswith("2026-06-30") and column(3)[-1] == "n/a"
        head.nth(0).click()
        assert column(0) == ["A", "b", "c9", "c10"]

        assert page.locator(".pp-filters input").count() == 2  # every table, at any size
        # one drop-down per field with a choice to make (every row is Gold: no tier menu)
        assert page.locator(".pp-filters select").count() == 1
        bar = page.locator(".pp-filters").nth(1)
        bar.locator("input").fill("p1")

        def shown() -> list[str]:
            found: list[str] = page.eval_on_selector_all(
                "#big tbody tr",
                "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent)",
            )
            return found

        assert shown() == ["p1", "p10", "p11", "p12", "p13", "p14"]
        bar.locator("select").select_option("Priya Nair")
        assert shown() == ["p1", "p10", "p11", "p13", "p14"]
        assert bar.locator(".pp-count").inner_text() == "5 of 15 shown"
        bar.locator("input").fill("")
        bar.locator("select").select_option("")
        assert len(shown()) == 15
        assert errors == []
        browser.close()
    finally:
        playwright.stop()
