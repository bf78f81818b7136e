"""Note numbering styles on real filing excerpts (tests/fixtures/numbering, see its README).

Each fixture is a cut of one real 10-K or 10-Q: the notes-section heading, two or
three consecutive notes with their own heading markup and page furniture, and the
Item heading that follows. Every fixture is segmented twice, as HTML and as the pipe
text the evaluation renderer makes of it (:func:`segmenter.answerkey.filing_to_answer_key`),
and checked against the filer's own ``...TextBlock`` tags in the excerpt:

- every tagged note is found, with no extra note (boundary F1 of 1 at overlap 0.9);
- its number is the one the file name gives ("notes-6-7": notes 6 and 7, in order);
- its title is the heading the filer tagged (the tagged text, or the heading line just
  before the tag when the tag starts at the body), without its number prefix;
- lines repeated on every page (running headers, page footers) never head a note.

A style the segmenter does not handle yet is marked ``xfail(strict=True)`` with the
cause, so the test turns into a failure once it is fixed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from segmenter.align import document_to_text
from segmenter.answerkey import AnswerKey, KeyNote, filing_to_answer_key
from segmenter.evaluate import MIN_ALIGNED, match_notes, score_html, score_pipe
from segmenter.ixbrl import read_filing
from segmenter.patterns import words_key
from segmenter.sections import block_to_marker
from segmenter.types import Document

NUMBERING = Path(__file__).parent / "fixtures" / "numbering"
_RANGE = re.compile(r"-notes-(\d+)-(\d+)\.html\.gz$")
_NUMBER_PREFIX = re.compile(r"^\s*(?:note\s+\w{1,3}\b\s*[.:—–\-]?|\d{1,2}\s*[.:)—–\-]|[A-Z][.)])\s*", re.I)
RUNNING_MIN = 2  # a narrative line seen on two pages of an excerpt is page furniture

FIXTURES = {
    # Note 2 — FINANCIAL INSTRUMENTS: "Note 2 — " outside the tag, the title tagged.
    "AMZN-10-Q-2023-06-30-note-dash-notes-2-4.html.gz": {},
    # 3.PROPERTY AND LEASES: number and title in two spans, the gap is CSS padding.
    "HD-10-K-2025-02-02-number-dot-notes-3-4.html.gz": {},
    # Note 6: Earnings per Share on a line of its own, the tag starts at the body.
    "SJM-10-Q-2023-07-31-note-colon-notes-6-7.html.gz": {},
    # Note 4 + a space span + the tagged title: one heading split over three elements.
    "ABBV-10-Q-2023-06-30-split-heading-notes-4-5.html.gz": {},
    # "Notes to ... (unaudited)" + "(continued)" span repeated after every page break.
    "MRK-10-Q-2023-06-30-continued-header-notes-7-9.html.gz": {},
    # "TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES" on every page; sentence-case titles.
    "TXN-10-Q-2023-06-30-running-header-notes-4-6.html.gz": {},
    # "Condensed Consolidated Financial Statement Details" with Inventories etc. sub-headings.
    "AAPL-10-Q-2025-06-28-combined-note-notes-5-7.html.gz": {},
    # Note 2. with lettered sub-sections "A. Acquisitions", "B. Discontinued Operations", ...
    "PFE-10-Q-2023-07-02-lettered-subsections-notes-2-3.html.gz": {},
}
FORMS = ("html", "pipe")
# The excerpts that repeat a running header or page line, and the forms that still
# call one a heading.
WITH_FURNITURE: dict[str, dict[str, str]] = {
    "AMZN-10-Q-2023-06-30-note-dash-notes-2-4.html.gz": {},
    "HD-10-K-2025-02-02-number-dot-notes-3-4.html.gz": {},
    "MRK-10-Q-2023-06-30-continued-header-notes-7-9.html.gz": {},
    "TXN-10-Q-2023-06-30-running-header-notes-4-6.html.gz": {},
    "PFE-10-Q-2023-07-02-lettered-subsections-notes-2-3.html.gz": {},
}


def _cases(check: str) -> list:
    out = []
    for name, failing in FIXTURES.items():
        if check == "furniture" and name not in WITH_FURNITURE:
            continue
        for form in FORMS:
            reason = failing.get(form) if check in ("found", "titles") else None
            if check == "furniture":
                reason = WITH_FURNITURE[name].get(form)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, form, marks=marks, id=f"{name.split('-notes-')[0]}-{form}"))
    return out


@lru_cache(maxsize=None)
def _key(name: str) -> AnswerKey:
    return filing_to_answer_key(read_filing(NUMBERING / name))


_DOCS: dict[tuple[str, str], tuple[Document, Document]] = {}


def _segment(segmenter, name: str, form: str) -> tuple[Document, Document]:
    """(the document as segmented, the same with offsets in the key's text)."""
    if (name, form) not in _DOCS:
        key = _key(name)
        if form == "pipe":
            doc = segmenter.segment(key.text, name=name)
            _DOCS[name, form] = (doc, doc)
        else:
            doc = segmenter.segment(NUMBERING / name)
            mapped, alignment = document_to_text(doc, key.text)
            assert alignment.coverage >= MIN_ALIGNED, name
            _DOCS[name, form] = (doc, mapped)
    return _DOCS[name, form]


def _lines(text: str) -> list[str]:
    return [s for s in (line.strip(" |\t\xa0") for line in text.split("\n")) if s]


def _tagged_titles(key: AnswerKey, note: KeyNote) -> set[str]:
    """The title the filer tagged: the first line of the tagged element, or (when the
    tag starts at the body, SJM) the line just before it; number prefixes removed."""
    start, end = note.pieces[0]
    first = _lines(key.text[start:end])[0]
    before = _lines(key.text[max(0, start - 300):start])
    candidates = {first} | ({before[-1]} if before else set())
    return {words_key(_NUMBER_PREFIX.sub("", c, count=1)) for c in candidates} - {""}


def _expected_numbers(name: str) -> list[str]:
    first, last = map(int, _RANGE.search(name).groups())
    return [str(n) for n in range(first, last + 1)]


def test_every_fixture_is_named_after_its_notes():
    assert sorted(p.name for p in NUMBERING.glob("*.html.gz")) == sorted(FIXTURES)
    for name in FIXTURES:
        key = _key(name)
        assert len(key.notes) == len(_expected_numbers(name)) >= 2, name
        # the excerpt keeps the filer's facts and where they are displayed
        assert all(key.text[s:e] == fact.displayed for fact, s, e in key.facts)


@pytest.mark.parametrize(("name", "form"), _cases("found"))
def test_every_tagged_note_is_found_with_its_boundaries(segmenter_instance, name, form):
    key = _key(name)
    _, mapped = _segment(segmenter_instance, name, form)
    matched = match_notes(key, mapped)
    assert len(matched) == len(key.notes), [(n.number, n.title) for n in mapped.notes]
    assert len(mapped.notes) == len(key.notes), [(n.number, n.title) for n in mapped.notes]
    if form == "pipe":
        score = score_pipe(key, mapped, kinds=False)
    else:
        score = score_html(NUMBERING / name, key, segmenter_instance)
    assert score.rate("notes_found") == 1.0 and score.rate("boundary_f1") == 1.0


@pytest.mark.parametrize(("name", "form"), _cases("titles"))
def test_each_note_has_the_tagged_number_and_title(segmenter_instance, name, form):
    key = _key(name)
    _, mapped = _segment(segmenter_instance, name, form)
    matched = match_notes(key, mapped)
    got = [(mapped.notes[matched[k]].number, words_key(mapped.notes[matched[k]].title or ""))
           if k in matched else None for k in range(len(key.notes))]
    want = [(number, _tagged_titles(key, note)) for number, note in zip(_expected_numbers(name), key.notes)]
    assert all(g is not None and g[0] == w[0] and g[1] in w[1] for g, w in zip(got, want)), (got, want)


def _furniture(segmenter, name: str) -> set[str]:
    """Narrative lines (not table cells) of the HTML excerpt seen on two pages or more:
    running headers such as "TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES"."""
    doc, _ = _segment(segmenter, name, "html")
    seen = Counter(words_key(b.text) for note in doc.notes for b in note.blocks if b.kind != "table" and not b.cells)
    return {text for text, n in seen.items() if n >= RUNNING_MIN and text}


@pytest.mark.parametrize(("name", "form"), _cases("furniture"))
def test_running_headers_and_page_furniture_are_not_headings(segmenter_instance, name, form):
    furniture = _furniture(segmenter_instance, name)
    assert furniture, "no running header in this excerpt: the check would be empty"
    doc, _ = _segment(segmenter_instance, name, form)
    for note in doc.notes:
        assert words_key(note.title or "") not in furniture, note.title
        for block in note.blocks:
            if block.kind == "heading":
                assert words_key(block.text) not in furniture, (note.title, block.text)


@pytest.mark.parametrize(("name", "form"), _cases("found"))
def test_a_notes_title_repeated_inside_a_note_is_boilerplate(segmenter_instance, name, form):
    # "Notes to Condensed Consolidated Financial Statements (unaudited) (continued)" heads
    # each page of MRK's notes; inside a note it opens nothing and is page furniture,
    # as are the "(Unaudited)" or date lines right under it.
    doc, _ = _segment(segmenter_instance, name, form)
    inside = [b for note in doc.notes for b in note.blocks if block_to_marker(b) == "notes_start"]
    assert all(b.kind == "boilerplate" for b in inside), [(b.text, b.kind) for b in inside if b.kind != "boilerplate"]
    if name.startswith("MRK") and form == "pipe":  # the HTML reader finds them as page furniture itself
        assert len(inside) >= 3


def test_note_number_lines_outside_the_tags_are_not_running_headers_in_the_key():
    # "Note 2 —", "Note 3 —", "Note 4 —" sit outside the tagged titles (AMZN 10-Q): their
    # words recur, but they head notes, so the key keeps them as the renderer read them.
    for name in ("AMZN-10-Q-2023-06-30-note-dash-notes-2-4.html.gz", "AAPL-10-Q-2025-06-28-combined-note-notes-5-7.html.gz"):
        key = _key(name)
        inside = [piece for note in key.notes for piece in note.pieces]
        outside = [s for s in key.spans if not any(a <= s.start < b for a, b in inside)]
        numbers = [s.kind for s in outside if re.match(r"Note \d+ [—–]$", key.text[s.start:s.end].strip())]
        assert len(numbers) == 3 and set(numbers) == {"heading"}, (name, numbers)
