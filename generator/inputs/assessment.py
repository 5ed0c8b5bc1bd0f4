"""The assessment a partner manager writes, as typed, frozen models validated at the edge.

Field names follow the data dictionary of the domain model (§1) with readable section names.
Conventions: money is a plain number in the partner's currency; shares and rates are fractions
from 0 to 1 (write 90% as 0.9); durations are months or days as the field name says.
"""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, ConfigDict, Field, StrictBool

from ..domain import Dimension, PartnerType, Tier
from . import rules
from .crm.provenance import Imported
from .fields import (
    FTE,
    MAX_OVERRIDES,
    MAX_QUARTERS,
    Count,
    Date,
    Days,
    Fraction,
    Money,
    Months,
    Multiple,
    Quarter,
    Real,
    Score,
    ShortText,
    SlipShare,
    Text,
)
from .overrides import OverrideSetting, value_bounds
from .scenarios import MAX_SCENARIOS, SECTIONS, Scenario, noop_warnings, scenario_problems
from .sections import Section


class Partner(Section):
    """Who the partner is; shown on the plan."""

    name: ShortText = Field(description="Legal or trading name, as the partner writes it.")
    type: PartnerType = Field(description="VAR, MSP, SI, consultancy or referral.")
    tier: Tier = Field(description="Current program tier.")
    segment: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=64)] | None = Field(
        None,
        description="Program segment whose benchmarks apply (content/model/program.yaml); "
        "empty = the segment for the partner type, else default.",
    )
    tenure_months: Months = Field(description="Months since the partner signed with us.")
    customer_focus: ShortText | None = Field(None, description="Who the partner sells to.")
    partner_manager: ShortText = Field(description="The vendor's partner manager for this partner.")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 currency code of every amount in this file, like EUR."
    )


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError(
            f"unknown time zone {name!r}; write an IANA name like Europe/Berlin"
        ) from None
    return name


class AssessmentInfo(Section):
    """When and by whom the assessment was made."""

    date: Date = Field(description="Assessment date, YYYY-MM-DD; the file is named after it.")
    assessed_by: ShortText | None = Field(None, description="Who scored the capabilities.")
    partner_exec_signed_off: StrictBool = Field(
        False, description="The partner's executive has agreed the goals (raises play confidence)."
    )
    next_meeting: Date | None = Field(None, description="Next joint meeting or QBR, if booked.")
    meeting_time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None = Field(
        None,
        description="When the partner's reviews start, HH:MM (with time_zone); the calendar "
        "makes all-day events without it.",
    )
    time_zone: Annotated[str, AfterValidator(_known_zone)] | None = Field(
        None, description="The time zone of meeting_time, like Europe/Berlin (IANA name)."
    )

    cross_checks = (rules.time_with_zone,)


class Revenue(Section):
    """Last year's results through this partner, on our product line."""

    last_12_months: Money = Field(description="Vendor revenue through the partner, last 12 months.")
    one_off_last_12_months: Money = Field(
        0, description="Part of it from one-off or outlier deals."
    )
    year_before: Money | None = Field(None, description="Revenue in the 12 months before that.")
    two_years_before: Money | None = Field(None, description="Revenue two years before.")
    new_bookings_last_12_months: Money = Field(
        description="New and expansion bookings last year (no renewals, no one-offs)."
    )
    recurring_base: Money = Field(
        0, description="Renewals or ARR due in the plan year; 0 for a transactional partner."
    )
    gross_revenue_retention: Fraction | None = Field(
        None, description="Share of the recurring base that renews (GRR), 0-1."
    )
    plan_metric: Literal["revenue", "arr"] = Field(
        "revenue", description="Plan on total revenue, or on ARR for a recurring business."
    )

    cross_checks = (rules.one_off_within, rules.retention_needed)
    model_config = ConfigDict(json_schema_extra=rules.RETENTION_NEEDED)


class MutualGoal(Section):
    goal: Text = Field(description="What we commit to together, specific and measurable.")
    owner: ShortText = Field(
        description="Who is accountable (a role at the partner or the vendor)."
    )
    due: Date | None = Field(None, description="By when.")
    measure: Text | None = Field(None, description="How we will know it is done.")


