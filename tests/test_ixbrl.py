"""Tests for segmenter.ixbrl on a real excerpt: Boeing's 10-Q for 2023-06-30,
note 1 "Basis of Presentation" (a note with a continuation, a nested policy and
a nested table of negative, scaled facts)."""

from __future__ import annotations

import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from segmenter.errors import InputError, SourceNotFoundError
from segmenter.ixbrl import concept_to_level, displayed_to_value, fact_to_row_label, read_filing
from segmenter.types import Period

EXCERPT = Path(__file__).parent / "fixtures" / "ixbrl" / "ba-10-q-2023-06-30-basis-of-presentation.html"


@pytest.fixture(scope="module")
def filing():
    return read_filing(EXCERPT, ticker="BA", form="10-Q")


def test_contexts_read_durations(filing):
    assert filing.contexts["c-1"] == Period(start=date(2023, 1, 1), end=date(2023, 6, 30))
    assert filing.contexts["c-12"] == Period(start=date(2023, 4, 1), end=date(2023, 6, 30))
    assert set(filing.contexts) == {"c-1", "c-11", "c-12", "c-13"}


def test_fact_sign_and_scale(filing):
    assert len(filing.facts) == 12
    first = filing.facts[0]
    assert first.displayed == "782"
    assert first.scale == 6 and first.negative
    assert first.value == Decimal("-782000000")
    assert first.period == Period(start=date(2023, 1, 1), end=date(2023, 6, 30))
    eps = [f for f in filing.facts if f.concept.endswith("ChangeInEarningsPerShareDueToChangeInAccountingEstimate")]
    assert [f.value for f in eps] == [Decimal("-1.43"), Decimal("-2.27"), Decimal("-0.51"), Decimal("-0.29")]
    assert all(f.scale == 0 for f in eps)
    assert not any(f.dimensional for f in filing.facts)


def test_continuation_chain(filing):
    note = filing.notes()[0]
    assert note.concept == "us-gaap:OrganizationConsolidationAndPresentationOfFinancialStatementsDisclosureTextBlock"
    assert len(note.elements) == 2
    assert note.elements[0].tag == "ix:nonnumeric"
    assert note.elements[1].tag == "ix:continuation"
    assert note.elements[0].get("continuedat") == note.elements[1].get("id")


def test_nesting_levels(filing):
    levels = [(b.concept.split(":")[1], b.level, b.nested) for b in filing.text_blocks]
    assert levels == [
        ("OrganizationConsolidationAndPresentationOfFinancialStatementsDisclosureTextBlock", "note", False),
        ("RevenueRecognitionPolicyTextBlock", "policy", True),
        ("ScheduleOfChangeInAccountingEstimateTextBlock", "table", True),
    ]
    assert filing.notes()[0].topic == "accounting_policies"


def test_gzip_bytes_read_the_same(filing):
    again = read_filing(gzip.compress(EXCERPT.read_bytes()))
    assert [f.value for f in again.facts] == [f.value for f in filing.facts]


@pytest.mark.parametrize(
    ("displayed", "fmt", "expected"),
    [
        ("1,234", "ixt:num-dot-decimal", Decimal("1234")),
        ("1.234,5", "ixt:num-comma-decimal", Decimal("1234.5")),
        ("\u2014", "ixt:fixed-zero", Decimal(0)),
        ("-", None, Decimal(0)),
        ("no", "ixt-sec:numwordsen", Decimal(0)),
        ("(874,897", "ixt:num-dot-decimal", Decimal("874897")),
        ("n/a", None, None),
    ],
)
def test_displayed_to_value(displayed, fmt, expected):
    assert displayed_to_value(displayed, fmt) == expected


def test_concept_to_level():
    assert concept_to_level("us-gaap:InventoryDisclosureTextBlock", False) == "note"
    assert concept_to_level("us-gaap:InventoryPolicyTextBlock", False) == "policy"
    assert concept_to_level("us-gaap:ScheduleOfInventoryCurrentTableTextBlock", True) == "table"
    assert concept_to_level("us-gaap:ScheduleOfDerivativeInstrumentsInStatementOfFinancialPositionFairValueTextBlock", True) == "table"
    assert concept_to_level("us-gaap:IncomeTaxDisclosureTextBlock", True) == "other"


def test_errors(tmp_path):
    with pytest.raises(SourceNotFoundError):
        read_filing(tmp_path / "missing.html")
    with pytest.raises(InputError):
        read_filing(b"   ")


def test_gzip_past_the_size_limit_is_refused_without_inflating_it_all():
    from segmenter.errors import LimitError
    from segmenter.limits import Limits

    bomb = gzip.compress(EXCERPT.read_bytes() + b" " * (4 << 20))
    with pytest.raises(LimitError, match="max_bytes") as info:
        read_filing(bomb, limits=Limits(max_bytes=1 << 20))
    assert info.value.stage == "read"
    with pytest.raises(InputError, match="corrupt gzip"):
        read_filing(bomb[: len(bomb) // 2])


def test_a_row_that_starts_with_its_numbers_has_no_label():
    # AMZN 10-Q 2023, Note 2: the total under the cash and marketable securities table has
    # no label ("$ | 70,391 | $ | 61,587"); SJM 10-Q 2023 tags the rate inside the label
    # "3.50% Senior Notes due March 15, 2025", which is still the row's label.
    numbering = Path(__file__).parent / "fixtures" / "numbering"
    amzn = read_filing(numbering / "AMZN-10-Q-2023-06-30-note-dash-notes-2-4.html.gz")
    totals = [f for f in amzn.facts if f.displayed in ("70,391", "61,587")]
    assert totals and {fact_to_row_label(f.element) for f in totals} == {""}
    sjm = read_filing(numbering / "SJM-10-Q-2023-07-31-note-colon-notes-6-7.html.gz")
    rate = next(f for f in sjm.facts if f.displayed == "3.50")
    assert fact_to_row_label(rate.element) == "3.50% Senior Notes due March 15, 2025"


def test_a_row_label_in_two_divs_is_two_lines_of_words():
    # T 10-Q 2023: "Less: Total comprehensive income attributable to" and "noncontrolling
    # interest" sit in two <div>s of the label cell. The key's row label joined them as
    # "tononcontrolling", so no reading of the row could match it.
    import lxml.etree as etree

    html = (Path(__file__).parent / "fixtures" / "ixbrl" / "T-10-Q-2023-06-30-noncontrolling-row.html").read_bytes()
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    facts = [el for el in root.iter() if el.tag == "ix:nonfraction"]
    assert len(facts) == 4
    assert {fact_to_row_label(f) for f in facts} == {
        "Less: Total comprehensive income attributable to noncontrolling interest"}


def test_a_row_label_nested_deeper_than_the_recursion_limit_reads():
    # A label cell 1,500 elements deep (hostile or broken markup) reads like any other; a
    # recursive walk of the cell raised RecursionError.
    import lxml.etree as etree

    depth = 1_500
    html = ("<html><body><table><tr><td>" + "<span>" * depth + "Deep label" + "</span>" * depth
            + "</td><td><ix:nonfraction name='us-gaap:Revenues'>5</ix:nonfraction></td></tr></table></body></html>")
    root = etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8", huge_tree=True))
    (fact,) = [el for el in root.iter() if el.tag == "ix:nonfraction"]
    assert fact_to_row_label(fact) == "Deep label"
