"""``playbook plan SLUG --what-if ... --save NAME``: add a scenario to an assessment file,
keeping its comments, key order and layout (ruamel.yaml's round trip, for writing only). The
result is read back by the project's safe loader and validated before it replaces the file."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pydantic import JsonValue, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import UserError
from .assessment import Assessment
from .yamlsafe import YamlProblem, parse


def _writer() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a line the author wrote on one
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_scenario(text: str, name: str, changes: Mapping[str, JsonValue]) -> str:
    """``text`` (an assessment) with one more scenario, not shared with the partner."""
    yaml = _writer()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise UserError("the assessment is not a mapping of sections")
    scenarios = data.get("scenarios")
    if scenarios is None:
        scenarios = CommentedSeq()
        data["scenarios"] = scenarios
    if any(isinstance(s, Mapping) and s.get("name") == name for s in scenarios):
        raise UserError(f"the assessment already has a scenario named {name!r}; pick another")
    entry = CommentedMap()
    entry["name"] = name
    entry["share"] = False
    entry["changes"] = CommentedMap(changes)
    scenarios.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def save_scenario(path: Path, name: str, changes: Mapping[str, JsonValue]) -> None:
    """Add the scenario to the file at ``path`` atomically, or raise and change nothing."""
    text = with_scenario(path.read_text(encoding="utf-8"), name, changes)
    try:
        Assessment.model_validate(parse(text.encode("utf-8")).data)
    except (YamlProblem, ValidationError) as exc:
        raise UserError(f"{path}: the scenario would make the file invalid: {exc}") from None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).chmod(path.stat().st_mode & 0o777)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
