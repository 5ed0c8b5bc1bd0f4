"""The business-development plan's words and heuristics (``content/model/plan.yaml``).

Every text the shared plan prints beyond the play library (goal sentences, fixed actions,
milestones, KPI names, cadence, give/get offers, risks, notices) and every number that decides
its schedule (due days, red-flag factors, meeting lengths) lives here, validated like the rest of
the model; {placeholders} are checked against FACT_KEYS so filling them can never fail.
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..domain import Archetype, Lever, Owner, QbrDepth
from .placeholders import ScenarioTemplate, Template

Day = Annotated[int, Field(ge=0, le=366)]
Share = Annotated[float, Field(gt=0, le=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoalSentences(_Model):
    """The goal in one sentence, by how the plan year reads (§8 R28)."""

    grow: Template
    hold: Template
    below: Template
    new: Template


class Multiplier(_Model):
    story: Template
    held: Template
    maintain: Template
    first_year: Template


class Why(_Model):
    """Why a play is in the next 90 days, in the partner's words (no rule names)."""

    data: Template
    lead_time: Template
    new_partner: Template
    levers: Template
    builds: Template
    other: Template
    none: str  # instead of the plays, when no play would move the plan (none scores above 0)


class KeyNumber(_Model):
    figure: str
    label: str


class FixedAction(_Model):
    text: Template
    owner: Owner
    due_day: Day
    done_when: Template


class PlayActions(_Model):
    """When the plays' own actions fall due: the k-th play's first action on first_day +
    k x step_days, each further action of the same play next_days later, all within the 90 days."""

    vendor_count: Annotated[int, Field(ge=0)]
    partner_count: Annotated[int, Field(ge=0)]
    vendor_first_day: Day
    partner_first_day: Day
    step_days: Day
    next_days: Day
    last_day: Day


class Actions(_Model):
    agree: FixedAction
    time_share: FixedAction
    requisitions: FixedAction
    ramp_plan: FixedAction
    collect_evidence: FixedAction
    rescore: FixedAction
    plays: PlayActions


class DayMilestone(_Model):
    day: Day
    text: Template


class Milestones(_Model):
    days: list[DayMilestone]
    requisitions: Template
    first_hire: Template
    quarter: Template


class Kpi(_Model):
    name: str
    kind: Annotated[str, Field(pattern=r"^(Leading|Lagging)$")]


class Kpis(_Model):
    """KPI names and the numbers behind their targets and red flags (§5, §8 R26)."""

    volume_red_flag: Share  # a phased volume flags below this share of its quarter's target
    held_rate_red_flag: Share  # a rate the plan holds flags below this share of today
    forecast_accuracy_goal: Share
    forecast_bias_goal: Share  # |bias| at or below this
    mdf_claimed_goal: Share
    names: dict[str, Kpi]


class Meeting(_Model):
    name: Template
    rhythm: Template
    who: Template
    first_day: Day | None = None  # the first one, counted from the plan start
    minutes: Annotated[int, Field(ge=5, le=480)] | None = None  # calendar length, with a time


class Cadence(_Model):
    """The operating rhythm, scaled to the partner's size (§5.9)."""

    small_team_sellers: Annotated[int, Field(ge=0)]
    pipeline_review_minutes: Annotated[int, Field(ge=5)]
    small_team_minutes: Annotated[int, Field(ge=5)]
    weeks_joined: Annotated[int, Field(ge=0)]
    deal_review_every_days: Annotated[int, Field(ge=1)]
    pipeline_review: Meeting
    deal_review: Meeting
    forecast_call: Meeting
    qbr: Meeting
    qbr_rhythm: dict[QbrDepth, Template]
    refresh: Meeting
    runner: dict[str, Template]  # "manager" and "owner": who runs the partner's reviews
    review_deals_all: Template  # when the partner has no more open deals than top_deals
    review_deals_top: Template


class GiveGet(_Model):
    """The vendor's side of the investments (§5.10, §7.2), row by row against a commitment."""

    offers: dict[Archetype, Template]
    commitments: dict[Archetype, Template]
    mdf: Template
    mdf_commitment: Template
    hiring: Template
    hiring_commitment: Template


class Risk(_Model):
    risk: Template
    dependency: Template
    consequence: Template
    exit: Template


class Notices(_Model):
    stale: Template
    meeting_passed: Template


class ScenarioText(_Model):
    """How a what-if reads: each change, the comparison's rows and the guide's proposal."""

    changes: dict[str, ScenarioTemplate]  # by change path (team.sellers[*] for every seller)
    base: str  # the base case's column
    base_changes: str
    same_plays: str
    rows: dict[str, str]  # comparison row labels by key
    propose: ScenarioTemplate
    propose_none: ScenarioTemplate


class PlanText(_Model):
    """Everything in content/model/plan.yaml."""

    start_after_days: Day
    money_unit: Annotated[float, Field(gt=0)]
    goal: GoalSentences
    levers: dict[Lever, str]
    multiplier: Multiplier
    why: Why
    key_numbers: list[KeyNumber]
    actions: Actions
    milestones: Milestones
    kpis: Kpis
    cadence: Cadence
    give_get: GiveGet
    risks: dict[str, Risk]
    escalation: Template
    notices: Notices
    scenarios: ScenarioText

    @model_validator(mode="after")
    def _complete(self) -> PlanText:
        for name, given, expected in (
            ("give_get.offers", self.give_get.offers, get_args(Archetype)),
            ("give_get.commitments", self.give_get.commitments, get_args(Archetype)),
            ("cadence.qbr_rhythm", self.cadence.qbr_rhythm, get_args(QbrDepth)),
            ("cadence.runner", self.cadence.runner, ("manager", "owner")),
            ("levers", self.levers, tuple(Lever)),
            ("kpis.names", self.kpis.names, KPI_KEYS),
            ("risks", self.risks, RISK_KEYS),
            ("scenarios.changes", self.scenarios.changes, SCENARIO_CHANGES),
            ("scenarios.rows", self.scenarios.rows, SCENARIO_ROWS),
        ):
            missing = [key for key in expected if key not in given]
            extra = [key for key in given if key not in expected]
            if missing or extra:
                raise ValueError(f"{name} must name exactly {', '.join(expected)}")
        return self


# The changes a scenario can make (inputs/scenarios.py), and the rows its comparison shows.
SCENARIO_CHANGES = (
    "team.sellers[*].share_on_vendor", "team.sellers[].share_on_vendor",
    "team.sellers[*].tenure_months", "team.sellers[].tenure_months", "team.time_to_hire_months",
    "team.ramp_months", "team.attrition", "goals.target_revenue", "goals.growth_multiple",
    "revenue.one_off_last_12_months", "revenue.gross_revenue_retention",
    "deals.sales_cycle_days", "deals.avg_deal_size", "deals.slip_share", "deals.win_rate",
    "team.hires", "team.leaving",
)  # fmt: skip
SCENARIO_ROWS = ("changes", "reach", "ceiling", "hires", "pipeline", "opportunities", "growth",
                 "plays")  # fmt: skip
# The KPIs and risks the engine can raise, by key (generator/engine/kpis.py, risks.py).
KPI_KEYS = (
    "opportunities", "pipeline", "stale", "registrations", "certifications", "mdf",
    "bookings", "win_rate", "deal_size", "cycle", "forecast_accuracy", "forecast_bias",
    "retention",
)  # fmt: skip
RISK_KEYS = (
    "hiring", "time_share", "conversion", "pipeline", "forecast", "capacity", "target_below",
    "retention", "estimates", "tier",
)  # fmt: skip
