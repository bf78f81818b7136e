"""Topics: the validated vocabulary, concept -> topic, and heading title -> topic
scored against the filers' own iXBRL tags (tests/fixtures/notes/corpus_titles.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmenter.components import build_nlp
from segmenter.errors import RuleError
from segmenter.topics import OTHER, Topic, concept_to_topic, csv_to_topics, load_topics, topic_ids
from segmenter.trainingdata import tickers_to_split

TITLES = Path(__file__).parent / "fixtures" / "notes" / "corpus_titles.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in TITLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_load_topics_is_validated_and_cached() -> None:
    topics = load_topics()
    assert topics is load_topics()
    assert all(isinstance(t, Topic) for t in topics)
    assert topics[-1].id == OTHER and topics[-1].concepts == ()
    assert "inventories" in topic_ids() and len(topic_ids()) == len(topics)


@pytest.mark.parametrize(
    ("concept", "topic"),
    [
        ("us-gaap:InventoryDisclosureTextBlock", "inventories"),
        ("us-gaap:SegmentReportingDisclosureTextBlock", "segment_reporting"),
        ("ifrs-full:DisclosureOfTradeAndOtherReceivablesExplanatory", "receivables"),
        ("us-gaap:IncomeTaxDisclosureTextBlock", "income_taxes"),
        ("nke:AccruedLiabilitiesDisclosureTextBlock", OTHER),  # a filer's extension is not listed
        ("not a concept", OTHER),
    ],
)
def test_concept_to_topic(concept: str, topic: str) -> None:
    assert concept_to_topic(concept) == topic


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\nother,Other\n", "line 1"),
        ("topic,name,xbrl_concepts\ninventories,Inv,us-gaap:A;us-gaap:A\nother,Other,\n", "line 2"),
        ("topic,name,xbrl_concepts\nInventories,Inv,us-gaap:A\nother,Other,\n", "bad topic id"),
        ("topic,name,xbrl_concepts\ninventories,Inv,InventoryDisclosure\nother,Other,\n", "bad concept"),
        ("topic,name,xbrl_concepts\ninventories,Inv,us-gaap:A\n", "catch-all"),
        ("topic,name,xbrl_concepts\ninventories,Inv,us-gaap:A\ninventories,Inv,us-gaap:B\nother,O,\n", "twice"),
    ],
)
def test_bad_topics_csv_raises_rule_error_naming_file(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as info:
        csv_to_topics(text, where="topics.csv")
    assert "topics.csv" in str(info.value)


def test_corpus_titles_fixture_is_consistent() -> None:
    rows = _rows()
    assert len(rows) > 1000
    for row in rows:
        assert row["expected_topic"] in topic_ids()
        if "expected_override" in row:
            # Overrides only relabel notes whose concept topics.csv does not list, and say why.
            assert concept_to_topic(row["concept"]) == OTHER
            assert len(row["expected_override"]) > 20
        else:
            assert row["expected_topic"] == concept_to_topic(row["concept"])


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture(scope="module")
def topic_scores(nlp) -> dict[str, tuple[int, int]]:
    # The same company split as training_data/ (hashed tickers, a third held out).
    rows = _rows()
    sides = tickers_to_split(r["ticker"] for r in rows)
    scores = {"train": [0, 0], "held_out": [0, 0]}
    for row, doc in zip(rows, nlp.pipe(r["title"] for r in rows)):
        part = "held_out" if sides[row["ticker"]] == "test" else "train"
        scores[part][0] += doc._.note_topic == row["expected_topic"]
        scores[part][1] += 1
    return {k: (v[0], v[1]) for k, v in scores.items()}


def test_topic_accuracy_on_tuning_companies(topic_scores: dict[str, tuple[int, int]]) -> None:
    right, total = topic_scores["train"]
    assert total > 700
    assert right / total >= 0.96


def test_topic_accuracy_on_held_out_companies(topic_scores: dict[str, tuple[int, int]]) -> None:
    # Measured 0.907; this is a floor against regressions, not a target to tune
    # against (rules are changed only for errors seen on the training companies).
    right, total = topic_scores["held_out"]
    assert total > 300
    assert right / total >= 0.89


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Inventories", "inventories"),
        ("INVENTORIES, NET", "inventories"),
        ("Inventory", "inventories"),
        ("Trade Receivables", "receivables"),
        ("Accounts receivable, net", "receivables"),
        ("Allowance for credit losses", "receivables"),
        ("Segment Information", "segment_reporting"),
        ("SEGMENT REPORTING", "segment_reporting"),
        ("Segments", "segment_reporting"),
        ("Balance Sheet Components", "supplemental_details"),
        ("Financial Statement Details", "supplemental_details"),
        ("Supplemental financial information", "supplemental_details"),
        ("Summary of Significant Accounting Policies", "accounting_policies"),
        ("Basis of Presentation", "accounting_policies"),
        ("NOTE 1. PREPARATION OF INTERIM FINANCIAL STATEMENTS", "accounting_policies"),
        ("Properties", "property_plant_equipment"),
        ("Contract Assets and Liabilities", "revenue"),
        ("Other Long-Term Liabilities", "supplemental_details"),
        ("Operations and Segmentation", "segment_reporting"),
        ("Income Taxes", "income_taxes"),
        ("Earnings (Loss) Per Share", "earnings_per_share"),
        ("Leases", "leases"),
        ("Debt", "debt"),
        ("Borrowings", "debt"),
        ("Long-term debt", "debt"),
        ("Commitments and Contingencies", "commitments_contingencies"),
        ("Goodwill and Intangible Assets", "goodwill_intangibles"),
        ("Fair Value Measurements", "fair_value"),
        ("Derivative Instruments", "derivatives"),
        ("Stockholders' Equity", "equity"),
        ("Stockholders’ Equity", "equity"),
        ("Share-Based Compensation", "share_based_compensation"),
        ("Revenue", "revenue"),
        ("Subsequent Events", "subsequent_events"),
        ("Related Party Transactions", "related_party"),
        ("Restructuring", "restructuring"),
        ("Acquisitions", "business_combinations"),
        ("Accumulated Other Comprehensive Income (Loss)", "comprehensive_income"),
        ("Other Income (Expense), Net", "supplemental_details"),
        ("Something Entirely Different", OTHER),
    ],
)
def test_title_spellings_map_to_one_topic(nlp, title: str, topic: str) -> None:
    doc = nlp(title)
    assert doc._.note_topic == topic
