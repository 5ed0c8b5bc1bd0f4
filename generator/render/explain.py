"""Each figure of the plan explained to the partner in plain words (§8 R29): the sentence from
the figure's definition, filled with the partner's figures, and marked where an input is an
estimate, a typical value standing in for one of theirs, or adjusted for them."""

from __future__ import annotations

from collections.abc import Mapping

from ..engine.figures import WORDS, Figure
from ..engine.planning import PartnerPlan
from ..wording import per_week
from .formatting import partner_value

# Inputs the partner may leave empty: a default standing in is worth saying.
_STAND_INS = frozenset({"s", "T_hire", "T_ramp entered", "α"})
ESTIMATE = "This is an estimate: few deals are recorded yet, so typical values weigh in."
STAND_IN = "A typical value stands in where yours is not recorded."


def values(plan: PartnerPlan, facts: Mapping[str, str]) -> dict[str, str]:
    """The names a plain explanation may use: the facts, with every figure in plan language."""
    currency = plan.assessment.partner.currency
    out = dict(facts)
    for key, fig in plan.figures.items():
        out[key] = partner_value(key, fig.value, fig.unit, currency)
    out["opportunities_per_week"] = per_week(plan.chain.flow.opportunities_per_week)
    return out


def _notes(fig: Figure) -> list[str]:
    notes = [ESTIMATE] if fig.low_confidence else []
    if any(i.source.startswith("default:") and i.name in _STAND_INS for i in fig.inputs):
        notes.append(STAND_IN)
    for item in fig.inputs:
        if item.source.startswith("override: "):
            reason = item.source.split(" (", 1)[1].removesuffix(")")
            notes.append(f"Adjusted for you: {reason}.")
    return list(dict.fromkeys(notes))


def explanation(key: str, plan: PartnerPlan, names: Mapping[str, str]) -> str:
    """One figure in plain words, with its marks; a figure without words is a bug."""
    plain = WORDS[key].plain
    if plain is None:
        raise KeyError(f"figure {key!r} has no plain explanation (plain= in its definition)")
    sentence = plain.format_map(names)
    return " ".join([sentence[:1].upper() + sentence[1:] + ".", *_notes(plan.figures[key])])
