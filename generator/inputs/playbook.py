"""The playbook model as data: rubric, plays and program configuration from ``content/model/``.

Every heuristic number (benchmarks, defaults, weights, tier targets, play relevances) lives in
YAML so a vendor can tune the playbook without touching Python. These models validate it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..domain import Dimension, Gate, Lever
from ..errors import Diagnostic, ValidationFailed
from .coaching import CoachingLibrary
from .crm.mapping import check_mappings
from .modelfile import MODEL_DIR, read_model_file
from .placeholders import Template
from .plantext import PlanText
from .program import NonNegative, Program, Unit


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Rubric ---------------------------------------------------------------------------------


class LevelSpec(_Config):
    name: str
    meaning: str


class DimensionSpec(_Config):
    code: Annotated[str, Field(pattern=r"^D[1-9]$")]
    key: Dimension
    name: str
    levers: list[str]
    evidence: str
    anchors: dict[Annotated[int, Field(ge=1, le=5)], str]
    opener: str = Field(description="A question that opens a coaching conversation on this gap.")

    @model_validator(mode="after")
    def _five_levels(self) -> DimensionSpec:
        if sorted(self.anchors) != [1, 2, 3, 4, 5]:
            raise ValueError(f"{self.code}: anchors must cover levels 1-5 exactly")
        return self


class Rubric(_Config):
    levels: dict[Annotated[int, Field(ge=1, le=5)], LevelSpec]
    protocol: list[str]
    dimensions: list[DimensionSpec]

    @model_validator(mode="after")
    def _all_dimensions(self) -> Rubric:
        if [d.key for d in self.dimensions] != list(Dimension):
            raise ValueError("dimensions must list D1..D9 in order: " + ", ".join(Dimension))
        return self

    def dimension(self, key: Dimension) -> DimensionSpec:
        return self.dimensions[list(Dimension).index(key)]


# --- Plays ----------------------------------------------------------------------------------


class ImpactTime(_Config):
    """Months until a play pays off: months + hire*T_hire + ramp*T_ramp (+ C/30 if cycle)."""

    months: NonNegative = 0
    hire: NonNegative = 0
    ramp: NonNegative = 0
    cycle: bool = False


class PlayAction(_Config):
    """One step of a play, with its own measure of done."""

    do: Template
    done_when: Template


class PlaySpec(_Config):
    id: Annotated[str, Field(pattern=r"^P\d\d$")]
    name: str
    summary: str
    levers: dict[Lever, Unit] = Field(default_factory=dict)
    enabler: bool = False
    builds: list[Dimension]
    effort: Literal[1, 2, 3]
    measure: Template = Field(description="How the partner and the vendor see the play working.")
    impact: ImpactTime
    eligibility: Literal["any", "recurring", "new", "hiring", "time-share"] = "any"
    gate: Gate | None = Field(
        None, description="The gate of §4.5 that pins this play into the 90-day plan."
    )
    partner_actions: list[PlayAction] = Field(default_factory=list)
    vendor_actions: list[PlayAction] = Field(default_factory=list)


class PlayLibrary(_Config):
    plays: list[PlaySpec]

    @model_validator(mode="after")
    def _unique(self) -> PlayLibrary:
        ids = [p.id for p in self.plays]
        if len(set(ids)) != len(ids):
            raise ValueError("play ids must be unique")
        for gate in get_args(Gate):
            named = [p.id for p in self.plays if p.gate == gate]
            if len(named) != 1:
                found = ", ".join(named) or "none"
                raise ValueError(f"exactly one play must have gate: {gate} (found: {found})")
        return self

    @property
    def gates(self) -> dict[Gate, str]:
        """The play each gate pins, by gate."""
        return {p.gate: p.id for p in self.plays if p.gate is not None}

    def play(self, play_id: str) -> PlaySpec:
        for play in self.plays:
            if play.id == play_id:
                return play
        raise KeyError(play_id)


class Playbook(_Config):
    """Everything in ``content/model``: rubric, plays, program configuration, coaching texts."""

    rubric: Rubric
    plays: PlayLibrary
    program: Program
    coaching: CoachingLibrary
    plan: PlanText

    @model_validator(mode="after")
    def _coherent(self) -> Playbook:
        ids = {p.id for p in self.plays.plays}
        unknown = sorted(set(self.coaching.plays) - ids)
        if unknown:
            raise ValueError(f"coaching.yaml: plays {unknown} are not in plays.yaml")
        return self


FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "rubric": ("rubric.yaml", Rubric),
    "plays": ("plays.yaml", PlayLibrary),
    "program": ("program.yaml", Program),
    "coaching": ("coaching.yaml", CoachingLibrary),
    "plan": ("plan.yaml", PlanText),
}


def load_playbook(root: Path, parsed_before: MutableMapping[str, Any] | None = None) -> Playbook:
    """Read and validate ``content/model/*.yaml`` under ``root``; raise ValidationFailed.
    ``parsed_before``: the files' data parsed by an earlier build (see read_model_file)."""
    problems: list[Diagnostic] = []
    parts = {
        key: read_model_file(root, name, schema, problems, parsed_before)
        for key, (name, schema) in FILES.items()
    }
    problems += check_mappings(root)  # the CRM import's mappings (content/model/imports/)
    if problems:
        raise ValidationFailed(problems)
    try:
        return Playbook.model_validate(parts)
    except ValidationError as exc:
        shown = str(MODEL_DIR)
        raise ValidationFailed(
            [
                Diagnostic(shown, 0, 0, "", e["msg"].removeprefix("Value error, "))
                for e in exc.errors()
            ]
        ) from None
