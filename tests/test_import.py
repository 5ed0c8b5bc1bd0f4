"""`playbook import`: a CRM opportunity export into each partner's next assessment.

The expected figures are computed by hand in the tests from the rows of the example exports
(content/playbook/examples/), never by the code under test.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ROOT, VALID, Project, copy_project
from generator.cli import cli
from generator.inputs.crm.csvfile import read_table
from generator.inputs.crm.definitions import IMPORTED
from generator.inputs.crm.mapping import check_mappings, load_mapping
from generator.inputs.crm.provenance import IMPORTED_FIGURES
from generator.inputs.crm.values import CellProblem, amount_reader, date_reader
from generator.inputs.yamlsafe import parse

SALESFORCE = ROOT / "content" / "playbook" / "examples" / "salesforce-opportunities.csv"
HUBSPOT = ROOT / "content" / "playbook" / "examples" / "hubspot-deals.csv"
DAY = "2026-11-30"


class Shipped:
    """The shipped project (model, pages, example assessments) in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root)
        self.assessments = self.root / "assessments"

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["-C", str(self.root), *args], catch_exceptions=False)

    def load(self, slug: str, day: str = DAY) -> dict[str, object]:
        data = parse((self.assessments / slug / f"{day}.yaml").read_bytes()).data
        assert isinstance(data, dict)
        return data

    def snapshot(self) -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in self.assessments.rglob("*") if p.is_file()}


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shipped:
    found = Shipped(tmp_path / "project")
    monkeypatch.chdir(found.root)
    return found


# --- The example exports, computed by hand ---------------------------------------------------

# Northwind's rows of content/playbook/examples/salesforce-opportunities.csv, assessed 2026-11-30:
# the 12 months are 2025-12-01..2026-11-30. Won new business closed in them (amount, cycle in days):
WON = [
    (18000.00, 35),  # 1/12/2026 -> 2/16/2026
    (22500.00, 43),  # 2/3 -> 3/18
    (12000.00, 44),  # 3/2 -> 4/15, the =HYPERLINK(...) name
    (16400.00, 52),  # 4/1 -> 5/23, Existing Business (expansion) counts as new business
    (19750.50, 38),  # 5/4 -> 6/11
    (145000.00, 142),  # 3/10 -> 7/30: above 5x the median, an outlier for the deal size only
    (14200.00, 41),  # 7/6 -> 8/16
    (21000.00, 47),  # 9/1 -> 10/18
    (17300.00, 49),  # 10/12 -> 11/30, closed on the assessment date: in
    (9800.00, 30),  # 12/1/2025 -> 12/31/2025
]
# Left out: renewals won on 3/31 and 9/30 (30,000, 12,000), a lost renewal, an open renewal;
# won on 11/30/2025 (exactly a year before: out) and 10/2/2025; a deal created 12/2/2026.
NORTHWIND = {
    "won": len(WON),  # 10
    "lost": 11,  # lost in the 12 months; one lost on 11/15/2025 is out
    # created in the 12 months: the 10 won, 9 of the 11 lost (9/2/2025 and 11/30/2025 are
    # out) and the 8 open new-business deals
    "created": 10 + 9 + 8,
    "bookings": 18000 + 22500 + 12000 + 16400 + 19750.50 + 145000 + 14200 + 21000 + 17300 + 9800,
    # median of the 10 amounts = (17,300 + 18,000) / 2 = 17,650; 5x = 88,250 leaves 145,000 out
    "deal_size": round((295950.50 - 145000) / 9),  # 16,772.28 -> 16,772
    # days sorted: 30 35 38 41 43 | 44 47 49 52 142 -> (43 + 44) / 2 = 43.5, rounded up
    "cycle": 44,
    "commit": 24000 + 18500,  # the open renewal in Commit (30,000) is left out
    "best_case": 31000 + 12750,
    "pipeline": 40000 + 22000 + 0,  # one pipeline deal has no amount
    # 18,500: commit, close date 11/20/2026 passed; 31,000: best case, last activity 10/31 is
    # 30 days before; 40,000: pipeline, no activity since created 9/15. Not the omitted 50,000.
    "stale": 18500 + 31000 + 40000,
}


