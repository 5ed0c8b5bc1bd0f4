"""Where a figure's inputs come from: the assessment, the segment's defaults and benchmarks, or
the program's plan levers. Each source name below may be listed as an input of a figure
(see figures.py); :class:`Sources` reads it for one partner when the plan is explained."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain import DIMENSIONS, Unit
from ..inputs.assessment import Assessment
from ..inputs.program import DealReviews, Parameters, PlanLevers, Program
from .figures import Input, register_sources


@dataclass(frozen=True, slots=True)
class Context:
    assessment: Assessment
    parameters: Parameters
    levers: PlanLevers
    reviews: DealReviews


Reader = Callable[[Context], tuple[Input, ...]]


@dataclass(frozen=True, slots=True)
class Source:
    """A source name's reader, and where it comes from (for the playbook's figures page)."""

    read: Reader
    origin: str

    def __call__(self, c: Context) -> tuple[Input, ...]:
        return self.read(c)


Read = Source


def _entered(name: str, unit: Unit, path: str) -> Read:
    """A value read from the assessment at a dotted path (``deals.won_12m``)."""

    def read(c: Context) -> tuple[Input, ...]:
        value: object = c.assessment
        for part in path.split("."):
            value = getattr(value, part)
        assert value is None or isinstance(value, int | float)
        return (Input(name, value, unit, "assessment: " + path),)

    return Source(read, "assessment: " + path)


def _program(kind: str, section: str, name: str, unit: Unit, key: str) -> Read:
    """A segment default or benchmark, or this partner's override of it (R31, with its reason)."""

    def read(c: Context) -> tuple[Input, ...]:
        value = getattr(getattr(c.parameters, section), key)
        reason = c.parameters.overridden.get(f"{section}.{key}")
        source = f"{kind}: {key}" if reason is None else f"override: {section}.{key} ({reason})"
        return (Input(name, value, unit, source),)

    return Source(read, f"{kind}: {key} (program.yaml {section}, by segment)")


def _default(name: str, unit: Unit, key: str) -> Read:
    return _program("default", "defaults", name, unit, key)


def _benchmark(name: str, unit: Unit, key: str) -> Read:
    return _program("benchmark", "benchmarks", name, unit, key)


def _lever(name: str, unit: Unit, key: str) -> Read:
    return Source(
        lambda c: (Input(name, getattr(c.levers, key), unit, "plan lever: " + key),),
        f"plan lever: {key} (program.yaml plan_levers)",
    )


def _either(entered: Read, fallback: Read, path: str) -> Read:
    """The assessment's value when the field is filled in, else the program default."""

    def read(c: Context) -> tuple[Input, ...]:
        team_or_deals, name = path.split(".")
        given = getattr(getattr(c.assessment, team_or_deals), name)
        return fallback(c) if given is None else entered(c)

    return Source(read, f"{entered.origin}, else {fallback.origin}")


def _target(c: Context) -> tuple[Input, ...]:
    goals = c.assessment.goals
    given = "goals.target_revenue" if goals.target_revenue is not None else "goals.growth_multiple"
    return (Input("R_tgt", c.assessment.target_revenue, "currency/yr", "assessment: " + given),)


def _shares(c: Context) -> tuple[Input, ...]:
    total = sum(s.share_on_vendor for s in c.assessment.team.sellers if s.share_on_vendor > 0)
    return (Input("Σ share_i", total, "FTE", "assessment: team.sellers[].share_on_vendor"),)


def _tenures(c: Context) -> tuple[Input, ...]:
    return (Input("tenures", None, "months", "assessment: team.sellers[].tenure_months"),)


def _sellers(c: Context) -> tuple[Input, ...]:
    count = sum(1 for s in c.assessment.team.sellers if s.share_on_vendor > 0)
    return (Input("sellers", count, "count", "assessment: team.sellers (share above 0)"),)


def _fte_prev(c: Context) -> tuple[Input, ...]:
    given = c.assessment.team.fte_prev
    if given is None:  # R1: the sum of today's time-shares
        return _shares(c)
    return (Input("FTE_prev", given, "FTE", "assessment: team.fte_prev"),)


def _review(name: str, key: str) -> Read:
    return Source(
        lambda c: (
            Input(name, getattr(c.reviews, key), "multiple", "program: deal_reviews." + key),
        ),
        f"program: deal_reviews.{key} (program.yaml)",
    )


def _open(c: Context) -> tuple[Input, ...]:
    total = c.assessment.pipeline.total
    return (Input("open", total, "currency", "assessment: pipeline.commit+best_case+pipeline"),)


def _scores_and_weights(c: Context) -> tuple[Input, ...]:
    out: list[Input] = []
    segment = c.parameters.segment
    for d in DIMENSIONS:
        score = c.assessment.capabilities.get(d).score
        used = score if isinstance(score, int) else 1  # R17: unknown counts as 1
        out.append(Input(f"{d.code} score", used, "index", f"assessment: capabilities.{d}.score"))
        weight = c.parameters.weights[d]
        out.append(Input(f"{d.code} weight", weight, "fraction", f"default: weights ({segment})"))
    return tuple(out)


