"""Every rejection a partner manager can meet, with its exact file:line:col message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import VALID, Project, line_of

F = "assessments/acme/2026-09-30.yaml"
Validate = Callable[[str | bytes], Result]


def test_the_valid_fixture_passes(validate: Validate) -> None:
    result = validate(VALID)
    assert result.exit_code == 0, result.output
    assert "1 partners, 1 assessments valid" in result.stdout


def test_shipped_examples_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from conftest import ROOT
    from generator.cli import cli

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    partners = int(result.stdout.split("ok ")[1].split()[0])
    assert partners >= 8


def replace(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def with_overrides(entries: str) -> str:
    return replace("notes: Shared context.\n", f"overrides:\n{entries}notes: Shared context.\n")


OVERRIDES_AT = line_of(VALID, "notes: Shared") + 1  # the first entry, once inserted
WON = line_of(VALID, "won_12m")

CASES = [
    pytest.param(
        with_overrides("  - {setting: benchmarks.nope, value: 1, reason: because}\n"),
        f"{F}:{OVERRIDES_AT}:15: overrides[0].setting: unknown setting 'benchmarks.nope'; name "
        "a setting of program.yaml's benchmarks or defaults, like benchmarks.win_rate "
        "(assessment.schema.json lists them for your editor)",
        id="override-unknown-setting",
    ),
    pytest.param(
        with_overrides("  - {setting: benchmark.win_rate, value: 0.3, reason: because}\n"),
        f"{F}:{OVERRIDES_AT}:15: overrides[0].setting: unknown setting 'benchmark.win_rate'; "
        "did you mean benchmarks.win_rate?",
        id="override-misspelt-setting",
    ),
    pytest.param(
        with_overrides("  - {setting: benchmarks.win_rate, value: 1.5, reason: because}\n"),
        f"{F}:{OVERRIDES_AT}:5: overrides[0]: value must be at most 1 for benchmarks.win_rate, "
        "got 1.5",
        id="override-out-of-bounds",
    ),
    pytest.param(
        with_overrides("  - {setting: benchmarks.win_rate, value: 0.3}\n"),
        f"{F}:{OVERRIDES_AT}:5: overrides[0].reason: missing required field (Why this partner "
        "differs; shown with every figure it moves.)",
        id="override-without-reason",
    ),
    pytest.param(
        with_overrides(
            "  - {setting: defaults.slip_share, value: 0.2, reason: a}\n"
            "  - {setting: defaults.slip_share, value: 0.1, reason: b}\n"
        ),
        f"{F}:{OVERRIDES_AT - 1}:1: overrides: defaults.slip_share is overridden more than once; "
        "keep one entry",
        id="override-twice",
    ),
    pytest.param(
        replace("forecast_history:", "program:\n  certified_people: -1\nforecast_history:"),
        f"{F}:{line_of(VALID, 'forecast_history:') + 1}:21: program.certified_people: must be a "
        "whole number from 0 to 1,000,000, got -1",
        id="certified-people-negative",
    ),
    pytest.param(
        replace("solution_selling: {score: 3,", "solution_selling: {score: 7,"),
        f"{F}:{line_of(VALID, 'solution_selling')}:29: capabilities.solution_selling.score: "
        "must be 1-5 or unknown, got 7",
        id="score-out-of-range",
    ),
    pytest.param(
        replace("tenure_months: 30", "tenure_month: 30"),
        f"{F}:5:3: partner.tenure_month: unknown field 'tenure_month'; did you mean "
        "'tenure_months'?",
        id="typo-suggests-closest-field",
    ),
    pytest.param(
        replace("gross_revenue_retention: 0.9", "gross_revenue_retention: 90"),
        f"{F}:14:28: revenue.gross_revenue_retention: must be a fraction from 0 to 1 "
        "(write 90% as 0.9), got 90",
        id="percentage-instead-of-fraction",
    ),
    pytest.param(
        replace("tier: Silver", "tier: silver"),
        f"{F}:4:9: partner.tier: must be one of Registered, Silver, Gold or Platinum, got "
        "'silver'; did you mean 'Silver'?",
        id="enum-case",
    ),
    pytest.param(
        replace("  currency: EUR", "  currency: euro"),
        f"{F}:7:13: partner.currency: must be a three-letter currency code like EUR, got 'euro'",
        id="currency-code",
    ),
    pytest.param(
        replace("  date: 2026-09-30", "  date: 2026-10-01"),
        f"{F}:9:9: assessment.date: must match the file name 2026-09-30, got 2026-10-01",
        id="date-matches-file-name",
    ),
    pytest.param(
        replace("  date: 2026-09-30", "  date: 30/09/2026"),
        f"{F}:9:9: assessment.date: must be a date like 2026-09-30, got '30/09/2026'",
        id="date-format",
    ),
    pytest.param(
        replace("  won_12m: 10\n", ""),
        f"{F}:17:1: deals.won_12m: missing required field (Qualified opportunities closed won.)",
        id="missing-field",
    ),
    pytest.param(
        replace("  stale: 10000", "  stale: 900000"),
        f"{F}:23:1: pipeline: stale (900,000) exceeds the open pipeline (120,000)",
        id="cross-field-stale",
    ),
    pytest.param(
        replace("  target_revenue: 450000", "  target_revenue: 450000\n  growth_multiple: 1.5"),
        f"{F}:15:1: goals: give exactly one of target_revenue or growth_multiple",
        id="one-target",
    ),
    pytest.param(
        replace("  gross_revenue_retention: 0.9\n", ""),
        f"{F}:10:1: revenue: gross_revenue_retention is required when recurring_base is above 0",
        id="grr-needed-for-recurring",
    ),
    pytest.param(
        replace("      share_on_vendor: 0.5", "      share_on_vendor: -0.5"),
        f"{F}:31:24: team.sellers[0].share_on_vendor: must be a fraction from 0 to 1 "
        "(write 90% as 0.9), got -0.5",
        id="negative-share",
    ),
    pytest.param(
        replace("  last_12_months: 300000", "  last_12_months: 300k"),
        f"{F}:11:19: revenue.last_12_months: must be an amount from 0 to 1 trillion in the "
        "partner's currency, like 420000, got '300k'",
        id="money-with-suffix",
    ),
    pytest.param(
        replace("  last_12_months: 300000", "  last_12_months: 1.0e+15"),
        f"{F}:11:19: revenue.last_12_months: must be an amount from 0 to 1 trillion in the "
        "partner's currency, like 420000, got 1000000000000000.0",
        id="money-absurdly-large",
    ),
    pytest.param(
        replace("won_12m: 10", "won_12m: 1e308"),
        f"{F}:{WON}:12: deals.won_12m: must be a whole number from 0 to 1,000,000, got 1e+308",
        id="count-absurdly-large",
    ),
    pytest.param(
        replace("won_12m: 10", "won_12m: 1000001"),
        f"{F}:{WON}:12: deals.won_12m: must be a whole number from 0 to 1,000,000, got 1000001",
        id="count-over-the-limit",
    ),
    pytest.param(
        replace("avg_deal_size: 20000", "avg_deal_size: 1e300"),
        f"{F}:{WON + 2}:18: deals.avg_deal_size: must be an amount from 0 to 1 trillion in the "
        "partner's currency, like 420000, got 1e+300",
        id="money-1e300",
    ),
    pytest.param(
        replace("  date: 2026-09-30", "  date: 2026-09-30\n  next_meeting: 0"),
        f"{F}:10:17: assessment.next_meeting: must be a date like 2026-09-30, got 0",
        id="date-zero-is-not-1970",
    ),
    pytest.param(
        replace("  date: 2026-09-30", "  date: 2026-09-30\n  next_meeting: 1999-12-31"),
        f"{F}:10:17: assessment.next_meeting: must be a date from 2000-01-01 to 2099-12-31, "
        "got 1999-12-31",
        id="date-before-2000",
    ),
    pytest.param(
        replace("  date: 2026-09-30", "  date: 9999-12-31"),
        f"{F}:9:9: assessment.date: must be a date from 2000-01-01 to 2099-12-31, got 9999-12-31",
        id="date-after-2099",
    ),
    pytest.param(
        replace(
            "  target_revenue: 450000",
            "  target_revenue: 450000\n  mutual:\n"
            "    - {goal: Grow, owner: Sales lead, due: 1970-01-01}",
        ),
        f"{F}:18:44: goals.mutual[0].due: must be a date from 2000-01-01 to 2099-12-31, "
        "got 1970-01-01",
        id="goal-due-before-2000",
    ),
    pytest.param(
        replace("{quarter: 2026-Q1,", "{quarter: 1999-Q4,"),
        f"{F}:{line_of(VALID, '2026-Q1')}:15: forecast_history[0].quarter: must be a quarter "
        "from 2000-Q1 to 2099-Q4, like 2026-Q1, got '1999-Q4'",
        id="quarter-before-2000",
    ),
    pytest.param(
        replace("  presales_fte: 0.5", "  presales_fte: 0.5\n  fte_prev: 1001"),
        f"{F}:{line_of(VALID, 'presales_fte') + 1}:13: team.fte_prev: must be a number of FTE "
        "from 0 to 1000, got 1001",
        id="fte-over-the-limit",
    ),
    pytest.param(
        with_overrides("  - {setting: defaults.sales_cycle_days, value: 1e308, reason: because}\n"),
        f"{F}:{OVERRIDES_AT}:5: overrides[0]: value must be at most 3650 for "
        "defaults.sales_cycle_days, got 1e+308",
        id="override-absurdly-large",
    ),
    pytest.param(
        with_overrides("  - {setting: benchmarks.win_rate, value: '0.3', reason: because}\n"),
        f"{F}:{OVERRIDES_AT}:43: overrides[0].value: must be a number, got '0.3'",
        id="override-value-text",
    ),
    pytest.param(
        replace("  name: Acme IT", "  name: " + "1" * 100),
        f"{F}:2:9: partner.name: must be text (put it in quotes), got "
        f"{'1' * 50}... (100 characters)",
        id="long-value-shown-short",
    ),
    pytest.param(
        replace("  tier: Silver", "  tier: Silver\n  segment: smb"),
        f"{F}:5:12: partner.segment: must be one of default, msp, got 'smb'",
        id="unknown-segment",
    ),
    pytest.param(
        replace("  has_sales_manager: true", "  has_sales_manager: yes"),
        f"{F}:34:22: team.has_sales_manager: must be true or false, got 'yes'",
        id="yaml11-yes-is-not-true",
    ),
    pytest.param(
        replace("notes: Shared context.", "notes: Shared context.\nnotes: again"),
        f"{F}:{line_of(VALID, 'notes: Shared') + 1}:1: notes: duplicate key 'notes' "
        f"(first defined at line {line_of(VALID, 'notes: Shared')})",
        id="duplicate-key",
    ),
    pytest.param(
        replace("  name: Acme IT", "  name: &n Acme IT\n  customer_focus: *n"),
        f"{F}:2:9: anchors (&name) are not allowed",
        id="anchor",
    ),
    pytest.param(
        replace("  name: Acme IT", "  name: !!python/object/apply:os.system [echo hi]"),
        f"{F}:2:9: tags like 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",
        id="python-tag",
    ),
    pytest.param(
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        f"{F}:1:4: anchors (&name) are not allowed",
        id="billion-laughs",
    ),
    pytest.param(
        replace("notes: Shared context.", 'notes: "abc\\u202edef"'),
        f"{F}:{line_of(VALID, 'notes: Shared')}:8: bidirectional control character U+202E is "
        "not allowed",
        id="bidi-override",
    ),
    pytest.param(
        replace("notes: Shared context.", 'notes: "bell\\x07"'),
        f"{F}:{line_of(VALID, 'notes: Shared')}:8: control character U+0007 at offset 4 is not "
        "allowed",
        id="control-character",
    ),
    pytest.param(
        VALID.encode("utf-8").replace(b"Acme IT", b"Acme \xe9 IT"),
        f"{F}:2:1: not valid UTF-8 (byte 22); save the file as UTF-8",
        id="not-utf8",
    ),
    pytest.param(
        "a: " + "[" * 25 + "]" * 25,
        f"{F}:1:23: nesting deeper than 20 levels",
        id="deep-nesting",
    ),
    pytest.param(
        "a: " + "[" * 100_000 + "]" * 100_000,
        f"{F}:1:1003: invalid YAML: exceeded maximum nesting depth",
        id="recursion-bomb",
    ),
    pytest.param(
        "notes: " + "x" * 300_000,
        f"{F}: file is 300,007 bytes; the limit is 262,144",
        id="oversize",
    ),
    pytest.param(
        "partner: [unclosed\n",
        f"{F}:2:1: invalid YAML: did not find expected ',' or ']'",
        id="syntax-error",
    ),
    pytest.param(
        VALID + "---\nnotes: second document\n",
        f"{F}:{line_of(VALID, 'Private view') + 1}:1: only one YAML document per file "
        "(remove the '---' line)",
        id="two-documents",
    ),
    pytest.param(
        "- just\n- a list\n",
        f"{F}:1:1: expected sections like 'partner:' at the top level; run 'playbook new SLUG' "
        "for a commented template",
        id="not-a-mapping",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rejections_are_precise(validate: Validate, text: str | bytes, expected: str) -> None:
    result = validate(text)
    assert result.exit_code == 1
    assert expected in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.output


def test_yaml_11_surprises_do_not_apply(project: Project) -> None:
    from generator.inputs.loading import load_portfolio
    from generator.inputs.playbook import load_playbook

    text = replace("  name: Acme IT", "  name: NO").replace("won_12m: 10", "won_12m: 010")
    project.write("acme/2026-09-30.yaml", text)
    portfolio = load_portfolio([project.root / "assessments"], load_playbook(project.root))
    a = portfolio.latest(portfolio.partners[0])
    assert a.partner.name == "NO"
    assert a.deals.won_12m == 10


def test_free_text_is_kept_literally(project: Project) -> None:
    from generator.inputs.loading import load_portfolio
    from generator.inputs.playbook import load_playbook

    payload = "<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1)) | a | b"
    project.write("acme/2026-09-30.yaml", replace("Shared context.", f"'{payload}'"))
    portfolio = load_portfolio([project.root / "assessments"], load_playbook(project.root))
    assert portfolio.latest(portfolio.partners[0]).notes == payload


def test_all_errors_of_all_files_in_one_run(project: Project) -> None:
    project.write(
        "acme/2026-09-30.yaml", replace("score: 3, evidence: weekly", "score: 0, evidence: weekly")
    )
    project.write(
        "beta/2026-09-30.yaml",
        replace("tier: Silver", "tier: Bronze").replace("won_12m: 10", "won_12m: -1"),
    )
    result = project.run("validate")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("assessments/")]
    assert len(errors) == 3, result.stderr
    assert "3 problems found" in result.stderr


def test_validating_on_every_core_reports_what_one_process_reports(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.inputs.loading as loading

    for n in range(6):  # valid, invalid and same-content files, in several partners
        project.write(
            f"p{n}/2026-09-30.yaml", VALID if n % 2 else replace("score: 3,", "score: 9,")
        )
    project.write("q0/2026-09-30.yaml", VALID.replace("Shared context.", "Other context."))
    outputs = []
    for threshold in (10_000, 1):  # in this process, then on forked workers
        monkeypatch.setattr(loading, "PARALLEL_FROM", threshold)
        result = project.run("validate")
        outputs.append((result.exit_code, result.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and "3 problems found" in outputs[0][1]


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("Acme_IT", "partner folder name 'Acme_IT' must be 1-64 lower-case letters"),
        ("index", "partner folder name 'index' is reserved by the site; choose another"),
        ("con", "partner folder name 'con' is reserved by the site; choose another"),
        ("-acme", "partner folder name '-acme' must be 1-64 lower-case letters"),
    ],
)
def test_unsafe_slugs_are_rejected(project: Project, folder: str, message: str) -> None:
    project.write(f"{folder}/2026-09-30.yaml", VALID)
    result = project.run("validate")
    assert result.exit_code == 1
    assert message in result.stderr


def test_case_insensitive_collision_names_both_files(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    project.write("ACME/2026-09-30.yaml", VALID)
    result = project.run("validate")
    assert result.exit_code == 1
    assert "partner folders assessments/ACME and assessments/acme differ only in letter case" in (
        result.stderr
    )


def test_same_date_twice_names_both_files(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    project.write("acme/2026-09-30.yml", VALID)
    result = project.run("validate")
    assert result.exit_code == 1
    assert (
        "assessments/acme/2026-09-30.yaml and assessments/acme/2026-09-30.yml are the same "
        "assessment; keep one"
    ) in result.stderr


def test_file_name_must_be_a_date(project: Project) -> None:
    project.write("acme/latest.yaml", VALID)
    result = project.run("validate")
    assert result.exit_code == 1
    assert "file name must be the assessment date, like 2026-09-30.yaml, got 'latest.yaml'" in (
        result.stderr
    )


def test_symlinks_are_refused(project: Project) -> None:
    target = project.write("acme/2026-09-30.yaml", VALID)
    (target.parent / "2026-10-31.yaml").symlink_to("/etc/hostname")
    result = project.run("validate")
    assert result.exit_code == 1
    assert "assessments/acme/2026-10-31.yaml: symbolic links are not allowed" in result.stderr


def test_consistency_is_a_warning_not_an_error(validate: Validate) -> None:
    result = validate(replace("avg_deal_size: 20000", "avg_deal_size: 50000"))
    assert result.exit_code == 0, result.output
    assert "warning: deals.won_12m x deals.avg_deal_size = 500,000" in result.stderr


def test_validate_accepts_one_file(project: Project) -> None:
    path = project.write("acme/2026-09-30.yaml", VALID)
    result = project.run("validate", str(path))
    assert result.exit_code == 0, result.output


def test_a_slug_is_matched_whole(project: Project) -> None:
    from generator.inputs.discovery import check_slug

    assert check_slug("acme\n") is not None
    project.write("acme\n/2026-09-30.yaml", VALID)
    result = project.run("validate")
    assert result.exit_code == 1
    assert "partner folder name 'acme\\n' must be 1-64 lower-case letters" in result.stderr


def test_a_symlinked_partner_folder_is_refused(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    elsewhere = project.root / "elsewhere"
    (elsewhere / "beta").mkdir(parents=True)
    (elsewhere / "beta" / "2026-09-30.yaml").write_text(VALID)
    (project.root / "assessments" / "beta").symlink_to(elsewhere / "beta")
    result = project.run("validate")
    assert result.exit_code == 1
    assert "assessments/beta: symbolic links are not allowed" in result.stderr.splitlines()
    assert "1 problem found" in result.stderr


def test_hidden_folders_are_reported_not_skipped_silently(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    project.write(".archive/2026-09-30.yaml", VALID)
    project.write("acme/.drafts/2026-10-31.yaml", VALID)
    project.write("acme/.2026-12-31.yaml", VALID)
    project.write("acme/.2026-09-30.yaml.swp", "editor state")
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert (
        "assessments/.archive: warning: folder ignored because its name starts with a dot"
    ) in lines
    assert (
        "assessments/acme/.drafts: warning: folder ignored because its name starts with a dot"
    ) in lines
    assert (
        "assessments/acme/.2026-12-31.yaml: warning: file ignored because its name starts "
        "with a dot"
    ) in lines
    assert ".swp" not in result.stderr  # editor files stay quiet
    assert "1 partners, 1 assessments valid" in result.stdout


def test_the_schema_file_is_not_a_stray(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    assert project.run("schema").exit_code == 0
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr


def test_cross_field_problems_come_with_field_problems(validate: Validate) -> None:
    text = (
        replace("won_12m: 10", "won_12m: -1")
        .replace(
            "  - {quarter: 2026-Q1, commit: 50000, actual: 45000}\n",
            "  - {quarter: 2026-Q1, commit: 50000, actual: 45000}\n"
            "  - {quarter: 2026-Q1, commit: x, actual: 45000}\n",
        )
        .replace("  stale: 10000", "  stale: 900000\n  best_case_typo: 1")
    )
    result = validate(text)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    second = line_of(text, "commit: x")
    assert f"{F}:{WON}:12: deals.won_12m: must be a whole number from 0 to 1,000,000, got -1" in (
        lines
    )
    assert (
        f"{F}:{second}:15: forecast_history[1].quarter: 2026-Q1 is listed more than once; "
        "keep one entry per quarter"
    ) in lines
    assert f"{F}:23:1: pipeline: stale (900,000) exceeds the open pipeline (120,000)" in lines
    assert "5 problems found" in result.stderr, result.stderr


def test_growth_multiple_without_revenue_is_reported_with_field_problems(
    validate: Validate,
) -> None:
    text = replace("  last_12_months: 300000", "  last_12_months: 0").replace(
        "  target_revenue: 450000", "  growth_multiple: 2\n  partner_own: [42]"
    )
    result = validate(text)
    lines = result.stderr.splitlines()
    own, multiple = line_of(text, "partner_own"), line_of(text, "growth_multiple")
    assert f"{F}:{own}:17: goals.partner_own[0]: must be text (put it in quotes), got 42" in lines
    assert (
        f"{F}:{multiple}:20: goals.growth_multiple: needs revenue.last_12_months above 0; give "
        "target_revenue instead"
    ) in lines, result.stderr


def test_an_override_named_twice_is_reported_with_field_problems(validate: Validate) -> None:
    text = with_overrides(
        "  - {setting: defaults.slip_share, value: 0.2, reason: a}\n"
        "  - {setting: defaults.slip_share, value: 0.1}\n"
    ).replace("tier: Silver", "tier: Bronze")
    result = validate(text)
    lines = result.stderr.splitlines()
    assert any("partner.tier: must be one of" in line for line in lines)
    assert f"{F}:{OVERRIDES_AT + 1}:5: overrides[1].reason: missing required field" in "\n".join(
        lines
    )
    assert (
        f"{F}:{OVERRIDES_AT - 1}:1: overrides: defaults.slip_share is overridden more than once; "
        "keep one entry"
    ) in lines
    assert "3 problems found" in result.stderr


def test_engine_runs_on_every_limit(project: Project) -> None:
    """Every count and amount at its upper limit at once: the plan is computed, not a crash."""
    money, count = "1000000000000", "1000000"
    text = VALID
    for old, new in [
        ("last_12_months: 300000", f"last_12_months: {money}\n  one_off_last_12_months: {money}"),
        ("new_bookings_last_12_months: 200000", f"new_bookings_last_12_months: {money}"),
        ("recurring_base: 50000", f"recurring_base: {money}\n  year_before: {money}"),
        ("target_revenue: 450000", f"target_revenue: {money}\n  next_year_aspiration: {money}"),
        ("won_12m: 10", f"won_12m: {count}"),
        ("lost_12m: 20", f"lost_12m: {count}"),
        ("avg_deal_size: 20000", f"avg_deal_size: {money}"),
        ("sales_cycle_days: 45", "sales_cycle_days: 3650"),
        ("opps_created_12m: 40", f"opps_created_12m: {count}\n  slip_share: 0.9"),
        ("commit: 30000", f"commit: {money}"),
        ("best_case: 40000", f"best_case: {money}"),
        ("pipeline: 50000", f"pipeline: {money}"),
        ("stale: 10000", f"stale: {money}"),
        ("tenure_months: 30", "tenure_months: 600"),
        ("tenure_months: 24", "tenure_months: 600"),
        ("share_on_vendor: 0.5", "share_on_vendor: 1"),
        (
            "presales_fte: 0.5",
            "presales_fte: 1000\n  fte_prev: 1000\n  time_to_hire_months: 600\n"
            "  ramp_months: 600\n  attrition: 1",
        ),
        ("commit: 50000, actual: 45000", f"commit: {money}, actual: {money}"),
        (
            "forecast_history:",
            f"program:\n  deal_reg_submitted: {count}\n  deal_reg_approved: {count}\n"
            f"  deal_reg_expired: {count}\n  mdf_allocated: {money}\n  mdf_claimed: {money}\n"
            f"  certified_people: {count}\nforecast_history:",
        ),
        ("  date: 2026-09-30", "  date: 2026-09-30\n  next_meeting: 2099-12-31"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    project.write("acme/2026-09-30.yaml", text)
    result = project.run("validate")
    assert result.exit_code == 0, result.output
    result = project.run("plan", "acme")
    assert result.exit_code == 0, result.output
    zero = (
        text.replace(money, "0")
        .replace(count, "0")
        .replace("target_revenue: 0", "target_revenue: 1")
    )
    project.write("acme/2026-09-30.yaml", zero)
    result = project.run("plan", "acme")
    assert result.exit_code == 0, result.output


def test_a_file_at_the_latest_date_plans(project: Project) -> None:
    text = replace("  date: 2026-09-30", "  date: 2099-12-31")
    project.write("acme/2099-12-31.yaml", text)
    result = project.run("plan", "acme")
    assert result.exit_code == 0, result.output


def test_too_many_entries_say_so(validate: Validate) -> None:
    rows = "".join(
        f"  - {{quarter: 20{20 + n // 4}-Q{n % 4 + 1}, commit: 1, actual: 1}}\n" for n in range(13)
    )
    text = replace("  - {quarter: 2026-Q1, commit: 50000, actual: 45000}\n", rows)
    result = validate(text)
    assert (
        f"{F}:{line_of(VALID, 'forecast_history:')}:1: forecast_history: has too many entries "
        "(at most 12), got 13"
    ) in result.stderr.splitlines(), result.stderr


def test_files_and_folders_seen_unchanged_are_not_read_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.inputs.discovery as discovery
    import generator.inputs.loading as loading
    from generator.inputs.playbook import load_playbook

    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", -(10**18))  # as if written long ago
    from generator.inputs.rawtext import read_capped

    read: list[str] = []

    def counted(path: Path) -> bytes:
        read.append(path.name)
        return read_capped(path)

    monkeypatch.setattr(loading, "read_capped", counted)
    acme = project.write("acme/2026-09-30.yaml", VALID)
    project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Ltd"))
    model = load_playbook(project.root)

    def load(store: loading.AssessmentStore) -> loading.Portfolio:
        read.clear()
        return loading.load_portfolio([project.root / "assessments"], model, store)

    first = load(loading.AssessmentStore())
    assert sorted(read) == ["2026-09-30.yaml"] * 2
    again = load(loading.AssessmentStore(first.store.checked, first.store.sight.now))
    assert read == [] and again.partners == first.partners  # neither listed nor read again
    acme.write_text(VALID.replace("Acme IT", "Acme XX"))  # the same size, written in place
    third = load(loading.AssessmentStore(again.store.checked, again.store.sight.now))
    assert read == ["2026-09-30.yaml"]
    assert third.latest(third.partners[0]).partner.name == "Acme XX"
    project.write("acme/2026-10-30.yaml", VALID.replace("2026-09-30", "2026-10-30"))
    fourth = load(loading.AssessmentStore(third.store.checked, third.store.sight.now))
    assert len(fourth.partners[0].assessments) == 2  # a new file: its folder is listed again


def test_files_seen_just_after_a_change_are_kept_once_checked_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.inputs.discovery as discovery
    import generator.inputs.loading as loading
    from generator.inputs.playbook import load_playbook

    acme = project.write("acme/2026-09-30.yaml", VALID)
    beta = project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Ltd"))
    model = load_playbook(project.root)
    first = loading.load_portfolio([project.root / "assessments"], model)
    sight = first.store.sight
    assert sight.now.files == {} and len(sight.fresh.files) == 2  # written just now
    beta.write_text(VALID.replace("Acme IT", "Beta XX"))  # changed after it was read
    monkeypatch.setattr(discovery, "TRUST_AFTER_NS", -(10**18))  # later: old enough
    sight.settle(loading.file_digest)
    assert set(sight.now.files) == {str(acme)}  # acme checked again and kept; beta not
    assert str(project.root / "assessments" / "acme") in sight.now.folders
