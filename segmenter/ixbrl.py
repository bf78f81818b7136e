"""Read an inline-XBRL filing and return the filer's own tags as an answer key.

``read_filing`` parses the primary document of a 10-K/10-Q (gzipped or not)
with lxml's recovering HTML parser and returns a :class:`Filing`: the parsed
tree, the contexts' periods, every ``...TextBlock`` (whole notes, policies and
tables, with their ``ix:continuation`` chains) and every ``ix:nonFraction``
number with sign and scale applied. The training data and the evaluation use
these tags to label what the segmenter should find.

lxml's HTML parser keeps namespace prefixes in tag names and lower-cases them,
so the tags read here are literal names such as ``"ix:nonfraction"`` and
attributes are lower case (``contextref``, ``continuedat``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import lxml.etree as etree

from segmenter.errors import InputError, ParseError
from segmenter.limits import Limits
from segmenter.read import load_bytes
from segmenter.topics import concept_to_topic
from segmenter.types import Period

TEXT_BLOCK_TAG = "ix:nonnumeric"
FACT_TAG = "ix:nonfraction"
CONTINUATION_TAG = "ix:continuation"
LEVELS: tuple[str, ...] = ("note", "policy", "table", "other")

# Words some filers tag with ixt-sec:numwordsen ("no", "none", "two") instead of digits.
_NUMBER_WORDS = {
    "no": 0, "none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_DIGITS = re.compile(r"[0-9][0-9.,\s\u00a0']*")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Fact:
    """One ``ix:nonFraction``: ``value`` has sign and scale applied, ``displayed``
    is the number as shown (white space collapsed), ``scale`` the power of ten."""

    concept: str
    value: Decimal
    displayed: str
    scale: int
    negative: bool
    period: Period | None
    context_id: str
    dimensional: bool
    element: Any = field(compare=False, repr=False)
    unit: str | None = None
    fact_id: str | None = None


@dataclass(frozen=True)
class TextBlock:
    """A ``...TextBlock`` ``ix:nonNumeric``: ``elements`` is the tagged element
    followed by its ``ix:continuation`` chain in order; ``level`` is one of
    ``note``, ``policy``, ``table`` or ``other``."""

    concept: str
    id: str | None
    level: str
    elements: tuple[Any, ...] = field(compare=False, repr=False)
    topic: str | None
    nested: bool
    context_id: str | None = None


@dataclass(frozen=True)
class Filing:
    """A parsed iXBRL filing and its tags."""

    root: Any = field(repr=False)
    contexts: dict[str, Period]
    text_blocks: list[TextBlock]
    facts: list[Fact]
    dimensional_contexts: frozenset[str] = frozenset()
    ticker: str | None = None
    form: str | None = None
    generator: str | None = None
    source: str = "<bytes>"

    def notes(self) -> list[TextBlock]:
        """The Level 1 note text blocks, in document order."""
        return [b for b in self.text_blocks if b.level == "note"]

    def policy_continuation_ids(self) -> frozenset[str]:
        """Ids of the ``ix:continuation`` elements that carry on a policy text block."""
        return frozenset(
            el.get("id") for b in self.text_blocks if b.level == "policy" for el in b.elements[1:] if el.get("id")
        )

    def facts_by_element(self) -> dict[Any, Fact]:
        """Each fact keyed by its ``ix:nonFraction`` element (for the renderer)."""
        return {f.element: f for f in self.facts}


def read_filing(
    source: str | Path | bytes, *, ticker: str | None = None, form: str | None = None,
    limits: Limits = Limits(),
) -> Filing:
    """Parse an iXBRL document (path or bytes, gzipped or not) -> :class:`Filing`.

    Raises SourceNotFoundError for a missing path, InputError for empty,
    corrupt or unparseable input and LimitError past ``limits.max_bytes``
    (gzip is inflated chunk by chunk, never past the limit).
    """
    if isinstance(source, (str, Path)):
        name = Path(source).name
        data, _ = load_bytes(Path(source), name, limits)
    else:
        name = "<bytes>"
        data, _ = load_bytes(bytes(source), name, limits)
    if not data.strip():
        raise InputError("empty document", source=name, stage="read")
    # Workiva documents declare no charset, and libxml2 would then read UTF-8 as
    # Latin-1 ("â€œ" for a curly quote); SEC filings are UTF-8 or ASCII, else cp1252.
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "windows-1252"
    parser = etree.HTMLParser(
        encoding=encoding, no_network=True, huge_tree=True, recover=True,
        remove_comments=True, remove_pis=True,
    )
    root = etree.fromstring(data, parser)
    if root is None:
        raise InputError("not an HTML document", source=name, stage="read")
    contexts, dimensional = root_to_contexts(root)
    return Filing(
        root=root,
        contexts=contexts,
        text_blocks=root_to_text_blocks(root),
        facts=root_to_facts(root, contexts, dimensional),
        dimensional_contexts=dimensional,
        ticker=ticker,
        form=form,
        generator=bytes_to_generator(data),
        source=name,
    )


def bytes_to_generator(data: bytes) -> str | None:
    """The filing agent named in the document's opening comments or markup,
    e.g. ``"Workiva"``, ``"Toppan Merrill"``; None when nothing says."""
    head = data[:4000].decode("ascii", "replace")
    if "Toppan Merrill" in head:
        return "Toppan Merrill Bridge"
    if "Wdesk" in head:
        return "Workiva Wdesk"
    if "Workiva" in head:
        return "Workiva"
    if "ActiveDisclosure" in head or "Donnelley" in head:
        return "Donnelley ActiveDisclosure"
    # Re-serialised copies lose their comments; Workiva's element ids survive.
    if re.search(rb'id="i[0-9a-f]{32}_', data[:2_000_000]):
        return "Workiva (comments stripped)"
    return None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def root_to_contexts(root: Any) -> tuple[dict[str, Period], frozenset[str]]:
    """Every ``xbrli:context`` -> (id -> Period, ids of contexts with dimensions)."""
    contexts: dict[str, Period] = {}
    dimensional: set[str] = set()
    for ctx in root.iter("xbrli:context"):
        cid = ctx.get("id")
        if not cid:
            continue
        instant = start = end = None
        for el in ctx.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "xbrli:instant":
                instant = _date(el.text)
            elif tag == "xbrli:startdate":
                start = _date(el.text)
            elif tag == "xbrli:enddate":
                end = _date(el.text)
            elif tag in ("xbrldi:explicitmember", "xbrldi:typedmember"):
                dimensional.add(cid)
        contexts[cid] = Period(instant=instant) if instant else Period(start=start, end=end)
    return contexts, frozenset(dimensional)


def displayed_to_value(displayed: str, fmt: str | None) -> Decimal | None:
    """The number a displayed text stands for under an ixt ``format`` (before
    scale and sign); dashes and ``fixed-zero`` give 0, unreadable text None."""
    fmt = (fmt or "").lower()
    text = displayed.strip()
    if "zero" in fmt and "fixed" in fmt or "zerodash" in fmt or (text and set(text) <= _DASHES):
        return Decimal(0)
    if "numwords" in fmt or "num-word" in fmt:
        word = text.lower().strip(" .")
        if word in _NUMBER_WORDS:
            return Decimal(_NUMBER_WORDS[word])
    match = _DIGITS.search(text)
    if not match:
        return None
    digits = match.group(0).rstrip(" .,\u00a0'")
    digits = digits.replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "comma-decimal" in fmt or "numcommadecimal" in fmt:
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def collapse(text: str) -> str:
    """White space runs -> one space, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def root_to_facts(
    root: Any, contexts: dict[str, Period], dimensional: frozenset[str] = frozenset()
) -> list[Fact]:
    """Every readable ``ix:nonFraction`` in document order (nil facts skipped)."""
    facts: list[Fact] = []
    for el in root.iter(FACT_TAG):
        displayed = collapse("".join(el.itertext()))
        number = displayed_to_value(displayed, el.get("format"))
        if number is None:
            continue
        try:
            scale = int(el.get("scale") or 0)
        except ValueError:
            scale = 0
        negative = el.get("sign") == "-"
        value = number.scaleb(scale)
        if negative:
            value = -value
        cid = el.get("contextref") or ""
        facts.append(
            Fact(
                concept=el.get("name") or "",
                value=value,
                displayed=displayed,
                scale=scale,
                negative=negative,
                period=contexts.get(cid),
                context_id=cid,
                dimensional=cid in dimensional,
                element=el,
                unit=el.get("unitref"),
                fact_id=el.get("id"),
            )
        )
    return facts


