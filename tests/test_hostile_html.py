"""Hostile HTML and XML (issue 5): every input ends in a Document or a
SegmenterError, fast, with offsets that stay true, and no XML trick reaches
the output or the network.

Deep nesting of ``div`` alone, and the byte-level cases (gzip bombs,
encodings), are covered by ``test_html.py`` and ``test_read.py``. The costliest
inputs run at a tenth of their size by default; ``SEGMENTER_HOSTILE_SCALE=1``
runs them full size (a table of 200k cells, 200k nested ``div`` around a
table). The time bounds are hang guards, not speed claims.
"""

from __future__ import annotations

import gzip
import os
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from segmenter.errors import SegmenterError
from segmenter.html import html_to_blocks
from segmenter.ixbrl import read_filing
from segmenter.types import Document

from offsets import assert_offsets_true

SCALE = float(os.environ.get("SEGMENTER_HOSTILE_SCALE", "0.1"))
HANG_GUARD_SECONDS = 120
AMC = Path(__file__).parent / "fixtures" / "html" / "amc-10-q-2023-06-30-notes-4-5.html.gz"


def _amc() -> str:
    return gzip.decompress(AMC.read_bytes()).decode("utf-8")


def _segment(seg, data: str | bytes, name: str) -> tuple[Document | None, float]:
    """(Document or None for our error, seconds); anything else fails the test."""
    started = time.perf_counter()
    try:
        doc = seg.segment(data, name=name)
    except SegmenterError:
        doc = None
    seconds = time.perf_counter() - started
    assert seconds < HANG_GUARD_SECONDS
    if doc is not None:
        assert_offsets_true(doc)
    return doc, seconds


# --------------------------------------------------------------------------- hostile markup

def _table_of_cells() -> str:
    rows = int(100_000 * SCALE)  # two cells a row: 200k cells at full size
    body = "".join(f"<tr><td>Item {i}</td><td>{i:,}</td></tr>" for i in range(rows))
    return f"<html><body><p>NOTE 5. INVENTORIES</p><table>{body}</table></body></html>"


def _divs_around_a_table() -> str:
    depth = int(200_000 * SCALE)
    table = "<p>NOTE 5. INVENTORIES</p><table><tr><td>Raw materials</td><td>1,234</td></tr></table>"
    return "<html><body>" + "<div>" * depth + table + "</div>" * depth + "<p>After the divs.</p></body></html>"


HUGE_SPANS = ('<html><body><p>NOTE 5. INVENTORIES</p><table>'
              '<tr><td colspan="376967340">Raw materials</td><td rowspan="376967340">1,234</td></tr>'
              '<tr><td colspan="-5">Finished goods</td><td colspan="1e99" rowspan="0">2,345</td></tr>'
              '<tr><td colspan="99999999999999999999999">Total</td><td>3,579</td></tr></table></body></html>')


def _spans_over_spans() -> str:
    # every cell spans 1000 columns and 1000 rows, so each row's cells are pushed right
    # of all the spans above: the grid is tracked as column ranges, never cell by cell
    rows = int(2_000 * SCALE)
    cell = '<td colspan="1000" rowspan="1000">1,234</td>'
    body = "".join(f"<tr><td>Item {i}</td>{cell * 10}</tr>" for i in range(rows))
    return f"<html><body><p>NOTE 5. INVENTORIES</p><table>{body}</table></body></html>"


def _unclosed_cells() -> str:
    return "<html><body><p>NOTE 5. INVENTORIES</p><table>" + "<tr><td>Raw materials<td>1,234" * int(50_000 * SCALE)


