"""The coaching library (content/model/coaching.yaml) as validated, frozen models.

The words of the coaching guide live in YAML so a vendor can change them without touching
Python; every {placeholder} a text may use is listed in FACT_KEYS and checked on loading.
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..domain import Archetype, Condition, Dimension, Mode, Overlay, Pattern, QbrDepth
from .placeholders import Template

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
    """How much of each kind of line the guide shows (the numbers that decide a condition are
    program thresholds, in program.yaml)."""

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
