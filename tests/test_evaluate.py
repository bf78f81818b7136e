"""Whole-filing scoring against the filer's tags, on a real excerpt of NKE's
2024 10-K (notes 2-5 with their tables and contexts, between an MD&A line that
cites a note, page furniture after each piece and the Item 9 heading that
closes the notes section)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from segmenter.answerkey import filing_to_answer_key
from segmenter.evaluate import NotesOnlySegmenter, aggregate, evaluate_filing, match_notes, score_pipe
from segmenter.ixbrl import read_filing
from segmenter.types import Document

FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "NKE-10-K-2024-05-31-notes-2-5.html.gz"
UNTAGGED = Path(__file__).parent / "fixtures" / "evaluate" / "META-10-Q-2019-03-31-notes-1-2.html.gz"
HOSTED = Path(__file__).parent / "fixtures" / "evaluate" / "AMZN-10-K-2023-12-31-note-3-property.html.gz"


@pytest.fixture(scope="module")
def notes_only():
    return NotesOnlySegmenter()


@pytest.fixture(scope="module")
def key():
    return filing_to_answer_key(read_filing(FIXTURE))


def test_answer_key_places_the_four_notes(key):
    assert [n.topic for n in key.notes] == ["property_plant_equipment", "other", "fair_value", "debt"]
    assert key.text[key.notes[0].start:].lstrip("|\n").startswith("NOTE 2 — PROPERTY, PLANT AND EQUIPMENT")
    for fact, start, end in key.facts:
        assert key.text[start:end] == fact.displayed


def test_notes_only_scores_are_high(notes_only):
    score = evaluate_filing(FIXTURE, notes_only, forms=("pipe",))
    pipe = score.forms["pipe"]
    assert pipe.rate("notes_found") == 1.0
    assert pipe.rate("boundary_f1") == 1.0
    assert pipe.rate("topic") >= 0.75
    summary = aggregate([score])
    assert summary["pipe"]["filings"] == 1 and summary["pipe"]["notes_found"] == 1.0


def test_a_wrong_prediction_scores_lower(notes_only, key):
    doc = notes_only.segment(key.text)
    good = score_pipe(key, doc, kinds=False)
    # merge notes 2 and 3 into one, and give every note a wrong topic
    merged = replace(doc.notes[0], end=doc.notes[1].end)
    wrong = Document(source="x", text=doc.text,
                     notes=tuple(replace(n, topic="leases") for n in (merged, *doc.notes[2:])))
    bad = score_pipe(key, wrong, kinds=False)
    assert bad.rate("notes_found") <= 0.75 < good.rate("notes_found")
    assert bad.rate("boundary_f1") < good.rate("boundary_f1")
    assert bad.rate("topic") == 0.0
    assert len(match_notes(key, Document(source="x", text=doc.text))) == 0


def test_notes_only_skips_the_html_form(notes_only):
    html = evaluate_filing(FIXTURE, notes_only, forms=("html",)).forms["html"]
    assert html.skipped and "not read" in html.skipped


def test_a_filing_without_inline_xbrl_is_skipped_not_scored(segmenter_instance):
    # Facebook's 10-Q of 2019 predates inline XBRL: the segmenter finds its notes, but
    # with no tag every one of them would count as a false note.
    doc = segmenter_instance.segment(UNTAGGED)
    assert [(n.number, n.topic) for n in doc.notes] == [("1", "accounting_policies"), ("2", "revenue")]
    score = evaluate_filing(UNTAGGED, segmenter_instance)
    assert set(score.forms) == {"html", "pipe"}
    assert all(f.skipped and "no inline XBRL" in f.skipped and not f.counts for f in score.forms.values())
    summary = aggregate([score, evaluate_filing(FIXTURE, segmenter_instance, forms=("pipe",))])
    assert summary["pipe"]["filings"] == 1 and summary["pipe"]["boundary_f1"] == 1.0
    assert summary["html"]["filings"] == 0 and len(summary["html"]["skipped"]) == 1


def test_a_text_block_between_two_pieces_of_a_note_belongs_to_it(segmenter_instance):
    # AMZN 10-K 2023, Note 3: the heading and first paragraph, a top-level
    # PropertyPlantAndEquipmentTextBlock holding the table, then the note's
    # continuation. One note for a reader, and for the key.
    filing = read_filing(HOSTED)
    assert [b.concept for b in filing.notes()] == [
        "us-gaap:PropertyPlantAndEquipmentDisclosureTextBlock", "us-gaap:PropertyPlantAndEquipmentTextBlock"]
    key = filing_to_answer_key(filing)
    (note,) = key.notes
    assert note.topic == "property_plant_equipment" and len(note.pieces) == 3
    assert len(key.facts) >= 20 and all(any(a <= s < b for a, b in note.pieces) for _, s, _ in key.facts)
    assert not any(s.kind == "boilerplate" for s in key.spans if note.pieces[1][0] <= s.start < note.pieces[1][1])
    score = evaluate_filing(HOSTED, segmenter_instance)
    for form in ("html", "pipe"):
        assert score.forms[form].rate("notes_found") == score.forms[form].rate("boundary_f1") == 1.0, form


def test_html_form_gets_every_metric(segmenter_instance):
    score = evaluate_filing(FIXTURE, segmenter_instance, forms=("html", "pipe"))
    html, pipe = score.forms["html"], score.forms["pipe"]
    assert set(html.counts) == set(pipe.counts) == {
        "notes_found", "boundary_f1", "topic", "topic_listed", "block_kind", "policy_f1", "facts_exact",
        "facts_magnitude"}
    # the fixture's notes all have concepts topics.csv lists but one ("other")
    assert pipe.counts["topic_listed"][1] == pipe.counts["topic"][1] - 1
    assert html.rate("notes_found") == 1.0
    assert html.counts["facts_magnitude"][1] == pipe.counts["facts_magnitude"][1] > 50
    assert html.rate("facts_magnitude") >= 0.99
    assert html.rate("block_kind") >= 0.8


POLICY_FIXTURE = Path(__file__).parent / "fixtures" / "labels" / "NKE-10-K-2024-05-31-policy-inside-note-continuation.html"


def test_policy_f1_counts_the_flag_against_the_policy_tags():
    from segmenter.evaluate import score_policy
    from segmenter.types import Block, Note

    key = filing_to_answer_key(read_filing(POLICY_FIXTURE))

    def doc_with(flag):
        blocks = tuple(Block(kind=s.kind, start=s.start, end=s.end, text=key.text[s.start:s.end],
                             policy=flag(s) if s.kind == "text" else None) for s in key.spans)
        return Document(source="x", text=key.text, notes=(Note(None, None, None, 0, len(key.text), blocks),))

    assert any(s.policy for s in key.spans) and any(s.kind == "text" and not s.policy for s in key.spans)
    right, total = score_policy(key.spans, doc_with(lambda s: s.policy))
    assert right == total > 0
    right, total = score_policy(key.spans, doc_with(lambda s: not s.policy))
    assert right == 0 and total > 0


def test_cover_page_and_item_disclosures_are_not_notes(key):
    from segmenter.answerkey import KeyNote
    from segmenter.evaluate import drop_non_notes

    extra = (KeyNote("ecd:MtrlTermsOfTrdArrTextBlock", "other", ((0, 10),)),
             KeyNote("cyd:CybersecurityRiskManagementProcessesIntegratedTextBlock", "other", ((10, 20),)),
             KeyNote("dei:DocumentsIncorporatedByReferenceTextBlock", "other", ((20, 30),)))
    kept = drop_non_notes(replace(key, notes=key.notes + extra))
    assert kept.notes == key.notes


def test_page_furniture_outside_the_note_tags_is_boilerplate_in_the_key():
    # TXN 10-Q 2023: "TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES" heads every page;
    # the filer's continuedAt chain steps over it (and the page number) inside a note,
    # and it also stands between two notes. The note numbers "4." / "5." stay text.
    path = Path(__file__).parent / "fixtures" / "numbering" / "TXN-10-Q-2023-06-30-running-header-notes-4-6.html.gz"
    key = filing_to_answer_key(read_filing(path))
    inside = [piece for note in key.notes for piece in note.pieces]
    outside = [s for s in key.spans if not any(a <= s.start < b for a, b in inside)]
    kinds = [(key.text[s.start:s.end], s.kind) for s in outside]
    headers = [kind for text, kind in kinds if text == "TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES"]
    assert headers == ["boilerplate"] * 4
    assert [kind for text, kind in kinds if text in ("10", "11", "12", "13")] == ["boilerplate"] * 4
    assert [kind for text, kind in kinds if text in ("4.", "5.", "6.")] == ["text"] * 3
    # between two pieces of one note, everything is furniture
    for note in key.notes:
        for (_, gap_start), (gap_end, _) in zip(note.pieces, note.pieces[1:]):
            assert all(s.kind == "boilerplate" for s in key.spans if gap_start <= s.start < gap_end)


def test_a_dash_zero_in_the_cell_before_is_not_the_next_numbers_sign():
    """UNP 10-K 2024, pension cost as the answer key renders it: "(3)" is shown
    negative, the "-" after it is a zero, and the "9" after that zero is positive."""
    from segmenter.evaluate import displayed_negative

    text = ("|\n|\nNet periodic pension (benefit)/cost |\n|\n$ |\n|\n(3) |\n|\n|\n$ |\n|\n- |\n|\n|\n"
            "$ |\n|\n9 |\n|\nAssumptions –\n")
    assert displayed_negative(text, text.index("3)"))
    assert not displayed_negative(text, text.index("9 |"))
    # a dash in the number's own cell is its sign
    assert displayed_negative("|\n$ |\n-9 |\n", len("|\n$ |\n-"))
