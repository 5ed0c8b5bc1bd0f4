"""Shared fixtures: a throw-away project folder with the real playbook model and one partner."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent


# Tests that build a site, render PDFs or drive a browser: `make quick` leaves them out.
SLOW_FIXTURES = {"shipped_site", "site_project"}
SLOW_MODULES = {"test_browser", "test_pdf"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.module.__name__ in SLOW_MODULES:  # type: ignore[attr-defined]
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/goldens/ from the current output instead of comparing with it",
    )


VALID = """\
partner:
  name: Acme IT
  type: VAR
  tier: Silver
  tenure_months: 30
  partner_manager: Dana Whitfield
  currency: EUR
assessment:
  date: 2026-09-30
revenue:
  last_12_months: 300000
  new_bookings_last_12_months: 200000
  recurring_base: 50000
  gross_revenue_retention: 0.9
goals:
  target_revenue: 450000
deals:
  won_12m: 10
  lost_12m: 20
  avg_deal_size: 20000
  sales_cycle_days: 45
  opps_created_12m: 40
pipeline:
  commit: 30000
  best_case: 40000
  pipeline: 50000
  stale: 10000
team:
  sellers:
    - name: Seller A
      share_on_vendor: 0.5
      tenure_months: 24
  presales_fte: 0.5
  has_sales_manager: true
forecast_history:
  - {quarter: 2026-Q1, commit: 50000, actual: 45000}
capabilities:
  solution_selling: {score: 3, evidence: 3 of 5 sampled opps record pain}
  product_knowledge: {score: 3, evidence: all sellers certified}
  demand_generation: {score: 2, evidence: two campaigns a year}
  pipeline_management: {score: 3, evidence: weekly review}
  forecasting: {score: 3, evidence: FA 80%}
  presales: {score: 3, evidence: runs demos alone}
  sales_leadership: {score: 3, evidence: weekly pipeline meeting}
  customer_success: {score: 3, evidence: GRR 90%}
  program_engagement: {score: unknown, evidence: not checked yet}
notes: Shared context.
internal:
  notes: Private view.
"""


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


class Project:
    """A project folder in tmp_path with the shipped model and CLI access."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(ROOT / "content" / "model", root / "content" / "model")
        (root / "assessments").mkdir()

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / "assessments" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["-C", str(self.root), *args], catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@pytest.fixture
def site_project(project: Project) -> Project:
    """A project that also builds the site: mkdocs.yml, the hand-written pages and the hook."""
    shutil.copy(ROOT / "mkdocs.yml", project.root / "mkdocs.yml")
    for item in (ROOT / "content").iterdir():
        if item.name != "model":
            copy = shutil.copytree if item.is_dir() else shutil.copy
            copy(item, project.root / "content" / item.name)
    return project


# The day the shipped examples are read in tests, so their notices do not change with the date.
AS_OF = "2026-11-30"


def copy_project(target: Path) -> Path:
    """The shipped project (model, hand-written pages, mkdocs.yml and example assessments)."""
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "assessments", target / "assessments")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site and PDFs built once from the shipped examples, for every test that reads them;
    under pytest-xdist the workers share one build (the first builds it, the others wait)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, common to every worker
    root = shared / "shipped-project"
    with (shared / "shipped.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "site" / "index.html").is_file():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(Path(tempfile.mkdtemp(dir=shared))).rename(root)
            result = CliRunner().invoke(cli, ["-C", str(root), "build", "--as-of", AS_OF])
            if result.exit_code != 0:
                exc = result.exc_info
                trace = "".join(traceback.format_exception(*exc)) if exc else ""
                pytest.fail(
                    f"playbook build failed ({result.exit_code}):\n{result.output}\n{trace}"
                )
    return root / "site"


@pytest.fixture
def validate(project: Project) -> Callable[[str | bytes], Result]:
    """Write one assessment as acme/2026-09-30.yaml and validate the project."""

    def run(text: str | bytes) -> Result:
        project.write("acme/2026-09-30.yaml", text)
        return project.run("validate")

    return run
