"""The playbook model as data: rubric, plays and program configuration from ``content/model/``.

Every heuristic number (benchmarks, defaults, weights, tier targets, play relevances) lives in
YAML so a vendor can tune the playbook without touching Python. These models validate it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..domain import Dimension, Lever, PartnerType, Tier
from ..errors import Diagnostic, ValidationFailed
from .yamlsafe import YamlProblem, parse

MODEL_DIR = Path("content") / "model"

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]
Unit = Annotated[float, Field(ge=0, le=1)]


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


class PlaySpec(_Config):
    id: Annotated[str, Field(pattern=r"^P\d\d$")]
    name: str
    summary: str
    levers: dict[Lever, Unit] = Field(default_factory=dict)
    enabler: bool = False
    builds: list[Dimension]
    effort: Literal[1, 2, 3]
    measure: str = Field(description="How the partner and the vendor will see the play working.")
    impact: ImpactTime
    eligibility: Literal["any", "recurring", "new", "hiring"] = "any"
    partner_actions: list[str] = Field(default_factory=list)
    vendor_actions: list[str] = Field(default_factory=list)


class PlayLibrary(_Config):
    plays: list[PlaySpec]

    @model_validator(mode="after")
    def _unique(self) -> PlayLibrary:
        ids = [p.id for p in self.plays]
        if len(set(ids)) != len(ids):
            raise ValueError("play ids must be unique")
        return self

    def play(self, play_id: str) -> PlaySpec:
        for play in self.plays:
            if play.id == play_id:
                return play
        raise KeyError(play_id)


# --- Program configuration ------------------------------------------------------------------


class Benchmarks(_Config):
    """Vendor medians per segment (§3.2): the plan improves a lever only where it is below these."""

    win_rate: Unit
    avg_deal_size: Positive
    decided_opps_per_fte: Positive
    productivity_per_fte: Positive
    grr: Unit | None = None


class Defaults(_Config):
    """Defaults used where an assessment leaves a field empty, or the partner has no history."""

    win_rate_prior: Unit
    shrinkage_k: NonNegative
    slip_share: Annotated[float, Field(ge=0, lt=1)]
    coverage_min: Positive
    coverage_max: Positive
    sales_cycle_days: Positive
    ramp_months: NonNegative
    new_partner_ramp_months: NonNegative
    new_partner_tenure_months: NonNegative
    time_to_hire_months: NonNegative
    attrition: Unit
    max_concurrent_opps: Positive
    sellers_per_presales: Positive
    sellers_per_manager: Positive
    lead_to_opp: Annotated[float, Field(gt=0, le=1)]
    avg_deal_size_new: Positive
    productivity_new: Positive
    min_wins_for_observed_deal_size: NonNegative
    low_confidence_decisions: NonNegative
    long_cycle_days: Positive


class PlanLevers(_Config):
    """How far one plan year may move each lever, and the hiring thresholds (§3.3)."""

    win_rate_step: NonNegative
    deal_size_factor: Annotated[float, Field(ge=1)]
    pipeline_per_seller_factor: Annotated[float, Field(ge=1)]
    target_time_share: Unit
    small_gap_fte: NonNegative
    min_hire_yield: NonNegative
    stretch_growth: Positive
    new_partner_weights: dict[Lever, Unit]


class Thresholds(_Config):
    high_capability: Positive
    high_capacity: Positive
    forecast_accuracy_gate: Unit
    forecast_bias_gate: NonNegative
    hygiene_gate_level: Annotated[int, Field(ge=1, le=5)]
    stale_assessment_days: Annotated[int, Field(ge=1)]
    decline_per_year: Unit
    self_score_gap: Annotated[int, Field(ge=1, le=4)]


class BenchmarksPatch(_Config):
    win_rate: Unit | None = None
    avg_deal_size: Positive | None = None
    decided_opps_per_fte: Positive | None = None
    productivity_per_fte: Positive | None = None
    grr: Unit | None = None


class Segment(_Config):
    description: str
    benchmarks: BenchmarksPatch = Field(default_factory=BenchmarksPatch)
    defaults: dict[str, float] = Field(default_factory=dict)
    weights: dict[Dimension, Unit] | None = None


class TierRequirements(_Config):
    revenue_min: NonNegative = 0
    certified_people: Annotated[int, Field(ge=0)] = 0
    min_capability_index: NonNegative = 0
    min_levels: dict[Dimension, Annotated[int, Field(ge=1, le=5)]] = Field(default_factory=dict)


class TierSpec(_Config):
    capability_target: Annotated[int, Field(ge=1, le=5)]
    signature_targets: dict[Dimension, Annotated[int, Field(ge=1, le=5)]] = Field(
        default_factory=dict
    )
    requirements: TierRequirements
    plan_depth: str
    cadence: str
    qbr: Literal["none", "light", "full", "executive"]


class Source(_Config):
    value: str
    source: str


class Program(_Config):
    defaults: Defaults
    benchmarks: Benchmarks
    plan_levers: PlanLevers
    thresholds: Thresholds
    weights: dict[Dimension, Unit]
    segments: dict[str, Segment]
    type_segments: dict[PartnerType, str] = Field(
        default_factory=dict, description="Segment used when an assessment names none."
    )
    tiers: dict[Tier, TierSpec]
    sources: dict[str, Source] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _coherent(self) -> Program:
        if set(self.weights) != set(Dimension):
            raise ValueError("weights must give every dimension")
        if abs(sum(self.weights.values()) - 1) > 1e-6:
            raise ValueError("weights must sum to 1")
        for name, seg in self.segments.items():
            if seg.weights is not None and (
                set(seg.weights) != set(Dimension) or abs(sum(seg.weights.values()) - 1) > 1e-6
            ):
                raise ValueError(f"segment {name}: weights must give every dimension and sum to 1")
            unknown = set(seg.defaults) - set(Defaults.model_fields)
            if unknown:
                raise ValueError(f"segment {name}: unknown defaults {sorted(unknown)}")
        for ptype, seg_name in self.type_segments.items():
            if seg_name not in self.segments:
                raise ValueError(f"type_segments.{ptype}: no segment named {seg_name!r}")
        if set(self.tiers) != set(Tier):
            raise ValueError("tiers must define " + ", ".join(Tier))
        return self

    def segment_name(self, requested: str | None, partner_type: PartnerType) -> str:
        """The segment an assessment plans against: its own, else its type's, else default."""
        if requested:
            return requested
        return self.type_segments.get(partner_type, "default")

    def resolve(self, segment: str) -> Parameters:
        """Benchmarks, defaults and weights with the segment's overrides applied."""
        seg = self.segments.get(segment)
        if seg is None:
            return Parameters(
                segment="default",
                defaults=self.defaults,
                benchmarks=self.benchmarks,
                weights=self.weights,
            )
        return Parameters(
            segment=segment,
            defaults=self.defaults.model_copy(update=seg.defaults),
            benchmarks=self.benchmarks.model_copy(
                update=seg.benchmarks.model_dump(exclude_none=True)
            ),
            weights=seg.weights or self.weights,
        )