class Goals(Section):
    """What the partner and the vendor want from the plan year."""

    target_revenue: Money | None = Field(None, description="Revenue goal for the plan year.")
    growth_multiple: Multiple | None = Field(
        None, description="Alternative to target_revenue: target = multiple x last year."
    )
    next_year_aspiration: Money | None = Field(None, description="Revenue wanted the year after.")
    mutual: list[MutualGoal] = Field(default_factory=list, description="Mutual SMART goals.")
    partner_own: list[Text] = Field(
        default_factory=list, description="The partner's own goals: margin, services, valuation..."
    )

    cross_checks = (rules.one_target,)
    model_config = ConfigDict(json_schema_extra=rules.ONE_TARGET)


class Deals(Section):
    """Qualified opportunities decided in the last 12 months."""

    won_12m: Count = Field(description="Qualified opportunities closed won.")
    lost_12m: Count = Field(description="Qualified opportunities closed lost (no-decision counts).")
    avg_deal_size: Money | None = Field(
        None, description="Average won new-business deal, outliers excluded; empty = vendor median."
    )
    sales_cycle_days: Days | None = Field(
        None, description="Days from opportunity creation to close, won deals."
    )
    opps_created_12m: Count | None = Field(None, description="Qualified opportunities created.")
    slip_share: SlipShare | None = Field(
        None, description="Share of created opportunities still open or pushed at year end."
    )


class Pipeline(Section):
    """Open pipeline today by forecast category, and the stale part of it."""

    commit: Money = 0
    best_case: Money = 0
    pipeline: Money = 0
    stale: Money = Field(
        0, description="Open value with no activity for 30+ days or a close date in the past."
    )

    @property
    def total(self) -> float:
        return self.commit + self.best_case + self.pipeline

    cross_checks = (rules.stale_within,)


class Seller(Section):
    name: ShortText = Field(description="Name or role, like 'Seller A'.")
    share_on_vendor: Fraction = Field(description="Fraction of selling time on our products, 0-1.")
    tenure_months: Months | None = Field(None, description="Months in the role; empty = ramped.")


class Team(Section):
    """The partner's people on our line."""

    sellers: list[Seller] = Field(default_factory=list)
    fte_prev: FTE | None = Field(
        None, description="Average dedicated seller FTE over the last 12 months."
    )
    presales_fte: FTE = 0
    has_sales_manager: StrictBool = False
    time_to_hire_months: Months | None = Field(None, description="Empty = program default.")
    ramp_months: Months | None = Field(None, description="Empty = program default.")
    attrition: Fraction | None = Field(None, description="Seller attrition per year, 0-1.")


class ForecastQuarter(Section):
    quarter: Quarter = Field(description="Like 2026-Q1.")
    commit: Money = Field(description="Committed forecast at week 2 of the quarter.")
    actual: Money = Field(description="Actual bookings in the quarter.")


class ProgramActivity(Section):
    """Deal registration and market-development funds in the last 12 months."""

    deal_reg_submitted: Count = 0
    deal_reg_approved: Count = 0
    deal_reg_expired: Count = 0
    mdf_allocated: Money = 0
    mdf_claimed: Money = 0
    certified_people: Count | None = Field(
        None,
        description="People holding a valid certification on our products today; the tier "
        "check uses it where the tier requires certified people (empty = not checked).",
    )

    cross_checks = (rules.registrations_within, rules.claims_within)


class Capability(Section):
    score: Score = Field(description="1-5 against the rubric anchors, or unknown.")
    evidence: Text = Field(description="What you saw that justifies the score (shared).")
    self_score: Score | None = Field(None, description="The partner's own score, 1-5.")


class Capabilities(Section):
    """Scores against the rubric in content/model/rubric.yaml; every dimension is required."""

    solution_selling: Capability
    product_knowledge: Capability
    demand_generation: Capability
    pipeline_management: Capability
    forecasting: Capability
    presales: Capability
    sales_leadership: Capability
    customer_success: Capability
    program_engagement: Capability

    def get(self, dimension: Dimension) -> Capability:
        value: Capability = getattr(self, dimension.value)
        return value