def _forecast_history(c: Context) -> tuple[Input, ...]:
    return tuple(
        Input(f"{q.quarter} {name}", value, "currency", f"assessment: forecast_history.{q.quarter}")
        for q in c.assessment.forecast_history
        for name, value in (("commit", q.commit), ("actual", q.actual))
    )


SOURCES: dict[str, Source] = {
    # The assessment
    "R_prev": _entered("R_prev", "currency/yr", "revenue.last_12_months"),
    "R_tgt": Source(
        _target, "assessment: goals.target_revenue, or goals.growth_multiple x last year's revenue"
    ),
    "W": _entered("W", "count", "deals.won_12m"),
    "L": _entered("L", "count", "deals.lost_12m"),
    "one-off": _entered("one-off", "currency/yr", "revenue.one_off_last_12_months"),
    "Base": _entered("Base", "currency/yr", "revenue.recurring_base"),
    "GRR": _entered("GRR", "fraction", "revenue.gross_revenue_retention"),
    "ADS_obs": _entered("ADS_obs", "currency", "deals.avg_deal_size"),
    "C_obs": _entered("C_obs", "days", "deals.sales_cycle_days"),
    "B_prev": _entered("B_prev", "currency/yr", "revenue.new_bookings_last_12_months"),
    "stale": _entered("stale", "currency", "pipeline.stale"),
    "open": Source(_open, "assessment: pipeline.commit + best_case + pipeline"),
    "Σ share_i": Source(_shares, "assessment: team.sellers[].share_on_vendor (sellers above 0)"),
    "tenures": Source(_tenures, "assessment: team.sellers[].tenure_months"),
    "sellers": Source(_sellers, "assessment: team.sellers (share above 0)"),
    "FTE_prev": Source(_fte_prev, "assessment: team.fte_prev, else the sum of today's time-shares"),
    "aspiration": _entered("aspiration", "currency/yr", "goals.next_year_aspiration"),
    "scores and weights": Source(
        _scores_and_weights,
        "assessment: capabilities.*.score, and the segment's weights (program.yaml)",
    ),
    "forecast history": Source(_forecast_history, "assessment: forecast_history"),
    # Entered in the assessment, else the program default
    "s": _either(
        _entered("s", "fraction", "deals.slip_share"),
        _default("s", "fraction", "slip_share"),
        "deals.slip_share",
    ),
    "T_hire": _either(
        _entered("T_hire", "months", "team.time_to_hire_months"),
        _default("T_hire", "months", "time_to_hire_months"),
        "team.time_to_hire_months",
    ),
    "T_ramp entered": _either(
        _entered("T_ramp entered", "months", "team.ramp_months"),
        _default("T_ramp entered", "months", "ramp_months"),
        "team.ramp_months",
    ),
    "α": _either(
        _entered("α", "fraction", "team.attrition"),
        _default("α", "fraction", "attrition"),
        "team.attrition",
    ),
    # The segment's defaults
    "k": _default("k", "count", "shrinkage_k"),
    "WR0": _default("WR0", "fraction", "win_rate_prior"),
    "ADS0": _default("ADS0", "currency", "avg_deal_size_new"),
    "min wins": _default("min wins", "count", "min_wins_for_observed_deal_size"),
    "C0": _default("C0", "days", "sales_cycle_days"),
    "lead→opp": _default("lead→opp", "fraction", "lead_to_opp"),
    "min": _default("min", "multiple", "coverage_min"),
    "max": _default("max", "multiple", "coverage_max"),
    "P0": _default("P0", "currency/FTE", "productivity_new"),
    "K": _default("K", "count", "max_concurrent_opps"),
    "floor": _default("floor", "months", "new_partner_ramp_months"),
    "r_SE": _default("r_SE", "count", "sellers_per_presales"),
    "per manager": _default("per manager", "count", "sellers_per_manager"),
    # The segment's benchmarks
    "WR_bench": _benchmark("WR_bench", "fraction", "win_rate"),
    "ADS_bench": _benchmark("ADS_bench", "currency", "avg_deal_size"),
    "OPF_bench": _benchmark("OPF_bench", "count/yr", "decided_opps_per_fte"),
    "P_bench": _benchmark("P_bench", "currency/FTE", "productivity_per_fte"),
    "GRR_bench": _benchmark("GRR_bench", "fraction", "grr"),
    # The program's plan levers
    "target share": _lever("target share", "fraction", "target_time_share"),
    "step": _lever("step", "fraction", "win_rate_step"),
    "ADS factor": _lever("ADS factor", "multiple", "deal_size_factor"),
    "OPF factor": _lever("OPF factor", "multiple", "pipeline_per_seller_factor"),
    "small gap": _lever("small gap", "FTE", "small_gap_fte"),
    "min yield": _lever("min yield", "FTE", "min_hire_yield"),
    # The program's deal reviews
    "review multiple": _review("review multiple", "review_multiple"),
    "large-deal multiple": _review("large-deal multiple", "large_deal_multiple"),
}
register_sources(SOURCES)


class Sources:
    """Reads source names for one partner's assessment and segment."""

    def __init__(self, assessment: Assessment, parameters: Parameters, program: Program):
        self._context = Context(assessment, parameters, program.plan_levers, program.deal_reviews)

    def __call__(self, name: str) -> tuple[Input, ...]:
        return SOURCES[name](self._context)
