"""The assessment's optional ``imported:`` section: where the figures `playbook import` set came
from (the export's file name and hash, the rows read, the mapping and the day of the import).

It lives here, beside the import, and assessment.py adds it to the format.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from ..fields import Date
from ..sections import Section

# The assessment fields `playbook import` can set, as dotted paths (definitions.py says how).
ImportedFigure = Literal[
    "deals.won_12m",
    "deals.lost_12m",
    "deals.opps_created_12m",
    "revenue.new_bookings_last_12_months",
    "deals.avg_deal_size",
    "deals.sales_cycle_days",
    "pipeline.commit",
    "pipeline.best_case",
    "pipeline.pipeline",
    "pipeline.stale",
    "program.deal_reg_submitted",
    "program.deal_reg_approved",
    "program.deal_reg_expired",
]
IMPORTED_FIGURES: tuple[str, ...] = get_args(ImportedFigure)
# One line naming a file, without its folder.
FileName = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f/\\]{1,255}$")]


class Imported(Section):
    """Where the figures listed came from: written by `playbook import`, replaced by the next."""

    file: FileName = Field(description="Name of the exported CSV file (no folder).")
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the file's bytes: the same hash means the same export."
    )
    rows: Annotated[str, Field(pattern=r"^[0-9]{1,9} of [0-9]{1,9}$")] = Field(
        description="The partner's rows of the file's rows, like '37 of 1204'."
    )
    mapping: FileName = Field(
        description="The column mapping: a preset of content/model/imports/, or its file's name."
    )
    date: Date = Field(description="Day of the import, YYYY-MM-DD.")
    figures: list[ImportedFigure] = Field(
        max_length=len(IMPORTED_FIGURES),
        description="The fields set from the export; remove one from the list when you change "
        "its value by hand.",
    )