def is_text_block_name(name: str) -> bool:
    """True for a concept that wraps a block of HTML (``...TextBlock``, IFRS ``...Explanatory``)."""
    return name.endswith("TextBlock") or name.endswith("Explanatory")


def concept_to_level(concept: str, nested: bool) -> str:
    """``policy`` for ...PolicyTextBlock, ``table`` for ...TableTextBlock and
    ScheduleOf...TextBlock, ``note`` for any other top-level block, else ``other``."""
    local = concept.split(":", 1)[-1]
    if local.endswith("PolicyTextBlock"):
        return "policy"
    if "TableTextBlock" in local or (local.startswith("ScheduleOf") and local.endswith("TextBlock")):
        return "table"
    return "other" if nested else "note"


def root_to_text_blocks(root: Any) -> list[TextBlock]:
    """Every text block in document order, with its continuation chain, level
    and whether it lies inside another text block (or inside its continuation)."""
    continuations = {el.get("id"): el for el in root.iter(CONTINUATION_TAG) if el.get("id")}
    heads = [
        el for el in root.iter(TEXT_BLOCK_TAG) if is_text_block_name(el.get("name") or "")
    ]
    chains: list[tuple[Any, ...]] = []
    owner: dict[Any, int] = {}
    for i, head in enumerate(heads):
        chain = [head]
        seen = {id(head)}
        next_id = head.get("continuedat")
        while next_id and next_id in continuations:
            cont = continuations[next_id]
            if id(cont) in seen:
                break  # a cycle in a malformed filing; stop rather than loop
            seen.add(id(cont))
            chain.append(cont)
            next_id = cont.get("continuedat")
        chains.append(tuple(chain))
        for el in chain:
            owner[el] = i
    blocks: list[TextBlock] = []
    for i, (head, chain) in enumerate(zip(heads, chains)):
        nested = False
        for el in (head,):
            parent = el.getparent()
            while parent is not None:
                if parent in owner and owner[parent] != i:
                    nested = True
                    break
                parent = parent.getparent()
        concept = head.get("name") or ""
        level = concept_to_level(concept, nested)
        blocks.append(
            TextBlock(
                concept=concept,
                id=head.get("id"),
                level=level,
                elements=chain,
                topic=concept_to_topic(concept),
                nested=nested,
                context_id=head.get("contextref"),
            )
        )
    return blocks


