"""The built site in a real browser: headless Debian Chromium driven by Playwright.

The site is built from the shipped example assessments, served from 127.0.0.1 and opened in
Chromium. Every page visited must log no console error, raise no page error, open no dialog and
request nothing from a host other than the local server: the site has to work offline.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Playwright,
    Request,
    Route,
    expect,
    sync_playwright,
)

from conftest import ROOT
from generator.cli import cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
HARMLESS_SCHEMES = {"data", "blob"}


def shipped_partners() -> list[str]:
    """Slugs of the example partners: the folders under assessments/ holding a .yaml file."""
    folders = (ROOT / "assessments").iterdir()
    return sorted(f.name for f in folders if f.is_dir() and any(f.glob("*.yaml")))


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in HARMLESS_SCHEMES or parts.hostname in LOCAL_HOSTS


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(shipped_site: Path) -> Iterator[str]:
    """The site built from the shipped assessments, served on a free local port."""
    site = shipped_site
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_path() -> str:
    """The system Chromium; skipped locally when missing, but CI must have it."""
    for candidate in (CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    reason = f"no Chromium at {CHROMIUM} or on PATH (Debian: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    playwright: Playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@dataclass
class Tab:
    """A browser page plus everything it did that a healthy offline page must not do."""

    page: Page
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        url = self.base + path
        self.visited.append(url)
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, (url, response and response.status)
        return self.page

    def assert_clean(self) -> None:
        foreign = [url for url in self.requests if not is_local(url)]
        assert not foreign, f"non-local requests from {self.visited}: {foreign}"
        assert not self.console_errors, f"console errors on {self.visited}: {self.console_errors}"
        assert not self.page_errors, f"page errors on {self.visited}: {self.page_errors}"
        assert not self.dialogs, f"dialogs opened on {self.visited}: {self.dialogs}"


@pytest.fixture
def tab(browser: Browser, site_url: str) -> Iterator[Tab]:
    context: BrowserContext = browser.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(page, site_url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.console_errors.append(f"{page.url}: {message.text} ({message.location})")

    def on_page_error(error: Error) -> None:
        tab.page_errors.append(f"{page.url}: {error}")

    def on_dialog(dialog: Dialog) -> None:
        tab.dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def on_request(request: Request) -> None:
        tab.requests.append(request.url)

    def block(route: Route) -> None:
        route.abort()  # recorded by on_request; never let the test itself go online

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("dialog", on_dialog)
    context.on("request", on_request)
    context.route(lambda url: not is_local(url), block)
    try:
        yield tab
        tab.assert_clean()  # also catches anything that arrived after the test's own check
    finally:
        context.close()


def test_home_page(tab: Tab) -> None:
    page = tab.open("/")
    assert "Partner Playbook" in page.title()
    nav = page.locator("nav.md-nav--primary")
    expect(nav.get_by_role("link", name="Portfolio", exact=True).first).to_be_attached()
    expect(nav.get_by_text("Playbook", exact=True).first).to_be_attached()
    tab.assert_clean()


def test_portfolio_lists_every_shipped_partner(tab: Tab) -> None:
    partners = shipped_partners()
    page = tab.open("/portfolio/")
    tables = page.locator("article table")
    rows_per_table = [
        tables.nth(i)
        .locator("tbody tr")
        .evaluate_all(
            """rows => rows.map(row => {
                const link = row.querySelector('a[href*="partners/"]');
                return link ? new URL(link.href).pathname : null;
            })"""
        )
        for i in range(tables.count())
    ]
    wanted = [f"/partners/{slug}/" for slug in partners]
    assert any(sorted(rows) == wanted for rows in rows_per_table), (wanted, rows_per_table)
    page.locator('article table a[href*="partners/northwind/"]').first.click()
    expect(page).to_have_url(f"{tab.base}/partners/northwind/")
    expect(page.locator("h1")).to_contain_text("Northwind IT Solutions")
    tab.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_portfolio_table_reads_at_1280_and_filters_at_390(
    browser: Browser, site_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "/portfolio/", wait_until="networkidle")
        table = page.locator("#every-partner ~ .pp-portfolio table").first
        box = page.locator("#every-partner ~ .pp-portfolio").first.bounding_box()
        assert box is not None
        heads = table.locator("thead th")
        names = [heads.nth(i).inner_text().split("\n")[0].strip() for i in range(heads.count())]
        assessed = heads.nth(names.index("Assessed")).bounding_box()
        partner = heads.nth(0).bounding_box()
        assert assessed is not None and partner is not None
        if width == 1280:  # the default columns fit; the detail columns scroll in the box
            assert assessed["x"] + assessed["width"] <= box["x"] + box["width"] + 1
        before = heads.nth(names.index("Revenue")).bounding_box()
        page.locator("#every-partner ~ .pp-portfolio").first.evaluate(
            """el => [el, ...el.querySelectorAll('*')]
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .forEach(e => { e.scrollLeft = 400; })"""
        )
        moved, after = heads.nth(0).bounding_box(), heads.nth(names.index("Revenue")).bounding_box()
        assert moved is not None and before is not None and after is not None
        assert after["x"] < before["x"] - 100  # the detail columns scrolled ...
        assert box["x"] - 1 <= moved["x"] <= box["x"] + 1  # ... the partner column stayed
        tiers = page.locator(".pp-filters select[data-pp-field=tier]").first
        tiers.select_option("Gold")
        rows = table.locator("tbody tr")
        visible = [
            rows.nth(i).get_attribute("data-tier")
            for i in range(rows.count())
            if rows.nth(i).is_visible()
        ]
        assert visible and set(visible) == {"Gold"}
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_partner_plan_shows_summary_charts_and_figure_links(tab: Tab) -> None:
    page = tab.open("/partners/northwind/")
    expect(page.locator("article h1")).to_contain_text("Northwind IT Solutions")
    summary = page.locator(".admonition", has=page.get_by_text("The plan on one screen"))
    expect(summary).to_be_visible()
    charts: list[dict[str, Any]] = page.evaluate(
        """() => Array.from(document.querySelectorAll('article figure svg'))
            .map(svg => ({title: svg.getAttribute('aria-label'),
                          width: svg.getBoundingClientRect().width,
                          height: svg.getBoundingClientRect().height}))"""
    )
    assert len(charts) >= 3, charts  # inline SVG, drawn at build time
    broken = [chart for chart in charts if not (chart["width"] > 100 and chart["height"] > 50)]
    assert not broken, broken

    link = page.locator('article a.pp-fig[href^="#how-"]').first
    target = (link.get_attribute("href") or "")[1:]
    assert target.startswith("how-"), target
    explanation = page.locator(f"li#{target}")
    expect(explanation).to_be_hidden()  # inside a closed "How these figures are worked out"
    link.click()
    expect(page).to_have_url(f"{tab.base}/partners/northwind/#{target}")
    expect(explanation).to_be_visible()  # following the link opens it
    assert (explanation.inner_text() or "").strip().endswith(".")
    tab.assert_clean()


PAGE_KINDS = [
    "/",
    "/portfolio/",
    "/portfolio/managers/",
    "/partners/northwind/",
    "/partners/northwind/coaching/",
    "/partners/blueharbor/",
    "/partners/lumen-ridge/",
    "/playbook/figures/",
    "/playbook/plays/",
    "/share/northwind/northwind-plan.html",
    "/portfolio/segments/",
    "/portfolio/manager-1/",
    "/portfolio/capabilities/",
    "/portfolio/movement/",
]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen_and_chart_labels_stay_readable(
    browser: Browser, site_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for path in PAGE_KINDS:
            page.goto(site_url + path, wait_until="load")  # every style, script and font
            page.evaluate("document.fonts.ready.then(() => true)")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, (path, wide)
            smallest = page.evaluate(
                """() => Math.min(Infinity, ...Array.from(
                    document.querySelectorAll('figure.pp-chart svg text')).map(t => {
                        const svg = t.ownerSVGElement;
                        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                        return parseFloat(getComputedStyle(t).fontSize) * scale;
                    }))"""
            )
            assert smallest >= 9, (path, smallest)  # Infinity where a page has no chart
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/partners/northwind/",
        "/partners/northwind/coaching/",
        "/share/northwind/northwind-plan.html",
    ],
)
def test_on_a_phone_the_plan_and_guide_tables_read_row_by_row(
    browser: Browser, site_url: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        boxes = page.evaluate(
            """() => Array.from(document.querySelectorAll('.pp-stack')).map(box => ({
                scrolls: box.scrollWidth > box.clientWidth + 1,
                heads: Array.from(box.querySelectorAll('thead'))
                    .map(head => getComputedStyle(head).display).join(''),
                labels: Array.from(box.querySelectorAll('td[data-label]')).map(
                    td => getComputedStyle(td, '::before').content),
            }))"""
        )
        assert len(boxes) >= 3, path
        assert not [box for box in boxes if box["scrolls"]], path  # nothing scrolls sideways
        assert all(box["heads"] in ("", "none") for box in boxes), path
        shown = [label for box in boxes for label in box["labels"]]
        assert '"Due"' in shown or '"Minutes"' in shown, shown[:10]  # the heading above the value
    finally:
        context.close()


def test_search_finds_a_partner(tab: Tab) -> None:
    page = tab.open("/")
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("BlueHarbor")
    result = page.locator('.md-search-result__item a[href*="partners/blueharbor/"]').first
    expect(result).to_be_visible()
    result.click()
    # search.highlight appends ?h=<query> to the result link
    expect(page).to_have_url(re.compile(re.escape(f"{tab.base}/partners/blueharbor/") + r"(\?|$)"))
    expect(page.locator("article h1")).to_contain_text("BlueHarbor")
    tab.assert_clean()


def test_hostile_text_is_shown_literally_and_never_runs(tab: Tab) -> None:
    page = tab.open("/partners/pinecrest-it/")
    text = page.inner_text("article")
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    page.wait_for_timeout(200)  # give any injected handler a moment to fire
    assert not tab.dialogs, tab.dialogs
    tab.assert_clean()


def test_a_long_unbroken_string_wraps_on_the_page_and_in_the_pdf(
    browser: Browser, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from conftest import VALID, copy_project

    root = copy_project(tmp_path / "project")
    word = "x" * 2000
    (root / "assessments" / "acme").mkdir()
    (root / "assessments" / "acme" / "2026-09-30.yaml").write_text(
        VALID.replace("evidence: 3 of 5 sampled opps record pain", f"evidence: {word}").replace(
            "notes: Shared context.", f"notes: {word}"
        ),
        encoding="utf-8",
    )
    run = CliRunner().invoke
    result = run(cli, ["-C", str(root), "build", "--no-pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shared = run(cli, ["-C", str(root), "share", "acme", "-o", str(root / "out")])
    assert shared.exit_code == 0, shared.output
    site = root / "site"
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        for path in (site / "partners/acme/index.html", root / "out/acme-plan.html"):
            page.goto(path.as_uri())
            assert word in (page.inner_text("body") or "").replace("\n", "")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    finally:
        context.close()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(root / "out/acme-plan.pdf").pages)
    assert word not in text  # broken over lines ...
    assert word in text.replace("\n", "")  # ... and all there
