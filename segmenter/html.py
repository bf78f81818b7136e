"""HTML (iXBRL primary documents, XBRL-viewer R pages) -> exposed text and blocks.

:func:`html_to_blocks` parses with lxml (no network, no entity resolution,
comments and processing instructions dropped) and walks the tree once, in
document order, with an explicit stack, so 200,000 nested ``div`` elements
cost no Python recursion. The walk yields *items* (lines, tables, page
breaks); :mod:`segmenter.htmlblocks` writes them out as the document's
exposed text and cuts the :class:`~segmenter.types.Block` objects, in the
shape the pipe-text reader gives, so notes, classifier and tables run
unchanged on HTML.

What the walk drops: ``<head>``, scripts and styles, ``ix:header`` (hidden
facts), and every element styled ``display:none`` with all it holds.
``ix:*`` wrappers are transparent: their text stays where it is. What it
keeps of the type style: whether all of a line is bold, italic or underlined
(:mod:`segmenter.emphasis`, ``Block.emphasised``), which makes a short line a
sub-heading that pipe text cannot show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from .emphasis import PLAIN, Emphasis, element_emphasis
from .errors import InputError, LimitError
from .htmlblocks import Break, Line, TableItem, items_to_blocks
from .types import Block

__all__ = ["html_to_blocks", "html_to_items"]

# Block-level elements: each starts and ends a line of exposed text.
_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 center blockquote section article header footer "
    "nav main aside pre address figure figcaption caption form fieldset tr td th body html "
    "ix:continuation".split()
)
# Never shown by a browser; ix:header holds the hidden facts and contexts of iXBRL.
_SKIP_TAGS = frozenset("head script style title noscript template meta link ix:header ix:hidden".split())
_CELL_TAGS = frozenset(("td", "th"))
# Tags that end a line inside a cell.
_LINE_TAGS = _BLOCK_TAGS | {"br", "table"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# "page-break-after:always" (Toppan Merrill, Donnelley) and CSS3 "break-before:page" (Workiva).
_PAGE_BREAK = re.compile(r"(?:page-)?break-(?:before|after)\s*:\s*(?:always|page)", re.I)
_PAGE_BREAK_AFTER = re.compile(r"(?:page-)?break-after\s*:\s*(?:always|page)", re.I)
# A left padding or margin on an inline element is a visible gap: "3." + a title span
# styled "padding-left:9.67pt" reads "3. PROPERTY AND LEASES" (HD 10-K 2025).
_LEFT_GAP = re.compile(r"(?:padding|margin)-left\s*:\s*0*(?:[1-9]|\.0*[1-9])", re.I)
# Zero-width characters filers put in "empty" cells (AMC 10-Q 2023: U+200B in every spacer cell).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Element labels of an R page's rows ("Organization, Consolidation ... [Abstract]").
_BRACKET_LABEL = re.compile(
    r"\[(?:Abstract|Line Items|Table|Axis|Member|Domain|Roll Forward|Text Block|Policy Text Block)\]\s*\Z"
)

_ENTER, _EXIT, _EMIT = 0, 1, 2

# Fallback for documents nested deeper than libxml2 allows (see _parse).
_NESTING_TAG = re.compile(r"</?(div|p|span|font|section|article|center|blockquote|b|i|u)\b[^>]*>", re.I)
_INLINE_NESTING = frozenset(("span", "font", "b", "i", "u"))
_FLAT_BREAK = '<br class="segmenter-flat"/>'
# A leading DOCTYPE with an internal DTD subset: libxml2's HTML parser ends the DOCTYPE at
# its first ">", so the rest of the subset ('<!ENTITY co "<b>Acme</b> Corp">]>') would
# become text. Bounded repeats only; looked for in the first 64 KB.
_DOCTYPE_SUBSET = re.compile(r"\A\ufeff?\s{0,1000}(?:<\?xml[^>]{0,500}>\s{0,1000})?(<!DOCTYPE\s[^\[>]{0,500}\[)", re.I)
_SUBSET_END = re.compile(r"\]\s{0,100}>")
_DOCTYPE_WINDOW = 65_536
LIBXML2_MAX_DEPTH = 2048



# Tag name -> lower case: a handful of names, looked up for every element.
_LOWER: dict[str, str] = {}


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    low = _LOWER.get(tag)
    if low is None:
        low = _LOWER[tag] = tag.lower()
    return low


def _hidden(el: Any) -> bool:
    style = el.get("style")
    return bool(style) and _style_hides(style)


def _style_hides(style: str) -> bool:
    # Every match of _HIDDEN holds "none" or "dden" in lower case (no other character
    # folds to n, o, e or d under re.I), so most styles are settled without the regex.
    low = style.lower()
    return ("none" in low or "dden" in low) and _HIDDEN.search(style) is not None


def _style_breaks(style: str) -> tuple[bool, bool]:
    """(breaks the page before or after, breaks it after) for a style attribute."""
    # Both patterns need "brea" ("break"), which no other character folds to under re.I.
    if "brea" not in style.lower():
        return False, False
    return _PAGE_BREAK.search(style) is not None, _PAGE_BREAK_AFTER.search(style) is not None


def _style_gaps(style: str) -> bool:
    """True when ``style`` sets a non-zero left padding or margin."""
    # Both properties end in "-left"; most styles are settled without the regex.
    return "-left" in style.lower() and _LEFT_GAP.search(style) is not None


def _classes(el: Any) -> list[str]:
    return (el.get("class") or "").lower().split()


def collapse(text: str) -> str:
    """White space runs -> one space, zero-width characters dropped, ends stripped."""
    return " ".join(_INVISIBLE.sub("", text).split())


def element_to_cell_text(cell: Any) -> str:
    """A cell's visible text: lines broken at ``<br>`` and block elements, each
    collapsed; hidden descendants dropped. Iterative (no recursion)."""
    if _is_plain(cell):
        # One line: the walk below would gather exactly this text, its text nodes in
        # document order (libxml2's text serialisation, several times faster than itertext).
        return collapse(etree.tostring(cell, method="text", encoding=str, with_tail=False))
    lines: list[str] = []
    buf: list[str] = []

    def newline() -> None:
        if buf:
            line = collapse("".join(buf))
            if line:
                lines.append(line)
            buf.clear()

    if cell.text:
        buf.append(cell.text)
    stack: list[tuple[int, Any]] = [(_ENTER, child) for child in reversed(cell)]
    while stack:
        action, el = stack.pop()
        if action == _EXIT:
            if _tag(el) in _BLOCK_TAGS or _tag(el) == "table":
                newline()
            if el.tail:
                buf.append(el.tail)
            continue
        tag = _tag(el)
        if not tag or tag in _SKIP_TAGS or _hidden(el):
            if el.tail:
                buf.append(el.tail)
            continue
        if tag == "br":
            newline()
            if el.tail:
                buf.append(el.tail)
            continue
        if tag in _BLOCK_TAGS or tag == "table":
            newline()
        if el.text:
            buf.append(el.text)
        stack.append((_EXIT, el))
        stack.extend((_ENTER, child) for child in reversed(el))
    newline()
    return "\n".join(lines)


def _is_plain(cell: Any) -> bool:
    """No descendant breaks a line or hides text: no block element, ``<br>``, table,
    skipped or hidden element (most cells: ``<td><span>1,234</span></td>``)."""
    for el in cell.iterdescendants():
        tag = _tag(el)
        if not tag or tag in _LINE_TAGS or tag in _SKIP_TAGS:
            return False
        style = el.get("style")
        if style and _style_hides(style):
            return False
    return True


#: Most cells spanning down into later rows tracked at once; further rowspans are read as 1.
MAX_ROWSPANS = 64
#: The widest ``colspan`` or ``rowspan`` read; a larger one reads as this.
MAX_SPAN = 1000


def _span(cell: Any, name: str) -> int:
    """A cell's ``colspan``/``rowspan`` as a count of at least 1 (junk reads as 1)."""
    value = (cell.get(name) or "").strip()
    return max(1, min(int(value), MAX_SPAN)) if value.isdigit() else 1


