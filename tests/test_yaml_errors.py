"""The YAML reader meets hostile files: every failure is a located message with a hint, never a
traceback nor a parser's class name."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest
from click.testing import Result

from conftest import VALID, Project, line_of

F = "assessments/acme/2026-09-30.yaml"
Validate = Callable[[str | bytes], Result]
WON = line_of(VALID, "won_12m")


def replace(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


CASES = [
    pytest.param(
        replace("won_12m: 10", "won_12m: " + "9" * 5000),
        f"{F}:{WON}:12: number too long (5,000 digits); if it is text, put it in quotes",
        id="huge-integer-in-a-count",
    ),
    pytest.param(
        replace("  name: Acme IT", "  name: " + "1" * 4301),
        f"{F}:2:9: number too long (4,301 digits); if it is text, put it in quotes",
        id="huge-integer-in-a-text-field",
    ),
    pytest.param(
        replace("won_12m: 10", "won_12m: -" + "1_0" * 3000),
        f"{F}:{WON}:12: number too long (6,000 digits); if it is text, put it in quotes",
        id="huge-integer-with-underscores",
    ),
    pytest.param(
        replace("won_12m: 10", "won_12m: 1\x000"),
        f"{F}:{WON}:13: NUL characters are not allowed; save the file as plain UTF-8 text",
        id="nul-byte",
    ),
    pytest.param(
        "\x00" + VALID,
        f"{F}:1:1: NUL characters are not allowed; save the file as plain UTF-8 text",
        id="nul-first",
    ),
    pytest.param(
        VALID + "# \x01 comment\n",
        f"{F}:{VALID.count(chr(10)) + 1}:3: control character U+0001 is not allowed",
        id="control-character-in-a-comment",
    ),
    pytest.param(
        replace("Shared context.", "Shared \ufffe context."),
        f"{F}:{line_of(VALID, 'Shared context.')}:15: character U+FFFE is not allowed",
        id="non-character",
    ),
    pytest.param(
        VALID.encode("utf-16-le"),
        f"{F}:1:1: file is saved as UTF-16; save it as UTF-8",
        id="utf16-le-without-bom",
    ),
    pytest.param(
        VALID.encode("utf-16-be"),
        f"{F}:1:1: file is saved as UTF-16; save it as UTF-8",
        id="utf16-be-without-bom",
    ),
    pytest.param(
        VALID.encode("utf-16"),
        f"{F}:1:1: file is saved as UTF-16; save it as UTF-8",
        id="utf16-with-bom",
    ),
    pytest.param(
        VALID.encode("utf-32-le"),
        f"{F}:1:1: file is saved as UTF-32; save it as UTF-8",
        id="utf32-le-without-bom",
    ),
    pytest.param(
        VALID.encode("utf-32"),
        f"{F}:1:1: file is saved as UTF-32; save it as UTF-8",
        id="utf32-with-bom",
    ),
    pytest.param(
        "\ufeffpartner: x\n".encode("utf-16-le"),
        f"{F}:1:1: file is saved as UTF-16; save it as UTF-8",
        id="utf16-tiny",
    ),
    pytest.param(
        replace("  name: Acme IT", "\tname: Acme IT"),
        f"{F}:2:1: a tab is used for indentation; indent with spaces",
        id="tab-indent-first-key",
    ),
    pytest.param(
        replace("  type: VAR", "\ttype: VAR"),
        f"{F}:3:1: a tab is used for indentation; indent with spaces",
        id="tab-indent-later-key",
    ),
    pytest.param(
        replace("    - name: Seller A", "  \t- name: Seller A"),
        f"{F}:{line_of(VALID, 'Seller A')}:3: a tab is used for indentation; indent with spaces",
        id="tab-after-spaces",
    ),
    pytest.param(
        replace("    - name: Seller A", "    -\tname: Seller A"),
        f"{F}:{line_of(VALID, 'Seller A')}:6: a tab is not allowed here; use spaces",
        id="tab-after-a-dash",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reader_failures_are_located(validate: Validate, text: str | bytes, expected: str) -> None:
    result = validate(text)
    assert result.exit_code == 1, result.output
    assert expected in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.output
    assert "Error" not in result.stderr  # no parser class names like ReaderError


@pytest.mark.parametrize("text", ["", "\ufeff", "# only a comment\n"])
def test_an_empty_file_asks_for_sections(validate: Validate, text: str) -> None:
    result = validate(text)
    expected = (
        f"{F}:1:1: expected sections like 'partner:' at the top level; run 'playbook new SLUG' "
        "for a commented template"
    )
    assert expected in result.stderr.splitlines(), result.stderr


def test_a_tab_after_a_colon_is_fine(validate: Validate) -> None:
    result = validate(replace("  type: VAR", "  type:\tVAR"))
    assert result.exit_code == 0, result.output


def test_invalid_utf8_still_names_the_byte(validate: Validate) -> None:
    result = validate(VALID.encode("utf-8").replace(b"Acme IT", b"Acme \xe9 IT"))
    assert f"{F}:2:1: not valid UTF-8 (byte 22); save the file as UTF-8" in result.stderr


def test_a_huge_file_is_refused_without_reading_it(project: Project) -> None:
    path = project.write("acme/2026-09-30.yaml", VALID)
    with path.open("r+b") as handle:
        handle.truncate(1 << 30)  # sparse: 1 GiB that takes no disk
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = project.run("validate")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 16 << 20, f"read {peak:,} bytes into memory"
    assert result.exit_code == 1
    assert f"{F}: file is 1,073,741,824 bytes; the limit is 262,144" in result.stderr.splitlines()
