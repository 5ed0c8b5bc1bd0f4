"""The playbook model data (content/model/*.yaml) is validated like an assessment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Project


def test_shipped_model_loads() -> None:
    from generator.inputs.playbook import load_playbook

    model = load_playbook(ROOT)
    assert len(model.plays.plays) == 14 and len(model.rubric.dimensions) == 9
    assert abs(sum(model.program.weights.values()) - 1) < 1e-9
    assert set(model.coaching.plays) <= {p.id for p in model.plays.plays}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  win_rate_prior: 0.25",
            "  win_rate_prior: 2.5",
            "content/model/program.yaml:6:19: defaults.win_rate_prior: "
            "Input should be less than or equal to 1",
        ),
        (
            "  solution_selling: 0.15\n",
            "",
            "content/model/program.yaml:5:1: weights must give every dimension",
        ),
        (
            "  shrinkage_k: 10",
            "  shrinkage_k: 10\n  shrinkage: 3",
            "content/model/program.yaml:8:3: defaults.shrinkage: unknown field",
        ),
    ],
)
def test_a_broken_model_file_is_reported_where_it_is(
    project: Project, old: str, new: str, expected: str
) -> None:
    program = project.root / "content" / "model" / "program.yaml"
    text = program.read_text()
    assert old in text
    program.write_text(text.replace(old, new, 1))
    result = project.run("validate")
    assert result.exit_code == 1
    assert expected in result.stderr.splitlines(), result.stderr


def test_missing_model_folder_is_an_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    shutil.copytree(ROOT / "assessments", tmp_path / "assessments")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "validate"])
    assert result.exit_code == 1
    assert "content/model/program.yaml: cannot read: No such file or directory" in result.stderr