def _table_rows(table: Any) -> Iterator[tuple[list[str], list[tuple[int, int]]]]:
    """Each visible row of a table (no nested tables) as its cells' texts and the
    grid columns each covers (``colspan`` and ``rowspan`` applied, as a browser
    lays them out); fully empty rows (spacer rows, Workiva's column-width row)
    are left out, but still hold the cells that span down into them. Spans are
    kept as column ranges, never expanded cell by cell, and at most
    :data:`MAX_ROWSPANS` of them at once (a filing's table has a few), so the work
    stays linear in the cells whatever the spans say."""
    below: list[tuple[int, int, int]] = []  # (first column, end column, rows still covered), by column
    for tr in table.iter("tr"):
        if _hidden(tr):
            continue
        texts: list[str] = []
        places: list[tuple[int, int]] = []
        new: list[tuple[int, int, int]] = []
        col = p = 0
        for td in tr:
            if _tag(td) not in _CELL_TAGS or _hidden(td):
                continue
            while p < len(below) and below[p][0] <= col:  # skip the columns a cell above spans into
                col = max(col, below[p][1])
                p += 1
            width = _span(td, "colspan")
            texts.append(element_to_cell_text(td))
            places.append((col, col + width))
            down = _span(td, "rowspan")
            if down > 1 and len(below) + len(new) < MAX_ROWSPANS:
                new.append((col, col + width, down - 1))
            col += width
        below = sorted([(a, b, n - 1) for a, b, n in below if n > 1] + new)
        if any(texts):
            yield texts, places