def ensure_tags(filing: Filing) -> Filing:
    """The filing itself when it carries text blocks; ParseError when it has none
    (e.g. a pre-2019 report filed without inline XBRL)."""
    if not filing.text_blocks:
        raise ParseError("no inline XBRL text blocks", source=filing.source, stage="read")
    return filing


#: A cell that is only a currency sign: the "$" before a row's first number.
_SIGN_ONLY = re.compile(r"[$€£¥]")
_LETTER = re.compile(r"[^\W\d_]")
#: Elements that break a cell's text into lines, as a reader (and the HTML reader) sees it.
_LINE_BREAKING = frozenset("br p div li h1 h2 h3 h4 h5 h6 table tr".split())


def _cell_text(cell: Any) -> str:
    """A cell's text with a space where a block element or ``<br>`` breaks it: "attributable
    to" and "noncontrolling interest" in two ``<div>``s of one cell (T 10-Q 2023) are two
    words, not "tononcontrolling". An explicit stack, as the HTML reader walks: a cell
    nested thousands of elements deep reads like any other."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(cell, False)]
    while stack:
        el, closing = stack.pop()
        if not isinstance(el.tag, str):  # a comment or processing instruction: only its tail shows
            if el.tail:
                parts.append(el.tail)
            continue
        if el.tag in _LINE_BREAKING:
            parts.append(" ")
        if closing:
            if el is not cell and el.tail:
                parts.append(el.tail)
            continue
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return collapse("".join(parts))


def fact_to_row_label(element: Any) -> str | None:
    """The first non-empty cell text of the ``<tr>`` holding a fact (white space
    collapsed, footnote markers kept); "" when the row starts with its numbers (a
    total under a rule: the label cell is empty and the first non-empty cell is "$",
    or a tagged number and no words); a first cell is always the label, tagged
    rates and all ("2.20%", "3.50% Senior Notes due ..."); None when the fact is
    not in a table."""
    tr = element.getparent()
    while tr is not None and tr.tag != "tr":
        tr = tr.getparent()
    if tr is None:
        return None
    cells = [cell for cell in tr if cell.tag in ("td", "th")]
    for position, cell in enumerate(cells):
        text = _cell_text(cell)
        if text:
            if position > 0 and (_SIGN_ONLY.fullmatch(text) or (
                not _LETTER.search(text) and next(cell.iter(FACT_TAG), None) is not None
            )):
                return ""
            return text
    return ""