def test_the_hand_computation_adds_up() -> None:
    assert NORTHWIND["bookings"] == pytest.approx(295950.50)
    assert sorted(days for _, days in WON)[4:6] == [43, 44]


def test_example_export_yields_the_hand_computed_figures(shipped: Shipped) -> None:
    result = shipped.run("import", str(SALESFORCE), "--date", DAY)
    assert result.exit_code == 0, result.output
    data = shipped.load("northwind")
    deals, pipeline, revenue = data["deals"], data["pipeline"], data["revenue"]
    assert isinstance(deals, dict) and isinstance(pipeline, dict) and isinstance(revenue, dict)
    assert deals["won_12m"] == NORTHWIND["won"]
    assert deals["lost_12m"] == NORTHWIND["lost"]
    assert deals["opps_created_12m"] == NORTHWIND["created"]
    assert revenue["new_bookings_last_12_months"] == pytest.approx(NORTHWIND["bookings"])
    assert deals["avg_deal_size"] == NORTHWIND["deal_size"] == 16772
    assert deals["sales_cycle_days"] == NORTHWIND["cycle"]
    assert pipeline == {
        "commit": NORTHWIND["commit"],
        "best_case": NORTHWIND["best_case"],
        "pipeline": NORTHWIND["pipeline"],
        "stale": NORTHWIND["stale"],
    }
    # What the export does not hold is the copied assessment's.
    assert revenue["last_12_months"] == 420000 and data["program"] == {
        "deal_reg_submitted": 41,
        "deal_reg_approved": 39,
        "deal_reg_expired": 2,
        "mdf_allocated": 8000,
        "mdf_claimed": 8000,
        "certified_people": 4,
    }
    info = data["assessment"]
    assert isinstance(info, dict)
    assert info["date"] == DAY and info["next_meeting"] is None
    # The second partner of the export, by hand: won 26,000 (46 days), 31,500 (53), 9,750 (39);
    # the 18,000 renewal is left out.
    cobalt = shipped.load("cobalt-bay")
    assert cobalt["deals"] == {
        **cobalt["deals"],  # type: ignore[dict-item]
        "won_12m": 3,
        "lost_12m": 3,
        "avg_deal_size": round((26000 + 31500 + 9750) / 3),
        "sales_cycle_days": 46,
    }
    assert cobalt["pipeline"] == {
        "commit": 21000,
        "best_case": 34000,
        "pipeline": 15000,
        "stale": 34000,  # last activity 10/20/2026: 41 days
    }
    validated = shipped.run("validate")
    assert validated.exit_code == 0, validated.output
    assert "13 assessments valid" in validated.stdout  # the 11 shipped and the 2 new


def test_the_copy_keeps_comments_order_and_layout(shipped: Shipped) -> None:
    source = (shipped.assessments / "northwind" / "2026-10-15.yaml").read_text()
    assert shipped.run("import", str(SALESFORCE), "--date", DAY).exit_code == 0
    copy = (shipped.assessments / "northwind" / f"{DAY}.yaml").read_text()
    for line in source.splitlines():
        if "#" in line:  # every comment of the source is still there, where it was
            assert line in copy.splitlines(), line
    assert copy.startswith("# yaml-language-server: $schema=../assessment.schema.json\n")
    assert "  recurring_base: 150000  # subscription renewals due in the plan year" in copy
    assert "  - {quarter: 2025-Q4, commit: 62000, actual: 65000}" in copy  # flow style kept
    assert "  notes: >-\n    Owner is cautious about hiring" in copy  # folded text kept
    old, new = parse(source.encode()).data, parse(copy.encode()).data
    assert list(new) == [*old, "imported"]
    for section, fields in old.items():
        if isinstance(fields, dict):
            assert list(new[section]) == list(fields), section
    # Only the imported figures, the date and the next meeting changed.
    changed = {
        line.split(":")[0].strip()
        for line in set(source.splitlines()) ^ set(copy.split("\n# Written by")[0].splitlines())
    }
    assert changed == {
        "date",
        "next_meeting",
        "new_bookings_last_12_months",
        "won_12m",
        "lost_12m",
        "avg_deal_size",
        "sales_cycle_days",
        "opps_created_12m",
        "commit",
        "best_case",
        "pipeline",
        "stale",
    }
    assert re.search(r"\n  next_meeting: +# next joint meeting, YYYY-MM-DD: .*fill it in\n", copy)


