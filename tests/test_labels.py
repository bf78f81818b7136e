"""Tests for segmenter.labels: each labelling rule on HTML cut from the corpus
filing it came from (tests/fixtures/labels/<TICKER>-<form>-<period>-<what>.html)."""

from __future__ import annotations

from pathlib import Path

import lxml.etree as etree

from segmenter.labels import (
    Look,
    is_numbered_title,
    mark_policy_spans,
    note_policy_text,
    paragraph_to_kind,
    squeeze,
    table_has_data,
)
from segmenter.render import elements_to_pipe_text

LABELS = Path(__file__).parent / "fixtures" / "labels"


def _kinds(name: str, lead: str = "<p>Some narrative text that opens the note before the example.</p>"):
    html = lead + (LABELS / name).read_text(encoding="utf-8")
    root = etree.fromstring(f"<html><body><div>{html}</div></body></html>", etree.HTMLParser(no_network=True))
    note = elements_to_pipe_text([root.find(".//div")])
    return [(s.kind, note.text[s.start : s.end]) for s in note.spans]


def test_nke_note_title_in_a_table_is_a_heading():
    kinds = _kinds("NKE-10-K-2024-05-31-note-title-table.html", lead="")
    assert kinds == [("heading", "|\n|\n|\n|NOTE 12 — RISK MANAGEMENT AND DERIVATIVES")]


def test_layout_table_has_no_data_but_useful_lives_do():
    assert not table_has_data([[("NOTE 8 — ACCUMULATED OTHER COMPREHENSIVE INCOME (LOSS)", (), Look())]])
    assert not table_has_data([[("(1)", (), Look()), ("Includes certain eliminations.", (), Look())]])
    assert table_has_data([[("Building and building equipment", (), Look()), ("30 years", (), Look())]])


def test_wba_dot_numbered_footnote_after_table():
    kinds = _kinds("WBA-10-K-2024-08-31-footnote-after-table.html")
    assert kinds[-2][0] == "table"
    assert kinds[-1] == ("footnote", "1.Includes certain eliminations.")


def test_jnj_star_footnote_after_text_only_table():
    kinds = _kinds("JNJ-10-K-2023-12-31-footnote-after-text-table.html")
    assert [k for k, _ in kinds] == ["text", "text", "footnote"]


def test_csco_bold_lettered_title_after_table_is_heading_not_footnote():
    kinds = _kinds("CSCO-0000858877-24-000017-numbered-heading.html")
    assert kinds[-1] == ("heading", "(b)Lessor Arrangements")


def test_numbered_title_is_not_a_footnote():
    assert is_numbered_title("1. Summary of Significant Accounting Policies", Look())
    assert not is_numbered_title("1. Land is not depreciated.", Look())
    kind = paragraph_to_kind("1. Summary of Significant Accounting Policies", Look(bold=True),
                             first=False, after_table=True)
    assert kind == "heading"
    assert paragraph_to_kind("1. Land is not depreciated.", Look(), first=False, after_table=True) == "footnote"


def test_meta_and_wba_italic_subheadings():
    assert _kinds("META-10-K-2023-12-31-italic-subheading.html")[-1] == ("heading", "Privacy and Related Matters")
    kinds = _kinds("WBA-10-K-2024-08-31-italic-subheading.html")
    assert kinds[-1] == ("heading", "Defined benefit pension plans (non-U.S. plans)")


def test_khc_lead_in_with_colon_alone_is_heading():
    assert _kinds("KHC-10-K-2023-12-30-lead-in-heading.html")[-1] == ("heading", "Restructuring Activities:")


def test_bold_run_in_paragraph_is_text():
    # KHC 10-K style: a run-in bold phrase starting a long paragraph.
    snippet = ("<p>Intro paragraph of the note that comes first.</p><div><span style='font-weight:700'>"
               "Restructuring Activities: </span><span>We eliminated 350 positions in 2023 and incurred "
               "severance and employee benefit costs.</span></div>")
    root = etree.fromstring(f"<html><body><div>{snippet}</div></body></html>", etree.HTMLParser(no_network=True))
    note = elements_to_pipe_text([root.find(".//div")])
    assert [s.kind for s in note.spans] == ["text", "text"]


def test_units_line_and_fragments_are_not_headings():
    assert paragraph_to_kind("(Millions of dollars)", Look(), first=False, after_table=False) == "text"
    assert paragraph_to_kind("and other matters", Look(italic=True), first=False, after_table=False) == "text"


def _policy_spans(name: str) -> list[tuple[str, bool, str]]:
    """The fixture rendered as a note made of its outer element, with policy
    flags by mark_policy_spans: NKE's note continuation holds a policy; RKT's
    policy continuation holds the note's continuation."""
    html = (LABELS / name).read_text(encoding="utf-8")
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser(no_network=True))
    outer = root.find(".//body")[0]
    if name.startswith("NKE"):
        note, chains = [outer], [[next(outer.iter("ix:nonnumeric"))]]
    else:
        note, chains = [outer[0]], [[outer]]
    rendered = elements_to_pipe_text(note)
    spans = mark_policy_spans(rendered.text, rendered.spans, note_policy_text(note, chains))
    return [(s.kind, s.policy, rendered.text[s.start : s.end]) for s in spans]


def test_nke_policy_tag_with_bare_text_inside_a_note_continuation_is_policy():
    spans = _policy_spans("NKE-10-K-2024-05-31-policy-inside-note-continuation.html")
    assert [(k, p) for k, p, _ in spans] == [("heading", False), ("text", True), ("text", False)]
    assert spans[1][2].startswith("The Company uses derivative financial instruments")
    assert spans[2][2].startswith("Refer to Note 12")  # the pointer after the tag is not policy


def test_rkt_note_continuation_inside_a_policy_continuation_is_policy():
    spans = _policy_spans("RKT-10-K-2023-12-31-note-continuation-inside-policy.html")
    texts = [t for k, p, t in spans if k == "text" and p]
    assert [t[:20] for t in texts] == ["Loan servicing incom", "Interest income, net"]


def test_policy_text_outside_the_note_does_not_count():
    html = (LABELS / "NKE-10-K-2024-05-31-policy-inside-note-continuation.html").read_text(encoding="utf-8")
    root = etree.fromstring(f"<html><body>{html}<div>elsewhere</div></body></html>", etree.HTMLParser(no_network=True))
    policy = next(root.iter("ix:nonnumeric"))
    elsewhere = root.find(".//body")[1]
    assert note_policy_text([elsewhere], [[policy]]) == ""
    assert squeeze("a b\n|c") == "abc"


def test_a_sentence_that_introduces_a_table_is_not_a_heading():
    # Bold in CSCO 10-K 2024 and KHC 10-K 2023; title-case labels ending in ":" stay headings.
    assert paragraph_to_kind("Our inventory consisted of the following (in millions):", Look(bold=True),
                             first=False, after_table=False) == "text"
    assert paragraph_to_kind("The following table presents inventory by reportable segment (in millions):",
                             Look(bold=True), first=False, after_table=False) == "text"
    assert paragraph_to_kind("Derivative Impact on the Statements of Income:", Look(bold=True),
                             first=False, after_table=False) == "heading"
    assert paragraph_to_kind("Restructuring Activities:", Look(bold=True), first=False, after_table=False) == "heading"
