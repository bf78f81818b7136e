"""Tests for segmenter.render: a real Boeing 10-Q excerpt rendered in every
style, small snippets in the seeds' shapes, and the corpus fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree as etree
import pytest

from segmenter.errors import ParseError
from segmenter.ixbrl import read_filing
from segmenter.render import KINDS, RenderStyle, elements_to_pipe_text, wrap_text
from segmenter.trainingdata import STYLES, render_note

FIXTURES = Path(__file__).parent / "fixtures"
EXCERPT = FIXTURES / "ixbrl" / "ba-10-q-2023-06-30-basis-of-presentation.html"
EXPECTED = FIXTURES / "ixbrl" / "ba-10-q-2023-06-30-basis-of-presentation.expected.json"
CORPUS = sorted((FIXTURES / "corpus").glob("*.json"))


def assert_tiles(text, spans):
    """Spans are ordered, disjoint, and cover every non-blank character."""
    covered = bytearray(len(text))
    last = 0
    for start, end, kind, *_ in spans:
        assert kind in KINDS
        assert last <= start < end <= len(text)
        covered[start:end] = b"\x01" * (end - start)
        last = end
    stray = [c for c, m in zip(text, covered) if not m and not c.isspace()]
    assert stray == []


@pytest.fixture(scope="module")
def filing():
    return read_filing(EXCERPT, ticker="BA", form="10-Q")


@pytest.mark.parametrize("index", range(len(STYLES)))
def test_every_style_renders_with_exact_fact_offsets(filing, index):
    style, with_title = STYLES[index]
    note, _, _ = render_note(filing.notes()[0], filing, style, with_title)
    assert len(note.facts) == 12
    for fact, start, end in note.facts:
        assert note.text[start:end] == fact.displayed
    assert_tiles(note.text, [(s.start, s.end, s.kind) for s in note.spans])


def test_excerpt_matches_shipped_rendering(filing):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    style = RenderStyle.from_dict(expected["style"])
    note, number, title = render_note(filing.notes()[0], filing, style, expected["title_line"])
    assert title == expected["title"]
    assert note.text == expected["text"]
    assert [[s.start, s.end, s.kind, s.policy] for s in note.spans] == expected["spans"]
    assert [[f.displayed, s, e] for f, s, e in note.facts] == expected["facts"]


def test_excerpt_labels(filing):
    note, _, _ = render_note(filing.notes()[0], filing, RenderStyle(hidden_captions=True), True)
    by_kind = {}
    for s in note.spans:
        by_kind.setdefault(s.kind, []).append(note.text[s.start : s.end])
    assert by_kind["heading"][:2] == ["|BASIS OF PRESENTATION\n|", "Basis of Presentation"]
    assert "Use of Estimates" in by_kind["heading"]
    assert by_kind["boilerplate"] == ["SCHEDULE OF CHANGE IN ACCOUNTING ESTIMATE"]
    assert len(by_kind["table"]) == 1 and "|Decrease to Revenue\n|($782)" in by_kind["table"][0]
    policy = [note.text[s.start : s.end] for s in note.spans if s.policy]
    assert len(policy) == 1 and policy[0].startswith("Changes in estimated revenues")


def test_viewer_header_and_tail(filing):
    style = RenderStyle(viewer_header=True, viewer_tail=True)
    note, _, _ = render_note(filing.notes()[0], filing, style, False)
    assert note.text.startswith("|\nBasis of Presentation\n|6 Months Ended\nJun. 30, 2023\n|")
    assert "[Abstract]" in note.text
    assert note.text.endswith("No definition available.")
    assert note.spans[1].kind == "boilerplate" and note.spans[-1].kind == "boilerplate"


def _html(snippet: str):
    parser = etree.HTMLParser(no_network=True, recover=True)
    root = etree.fromstring(f"<html><body><div id='n'>{snippet}</div></body></html>", parser)
    return [root.find(".//div")]


def test_seed_000_shapes_dollar_and_paren_cells():
    # Seed 000: "$" and ")" sit in their own cells; a "(i) ..." row table is a footnote.
    els = _html(
        "<div><b>INVENTORIES, NET</b></div>"
        "<table><tr><td>Less: inventory impairment provision</td><td></td><td>$</td>"
        "<td>(874,897</td><td>)</td></tr></table>"
        "<table><tr><td>(i)</td><td>Work-in-process primarily consists of battery cells under production.</td></tr></table>"
        "<div>Movement of inventory impairment provision is as below:</div>"
    )
    note = elements_to_pipe_text(els)
    assert note.text.splitlines()[1:6] == ["|Less: inventory impairment provision", "|", "|$", "|(874,897", "|)"]
    kinds = [s.kind for s in note.spans]
    assert kinds == ["heading", "table", "footnote", "text"]


def test_seed_002_shape_content_on_next_line():
    els = _html("<table><tr><td>Revenues</td><td>$</td><td>950</td><td></td></tr></table>")
    style = RenderStyle(content_on_pipe_line=False, close_with_pipe=True)
    note = elements_to_pipe_text(els, style=style, title="SEGMENT REPORTING")
    assert note.text == "| SEGMENT REPORTING |\n|\nRevenues |\n|\n$ |\n|\n950 |\n|"


def test_hidden_text_dropped_and_footnote_paragraph_after_table():
    els = _html(
        "<div style='display:none'>secret</div>"
        "<table><tr><td>Total</td><td>12</td></tr></table>"
        "<div>(1) Includes amounts reclassified from other income.</div>"
        "<div>Some narrative that follows the footnote in the note.</div>"
    )
    note = elements_to_pipe_text(els)
    assert "secret" not in note.text
    assert [s.kind for s in note.spans] == ["table", "footnote", "text"]


def test_wrap_keeps_offsets():
    text = "word " * 60
    wrapped = wrap_text(text, 50)
    assert len(wrapped) == len(text) and "\n" in wrapped
    assert max(len(line) for line in wrapped.splitlines()) <= 51


def test_style_validation():
    with pytest.raises(ParseError):
        RenderStyle(wrap_width=5)
    with pytest.raises(ParseError):
        RenderStyle(viewer_header="yes")


def test_corpus_fixtures_are_consistent():
    assert len(CORPUS) >= 32
    tickers = set()
    for path in CORPUS:
        expected = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        tickers.add(expected["ticker"])
        assert expected["facts"], path.name
        for fact in expected["facts"]:
            assert text[fact["start"] : fact["end"]] == fact["text"], (path.name, fact)
            assert fact["row"] is not None
        assert_tiles(text, expected["spans"])
        RenderStyle.from_dict(expected["style"])
    assert len(tickers) >= 12
