"""The CLI as a user runs it: scaffold, schema, help and documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, Project
from generator.cli import cli
from generator.domain import Dimension

FILLED = {
    "  tenure_months:  ": "  tenure_months: 14",
    "  last_12_months:  ": "  last_12_months: 120000",
    "  new_bookings_last_12_months:  ": "  new_bookings_last_12_months: 90000",
    "  target_revenue:  ": "  target_revenue: 200000",
    "    - goal:  ": "    - goal: Book 150k of new business",
    "      owner:  ": "      owner: Sales lead",
    "  won_12m:  ": "  won_12m: 6",
    "  lost_12m:  ": "  lost_12m: 9",
    "  avg_deal_size:  ": "  avg_deal_size: 15000",
    "      share_on_vendor:  ": "      share_on_vendor: 0.5",
}


def fill(text: str) -> str:
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace("    score:\n", "    score: 3\n").replace(
        "    evidence:\n", "    evidence: Seen in the last review\n"
    )
    return text


def test_new_scaffold_fails_until_filled_then_validates(project: Project) -> None:
    result = project.run(
        "new",
        "acme-it",
        "--name",
        "Acme IT",
        "--date",
        "2026-11-02",
        "--tier",
        "Silver",
        "--currency",
        "GBP",
    )
    assert result.exit_code == 0, result.output
    path = project.root / "assessments" / "acme-it" / "2026-11-02.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../assessment.schema.json\n")
    assert "  currency: GBP" in text and "  tier: Silver" in text
    unfilled = project.run("validate")
    assert unfilled.exit_code == 1
    assert (
        "assessments/acme-it/2026-11-02.yaml:13:17: partner.tenure_months: must be a number "
        "of months from 0 to 600, got nothing"
    ) in unfilled.stderr.splitlines()
    path.write_text(fill(text))
    result = project.run("validate")
    assert result.exit_code == 0, result.output


def test_new_never_overwrites(project: Project) -> None:
    args = ("new", "acme-it", "--name", "Acme IT", "--date", "2026-11-02")
    assert project.run(*args).exit_code == 0
    path = project.root / "assessments" / "acme-it" / "2026-11-02.yaml"
    path.write_text("my work")
    result = project.run(*args)
    assert result.exit_code == 1
    assert "already exists; nothing was written" in result.stderr
    assert path.read_text() == "my work"


def test_new_on_existing_partner_copies_the_latest_with_the_new_date(project: Project) -> None:
    from conftest import VALID

    project.write("acme/2026-06-30.yaml", VALID.replace("2026-09-30", "2026-06-30"))
    project.write("acme/2026-09-30.yaml", VALID.replace("Shared context.", "Newest."))
    result = project.run("new", "acme", "--date", "2026-12-31")
    assert result.exit_code == 0, result.output
    assert "copied from 2026-09-30.yaml" in result.stdout
    copy = (project.root / "assessments" / "acme" / "2026-12-31.yaml").read_text()
    assert "  date: 2026-12-31" in copy and "Newest." in copy
    assert project.run("validate").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "Acme", "--name", "A"), "partner folder name 'Acme' must be 1-64 lower-case"),
        (("new", "../evil", "--name", "A"), "partner folder name '../evil' must be 1-64"),
        (("new", "search", "--name", "A"), "'search' is reserved by the site"),
        (("new", "acme"), "a new partner needs --name"),
        (("new", "acme", "--name", "A\n  tier: Gold"), "--name must be one line"),
        (("new", "acme", "--name", "A", "--currency", "eur"), "--currency must be a three-letter"),
        (("new", "acme", "--name", "x" * 201), "--name must be at most 200 characters, got 201"),
        (
            ("new", "acme", "--name", "A", "--manager", "m" * 201),
            "--manager must be at most 200 characters, got 201",
        ),
        (("new", "acme", "--name", "A", "--manager", "A\nB"), "--manager must be one line"),
        (("new", "acme\n", "--name", "A"), "partner folder name 'acme\\n' must be 1-64"),
        (
            ("new", "acme", "--name", "A", "--date", "1999-12-31"),
            "--date must be from 2000-01-01 to 2099-12-31, got 1999-12-31",
        ),
    ],
)
def test_new_refuses_bad_input(project: Project, args: tuple[str, ...], message: str) -> None:
    result = project.run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not any((project.root / "assessments").iterdir())


def test_new_name_is_data_not_yaml(project: Project) -> None:
    name = 'Evil "Co" tier: Platinum # <script> {{ 7*7 }}'
    result = project.run("new", "evil", "--name", name, "--date", "2026-11-02")
    assert result.exit_code == 0, result.output
    path = project.root / "assessments" / "evil" / "2026-11-02.yaml"
    path.write_text(fill(path.read_text()))
    from generator.inputs.loading import load_portfolio
    from generator.inputs.playbook import load_playbook

    portfolio = load_portfolio([project.root / "assessments"], load_playbook(project.root))
    partner = portfolio.latest(portfolio.partners[0]).partner
    assert partner.name == name
    assert partner.tier == "Registered"


def test_new_names_at_the_limit_validate(project: Project) -> None:
    name, manager = "\U0001f600" * 200, "M\u00fcller " + "m" * 193
    result = project.run(
        "new", "acme", "--name", name, "--manager", manager, "--date", "2026-11-02"
    )
    assert result.exit_code == 0, result.output
    path = project.root / "assessments" / "acme" / "2026-11-02.yaml"
    path.write_text(fill(path.read_text()))
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    from generator.inputs.loading import load_portfolio
    from generator.inputs.playbook import load_playbook

    portfolio = load_portfolio([project.root / "assessments"], load_playbook(project.root))
    partner = portfolio.latest(portfolio.partners[0]).partner
    assert (partner.name, partner.partner_manager) == (name, manager)


def test_a_fresh_scaffold_reports_every_problem_in_one_run(project: Project) -> None:
    assert project.run("new", "acme", "--name", "Acme IT", "--date", "2026-11-02").exit_code == 0
    result = project.run("validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.endswith("goals: give exactly one of target_revenue or growth_multiple")
        for line in lines
    )
    assert "27 problems found" in lines


def test_committed_schema_matches_the_models() -> None:
    from generator.inputs.schema import schema_is_current

    assert schema_is_current(ROOT), "assessments/assessment.schema.json is stale: run make schema"


def test_schema_check_and_write(project: Project) -> None:
    assert project.run("schema", "--check").exit_code == 1
    assert project.run("schema").exit_code == 0
    check = project.run("schema", "--check")
    assert check.exit_code == 0, check.output
    schema = (project.root / "assessments" / "assessment.schema.json").read_text()
    for dimension in Dimension:
        assert f'"{dimension.value}"' in schema


def test_every_command_has_help_and_is_documented() -> None:
    from click.testing import CliRunner

    readme = (ROOT / "README.md").read_text()
    for name in cli.commands:
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert re.search(rf"playbook {name}\b", readme), f"`playbook {name}` is not in README.md"


def test_unknown_partner_is_an_error(project: Project) -> None:
    from conftest import VALID

    project.write("acme/2026-09-30.yaml", VALID)
    result = project.run("plan", "nope")
    assert result.exit_code == 1
    assert "no partner 'nope' under assessments/ (known: acme)" in result.stderr


def test_new_refuses_a_symlinked_partner_folder(project: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.root / "assessments" / "acme").symlink_to(elsewhere)
    result = project.run("new", "acme", "--name", "Acme", "--date", "2026-11-02")
    assert result.exit_code == 1
    assert "symbolic links are not allowed; nothing was written" in result.stderr
    assert not any(elsewhere.iterdir())
