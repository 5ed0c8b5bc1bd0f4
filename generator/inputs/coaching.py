"""The coaching library (content/model/coaching.yaml) as validated, frozen models.

The words of the coaching guide live in YAML so a vendor can change them without touching
Python; every {placeholder} a text may use is listed in FACT_KEYS and checked on loading.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..domain import Archetype, Condition, Dimension, Mode, Overlay, Pattern, QbrDepth
from ..errors import Diagnostic, ValidationFailed
from .playbook import MODEL_DIR
from .yamlsafe import YamlProblem, parse

COACHING_FILE = MODEL_DIR / "coaching.yaml"


# Every {placeholder} a coaching text may use; _facts gives each one a value for a partner.
FACT_KEYS: tuple[str, ...] = (
    "partner", "tier", "tier_progress", "revenue_prev", "target", "new_bookings", "bookings_prev",
    "bookings_growth", "growth_story", "win_rate", "win_rate_observed", "win_rate_target",
    "win_rate_benchmark", "decisions", "deal_size", "deal_size_benchmark", "review_threshold",
    "large_deal_threshold", "opps_per_fte", "opps_per_fte_benchmark", "opps_per_quarter",
    "opps_per_week", "opps_created_last_year", "pipeline_needed", "pipeline_on_hand",
    "pipeline_gap", "pipeline_position", "open_pipeline", "stale", "stale_share",
    "create_and_close", "cycle_days", "forecast_summary", "fte_required", "fte_required_as_is",
    "fte_effective", "fte_effective_target_share", "fte_gap", "new_hire_yield", "target_share",
    "shares", "time_share_story", "hires", "hiring_options", "time_to_hire", "ramp",
    "productivity_plan", "tier_risk", "capacity_ceiling", "shortfall", "shortfall_as_is",
    "capability_index", "capacity_index", "capable_from", "retention_summary", "retained",
    "mdf_claimed", "mdf_allocated", "deal_reg_expired", "deal_reg_submitted", "presales_fte",
    "presales_required", "plays",
    *(f"d{i}" for i in range(1, 10)),
)  # fmt: skip


def _check_template(text: str) -> str:
    """Only known {placeholders}, without format specs, so filling can never fail."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)]
    except ValueError as exc:
        raise ValueError(f"broken placeholder ({exc}); write a brace as {{{{ or }}}}") from None
    for name, spec, conv in fields:
        if name is not None and (name not in FACT_KEYS or spec or conv):
            raise ValueError(f"unknown placeholder {{{name}}}; known: {', '.join(FACT_KEYS)}")
    return text


Template = Annotated[str, AfterValidator(_check_template)]
Share = Annotated[float, Field(ge=0, le=1)]
Count = Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Show(_Model):
    figure: str = Field(description="The figure or chart to put on screen, as the plan names it.")
    detail: Template


class Lines(_Model):
    """The lines one piece of content adds to the guide's sections."""

    goal: Template | None = None
    focus: list[Template] = []
    show: list[Show] = []
    ask: list[Template] = []
    commit: list[Template] = []
    give: list[Template] = []
    avoid: list[Template] = []
    stop: list[Template] = []


class ArchetypeCoaching(Lines):
    stance: Template
    pm_hours_per_month: Annotated[float, Field(ge=0)]
    meeting_goal: Template
    goal_first: bool = False  # the meeting goal wins over the plays' goals


class Rule(Lines):
    when: Condition


class Conditional(_Model):
    """A text shown only when its condition holds (always, without one)."""

    when: Condition | None = None
    text: Template


class Fits(_Model):
    """What makes a currency fit: one point per matching archetype, overlay, mode, condition."""

    archetypes: list[Archetype] = []
    overlays: list[Overlay] = []
    modes: list[Mode] = []
    when: list[Condition] = []


class Currency(_Model):
    family: str
    offers: str
    fits: Fits
    uses: list[Conditional]

    @model_validator(mode="after")
    def _fallback_last(self) -> Currency:
        if not self.uses or self.uses[-1].when is not None:
            raise ValueError(f"{self.family}: the last of its uses must have no condition")
        return self


class ForecastPattern(Lines):
    """Coaching for one forecast pattern; its Lines join the meeting when the data gate is on."""

    name: str
    reading: Template
    actions: list[Template]


class ForecastCoaching(_Model):
    bias_threshold: Annotated[float, Field(ge=0)]
    accuracy_threshold: Share
    patterns: dict[Pattern, ForecastPattern]


class Grow(_Model):
    goal: Template
    reality: Template
    options: Template
    will: Template


class Element(_Model):
    name: str
    question: str
    dimensions: list[Dimension] = []


class DealReviews(_Model):
    review_multiple: Annotated[float, Field(gt=0)]
    large_deal_multiple: Annotated[float, Field(gt=0)]
    smb6: Annotated[list[Element], Field(min_length=6, max_length=6)]
    meddpicc: Annotated[list[Element], Field(min_length=8, max_length=8)]


class QbrBlock(_Model):
    title: str
    minutes: Annotated[int, Field(ge=1)]
    depths: list[QbrDepth]
    when: Condition | None = None
    detail: Template
    otherwise: Template | None = None


class LibraryThresholds(_Model):
    stale_share: Share
    mdf_underused: Share
    registrations_expiring: Share
    max_openers: Count
    max_currencies: Count
    max_press: Count
    max_show: Count


class CoachingLibrary(_Model):
    """Everything in content/model/coaching.yaml."""

    thresholds: LibraryThresholds
    modes: dict[Mode, Template]
    archetypes: dict[Archetype, ArchetypeCoaching]
    overlays: dict[Overlay, Lines]
    plays: dict[Annotated[str, Field(pattern=r"^P\d\d$")], Lines]
    rules: list[Rule]
    currencies: list[Currency]
    forecast: ForecastCoaching
    grow: Grow
    deal_reviews: DealReviews
    pipeline_checklist: list[Conditional]
    qbr: list[QbrBlock]

    @model_validator(mode="after")
    def _complete(self) -> CoachingLibrary:
        for name, given, expected in (
            ("modes", self.modes, get_args(Mode)),
            ("archetypes", self.archetypes, get_args(Archetype)),
            ("overlays", self.overlays, get_args(Overlay)),
            ("forecast.patterns", self.forecast.patterns, get_args(Pattern)),
        ):
            missing = [key for key in expected if key not in given]
            if missing:
                raise ValueError(f"{name} must cover {', '.join(expected)}; missing {missing}")
        return self


def load_coaching(root: Path) -> CoachingLibrary:
    """Read and validate content/model/coaching.yaml under ``root``; raise ValidationFailed."""
    shown = str(COACHING_FILE)
    try:
        parsed = parse((root / COACHING_FILE).read_bytes())
    except OSError as exc:
        problem = Diagnostic(shown, 0, 0, "", f"cannot read: {exc.strerror}")
        raise ValidationFailed([problem]) from None
    except YamlProblem as exc:
        problem = Diagnostic(shown, exc.line, exc.column, exc.path, exc.message)
        raise ValidationFailed([problem]) from None
    try:
        return CoachingLibrary.model_validate(parsed.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = parsed.position(loc)
            problems.append(Diagnostic(shown, line, col, ".".join(map(str, loc)), err["msg"]))
        raise ValidationFailed(problems) from None


# --- The guide for one partner -------------------------------------------------------------