def own_rows(table: Any) -> Iterator[Any]:
    """The rows of ``table`` itself, not of tables nested in its cells."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def _nesting_tables(root: Any) -> set[Any]:
    """Tables that hold another table: layout, not data (one pass up from each table)."""
    outer: set[Any] = set()
    for table in root.iter("table"):
        for anc in table.iterancestors("table"):
            outer.add(anc)
            break
    return outer


class _Walker:
    """Document order -> items: lines of inline text, whole tables and page breaks."""

    def __init__(self, root: Any) -> None:
        self.items: list[Line | TableItem | Break] = []
        self.buf: list[str] = []
        self.link_depth = 0
        self.plain = False  # some text of the current line lies outside an internal link
        self.layout = _nesting_tables(root)
        # The emphasis of the text being walked, one entry per open element that set
        # one; and which emphasis every visible character of the current line had.
        self.looks: list[tuple[Any, Emphasis]] = []
        self.look: Emphasis = PLAIN
        self.line_look: Emphasis | None = None

    # -- lines
    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)
            if text.strip():
                if self.link_depth == 0:
                    self.plain = True
                look, line = self.look, self.line_look
                if line is None:
                    self.line_look = look
                elif line != look and line != PLAIN:
                    self.line_look = (line[0] and look[0], line[1] and look[1], line[2] and look[2])

    def flush(self) -> None:
        if self.buf:
            text = collapse("".join(self.buf))
            if text:
                self.items.append(Line(text, link_only=not self.plain, emphasised=any(self.line_look or PLAIN)))
            self.buf = []
        self.plain = False
        self.line_look = None

    # -- the walk
    def walk(self, root: Any) -> list[Line | TableItem | Break]:
        stack: list[tuple[int, Any]] = [(_ENTER, root)]
        while stack:
            action, el = stack.pop()
            if action == _EMIT:
                self.flush()
                self.items.append(el)
            elif action == _EXIT:
                self._exit(el)
            else:
                self._enter(el, stack)
        self.flush()
        return self.items

    def _enter(self, el: Any, stack: list[tuple[int, Any]]) -> None:
        tag = _tag(el)
        if not tag or tag in _SKIP_TAGS or _hidden(el):
            self.add(el.tail)
            return
        style = el.get("style")
        breaks, after = _style_breaks(style) if style else (False, False)
        if tag == "hr" or (breaks and not after):
            self.flush()
            self.items.append(Break())
        if tag == "br":
            if el.get("class") == "segmenter-flat":
                self.flush()
            self.add(" ")  # a line break inside a paragraph joins its parts ("NOTE 5<br>INVENTORIES")
            self.add(el.tail)
            return
        if tag == "table" and (el not in self.layout or "report" in _classes(el)):
            self.flush()
            self._table(el, stack)
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        else:
            if tag == "a" and (el.get("href") or "").startswith("#"):
                self.link_depth += 1
            if style and _style_gaps(style):
                self.add(" ")
        look = element_emphasis(tag, style or "", self.look)
        if look != self.look:
            self.looks.append((el, self.look))
            self.look = look
        self.add(el.text)
        stack.append((_EXIT, el))
        stack.extend((_ENTER, child) for child in reversed(el))

    def _exit(self, el: Any) -> None:
        if self.looks and self.looks[-1][0] is el:
            self.look = self.looks.pop()[1]
        tag = _tag(el)
        if tag in _BLOCK_TAGS or tag == "table":
            self.flush()
        elif tag == "a" and (el.get("href") or "").startswith("#"):
            self.link_depth -= 1
        style = el.get("style")
        if style and tag != "hr" and _style_breaks(style)[1]:  # an <hr> broke on entry
            self.flush()
            self.items.append(Break())
        self.add(el.tail)

    def _table(self, table: Any, stack: list[tuple[int, Any]]) -> None:
        """A data table becomes one item; an R page's report table is unpacked."""
        classes = _classes(table)
        if "report" in classes and any(
            "text" in _classes(td) and collapse("".join(td.itertext()))
            for tr in own_rows(table) for td in tr if _tag(td) == "td"
        ):
            self._report(table, stack)
            return
        if "authrefdata" in classes:  # a viewer definition box left visible
            self.items.append(Line(collapse(" ".join(table.itertext())), hint="viewer"))
            self.add(table.tail)
            return
        rows = list(_table_rows(table))
        if rows:
            self.items.append(TableItem(tuple(tuple(r) for r, _ in rows), tuple(tuple(p) for _, p in rows)))
        self.add(table.tail)

    def _report(self, table: Any, stack: list[tuple[int, Any]]) -> None:
        """An XBRL-viewer note page (R page, seed 001's source): the title cell, the
        period header and the ``[Abstract]`` row are viewer furniture; the text
        cell holds the note, walked like any HTML."""
        todo: list[tuple[int, Any]] = []
        for tr in own_rows(table):
            for td in tr:
                tag = _tag(td)
                if tag not in _CELL_TAGS or _hidden(td):
                    continue
                classes = _classes(td)
                if "text" in classes:
                    todo.append((_ENTER, td))
                    continue
                text = element_to_cell_text(td)
                if not text:
                    continue
                if tag == "th" and "tl" in classes:
                    todo.append((_EMIT, Line(text, cell=True, hint="cell-line")))
                elif tag == "th" or _BRACKET_LABEL.search(text):
                    todo.append((_EMIT, Line(text, cell=True, hint="viewer")))
                else:  # the row's element label, the note's name again
                    todo.append((_EMIT, Line(text, cell=True, hint="cell-line")))
        stack.append((_EXIT, table))
        stack.extend(reversed(todo))