class Parameters(_Config):
    """The resolved values for one segment; what the engine's pure functions take."""

    segment: str
    defaults: Defaults
    benchmarks: Benchmarks
    weights: dict[Dimension, float]


class PlaybookModel(_Config):
    """Everything in ``content/model``: the rubric, the plays and the program configuration."""

    rubric: Rubric
    plays: PlayLibrary
    program: Program


_FILES = {"rubric": "rubric.yaml", "plays": "plays.yaml", "program": "program.yaml"}
_SCHEMAS: dict[str, type[BaseModel]] = {"rubric": Rubric, "plays": PlayLibrary, "program": Program}


def load_model(root: Path) -> PlaybookModel:
    """Read and validate ``content/model/*.yaml`` under ``root``; raise ValidationFailed."""
    parts: dict[str, object] = {}
    problems: list[Diagnostic] = []
    for key, name in _FILES.items():
        path = root / MODEL_DIR / name
        shown = str(MODEL_DIR / name)
        try:
            parsed = parse(path.read_bytes())
        except OSError as exc:
            problems.append(Diagnostic(shown, 0, 0, "", f"cannot read: {exc.strerror}"))
            continue
        except YamlProblem as exc:
            problems.append(Diagnostic(shown, exc.line, exc.column, exc.path, exc.message))
            continue
        schema = _SCHEMAS[key]
        try:
            parts[key] = schema.model_validate(parsed.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                line, col = parsed.position(loc)
                path_text = "".join(
                    f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                    for i, p in enumerate(loc)
                )
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    message = "missing required field"
                elif err["type"] == "extra_forbidden":
                    message = "unknown field"
                    line, col = parsed.key_positions.get(loc, (line, col))
                problems.append(Diagnostic(shown, line, col, path_text, message))
    if problems:
        raise ValidationFailed(problems)
    return PlaybookModel.model_validate(parts)
