"""How `playbook import` computes each assessment figure from an opportunity export, in words:
the playbook's "How the figures are computed" page lists them (render/pages.py), and
figures.py implements exactly this.

"The 12 months" are the days after the same day a year before the assessment date, up to and
including the assessment date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .provenance import IMPORTED_FIGURES


@dataclass(frozen=True)
class ImportedDefinition:
    field: str  # the assessment field, dotted
    label: str
    definition: str


SCOPE = (
    "Every figure counts new business only: opportunities whose type is a renewal (where the "
    "export has a type column) are left out, because renewals are planned from "
    "revenue.recurring_base and gross_revenue_retention, which the import does not touch. "
    "Opportunities created after the assessment date are left out too. "
    "The 12 months run from the day after the same day a year before the assessment date up to "
    "and including the assessment date (a 29 February counts back to 28 February)."
)

IMPORTED: tuple[ImportedDefinition, ...] = (
    ImportedDefinition(
        "deals.won_12m",
        "Won deals",
        "Opportunities in a won stage whose close date is in the 12 months.",
    ),
    ImportedDefinition(
        "deals.lost_12m",
        "Lost deals",
        "Opportunities in a lost stage (no-decision stages belong in the mapping's lost list) "
        "whose close date is in the 12 months.",
    ),
    ImportedDefinition(
        "deals.opps_created_12m",
        "Opportunities created",
        "Opportunities whose created date is in the 12 months, whatever their stage now.",
    ),
    ImportedDefinition(
        "revenue.new_bookings_last_12_months",
        "New bookings",
        "The sum of the amounts of the won deals above (renewals excluded; large deals are "
        "included, so move a one-off into revenue.one_off_last_12_months by hand).",
    ),
    ImportedDefinition(
        "deals.avg_deal_size",
        "Average deal size",
        "The mean amount of the won deals above, leaving out outliers: amounts above five times "
        "their median. Rounded to a whole amount; empty (the program's benchmark) when nothing "
        "was won.",
    ),
    ImportedDefinition(
        "deals.sales_cycle_days",
        "Sales cycle",
        "The median number of days from created date to close date of the won deals above "
        "(halves round up; a deal closed before it was created has no cycle and is left out); "
        "empty (the program's default) when nothing was won.",
    ),
    ImportedDefinition(
        "pipeline.commit",
        "Commit pipeline",
        "The amounts of the open opportunities (in neither a won nor a lost stage) whose "
        "forecast category is the mapping's commit; an empty amount counts as 0.",
    ),
    ImportedDefinition(
        "pipeline.best_case",
        "Best-case pipeline",
        "The same for the best-case category. The three categories are disjoint: each open "
        "opportunity is in one of them at most (omitted ones are in none).",
    ),
    ImportedDefinition(
        "pipeline.pipeline",
        "Pipeline",
        "The same for the pipeline category.",
    ),
    ImportedDefinition(
        "pipeline.stale",
        "Stale pipeline",
        "The amounts of the open opportunities in the three categories whose close date is "
        "before the assessment date, or, where the export has an activity column, whose last "
        "activity (or, with none, their created date) is 30 days or more before it. Stale "
        "opportunities stay in their category too.",
    ),
    ImportedDefinition(
        "program.deal_reg_submitted",
        "Deal registrations submitted",
        "Only where the mapping names a registration column: opportunities created in the 12 "
        "months with any registration status the mapping knows (an empty cell is none).",
    ),
    ImportedDefinition(
        "program.deal_reg_approved",
        "Deal registrations approved",
        "Of those, the ones whose status is one of the mapping's approved values.",
    ),
    ImportedDefinition(
        "program.deal_reg_expired",
        "Deal registrations expired",
        "Of those, the ones whose status is one of the mapping's expired values.",
    ),
)

assert tuple(d.field for d in IMPORTED) == IMPORTED_FIGURES, "one definition per figure, in order"