def drop_dtd_subset(html: str) -> str:
    """``html`` with a leading ``<!DOCTYPE ... [internal subset]>`` replaced by
    ``<!DOCTYPE html>``; unchanged when there is none in the first 64 KB."""
    head = html[:_DOCTYPE_WINDOW]
    found = _DOCTYPE_SUBSET.match(head)
    if found is None:
        return html
    end = _SUBSET_END.search(head, found.end())
    if end is None:
        return html
    return html[: found.start(1)] + "<!DOCTYPE html>" + html[end.end():]


def _parse(html: str | bytes, name: str) -> Any:
    """The lxml root of ``html`` (None when there is nothing to parse)."""
    if isinstance(html, (bytes, bytearray)):
        from .read import bytes_to_text

        html, _ = bytes_to_text(bytes(html), name)
    html = drop_dtd_subset(html)
    data = html.encode("utf-8", errors="surrogatepass")
    parser = etree.HTMLParser(
        encoding="utf-8", no_network=True, recover=True, huge_tree=True,
        remove_comments=True, remove_pis=True, default_doctype=False,
    )
    try:
        root = etree.fromstring(data, parser)
        if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            # libxml2 stops at 2048 nested elements and silently drops everything after;
            # flatten the nesting tags to line breaks and parse again (hidden styles on
            # the flattened elements are lost, the text is not).
            flat = _NESTING_TAG.sub(lambda m: "" if m.group(1).lower() in _INLINE_NESTING else _FLAT_BREAK, html)
            root = etree.fromstring(flat.encode("utf-8", errors="surrogatepass"), parser)
            if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
                # Still too deep (tables nested in tables): refuse rather than drop the rest.
                raise LimitError(
                    f"elements nested deeper than the HTML parser's limit of {LIBXML2_MAX_DEPTH} levels "
                    "(tables inside tables); the document cannot be read whole",
                    source=name, stage="blocks", limit="nesting_depth", value=LIBXML2_MAX_DEPTH,
                )
        return root
    except etree.LxmlError as exc:
        raise InputError(f"cannot parse HTML ({exc})", source=name, stage="blocks") from exc


def html_to_items(html: str | bytes, *, name: str = "<html>") -> list[Line | TableItem | Break]:
    """The visible content of ``html`` in document order: lines, tables, page breaks."""
    root = _parse(html, name)
    if root is None:
        return []
    return _Walker(root).walk(root)


def html_to_blocks(html: str | bytes, *, name: str) -> tuple[str, list[Block]]:
    """(exposed text, blocks) of an HTML document.

    The exposed text has one line per paragraph and one ``|cell`` line per
    table cell (empty spacer cells included, empty rows left out); every
    block's and cell's offsets index it. Hints are those of the pipe-text
    reader plus ``"page"`` for page furniture (page numbers, running headers,
    "Table of Contents" links), which comes with kind ``"boilerplate"``.
    """
    return items_to_blocks(html_to_items(html, name=name))
