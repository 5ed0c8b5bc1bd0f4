"""Golden files: one shared plan and one coaching guide, rendered from the shipped examples.

A change to the engine, a template or the model shows here as a readable diff. Refresh after a
deliberate change with `make goldens` (pytest tests/test_goldens.py --update-goldens) and review
the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from generator.engine.planning import plan_assessment
from generator.inputs.loading import load_portfolio
from generator.inputs.playbook import load_playbook
from generator.render.guide import coaching_page
from generator.render.pages import environment, plan_page

GOLDENS = Path(__file__).parent / "goldens"


def rendered() -> dict[str, str]:
    model = load_playbook(ROOT)
    portfolio = load_portfolio([ROOT / "assessments"], model)
    env = environment(ROOT, html_output=True)
    out = {}
    for slug, kind in (("northwind", "plan"), ("blueharbor", "coaching")):
        record = portfolio.partner(slug)
        assert record is not None
        plan = plan_assessment(slug, portfolio.latest(record), model, portfolio.history(record))
        if kind == "plan":
            out[f"{slug}-plan.html"] = plan_page(plan, model, env).body
        else:
            out[f"{slug}-coaching.html"] = coaching_page(plan, model, env)
    return out


@pytest.mark.parametrize("name", ["northwind-plan.html", "blueharbor-coaching.html"])
def test_page_matches_its_golden(name: str, request: pytest.FixtureRequest) -> None:
    page = rendered()[name]
    golden = GOLDENS / name
    if request.config.getoption("--update-goldens"):
        golden.write_text(page, encoding="utf-8")
        return
    assert golden.is_file(), f"missing {golden}: run make goldens"
    expected = golden.read_text(encoding="utf-8")
    assert page == expected, f"{name} differs from its golden file: run make goldens and review"


def test_rendering_is_deterministic() -> None:
    """The same inputs give byte-identical pages (no build date, no set or dict order)."""
    assert rendered() == rendered()
