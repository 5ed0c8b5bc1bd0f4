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


def test_model_files_parsed_before_are_not_parsed_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps the model's files as parsed (by the digest of their bytes, in the build
    cache): the next one validates from that, parses only a changed file, and a file whose
    kept data no longer validates is parsed again for the positions of its problems."""
    from generator.inputs import yamlsafe
    from generator.inputs.loading import ModelData
    from generator.inputs.playbook import load_playbook
    from generator.publish.buildcache import _MODELS, BuildCache

    first = ModelData()
    model = load_playbook(project.root, first)
    assert len(first) == len(first.used) == 5
    cache = BuildCache.for_project(project.root)
    cache.write("model.msgpack", _MODELS, dict(first), "code")
    kept = cache.read("model.msgpack", _MODELS, "code")
    assert kept == first  # MessagePack keeps the YAML's data as it was

    parsed: list[bytes] = []
    real = yamlsafe.parse

    def counted(raw: bytes) -> object:
        parsed.append(raw)
        return real(raw)

    monkeypatch.setattr("generator.inputs.modelfile.parse", counted)
    assert load_playbook(project.root, ModelData(kept)) == model and parsed == []
    program = project.root / "content" / "model" / "program.yaml"
    program.write_text(program.read_text() + "\n# tuned\n")
    again = ModelData(kept)
    assert load_playbook(project.root, again) == model and len(parsed) == 1
    assert len(again) == 6 and len(again.used) == 5  # the old program.yaml's is not kept

    # Kept data that does not validate (a damaged cache) is parsed again from the file.
    broken = ModelData({key: {"nonsense": 1} for key in again})
    assert load_playbook(project.root, broken) == model and len(parsed) == 6
    assert all(broken[key] != {"nonsense": 1} for key in broken.used)