def test_provenance_is_recorded_and_replaced_by_the_next_import(shipped: Shipped) -> None:
    assert shipped.run("import", str(SALESFORCE), "--date", DAY).exit_code == 0
    record = shipped.load("northwind")["imported"]
    assert record == {
        "file": "salesforce-opportunities.csv",
        "sha256": hashlib.sha256(SALESFORCE.read_bytes()).hexdigest(),
        "rows": "37 of 47",  # 37 Northwind rows, 10 Cobalt Bay; the footer is no row
        "mapping": "salesforce",
        "date": dt.date.today().isoformat(),
        "figures": [d.field for d in IMPORTED if not d.field.startswith("program.")],
    }
    # A later import copies the new file and replaces its record, once.
    again = shipped.run(
        "import",
        str(SALESFORCE),
        "--date",
        "2026-12-01",
        "--partner-column",
        "Partner Account",
        "--mapping",
        "salesforce",
    )
    assert again.exit_code == 0, again.output
    text = (shipped.assessments / "northwind" / "2026-12-01.yaml").read_text()
    assert text.count("imported:") == 1 and text.count("# Written by playbook import") == 1
    assert shipped.load("northwind", "2026-12-01")["deals"]["won_12m"] == 10  # type: ignore[index]
    assert shipped.run("validate").exit_code == 0


def test_the_same_import_twice_refuses_and_changes_nothing(shipped: Shipped) -> None:
    args = ("import", str(SALESFORCE), "--date", DAY)
    assert shipped.run(*args).exit_code == 0
    before = shipped.snapshot()
    second = shipped.run(*args)
    assert second.exit_code == 1
    assert f"assessments/northwind/{DAY}.yaml: already exists; nothing was written" in second.stderr
    assert shipped.snapshot() == before


def test_dry_run_writes_nothing_and_shows_the_diff(shipped: Shipped) -> None:
    before = shipped.snapshot()
    result = shipped.run("import", str(SALESFORCE), "--date", DAY, "--dry-run")
    assert result.exit_code == 0, result.output
    assert shipped.snapshot() == before
    lines = result.stdout.splitlines()
    assert any(re.fullmatch(r"  deals\.won_12m +16 -> 10", line) for line in lines), lines
    assert any(re.match(r"  pipeline\.stale +12,000 -> 89,500 ", line) for line in lines)
    assert any(re.fullmatch(r"  deals\.lost_12m +25 -> 11", line) for line in lines)
    assert "  assessment.next_meeting" in result.stdout and "2026-12-09 -> empty" in result.stdout
    assert "dry run: nothing written (2 new assessments would be)" in result.stdout
    # The normal run shows the same diff before it writes.
    written = shipped.run("import", str(SALESFORCE), "--date", DAY)
    assert written.stdout.startswith(result.stdout.split("dry run:")[0])
    assert f"wrote assessments/northwind/{DAY}.yaml" in written.stdout