HOSTILE: dict[str, Callable[[], str]] = {
    "table_of_200k_cells": _table_of_cells,
    "200k_divs_around_a_table": _divs_around_a_table,
    "colspan_and_rowspan_376967340": lambda: HUGE_SPANS,
    "spans_over_spans": _spans_over_spans,
    "unclosed_cells_rows_and_table": _unclosed_cells,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_html_ends_in_a_document_with_true_offsets(segmenter_instance, name):
    doc, _ = _segment(segmenter_instance, HOSTILE[name](), name + ".htm")
    assert doc is not None and doc.form == "html"
    assert [n.number for n in doc.notes] == ["5"]


def test_a_table_of_many_cells_keeps_every_cell(segmenter_instance):
    doc, _ = _segment(segmenter_instance, _table_of_cells(), "cells.htm")
    (table,) = doc.tables
    rows = int(100_000 * SCALE)
    assert len(table.rows) == rows and table.rows[-1].cells[0].text == f"{rows - 1:,}"


def test_huge_colspan_and_rowspan_are_not_expanded(segmenter_instance):
    doc, seconds = _segment(segmenter_instance, HUGE_SPANS, "spans.htm")
    assert len(doc.text) < 200
    (table,) = doc.tables
    assert [(r.label, [c.text for c in r.cells]) for r in table.rows] == [
        ("Raw materials", ["1,234"]), ("Finished goods", ["2,345"]), ("Total", ["3,579"])]


def test_deep_divs_keep_the_table_and_what_follows(segmenter_instance):
    doc, _ = _segment(segmenter_instance, _divs_around_a_table(), "divs.htm")
    assert [c.text for t in doc.tables for r in t.rows for c in r.cells] == ["1,234"]
    assert "After the divs." in doc.text


def test_deeply_nested_tables_lose_nothing(segmenter_instance):
    depth = 1_000
    html = ("<html><body><p>NOTE 5. INVENTORIES</p>" + "<table><tr><td>" * depth + "1,234"
            + "</td></tr></table>" * depth + "<p>After the tables.</p></body></html>")
    doc, _ = _segment(segmenter_instance, html, "tables.htm")
    assert doc is None or ("1,234" in doc.text and "After the tables." in doc.text)  # refused, or all kept


def _cuts(html: str) -> dict[str, int]:
    """Where to cut the AMC excerpt (after its first heading, inside its goodwill table)."""
    table = html.index("<table")
    td = html.index("<td", table)
    return {
        "mid_tag": td + 3,
        "mid_attribute": html.index('style="', td) + 12,
        "mid_table": html.index("</tr>", html.index("</tr>", table) + 5) + 2,
        "mid_entity": html.index("&#", table) + 4,
        "after_the_table": html.index("</table>") + 8,
        "mid_closing_tags": html.rindex("</body>") + 3,
    }


@pytest.mark.parametrize("where", ["mid_tag", "mid_attribute", "mid_table", "mid_entity", "after_the_table",
                                   "mid_closing_tags"])
def test_truncated_filing_ends_in_a_document(segmenter_instance, where):
    html = _amc()
    cut = _cuts(html)[where]
    doc, _ = _segment(segmenter_instance, html[:cut].encode("utf-8"), f"amc-cut-{where}.htm")
    assert doc is not None and doc.notes[0].title == "GOODWILL"


def test_an_unterminated_comment_hides_the_rest_but_keeps_what_came_before(segmenter_instance):
    html = _amc()
    at = html.index("</table>") + 8
    doc, _ = _segment(segmenter_instance, html[:at] + "<!-- a comment never closed " + html[at:], "amc-comment.htm")
    assert doc.notes[0].title == "GOODWILL" and doc.tables


def test_truncated_mid_table_keeps_the_rows_before_the_cut(segmenter_instance):
    html = _amc()
    full = segmenter_instance.segment(html, name="amc.htm")
    cut = html.index("Balance June 30, 2023")  # the goodwill table's last row
    doc, _ = _segment(segmenter_instance, html[:cut], "amc-cut.htm")
    before = [r.label for r in full.notes[0].tables[0].rows]
    after = [r.label for t in doc.notes[0].tables for r in t.rows]
    assert after and after == before[:len(after)]


def test_truncated_mid_character_bytes(segmenter_instance):
    data = _amc().replace("GOODWILL", "GOODWILL \u2014 NET", 1).encode("utf-8")
    cut = data[: data.index("\u2014".encode()) + 2]
    doc, _ = _segment(segmenter_instance, cut, "amc-cut-char.htm")
    assert doc is not None and doc.text.rstrip().endswith("\ufffd")


# --------------------------------------------------------------------------- XML hardening

class _Listener(socketserver.ThreadingTCPServer):
    """A local server that records every connection made to it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        listener = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(2)
                try:
                    listener.hits.append(self.request.recv(4096))
                except OSError:
                    listener.hits.append(b"")

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
          + ']><html><body><p>NOTE 1. DEBT</p><p>The Company has &lol9; of debt.</p></body></html>')


def _xxe(secret: Path, port: int) -> dict[str, str]:
    body = "<p>NOTE 1. DEBT</p><p>Owed: {} to lenders.</p></body></html>"
    return {
        "file_entity": (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
                        f'<!ENTITY sec SYSTEM "{secret.as_uri()}">]><html><body>' + body.format("&xxe; &sec;")),
        "http_entity": (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/x">]>'
                        "<html><body>" + body.format("&ext;")),
        "http_dtd": (f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://127.0.0.1:{port}/evil.dtd">'
                     "<html><body>" + body.format("&ent;")),
        "parameter_entity": (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % pe SYSTEM "http://127.0.0.1:{port}/pe.dtd">'
                             "%pe;]><html><body>" + body.format("nothing")),
        "xinclude": ('<html xmlns:xi="http://www.w3.org/2001/XInclude"><body>'
                     + body.format(f'<xi:include href="{secret.as_uri()}" parse="text"/>')),
    }


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("root:x:0:0 TOPSECRET-7f3a\n", encoding="utf-8")
    return path


def _all_text(doc: Document) -> str:
    return doc.text + "".join(b.text for n in doc.notes for b in n.blocks)


def test_billion_laughs_is_not_expanded(segmenter_instance):
    doc, seconds = _segment(segmenter_instance, LAUGHS, "laughs.htm")
    assert "lollol" not in _all_text(doc) and len(doc.text) < len(LAUGHS)
    assert [n.number for n in doc.notes] == ["1"]
    text, _ = html_to_blocks(LAUGHS, name="laughs")
    assert "lollol" not in text
    root = read_filing(LAUGHS.encode()).root
    assert "lollol" not in etree.tostring(root, method="text", encoding="unicode")


@pytest.mark.parametrize("case", ["file_entity", "http_entity", "http_dtd", "parameter_entity", "xinclude"])
def test_external_entities_are_neither_read_nor_fetched(segmenter_instance, listener, secret, case):
    html = _xxe(secret, listener.server_address[1])[case]
    doc, _ = _segment(segmenter_instance, html.encode("utf-8"), f"{case}.htm")
    text = _all_text(doc)
    assert "root:" not in text and "TOPSECRET" not in text
    assert "Owed:" in text
    root = read_filing(html.encode("utf-8")).root
    assert "TOPSECRET" not in etree.tostring(root, method="text", encoding="unicode")
    time.sleep(0.2)  # a fetch, had one started, would have connected by now
    assert listener.hits == []


def test_the_listener_would_see_a_fetch(listener):
    """The no-network check above can fail: a parser allowed the network does connect."""
    import urllib.request

    before = len(listener.hits)
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{listener.server_address[1]}/probe", timeout=2).read()
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while len(listener.hits) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(listener.hits) == before + 1
    listener.hits.clear()


def test_xhtml_with_xml_declaration_and_internal_dtd(segmenter_instance):
    html = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html [<!ENTITY co "Acme Corp">]>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>NOTE 1. DEBT</p>'
            "<p>The Company\u2019s notes are due in 2030.</p><table><tr><td>Term loan</td><td>1,234</td></tr>"
            "</table></body></html>")
    doc, _ = _segment(segmenter_instance, html.encode("utf-8"), "xhtml.htm")
    assert doc.form == "html" and [(n.number, n.title) for n in doc.notes] == [("1", "DEBT")]
    assert "The Company\u2019s notes are due in 2030." in doc.text
    assert [c.text for t in doc.tables for r in t.rows for c in r.cells] == ["1,234"]


def test_an_internal_dtd_subset_leaves_no_text():
    html = '<!DOCTYPE html [<!ENTITY co "<b>Acme</b> Corp">]><html><body><p>NOTE 1. DEBT</p></body></html>'
    assert html_to_blocks(html, name="dtd")[0] == "NOTE 1. DEBT\n"


def test_parsers_are_built_without_network_or_entity_expansion():
    """The options behind the checks above, as set in the source of both readers:
    libxml2's HTML parser never loads a DTD or expands entities, and the network
    is off; an XMLParser (which expands internal entities by default) is not used."""
    import inspect

    from segmenter import html, ixbrl

    for module in (html, ixbrl):
        source = inspect.getsource(module)
        assert "HTMLParser(" in source and "no_network=True" in source
        assert "XMLParser(" not in source and "etree.parse(" not in source


def test_utf16_html_gives_the_same_document_as_utf8(segmenter_instance):
    html = _amc()
    utf8 = segmenter_instance.segment(html.encode("utf-8"), name="amc.htm")
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        other = segmenter_instance.segment(bom + html.encode(codec), name="amc.htm")
        assert other.text == utf8.text
        assert [n.to_dict() for n in other.notes] == [n.to_dict() for n in utf8.notes]


# --------------------------------------------------------------------------- property

HTML_TOKENS = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td colspan="376967340">',
    '<td rowspan="9">', "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<br>", "<br/>",
    '<span style="display:none">', "</span>", "<!--", "-->", "<", ">", "&", "&amp;", "&nbsp;", "&#8212;",
    "&#x0;", "&lol;", "&#99999999;", "1,234", "(874", ")", "$", "—", "NOTE 5. INVENTORIES", "Raw materials",
    " ", "\n", "\t", "<script>", "</script>", "<style>", "<?xml version='1.0'?>", "<!DOCTYPE html>",
    "<![CDATA[", "]]>", '<ix:nonFraction name="us-gaap:X">', "</ix:nonFraction>", "\u00a0", "\x0c",
]
html_text = st.lists(st.sampled_from(HTML_TOKENS), max_size=50).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_text)
def test_html_reader_offsets_are_true_and_stable(html):
    try:
        text, blocks = html_to_blocks(html, name="prop")
    except SegmenterError:
        return
    prev_end = 0
    for block in blocks:
        assert prev_end <= block.start <= block.end <= len(text)
        prev_end = block.end
        for cell in block.cells:
            assert block.start <= cell.start <= cell.end <= block.end
            assert cell.text == text[cell.start:cell.end]
    assert html_to_blocks(html, name="prop") == (text, blocks)
