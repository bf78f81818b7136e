"""Topics: the validated vocabulary, concept -> topic, heading title -> topic
scored against the filers' own iXBRL tags (tests/fixtures/notes/corpus_titles.jsonl),
and the word rules that settle an ambiguous title from the note's opening text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmenter.components import build_nlp
from segmenter.errors import RuleError
from segmenter.topicmatcher import TEXT_PATTERNS_FILE, NoteTopicMatcher, jsonl_to_text_rules
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
    assert right / total >= 0.97


def test_topic_accuracy_on_held_out_companies(topic_scores: dict[str, tuple[int, int]]) -> None:
    # Measured 0.907 (unchanged by the rules added for training misses); this is a floor against regressions, not a target to tune
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
        # Training-company titles (PEP, TXN, SJM) the rules once missed.
        ("Supply Chain Financing Arrangements", "supplemental_details"),
        ("NOTE 19 — SUPPLIER FINANCE PROGRAMS", "supplemental_details"),
        ("Financing Arrangements", "debt"),
        ("Valuation of debt and equity investments and certain liabilities", "fair_value"),
        ("Valuation and Qualifying Accounts", OTHER),
        ("Note 4: Special Project Costs", "restructuring"),
        ("Something Entirely Different", OTHER),
    ],
)
def test_title_spellings_map_to_one_topic(nlp, title: str, topic: str) -> None:
    doc = nlp(title)
    assert doc._.note_topic == topic


# --------------------------------------------------------------------------- opening text

# The opening of real notes (pipe text of the filers' iXBRL filings, table cells left out).
RTX_2023_FINANCIAL_INSTRUMENTS = (  # RTX 10-K 2023, note 13; tagged as the derivatives note
    "NOTE 13: FINANCIAL INSTRUMENTS\nWe enter into derivative instruments primarily for risk management "
    "purposes, including derivatives\ndesignated as hedging instruments and those utilized as economic hedges. "
    "We operate internationally\nand in the normal course of business, are exposed to fluctuations in interest "
    "rates, foreign\nexchange rates, and commodity prices. These fluctuations can increase the costs of "
    "financing,\ninvesting, and operating the business. We have used derivative instruments, including swaps, "
    "forward\ncontracts, and options, to manage certain foreign currency, interest rate, and commodity price\n"
    "exposures.\n"
)
AAPL_2024_FINANCIAL_INSTRUMENTS = (  # AAPL 10-K 2024, note 4; tagged as the investments note
    "Note 4 –\nFinancial Instruments\nCash, Cash Equivalents and Marketable Securities\nThe following tables "
    "show the Company’s cash, cash equivalents and marketable securities by\nsignificant investment category as "
    "of September 28, 2024 and September 30, 2023 (in millions):\nSCHEDULE OF CASH CASH EQUIVALENTS AND SHORT "
    "TERM INVESTMENTS\n|Cash\n|$\n|27,199\n|Level 1:\n|Money market funds\n|778\n|Mutual funds\n|515\n"
)
GE_2023_FINANCIAL_INSTRUMENTS = (  # GE 10-Q 2023, note 21; tagged as the investments note
    "NOTE 21. FINANCIAL INSTRUMENTS.\nThe following table provides information about assets and liabilities not "
    "carried at fair value and excludes finance leases, equity securities without readily determinable fair value "
    "and non-financial assets and liabilities. Substantially all of these assets are considered to be Level 3 and "
    "the vast majority of our liabilities’ fair value are considered Level 2.\nAssets and liabilities that are "
    "reflected in the accompanying financial statements at fair value are not included in the above disclosures; "
    "such items include cash and equivalents, investment securities and derivative financial instruments.\n"
    "DERIVATIVES AND HEDGING. Our policy requires that derivatives are used solely for managing risks and not for "
    "speculative purposes. We use derivatives to manage currency risks related to foreign exchange, and interest "
    "rate and currency risk between financial assets and liabilities, and certain equity investments and "
    "commodity prices.\n"
)
JNJ_2025_NOTE_1 = (  # JNJ 10-Q 2025, note 1 has no title; tagged as accounting policies
    "Note 1\n—\nThe accompanying unaudited interim consolidated financial statements and related notes should be "
    "read in conjunction with the audited Consolidated Financial Statements of Johnson & Johnson and its "
    "subsidiaries (the Company) and related notes as contained in the Company’s Annual Report on Form 10-K for the "
    "fiscal year ended December 29, 2024.\n"
)


@pytest.fixture(scope="module")
def topic_pipe(nlp) -> NoteTopicMatcher:
    return nlp.get_pipe("segmenter_note_topic")


@pytest.mark.parametrize(
    ("title", "opening", "expected"),
    [
        ("FINANCIAL INSTRUMENTS", RTX_2023_FINANCIAL_INSTRUMENTS, ("derivatives", "financial_instruments_hedging")),
        ("Financial Instruments", AAPL_2024_FINANCIAL_INSTRUMENTS, ("investments", None)),
        # Hedging words, but not twice as many as those on investments: GE's note stays investments.
        ("FINANCIAL INSTRUMENTS.", GE_2023_FINANCIAL_INSTRUMENTS, ("investments", None)),
        (None, JNJ_2025_NOTE_1, ("accounting_policies", "untitled_interim_basis")),
        # Only the titles the word rules name are read again: "Investments" is never derivatives,
        # and a titled note keeps the topic its title gave.
        ("Investments", RTX_2023_FINANCIAL_INSTRUMENTS, ("investments", None)),
        ("Leases", JNJ_2025_NOTE_1, ("leases", None)),
    ],
)
def test_opening_text_settles_ambiguous_titles(topic_pipe, title, opening, expected) -> None:
    topic = topic_pipe.nlp(title)._.note_topic if title else OTHER
    assert topic_pipe.opening_to_topic(title, topic, opening) == expected


def test_word_rules_point_at_packaged_title_rules_and_say_why(topic_pipe) -> None:
    title_rules = {r["id"] for r in topic_pipe.patterns}
    assert topic_pipe.text_patterns
    for rule in topic_pipe.text_patterns:
        assert rule["after"] is None or rule["after"] in title_rules, rule["id"]
        assert len(rule.get("comment", "")) > 20


def test_word_rules_round_trip_through_jsonl(nlp, tmp_path: Path) -> None:
    topic: NoteTopicMatcher = nlp.get_pipe("segmenter_note_topic")
    topic.to_disk(tmp_path)
    written = (tmp_path / TEXT_PATTERNS_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in written] == topic.text_patterns
    again = build_nlp().get_pipe("segmenter_note_topic")
    rule = {"id": "no_words", "after": "financial_instruments", "label": "fair_value", "words": ["level"],
            "chars": 100}
    (tmp_path / TEXT_PATTERNS_FILE).write_text(json.dumps(rule) + "\n", encoding="utf-8")
    again.from_disk(tmp_path)
    assert again.text_patterns == [rule]
    assert again.opening_to_topic("Financial Instruments", "investments", "Level 1 and Level 2") == (
        "fair_value", "no_words")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 1: not JSON"),
        ('{"id": "a", "after": null, "label": "inventories", "chars": 10}', "needs id, after, label"),
        ('{"id": "a", "after": null, "label": "stock", "words": ["x"], "chars": 10}', "unknown label"),
        ('{"id": "a", "after": 3, "label": "inventories", "words": ["x"], "chars": 10}', "after must be"),
        ('{"id": "a", "after": null, "label": "inventories", "words": [], "chars": 10}', "words must not"),
        ('{"id": "a", "after": null, "label": "inventories", "words": ["x"], "chars": 0}', "chars must"),
        ('{"id": "a", "after": null, "label": "inventories", "words": ["x"], "chars": 9, "why": 1}', "unknown keys"),
    ],
)
def test_bad_word_rules_raise_rule_error_naming_file_and_line(line: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as info:
        jsonl_to_text_rules(line + "\n", where="rules/topic_text.jsonl", labels=topic_ids())
    assert "rules/topic_text.jsonl: line 1" in str(info.value)


def test_notes_stage_settles_a_title_by_the_notes_opening(nlp) -> None:
    """blocks_to_notes applies the word rules: RTX's "FINANCIAL INSTRUMENTS" note is
    derivatives, the same title over an investments opening stays investments."""
    from segmenter.notes import blocks_to_notes
    from segmenter.pipetext import text_to_blocks

    def topics(note: str) -> list[str | None]:
        text = f"{note}NOTE 14: LEASES\nWe lease office space.\n"
        return [span.topic for span in blocks_to_notes(text_to_blocks(text), nlp)]

    assert topics(RTX_2023_FINANCIAL_INSTRUMENTS) == ["derivatives", "leases"]
    investments = ("NOTE 13: FINANCIAL INSTRUMENTS\nWe hold available-for-sale debt securities and equity "
                   "securities; our investments are measured at fair value.\n")
    assert topics(investments) == ["investments", "leases"]


def test_concept_is_listed() -> None:
    from segmenter.topics import concept_is_listed, concept_to_topic

    assert concept_is_listed("us-gaap:InventoryDisclosureTextBlock")
    # a filer's own concept (NKE 10-K) is not listed: its topic is "other" by default only
    assert not concept_is_listed("nke:AccruedLiabilitiesDisclosureTextBlock")
    assert concept_to_topic("nke:AccruedLiabilitiesDisclosureTextBlock") == "other"
