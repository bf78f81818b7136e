"""The acquisition date a note states, for the tables that allocate the price
(:mod:`segmenter.acquisitiondates`), on sentences and a note of real filings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from segmenter.acquisitiondates import text_to_acquisition_date

FIXTURES = Path(__file__).parent / "fixtures"
SJM = FIXTURES / "doccontext" / "SJM-10-K-2024-04-30-cover-and-acquisition-note"


@pytest.mark.parametrize(("text", "day"), [
    # SJM 10-K 2024, Note 2
    ("On November 7, 2023, we completed a cash and stock transaction to acquire Hostess Brands. The total "
     "purchase consideration in connection with the acquisition was $5.6 billion.", date(2023, 11, 7)),
    # AMD 10-K 2023: the date's name in parentheses, the subject after it
    ("On February 14, 2022 (Xilinx Acquisition Date), the Company completed the acquisition of all issued\n"
     "and outstanding shares of Xilinx, a leading provider of adaptive computing solutions.", date(2022, 2, 14)),
    # CSCO 10-K 2024, Note 4
    ("On March 18, 2024, we completed the acquisition of Splunk Inc. (“Splunk”), a public cybersecurity\n"
     "and observability company.", date(2024, 3, 18)),
    # an announcement is no completed acquisition, nor is a date in another sentence
    ("On October 16, 2023, we entered into a definitive agreement to acquire Hostess Brands.", None),
    ("On May 1, 2023, the Board met. We completed the acquisition later.", None),
])
def test_the_day_an_acquisition_was_completed(text, day):
    assert text_to_acquisition_date(text) == day


def test_the_allocation_table_is_at_the_acquisition_date(segmenter_instance):
    # SJM 10-K 2024, Note 2: "The following table summarizes the preliminary fair values of the
    # assets acquired and liabilities assumed at the acquisition date." over one column that
    # names nothing. The filer tags every value at November 7, 2023, not at April 30, 2024.
    facts = json.loads(SJM.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    doc = segmenter_instance.segment(SJM.with_suffix(".txt").read_text(encoding="utf-8"), name=SJM.name)
    got = {cell.start: table.period_of(cell) for table in doc.tables for _, _, cell in table.values()}
    allocated = [f for f in facts if f["period"] == {"instant": "2023-11-07"}]
    assert len(allocated) >= 15
    assert all(got.get(f["start"]) is not None and got[f["start"]].to_dict() == f["period"] for f in allocated)
