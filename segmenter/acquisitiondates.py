"""The day an acquisition closed, for the tables that allocate its price.

Filers tag the fair values of the assets acquired and the liabilities assumed
at the acquisition date, which the note states once, in a sentence before the
table: "On November 7, 2023, we completed a cash and stock transaction to
acquire Hostess Brands" (SJM 10-K), "On February 14, 2022 (Xilinx Acquisition
Date), the Company completed the acquisition of ..." (AMD 10-K), "On March 18,
2024, we completed the acquisition of Splunk Inc." (CSCO 10-K). The table's
columns name no period ("Amount", or nothing), so without that day its values
would take the day the report ends.

:func:`text_to_acquisition_date` reads the day from a paragraph (one regular
expression pass; spaCy never sees it); :func:`table_at_acquisition` dates a
table that names no period and whose paragraph before says it allocates a
price.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .periods import label_to_period
from .types import Period, Table

__all__ = ["table_at_acquisition", "text_to_acquisition_date"]

# "On <date>[ (<name> Acquisition Date)], <who> completed|closed|consummated ... acquisition|acquire|merger",
# all in one sentence.
_COMPLETED_RE = re.compile(
    r"\bOn\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})\s*(?:\([^()]{0,80}\))?,\s+[^.]{0,80}?"
    r"\b(?:completed|closed|consummated)\b[^.]{0,100}?\b(?:acqui\w*|merger)\b"
)
# What the paragraph before an allocation table says it shows.
_ALLOCATION_RE = re.compile(
    r"\bacquisition\s+date\b|\bpurchase\s+(?:price|consideration)\b|\bassets\s+acquired\b"
    r"|\bliabilities\s+assumed\b|\ballocat",
    re.IGNORECASE,
)


def text_to_acquisition_date(text: str) -> date | None:
    """The day of the last acquisition ``text`` says was completed on a stated day, or None."""
    found = None
    for m in _COMPLETED_RE.finditer(text):
        period = label_to_period(m.group("date"))
        if period is not None and period.instant is not None:
            found = period.instant
    return found


def table_at_acquisition(table: Table, day: date, context: str) -> Table:
    """``table`` with every column at the instant ``day`` when no column names a period and
    ``context`` (the paragraph before it) says it allocates a purchase price; else ``table``."""
    if not table.columns or any(c.period is not None for c in table.columns) or not _ALLOCATION_RE.search(context):
        return table
    at = Period(instant=day)
    return replace(table, columns=tuple(replace(c, period=at) for c in table.columns))