def test_hubspot_preset_on_a_hubspot_export(shipped: Shipped) -> None:
    result = shipped.run("import", str(HUBSPOT), "--partner", "pinecrest-it", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "(mapping hubspot)" in result.stdout  # found from the header
    data = shipped.load("pinecrest-it")
    # Won 12,000 (37 days), 8,000.50 (35), 20,000 (67); the 10,000 renewal is left out.
    assert data["deals"] == {
        **data["deals"],  # type: ignore[dict-item]
        "won_12m": 3,
        "lost_12m": 2,
        "opps_created_12m": 9,
        "avg_deal_size": 13334,  # 40,000.50 / 3 = 13,333.5, rounded up
        "sales_cycle_days": 37,
    }
    assert data["revenue"]["new_bookings_last_12_months"] == 40000.5  # type: ignore[index]
    # Open: commit 15,000; best case 9,000 (close 11/15 passed: stale); pipeline 4,000
    # (created 11/02, no activity: 28 days, not stale); "Not forecasted" 3,000 in none.
    assert data["pipeline"] == {"commit": 15000, "best_case": 9000, "pipeline": 4000, "stale": 9000}
    assert shipped.run("validate").exit_code == 0


# --- Messy and hostile input ----------------------------------------------------------------

GERMAN = "extends: salesforce\nlocale: de_DE\npartner_column: null\n"
HEADER = [
    "Opportunity ID",
    "Opportunity Name",
    "Stage",
    "Forecast Category",
    "Amount",
    "Opportunity Currency",
    "Created Date",
    "Close Date",
]


def export(rows: list[list[str]], header: list[str] = HEADER, sep: str = ",") -> str:
    def cell(value: str) -> str:
        needs = any(c in value for c in f'{sep}"\n\r')
        return '"' + value.replace('"', '""') + '"' if needs else value

    return "".join(sep.join(cell(v) for v in row) + "\r\n" for row in [header, *rows])


WON_ROW = ["006A", "Backup", "Closed Won", "Closed", "12,500.00", "EUR", "1/5/2026", "2/5/2026"]


@pytest.fixture
def acme(project: Project) -> Project:
    project.write("acme/2026-09-30.yaml", VALID)
    return project


def run_import(project: Project, text: str | bytes, *args: str) -> Result:
    path = project.root / "export.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return project.run("import", str(path), "--partner", "acme", "--date", "2026-10-31", *args)


def written(project: Project) -> list[str]:
    return sorted(p.name for p in (project.root / "assessments" / "acme").iterdir())


def test_messy_csv_reads_right(acme: Project) -> None:
    """A German-locale Salesforce export: BOM, semicolons, CRLF, a quoted line break."""
    (acme.root / "de.yaml").write_text(GERMAN)
    rows = [
        [
            "006A",
            "Backup;\r\nphase 2",
            "Closed Won",
            "Closed",
            "12.500,00",
            "EUR",
            "05.01.2026",
            "05.02.2026",
        ],
        ["006B", 'Say "hi"', "Closed Won", "Closed", "7500", "EUR", "01.03.2026", "31.03.2026"],
        ["006C", "Open", "Prospecting", "Pipeline", "1.000,50", "EUR", "01.09.2026", "1.12.2026"],
    ]
    raw = codecs.BOM_UTF8 + export(rows, sep=";").encode()
    result = run_import(acme, raw, "--mapping", "de.yaml")
    assert result.exit_code == 0, result.output
    data = parse((acme.root / "assessments/acme/2026-10-31.yaml").read_bytes()).data
    assert data["deals"]["won_12m"] == 2 and data["deals"]["opps_created_12m"] == 3
    assert data["revenue"]["new_bookings_last_12_months"] == 20000
    assert data["deals"]["sales_cycle_days"] == 31  # 31 and 30 days: 30.5 rounds up
    assert data["pipeline"]["pipeline"] == 1000.5
    table = read_table(acme.root / "export.csv", "auto", HEADER)
    assert table.delimiter == ";" and table.header == HEADER
    assert [r.cells[1] for r in table.rows] == ["Backup;\r\nphase 2", 'Say "hi"', "Open"]
    assert [r.line for r in table.rows] == [2, 4, 5]  # the line where each row starts


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ((4, "EUR 12.500,00"), "Amount", "without a currency, got 'EUR 12.500,00'"),
        ((4, "(1,200)"), "Amount", "must be 0 or more, got '(1,200)'"),
        ((4, "12.500,00"), "Amount", "must be a plain number like 12,500.00 or 12500"),
        ((4, "12,50"), "Amount", "must be a plain number like 12,500.00 or 12500"),
        ((4, "=1200+300"), "Amount", "got a formula '=1200+300'"),
        ((7, "2026-02-05"), "Close Date", "must be a date like M/D/YYYY, got '2026-02-05'"),
        ((7, "2/30/2026"), "Close Date", "is not a day of the calendar: '2/30/2026'"),
        ((5, "USD"), "Opportunity Currency", "is 'USD', but the partner's assessment is in EUR"),
        ((3, "Maybe"), "Forecast Category", "'Maybe' is not a value the mapping knows"),
    ],
)
def test_a_bad_cell_is_located_and_nothing_is_written(
    acme: Project, cell: tuple[int, str], column: str, message: str
) -> None:
    bad = list(WON_ROW)
    bad[cell[0]] = cell[1]
    if column == "Forecast Category":
        bad[2] = "Negotiation"  # an open deal: its category is read
    result = run_import(acme, export([["006Z", *WON_ROW[1:]], bad]))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(f"export.csv:3:{cell[0] + 1}: {column}: ") and message in line
        for line in lines
    ), lines
    assert written(acme) == ["2026-09-30.yaml"]


