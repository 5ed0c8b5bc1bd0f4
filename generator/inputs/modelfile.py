"""Read one file of the playbook model (``content/model/*.yaml``) into its pydantic model, with
every problem reported as a ``file:line:col`` diagnostic like an assessment's."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic
from .rawtext import digest_of, read_capped
from .yamlsafe import YamlProblem, parse

MODEL_DIR = Path("content") / "model"
M = TypeVar("M", bound=BaseModel)


def _path_text(loc: tuple[int | str, ...]) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc)
    )


def read_model_file(
    root: Path,
    name: str,
    schema: type[M],
    problems: list[Diagnostic],
    parsed_before: MutableMapping[str, Any] | None = None,
) -> M | None:
    """``content/model/<name>`` validated against ``schema``; None (and problems) when invalid.
    ``parsed_before`` holds the data of files parsed before, by the digest of their bytes: a
    file with the same bytes is validated from it without being parsed again (parsing the
    model's YAML is most of loading it); it is filled with this file's."""
    shown = str(MODEL_DIR / name)
    try:
        raw = read_capped(root / MODEL_DIR / name)
    except OSError as exc:
        problems.append(Diagnostic(shown, 0, 0, "", f"cannot read: {exc.strerror}"))
        return None
    except YamlProblem as exc:
        problems.append(Diagnostic(shown, exc.line, exc.column, exc.path, exc.message))
        return None
    key = digest_of(raw).hex()
    if parsed_before is not None and key in parsed_before:
        try:
            return schema.model_validate(parsed_before[key])
        except ValidationError:
            pass  # parsed again below, for the positions of the problems
    try:
        parsed = parse(raw)
    except YamlProblem as exc:
        problems.append(Diagnostic(shown, exc.line, exc.column, exc.path, exc.message))
        return None
    if parsed_before is not None:
        parsed_before[key] = parsed.data
    try:
        return schema.model_validate(parsed.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = parsed.position(loc)
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "missing required field"
            elif err["type"] == "extra_forbidden":
                message = "unknown field"
                line, col = parsed.key_positions.get(loc, (line, col))
            problems.append(Diagnostic(shown, line, col, _path_text(loc), message))
        return None
