"""spaCy components: note headings and note topics, their rules as data and their
registration as entry points. Heading styles come from real filings and the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from segmenter.components import (
    NoteHeading,
    NoteHeadingDetector,
    NoteTopicMatcher,
    build_nlp,
    jsonl_to_rules,
)
from segmenter.errors import RuleError

TITLES = Path(__file__).parent / "fixtures" / "notes" / "corpus_titles.jsonl"


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return build_nlp()


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("5. INVENTORIES, NET", "5", "INVENTORIES, NET"),  # seed 000
        ("27. SEGMENT REPORTING", "27", "SEGMENT REPORTING"),  # seed 002
        ("SEGMENT REPORTING", None, "SEGMENT REPORTING"),  # seed 002, the cell "| SEGMENT REPORTING |"
        ("TRADE RECEIVABLES", None, "TRADE RECEIVABLES"),  # seed 001
        ("NOTE 5 — INVENTORIES", "5", "INVENTORIES"),
        ("Note 5 - Inventories", "5", "Inventories"),
        ("NOTE 5: DEBT", "5", "DEBT"),
        ("Note 5. Leases", "5", "Leases"),
        ("Note C: Income Taxes", "C", "Income Taxes"),
        ("4) Leases", "4", "Leases"),
        ("(5) Inventories", "5", "Inventories"),
        ("A. SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES", "A", "SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES"),
        ("Note 12 Commitments and Contingencies", "12", "Commitments and Contingencies"),
        ("NOTE 3 – REVENUE", "3", "REVENUE"),
        ("NOTE 2—LEASES", "2", "LEASES"),  # AMC 10-Q
        ("Note 18: Remaining Performance Obligations (RPO)", "18", "Remaining Performance Obligations (RPO)"),  # RTX
        ("Spin-Off of Organon & Co.", None, "Spin-Off of Organon & Co."),  # MRK 10-K
        ("Income taxes", None, "Income taxes"),  # JNJ 10-K sentence case
        ("6. Debt and lines of credit", "6", "Debt and lines of credit"),  # TXN 10-Q 2023, note 6
        ("1. Summary of significant accounting policies", "1", "Summary of significant accounting policies"),  # JNJ 10-K 2023
        # CVX 10-Q 2023, note 5: the final period ends "Inc.", not a sentence
        ("Note 5. Summarized Financial Data — Chevron U.S.A. Inc.", "5", "Summarized Financial Data — Chevron U.S.A. Inc."),
    ],
)
def test_heading_styles(nlp: spacy.Language, text: str, number: str | None, title: str) -> None:
    heading = nlp(text)._.note_heading
    assert isinstance(heading, NoteHeading)
    assert (heading.number, heading.title) == (number, title)
    assert text[heading.title_start : heading.title_end] == title
    assert heading.rule


@pytest.mark.parametrize(
    "text",
    [
        "SCHEDULE OF INVENTORY",  # seed 000: hidden table caption
        "Inventory as of June 30, 2025 and December 31, 2024 consisted of the following:",  # seed 000
        "2024",
        "(i)",
        "Raw materials",  # seed 000 row labels
        "Balance at beginning of the period",
        "Less: inventory impairment provision",
        "12 Months Ended Dec. 31, 2022",  # seed 001 viewer header
        "Disclosure Of Financial Instrument [Abstract]",  # seed 001
        "The following table presents inventory by reportable segment (in millions):",
        "(1) Includes amounts related to finance leases",
        "The average credit period ranged from 15 to 30 days.",
        "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS",
        "",
        # sentence case after a bare number must still read like a title, not a sentence
        "2. The Company has no other obligations",
        "(2) Acquired with the acquisition",  # a "(2)" footnote keeps the Title Case check
        # AMZN 10-K 2023 footnote: capitals, then the sentence goes on in lower case
        "(2) AWS segment assets primarily consist of property and equipment, accounts receivable, and operating "
        "leases.",
    ],
)
def test_not_headings(nlp: spacy.Language, text: str) -> None:
    assert nlp(text)._.note_heading is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("NOTE 17. SHARE-BASED COMPENSATION. We grant stock options", "SHARE-BASED COMPENSATION"),  # GE 10-K
        ("5. INVENTORIES, NET Inventory as of June 30, 2025 consisted of the following:", "INVENTORIES, NET"),
    ],
)
def test_run_in_heading_keeps_only_the_caps_title(nlp: spacy.Language, text: str, title: str) -> None:
    heading = nlp(text)._.note_heading
    assert heading is not None and heading.title == title and heading.rule.endswith("+run_in")


def test_topic_reads_only_the_title(nlp: spacy.Language) -> None:
    doc = nlp("Note 9 - Leases")
    assert doc._.note_topic == "leases"
    assert doc._.note_topic_rule == "leases"
    # The number prefix never decides a topic; unknown titles are "other".
    doc = nlp("Note 9 - Programming and Production Costs")
    assert (doc._.note_topic, doc._.note_topic_rule) == ("other", None)


def test_file_order_is_priority(nlp: spacy.Language) -> None:
    # "comprehensive" is listed before "other income": AOCI is not the other-income note.
    assert nlp("Accumulated other comprehensive income")._.note_topic == "comprehensive_income"
    # Share-based compensation comes before equity for "Common Stock and Stock-Based Compensation".
    assert nlp("Common Stock and Stock-Based Compensation")._.note_topic == "share_based_compensation"


def test_entry_points_let_any_pipeline_add_the_components() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("segmenter_note_heading", config={"max_bare_words": 6})
    nlp.add_pipe("segmenter_note_topic")
    assert nlp.pipe_names == ["segmenter_note_heading", "segmenter_note_topic"]
    doc = nlp("27. SEGMENT REPORTING")
    assert doc._.note_heading.number == "27" and doc._.note_topic == "segment_reporting"
    # Extensions are registered idempotently: a second pipeline is fine.
    assert build_nlp()("Leases")._.note_topic == "leases"


def test_rules_round_trip_through_jsonl(nlp: spacy.Language, tmp_path: Path) -> None:
    for name in ("segmenter_note_heading", "segmenter_note_topic"):
        component = nlp.get_pipe(name)
        component.to_disk(tmp_path / name)
        written = (tmp_path / name / "patterns.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in written] == component.patterns
    # The whole pipeline too (config + JSONL, no pickle).
    nlp.to_disk(tmp_path / "nlp")
    again = spacy.load(tmp_path / "nlp")
    assert again("NOTE 5 — INVENTORIES")._.note_topic == "inventories"


def test_from_disk_replaces_rules(tmp_path: Path) -> None:
    nlp = build_nlp()
    topic: NoteTopicMatcher = nlp.get_pipe("segmenter_note_topic")
    folder = tmp_path / "topics"
    folder.mkdir()
    rule = {"label": "leases", "id": "only_leases", "pattern": "rentals", "comment": "test"}
    (folder / "patterns.jsonl").write_text(json.dumps(rule) + "\n", encoding="utf-8")
    topic.from_disk(folder)
    assert nlp("Rentals")._.note_topic == "leases"
    assert nlp("Inventories")._.note_topic == "other"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not JSON"),
        ('{"label": "inventory", "id": "x", "pattern": "inventory"}', "line 2: unknown label"),
        ('{"label": "inventories", "pattern": "inventory"}', "line 2: rule has no 'id'"),
        ('{"label": "inventories", "id": "a", "pattern": []}', "line 2: pattern"),
        ('{"label": "inventories", "id": "a", "pattern": "stock"}', "line 2: id 'a' used twice"),
    ],
)
def test_bad_rule_lines_raise_rule_error_with_file_and_line(line: str, message: str) -> None:
    text = '{"label": "inventories", "id": "a", "pattern": "inventory"}\n' + line + "\n"
    with pytest.raises(RuleError, match=message) as info:
        jsonl_to_rules(text, where="rules/topics.jsonl", labels={"inventories"})
    assert "rules/topics.jsonl" in str(info.value)


def test_bad_token_pattern_is_a_rule_error() -> None:
    nlp = spacy.blank("en")
    bad = [{"label": "number", "id": "bad", "pattern": [{"NOPE": "x"}]}]
    with pytest.raises(RuleError, match="bad token pattern"):
        NoteHeadingDetector(nlp, rules=bad)


def test_packaged_rules_all_say_why() -> None:
    nlp = build_nlp()
    for name in ("segmenter_note_heading", "segmenter_note_topic"):
        for rule in nlp.get_pipe(name).patterns:
            assert len(rule.get("comment", "")) > 5, rule["id"]


def test_heading_component_accepts_corpus_heading_lines(nlp: spacy.Language) -> None:
    """The first line of every note tagged by its filer (corpus_titles.jsonl):
    >= 98% are accepted as headings with the printed number extracted."""
    rows = [json.loads(line) for line in TITLES.read_text(encoding="utf-8").splitlines()]
    right = 0
    for row, doc in zip(rows, nlp.pipe(r["title"] for r in rows)):
        heading = doc._.note_heading
        right += heading is not None and heading.number == row["number"]
    assert right / len(rows) >= 0.98
