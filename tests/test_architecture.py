"""The layout shows the pipeline, and stays readable: imports point down the stages, no import
circles, no module over 400 lines and no function over 50 lines in generator/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "generator"
# Stages in pipeline order; a module may import its own stage or any stage below it.
STAGES = {"base": 0, "inputs": 1, "engine": 2, "render": 3, "publish": 4, "top": 5}
BASE = {
    "generator",
    "generator.domain",
    "generator.errors",
    "generator.wording",
    "generator.workers",
}
TOP = {"generator.cli", "generator.build", "generator.mkdocs_plugin"}  # and generator.commands
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def stage_of(module: str) -> str:
    if module in BASE:
        return "base"
    if module in TOP or module.startswith("generator.commands"):
        return "top"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return parts[1]
    raise AssertionError(f"{module} belongs to no stage: put it in a stage package or BASE/TOP")


def imports(module: str, path: Path, known: set[str] | None = None) -> set[str]:
    """The project modules that ``module`` imports (relative or absolute, at any depth)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    known = known if known is not None else set(modules())
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import charts` names a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known and name != module}


def test_every_module_belongs_to_a_stage() -> None:
    for module in modules():
        stage_of(module)


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_point_down_the_stages(module: str) -> None:
    here = STAGES[stage_of(module)]
    upward = [
        target
        for target in sorted(imports(module, modules()[module]))
        if STAGES[stage_of(target)] > here
    ]
    assert not upward, f"{module} ({stage_of(module)}) imports from a later stage: {upward}"


def test_no_import_circles() -> None:
    graph = {m: imports(m, p) for m, p in modules().items()}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            raise AssertionError("import circle: " + " -> ".join([*path[path.index(node) :], node]))
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, [*path, node])
        done.add(node)

    for module in sorted(graph):
        visit(module, [])


def test_modules_and_functions_stay_readable() -> None:
    too_long = []
    for module, path in modules().items():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{module}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert not too_long, "split these: " + "; ".join(too_long)


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ..render.pages import environment\nfrom . import capacity\n"
        "from ..domain import Dimension\n",
        encoding="utf-8",
    )
    found = imports("generator.engine.probe", probe, set(modules()))
    assert found == {"generator.render.pages", "generator.engine.capacity", "generator.domain"}
    upward = [m for m in found if STAGES[stage_of(m)] > STAGES["engine"]]
    assert upward == ["generator.render.pages"]