def test_duplicate_ids_and_missing_columns_are_located(acme: Project) -> None:
    twice = run_import(acme, export([WON_ROW, WON_ROW]))
    assert twice.exit_code == 1
    assert (
        "export.csv:3:1: Opportunity ID: duplicate opportunity id '006A' (first on line 2)"
        in twice.stderr
    )
    header = [h for h in HEADER if h != "Close Date"]
    missing = run_import(acme, export([WON_ROW[:-1]], header=header))
    assert missing.exit_code == 1
    assert "export.csv:1:1: Close Date: missing column 'Close Date'" in missing.stderr
    assert written(acme) == ["2026-09-30.yaml"]


def test_one_bad_row_of_a_partner_writes_nothing_for_anyone(shipped: Shipped) -> None:
    text = SALESFORCE.read_bytes().replace(b'"9800"', b'"9.800,00"')
    (shipped.root / "bad.csv").write_bytes(text)
    before = shipped.snapshot()
    result = shipped.run("import", str(shipped.root / "bad.csv"), "--date", DAY)
    assert result.exit_code == 1
    assert re.search(r"bad\.csv:\d+:10: Amount: must be a plain number", result.stderr)
    assert shipped.snapshot() == before


def test_a_partner_without_an_assessment_is_reported_not_created(shipped: Shipped) -> None:
    text = SALESFORCE.read_text(encoding="utf-8-sig").replace(
        '"Cobalt Bay Networks B.V."', '"Zephyr Networks"'
    )
    (shipped.root / "new.csv").write_text(text, encoding="utf-8")
    result = shipped.run("import", str(shipped.root / "new.csv"), "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "'Zephyr Networks'" in result.stderr and "playbook new" in result.stderr
    assert not (shipped.assessments / "zephyr-networks").exists()
    assert not (shipped.assessments / "cobalt-bay" / f"{DAY}.yaml").exists()
    assert (shipped.assessments / "northwind" / f"{DAY}.yaml").exists()
    alone = shipped.run("import", str(SALESFORCE), "--partner", "zephyr", "--date", DAY)
    assert alone.exit_code == 1
    assert "partner 'zephyr' has no assessment" in alone.stderr
    assert "playbook new zephyr" in alone.stderr


def test_a_formula_stays_text(acme: Project) -> None:
    link = '=HYPERLINK("https://evil.example/x","Click")'
    path = acme.root / "export.csv"
    path.write_text(export([["006A", link, *WON_ROW[2:]]]), encoding="utf-8", newline="")
    table = read_table(path, "auto", HEADER)
    assert table.rows[0].cells[1] == link  # read as the text it is
    result = run_import(acme, path.read_text())
    assert result.exit_code == 0, result.output
    assert "HYPERLINK" not in (acme.root / "assessments/acme/2026-10-31.yaml").read_text()
    assert "HYPERLINK" not in result.output
    # As an amount it is refused (above); as a partner it names no partner.
    partner = export([[*WON_ROW, link]], header=[*HEADER, "Partner Account"])
    path.write_text(partner, encoding="utf-8", newline="")
    named = acme.run("import", str(path), "--date", "2026-10-31")
    assert named.exit_code == 1
    assert "no partner in the export has an assessment" in named.stderr
    assert "'=HYPERLINK(" in named.stderr


def test_an_import_older_than_the_newest_assessment_is_refused(acme: Project) -> None:
    result = acme.run("import", "x.csv", "--partner", "acme")
    assert result.exit_code == 1 and "x.csv: no such file" in result.stderr
    (acme.root / "x.csv").write_text(export([WON_ROW]))
    old = acme.run("import", "x.csv", "--partner", "acme", "--date", "2026-09-01")
    assert old.exit_code == 1
    assert "is newer than --date 2026-09-01" in old.stderr
    assert written(acme) == ["2026-09-30.yaml"]


def test_an_assessment_without_next_meeting_or_program_gets_them(acme: Project) -> None:
    """VALID has no next_meeting and no program section: both are added where they belong,
    and deal registrations come from a registration column."""
    mapping = (
        "extends: salesforce\npartner_column: null\n"
        "columns: {registration: Deal Registration}\n"
        "registrations: {approved: [Approved], expired: [Expired], submitted: [Pending]}\n"
    )
    (acme.root / "reg.yaml").write_text(mapping)
    header = [*HEADER, "Deal Registration"]
    rows = [
        [*WON_ROW, "Approved"],
        ["006B", "B", "Closed Lost", "Omitted", "", "EUR", "3/1/2026", "4/1/2026", "expired"],
        ["006C", "C", "Prospecting", "Pipeline", "800", "", "9/1/2026", "12/1/2026", "Pending"],
        ["006D", "D", "Prospecting", "Pipeline", "200", "EUR", "9/2/2026", "12/1/2026", ""],
    ]
    result = run_import(acme, export(rows, header=header), "--mapping", "reg.yaml")
    assert result.exit_code == 0, result.output
    text = (acme.root / "assessments/acme/2026-10-31.yaml").read_text()
    data = parse(text.encode()).data
    assert list(data["assessment"]) == ["date", "next_meeting"]
    assert data["program"] == {
        "deal_reg_submitted": 3,
        "deal_reg_approved": 1,
        "deal_reg_expired": 1,
    }
    assert list(data).index("program") == list(data).index("forecast_history") + 1
    assert data["imported"]["mapping"] == "reg.yaml"
    assert acme.run("validate").exit_code == 0


# --- Mappings and cells ---------------------------------------------------------------------


def test_the_presets_are_valid_and_an_invalid_mapping_is_located(project: Project) -> None:
    assert check_mappings(ROOT) == []
    name, mapping = load_mapping(ROOT, "salesforce")
    assert (name, mapping.dates, mapping.numbers) == ("salesforce", "M/D/YYYY", "en")
    assert load_mapping(ROOT, "hubspot")[1].dates == "YYYY-MM-DD HH:MM"
    (project.root / "bad.yaml").write_text(
        "extends: salesforce\nlocale: xx_XX\nstages:\n  won: [Closed Won]\n  lost: [Closed Won]\n"
    )
    project.write("acme/2026-09-30.yaml", VALID)
    (project.root / "x.csv").write_text(export([WON_ROW]))
    result = project.run("import", "x.csv", "--partner", "acme", "--mapping", "bad.yaml")
    assert result.exit_code == 1
    assert re.search(r"^bad\.yaml:2:9: locale: Input should be 'en_US'", result.stderr, re.M)
    (project.root / "bad.yaml").write_text(
        "extends: salesforce\nstages:\n  won: [Closed Won]\n  lost: [Closed Won]\n"
    )
    again = project.run("import", "x.csv", "--partner", "acme", "--mapping", "bad.yaml")
    assert "bad.yaml:4:3: stages.lost: 'Closed Won' is listed under both won and lost" in (
        again.stderr
    )
    none = project.run("import", "x.csv", "--partner", "acme", "--mapping", "nope")
    assert none.exit_code == 1 and "no mapping preset 'nope'" in none.stderr


def test_the_readme_pipedrive_example_is_a_valid_mapping(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("    label: Pipedrive deals export")[1].split("\n\n")[0]
    text = "label: Pipedrive deals export" + "\n".join(
        line.removeprefix("    ") for line in block.splitlines()
    )
    (tmp_path / "pipedrive.yaml").write_text(text)
    _, mapping = load_mapping(ROOT, str(tmp_path / "pipedrive.yaml"))
    assert mapping.columns.forecast_category is None and mapping.numbers == "de"


@pytest.mark.parametrize(
    ("form", "cell", "value"),
    [
        ("en", "12,500.00", 12500.0),
        ("en", "12500", 12500.0),
        ("en", "1,234,567.5", 1234567.5),
        ("de", "12.500,00", 12500.0),
        ("de", "12500,5", 12500.5),
        ("fr", "12\u202f500,00", 12500.0),
        ("plain", "8000.5", 8000.5),
        ("en", "", None),
    ],
)
def test_amount_forms_accepted(form: str, cell: str, value: float | None) -> None:
    assert amount_reader(form)(cell) == value


@pytest.mark.parametrize(
    ("form", "cell"),
    [
        ("en", "12.500,00"),
        ("en", "12,50"),
        ("en", "1,2345"),
        ("en", "-5"),
        ("en", "$12,500"),
        ("de", "12,500.00"),
        ("de", "12.5"),
        ("plain", "12,500"),
        ("en", "1e5"),
        ("en", "0x10"),
    ],
)
def test_amount_forms_refused(form: str, cell: str) -> None:
    with pytest.raises(CellProblem):
        amount_reader(form)(cell)


def test_date_formats() -> None:
    us = date_reader("M/D/YYYY")
    assert us("3/7/2026") == dt.date(2026, 3, 7) and us("03/07/2026") == dt.date(2026, 3, 7)
    hubspot = date_reader("YYYY-MM-DD HH:MM")
    assert hubspot("2026-03-07 14:30") == dt.date(2026, 3, 7)
    for bad in ("2026-03-07", "7.3.2026", "3/7/26", "13/1/2026"):
        with pytest.raises(CellProblem):
            us(bad)
    with pytest.raises(ValueError, match="the day"):
        date_reader("MM/YYYY")


def test_every_imported_figure_is_defined_on_the_figures_page() -> None:
    from generator.render.pages import environment, figures_page

    assert tuple(d.field for d in IMPORTED) == IMPORTED_FIGURES
    page = figures_page(environment(ROOT, html_output=True))
    body = str(page.body) if hasattr(page, "body") else str(page)
    assert "Figures imported from the CRM" in body
    for definition in IMPORTED:
        assert f"<code>{definition.field}</code>" in body
    assert "five times" in body and "30 days" in body


def test_the_quick_row_reader_agrees_with_the_careful_one() -> None:
    """Valid rows take a quick path; its deals must be those the reporting path reads."""
    from generator.inputs.crm.deals import RowReader, layout

    for file, mapping, column in (
        (SALESFORCE, "salesforce", "Partner Account"),
        (HUBSPOT, "hubspot", None),
    ):
        _, found = load_mapping(ROOT, mapping)
        table = read_table(file, found.delimiter, [])
        where, problems = layout(table, found, column)
        assert problems == []
        currency = "USD" if mapping == "hubspot" else "EUR"
        quick = RowReader(table, found, where, currency).read(table.rows)
        careful = RowReader(table, found, where, currency)
        assert quick == [careful.deal(row) for row in table.rows]
        assert careful.problems == [] and len(quick) == len(table.rows)


def test_files_that_are_not_utf8_csv_are_refused_where_they_break(acme: Project) -> None:
    latin = export([["006A", "Caf\xe9", *WON_ROW[2:]]]).encode("latin-1")
    result = run_import(acme, latin)
    assert result.exit_code == 1
    assert "export.csv:2:9: not UTF-8 text (byte 0xe9); export the report as UTF-8" in (
        result.stderr
    )
    utf16 = codecs.BOM_UTF16_LE + export([WON_ROW]).encode("utf-16-le")
    assert run_import(acme, utf16, "--dry-run").exit_code == 0
    broken = export([WON_ROW]) + '006B,"Backup"x,Closed Won\r\n'
    result = run_import(acme, broken)
    assert result.exit_code == 1
    assert "export.csv:3:1: not valid CSV: ',' expected after '\"'" in result.stderr
    short = export([WON_ROW]) + "006B,Backup,Closed Won\r\n"
    result = run_import(acme, short)
    assert "export.csv:3:1: the row has 3 cells, the header 8" in result.stderr
    both = run_import(acme, export([WON_ROW]), "--partner-column", "X")
    assert both.exit_code == 1 and "give --partner or --partner-column, not both" in both.stderr
    assert written(acme) == ["2026-09-30.yaml"]


def test_a_copy_that_would_be_invalid_is_not_written(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID.replace("  tier: Silver", "  tier: Bronze"))
    result = run_import(project, export([WON_ROW]))
    assert result.exit_code == 1
    assert "assessments/acme/2026-10-31.yaml:4:9: partner.tier: must be one of" in result.stderr
    assert (
        "assessments/acme/2026-09-30.yaml: its copy would be invalid (above), so nothing was "
        "written" in result.stderr
    )
    assert written(project) == ["2026-09-30.yaml"]
