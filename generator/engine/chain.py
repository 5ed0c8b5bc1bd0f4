"""The capacity chain of §3.3 for one assessment: each stage in execution order."""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.assessment import Assessment
from ..inputs.program import Parameters, Program
from .capacity import Conversion, Coverage, Flow, Targets, conversion, coverage, flow, targets
from .ceilings import Ceilings, ceilings
from .fastinit import fast_init
from .productivity import Productivity, productivity
from .staffing import Staffing, staffing
from .whatif import NONE, Adjustments


@fast_init
@dataclass(frozen=True, slots=True)
class Chain:
    """Every stage's result: goal, conversion, flow, coverage, productivity, staffing, ceilings."""

    targets: Targets
    conversion: Conversion
    flow: Flow
    coverage: Coverage
    productivity: Productivity
    staffing: Staffing
    ceilings: Ceilings

    def stages(self) -> tuple[object, ...]:
        """The results in stage order (each figure's inputs come before it)."""
        return (
            self.targets,
            self.conversion,
            self.flow,
            self.coverage,
            self.productivity,
            self.staffing,
            self.ceilings,
        )


def capacity_chain(
    a: Assessment, p: Parameters, program: Program, adjust: Adjustments = NONE
) -> Chain:
    """Run §3.3 in execution order for one assessment (and a scenario's adjustments)."""
    levers = program.plan_levers
    t = targets(a)
    c = conversion(a, p, program.deal_reviews, adjust.win_rate)
    f = flow(t, c, p)
    cov = coverage(a, t, c, p)
    prod = productivity(a, t, c, f, p, levers)
    s = staffing(a, t, prod, p, levers, dict(adjust.leaving))
    return Chain(t, c, f, cov, prod, s, ceilings(t, c, prod, s, p))
