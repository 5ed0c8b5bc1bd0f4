"""Read one file of the playbook model (``content/model/*.yaml``) into its pydantic model, with
every problem reported as a ``file:line:col`` diagnostic like an assessment's."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic
from .rawtext import read_capped
from .yamlsafe import YamlProblem, parse

MODEL_DIR = Path("content") / "model"
M = TypeVar("M", bound=BaseModel)


def _path_text(loc: tuple[int | str, ...]) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc)
    )


def read_model_file(root: Path, name: str, schema: type[M], problems: list[Diagnostic]) -> M | None:
    """``content/model/<name>`` validated against ``schema``; None (and problems) when invalid."""
    shown = str(MODEL_DIR / name)
    try:
        parsed = parse(read_capped(root / MODEL_DIR / name))
    except OSError as exc:
        problems.append(Diagnostic(shown, 0, 0, "", f"cannot read: {exc.strerror}"))
        return None
    except YamlProblem as exc:
        problems.append(Diagnostic(shown, exc.line, exc.column, exc.path, exc.message))
        return None
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