class Internal(Section):
    """Vendor-internal: shown in the coaching guide only, never on anything the partner sees."""

    notes: Text | None = None
    capability_comments: dict[Dimension, Text] = Field(default_factory=dict)
    relationship: Text | None = Field(None, description="Who matters at the partner, and how.")


class Override(Section):
    """One benchmark or default that differs for this partner (§8 R31)."""

    setting: OverrideSetting = Field(
        description="The program setting, like benchmarks.win_rate or defaults.sales_cycle_days."
    )
    value: Real = Field(description="The value for this partner, in the setting's own unit.")
    reason: Text = Field(description="Why this partner differs; shown with every figure it moves.")

    model_config = ConfigDict(json_schema_extra={"allOf": value_bounds()})
    cross_checks = (rules.in_range,)


class Assessment(Section):
    """One dated assessment of one partner."""

    partner: Partner
    assessment: AssessmentInfo
    revenue: Revenue
    goals: Goals
    deals: Deals
    pipeline: Pipeline = Field(default_factory=Pipeline)
    team: Team
    forecast_history: list[ForecastQuarter] = Field(default_factory=list, max_length=MAX_QUARTERS)
    program: ProgramActivity = Field(default_factory=ProgramActivity)
    capabilities: Capabilities
    overrides: list[Override] = Field(
        default_factory=list,
        max_length=MAX_OVERRIDES,
        description="Benchmarks or defaults that differ for this partner alone, each with its "
        "reason; the reason is shown wherever the value is used.",
    )
    scenarios: list[Scenario] = Field(
        default_factory=list,
        max_length=MAX_SCENARIOS,
        description="What-if scenarios planned beside the base case; share: true shows one in "
        "the partner's plan, the others only in the coaching guide.",
    )
    notes: Text | None = Field(None, description="Shareable notes: context for the plan.")
    internal: Internal = Field(default_factory=Internal)
    imported: Imported | None = Field(
        None, description="Where imported figures came from (written by `playbook import`)."
    )

    @property
    def target_revenue(self) -> float:
        """The plan-year revenue goal, from the target or the growth multiple."""
        if self.goals.target_revenue is not None:
            return self.goals.target_revenue
        assert self.goals.growth_multiple is not None
        return self.goals.growth_multiple * self.revenue.last_12_months

    cross_checks = (
        rules.quarters_once,
        rules.overrides_once,
        rules.multiple_of_something,
        scenario_problems,
    )


SECTIONS.update(
    {"sellers": Seller, "team": Team, "goals": Goals, "revenue": Revenue, "deals": Deals}
)


def consistency_warnings(a: Assessment) -> list[tuple[tuple[str | int, ...], str]]:
    """Non-fatal inconsistencies (§8 R6): (field path, message) pairs; the build goes on."""
    warnings: list[tuple[tuple[str | int, ...], str]] = list(noop_warnings(a.scenarios, a))
    won, ads, booked = a.deals.won_12m, a.deals.avg_deal_size, a.revenue.new_bookings_last_12_months
    if ads is not None and booked > 0 and won > 0 and abs(won * ads - booked) > 0.25 * booked:
        warnings.append(
            (
                ("deals", "won_12m"),
                f"deals.won_12m x deals.avg_deal_size = {won * ads:,.0f}, more than 25% away from "
                f"revenue.new_bookings_last_12_months = {booked:,.0f}; check the three fields",
            )
        )
    if a.revenue.new_bookings_last_12_months > a.revenue.last_12_months:
        warnings.append(
            (
                ("revenue", "new_bookings_last_12_months"),
                "new bookings exceed last year's revenue; "
                "check that renewals are not counted twice",
            )
        )
    decided = a.deals.won_12m + a.deals.lost_12m
    created = a.deals.opps_created_12m
    if created is not None and decided > 2 * created + 10:
        warnings.append(
            (
                ("deals", "opps_created_12m"),
                f"{decided} opportunities decided but only {created} created in 12 months; "
                "check the counts",
            )
        )
    return warnings
