"""One truth for the editor: the JSON Schema that yaml-language-server checks while a partner
manager types gives the same verdict as `playbook validate`, field by field, at every bound.

Each numeric field of the assessment (found by walking the generated schema, so a new field is
covered without touching this file) is set to values around its bounds and to the bounds other
fields use; each text field to its longest and shortest lengths. The loader and the schema must
agree on each. Cross-field rules, which JSON Schema cannot state, are kept out of the way by
giving their other field room (ROOM below).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import ROOT, VALID
from generator.errors import ValidationFailed
from generator.inputs.loading import load_portfolio
from generator.inputs.playbook import Playbook, load_playbook
from generator.inputs.schema import assessment_schema
from generator.inputs.yamlsafe import parse

Path_ = tuple[str | int, ...]
Loader = Callable[[dict[str, Any]], tuple[bool, str]]  # valid? and the loader's problems
DELETE = object()
SCHEMA = assessment_schema()
CHECKER = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def enriched() -> dict[str, Any]:
    """VALID with every optional section present once, so the walk reaches every field."""
    data: dict[str, Any] = parse(VALID.encode()).data
    data["partner"]["customer_focus"] = "10-250 employee SMBs"
    data["assessment"].update(assessed_by="Dana", next_meeting="2026-10-15")
    data["goals"]["mutual"] = [
        {"goal": "Book 150k", "owner": "Sales lead", "due": "2026-12-31", "measure": "Report"}
    ]
    data["goals"]["partner_own"] = ["Grow services"]
    data["capabilities"]["forecasting"]["self_score"] = 3
    data["program"] = {"deal_reg_submitted": 4, "deal_reg_approved": 0, "deal_reg_expired": 1}
    data["program"].update(mdf_allocated=10000, mdf_claimed=0, certified_people=2)
    data["overrides"] = [{"setting": "benchmarks.win_rate", "value": 0.3, "reason": "Small"}]
    data["internal"].update(capability_comments={"forecasting": "Pads"}, relationship="Owner")
    data["scenarios"] = [
        {
            "name": "Seller A at 80%",
            "description": "More time on our line",
            "changes": {"team.sellers[*].share_on_vendor": 0.8},
        }
    ]
    return data


# Cross-field rules JSON Schema cannot state (one number at most another): the other field
# makes room for a probe of this one. The rules it can state (exactly one target; retention
# with a recurring base) are in the schema, and probed like the rest.
ROOM: dict[Path_, dict[Path_, object]] = {
    ("revenue", "one_off_last_12_months"): {("revenue", "last_12_months"): 1e12},
    ("pipeline", "stale"): {("pipeline", "commit"): 1e12},
    ("program", "deal_reg_approved"): {("program", "deal_reg_submitted"): 1_000_000},
    ("program", "mdf_claimed"): {("program", "mdf_allocated"): 1e12},
    ("goals", "growth_multiple"): {("goals", "target_revenue"): DELETE},
}


def _resolve(node: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    name = None
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = SCHEMA["$defs"][name]
    return name, node


def _branches(node: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    options = node.get("anyOf", [node])
    return [_resolve(option) for option in options if option.get("type") != "null"]


def _is_text(node: object) -> bool:
    if not isinstance(node, dict):
        return False
    plain = not {"pattern", "enum", "const", "format"} & set(node)
    return node.get("type") == "string" and "maxLength" in node and plain


def leaves(
    node: dict[str, Any], doc: dict[str, Any], path: Path_, model: str
) -> Iterator[tuple[str, Path_, dict[str, Any], str]]:
    """(kind, path, schema, model.field) for each number and free text the schema describes."""
    for name, prop in node.get("properties", {}).items():
        here, field = (*path, name), f"{model}.{name}"
        for ref, branch in _branches(prop):
            kind = branch.get("type")
            if kind in ("number", "integer"):
                yield "number", here, branch, field
            elif _is_text(branch):
                yield "text", here, branch, field
            elif kind == "object" and "properties" in branch and isinstance(doc.get(name), dict):
                yield from leaves(branch, doc[name], here, ref or field)
            elif kind == "object" and _is_text(branch.get("additionalProperties", {})):
                key = next(iter(doc.get(name) or {}), None)
                if key is not None:
                    yield "text", (*here, key), branch["additionalProperties"], field
            elif kind == "array" and doc.get(name):
                item_ref, item = _resolve(branch["items"])
                if "properties" in item:
                    yield from leaves(item, doc[name][0], (*here, 0), item_ref or field)
                elif _is_text(item):
                    yield "text", (*here, 0), item, field


BASE = enriched()
LEAVES = list(leaves(SCHEMA, BASE, (), "Assessment"))


def _nudge(bound: float, integer: bool) -> tuple[float, float]:
    step = 1 if integer else max(abs(bound) * 1e-9, 1e-6)
    return bound - step, bound + step


# The bounds any field uses today, so a bound the validator enforces but the schema lacks shows.
COMMON = [-1, -0.01, 0, 0.009, 0.01, 0.5, 0.9, 0.91, 1, 1.5, 5, 6, 100, 100.5, 101]
COMMON += [600, 601, 1000, 1001, 3650, 3651, 1_000_000, 1_000_001, 1e12, 1e12 + 1e3, 1e300]


def number_probes(node: dict[str, Any]) -> list[object]:
    integer = node.get("type") == "integer"
    values: list[object] = [*COMMON, None, True, "5", "unknown"]
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in node:
            values += [node[key], *_nudge(node[key], integer)]
    return [*values, 2.5, 3.0] if integer else values


def text_probes(node: dict[str, Any]) -> list[object]:
    most, least = node["maxLength"], node.get("minLength", 0)
    return ["x" * most, "x" * (most + 1), "x" * least, "x" * max(least - 1, 0), 5]


def with_value(path: Path_, value: object) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for other, room in {path: value, **ROOM.get(path, {})}.items():
        *parents, last = other
        target: Any = data
        for part in parents:
            target = target[part]
        if room is DELETE:
            target.pop(last, None)
        else:
            target[last] = room
    return data


@pytest.fixture(scope="module")
def loader(tmp_path_factory: pytest.TempPathFactory) -> Loader:
    root = tmp_path_factory.mktemp("parity")
    model: Playbook = load_playbook(ROOT)

    def valid(data: dict[str, Any]) -> tuple[bool, str]:
        folder = root / "assessments" / "acme"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        date = data.get("assessment", {}).get("date")
        name = date if isinstance(date, str) and len(date) == 10 else "2026-09-30"
        text = json.dumps(data, ensure_ascii=False, default=str)  # JSON is YAML, and fast
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        try:
            load_portfolio([root / "assessments"], model)
        except ValidationFailed as exc:
            return False, str(exc)
        return True, ""

    return valid


def _disagreements(loader: Loader, cases: list[tuple[Path_, object]]) -> list[str]:
    out = []
    for path, value in cases:
        data = with_value(path, value)
        by_schema = CHECKER.is_valid(data)
        by_loader, why = loader(data)
        if by_schema != by_loader:
            shown = repr(value)[:40]
            out.append(f"{path} = {shown}: schema {by_schema}, loader {by_loader} {why}")
    return out


def test_the_walk_reaches_every_field() -> None:
    fields = {field for _, _, _, field in LEAVES}
    for name, model in SCHEMA["$defs"].items():
        for prop, spec in model.get("properties", {}).items():
            kinds = {branch.get("type") for _, branch in _branches(spec)}
            if kinds & {"number", "integer"} or any(_is_text(b) for _, b in _branches(spec)):
                assert f"{name}.{prop}" in fields, f"{name}.{prop} is not probed"


def test_the_base_is_valid_both_ways(loader: Loader) -> None:
    assert CHECKER.is_valid(BASE), [e.message for e in CHECKER.iter_errors(BASE)]
    assert loader(BASE) == (True, "")


@pytest.mark.parametrize(
    ("path", "node"),
    [(path, node) for kind, path, node, _ in LEAVES if kind == "number"],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else "",
)
def test_numbers_agree(loader: Loader, path: Path_, node: dict[str, Any]) -> None:
    cases = [(path, value) for value in number_probes(node)]
    assert not _disagreements(loader, cases)


@pytest.mark.parametrize(
    ("path", "node"),
    [(path, node) for kind, path, node, _ in LEAVES if kind == "text"],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else "",
)
def test_text_lengths_agree(loader: Loader, path: Path_, node: dict[str, Any]) -> None:
    cases = [(path, value) for value in text_probes(node)]
    assert not _disagreements(loader, cases)


DATES = [
    ("assessment", "date"),
    ("assessment", "next_meeting"),
    ("goals", "mutual", 0, "due"),
]
DATE_PROBES: list[object] = ["1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01"]
DATE_PROBES += ["2026-02-30", "2026-13-01", "2026-9-30", "26-09-30", 0, 20260930, True]


@pytest.mark.parametrize("path", DATES, ids=lambda path: ".".join(map(str, path)))
def test_dates_agree(loader: Loader, path: Path_) -> None:
    assert not _disagreements(loader, [(path, value) for value in DATE_PROBES])


def test_quarters_agree(loader: Loader) -> None:
    path = ("forecast_history", 0, "quarter")
    probes = ["1999-Q4", "2000-Q1", "2099-Q4", "2100-Q1", "2026-Q5", "2026-Q0", "2026Q1"]
    assert not _disagreements(loader, [(path, value) for value in probes])


def test_every_override_setting_has_its_bounds_in_the_schema(loader: Loader) -> None:
    from generator.inputs.overrides import SETTINGS

    path = ("overrides", 0, "value")
    disagreements = []
    for setting in SETTINGS:
        for value in number_probes({"type": "number"}):
            data = with_value(path, value)
            data["overrides"][0]["setting"] = setting
            by_schema = CHECKER.is_valid(data)
            by_loader, why = loader(data)
            if by_schema != by_loader:
                disagreements.append(f"{setting} = {value!r}: schema {by_schema} {why}")
    assert not disagreements


def test_list_lengths_agree(loader: Loader) -> None:
    quarters = [f"20{20 + n // 4}-Q{n % 4 + 1}" for n in range(13)]
    rows = [{"quarter": q, "commit": 1, "actual": 1} for q in quarters]
    for count in (12, 13):
        data = copy.deepcopy(BASE)
        data["forecast_history"] = rows[:count]
        assert CHECKER.is_valid(data) == loader(data)[0], count


def test_the_probes_reach_both_verdicts(loader: Loader) -> None:
    """A guard on the test itself: probes that every side accepted would prove nothing."""
    path = ("deals", "won_12m")
    verdicts = {loader(with_value(path, value))[0] for value in number_probes({"type": "integer"})}
    assert verdicts == {True, False}


def test_probes_are_written_as_numbers() -> None:
    """Probes reach the loader as YAML numbers, not as text it would refuse for its type."""
    text = yaml.safe_dump(with_value(("deals", "won_12m"), 1e300), sort_keys=False)
    assert parse(text.encode()).data["deals"]["won_12m"] == 1e300
