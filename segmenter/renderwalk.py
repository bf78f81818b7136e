"""Walk a note's iXBRL HTML into a flat list of blocks, ready to be labelled.

:class:`Walker` turns the HTML elements of a note into
:class:`segmenter.labels.Block` items: paragraphs (``para``: text with white
space collapsed, its look and the offsets of each tagged fact), hidden table
captions (``caption``) and tables (``table``: rows of cells, each cell one
block). Hidden elements and ``<script>``/``ix:header``/``ix:exclude`` are
dropped; bold, italic, underline and superscript come from tags and inline
styles; text inside a ``...PolicyTextBlock`` is marked ``policy``.
:mod:`segmenter.render` labels the blocks and lays them out as pipe text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from segmenter.emphasis import element_emphasis
from segmenter.html import own_rows
from segmenter.labels import Block, Cell, Look

if TYPE_CHECKING:
    from segmenter.render import RenderStyle

# Block-level HTML: each starts a new line of text.
_BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 center blockquote section article header footer "
    "dl dt dd pre hr address figure caption ix:continuation".split()
)
_SKIP_TAGS = frozenset("script style head title ix:header ix:hidden ix:exclude".split())
_CELL_TAGS = frozenset(("td", "th"))
_SPACE = re.compile(r"\s+")
_TOKENS = re.compile(r"\s+|\S+")
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
# Superscripts: "vertical-align:super", or raised by "position:relative;top:-3.5pt" (WBA 10-K markers).
_SUPER = re.compile(r"vertical-align\s*:\s*(super|top)|(?<![-\w])top\s*:\s*-\d", re.I)


class _Run:
    """A run of inline text with white space collapsed as it is added; records
    where tagged facts land and how much of the text is bold, italic, underlined."""

    __slots__ = ("parts", "length", "pending", "starts", "facts", "chars", "bold_chars",
                 "italic_chars", "underline_chars", "first_sup")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = ""  # separator owed before the next visible token
        self.starts: list[Any] = []  # facts whose first character is not written yet
        self.facts: list[tuple[Any, int, int]] = []
        self.chars = 0
        self.bold_chars = 0
        self.italic_chars = 0
        self.underline_chars = 0
        self.first_sup: bool | None = None

    def add(self, text: str | None, ctx: Ctx) -> None:
        if not text:
            return
        for tok in _TOKENS.findall(text.replace("\u200b", "")):
            if tok.isspace():
                if self.length and self.pending != "\n":
                    self.pending = " "
                continue
            if self.pending and self.length:
                self.parts.append(self.pending)
                self.length += 1
            self.pending = ""
            for fact in self.starts:
                self.facts.append((fact, self.length, -1))
            self.starts = []
            self.parts.append(tok)
            self.length += len(tok)
            if self.first_sup is None:
                self.first_sup = ctx.sup
            self.chars += len(tok)
            self.bold_chars += len(tok) if ctx.bold else 0
            self.italic_chars += len(tok) if ctx.italic else 0
            self.underline_chars += len(tok) if ctx.underline else 0

    def look(self) -> Look:
        """Bold/italic/underline when all of the text is (META 10-K sets its
        sub-headings in italic only: "Privacy and Related Matters")."""
        n = self.chars
        return Look(bold=n > 0 and self.bold_chars == n, italic=n > 0 and self.italic_chars == n,
                    underline=n > 0 and self.underline_chars == n, sup_first=bool(self.first_sup))

    def newline(self) -> None:
        if self.length:
            self.pending = "\n"

    def open_fact(self, fact: Any) -> None:
        self.starts.append(fact)

    def close_fact(self, fact: Any) -> None:
        if fact in self.starts:  # nothing visible was written for it
            self.starts.remove(fact)
            return
        for i in range(len(self.facts) - 1, -1, -1):
            f, s, e = self.facts[i]
            if f is fact and e == -1:
                self.facts[i] = (f, s, self.length)
                return

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class Ctx:
    """The look inherited by the text under an element, and whether it is policy text."""

    bold: bool = False
    sup: bool = False
    policy: bool = False
    italic: bool = False
    underline: bool = False


def tag_of(el: Any) -> str:
    """The element's tag name, or "" for comments and processing instructions."""
    return el.tag if isinstance(el.tag, str) else ""


def is_hidden(el: Any) -> bool:
    """True when the element's inline style hides it (``display:none``)."""
    style = el.get("style")
    return bool(style and _HIDDEN.search(style))


def _child_ctx(el: Any, ctx: Ctx) -> Ctx:
    tag = tag_of(el)
    style = el.get("style") or ""
    bold, italic, underline = element_emphasis(tag, style, (ctx.bold, ctx.italic, ctx.underline))
    sup = ctx.sup or tag == "sup" or bool(_SUPER.search(style))
    policy = ctx.policy
    if tag == "ix:nonnumeric" and (el.get("name") or "").endswith("PolicyTextBlock"):
        policy = True
    new = Ctx(bold, sup, policy, italic, underline)
    return ctx if new == ctx else new


class Walker:
    """Turns note HTML into a flat list of paragraphs, captions and tables."""

    def __init__(self, facts_by_element: dict[Any, Any], style: RenderStyle,
                 policy_ids: frozenset[str] = frozenset()) -> None:
        self.facts = facts_by_element
        self.style = style
        self.policy_ids = policy_ids
        self.blocks: list[Block] = []
        self.run = _Run()
        self.run_policy = False
        self.caption: str | None = None

    def flush(self) -> None:
        run = self.run
        if run.length:
            self.blocks.append(
                Block(
                    "para",
                    text=run.text(),
                    facts=tuple(f for f in run.facts if f[2] >= 0),
                    look=run.look(),
                    policy=self.run_policy,
                )
            )
        self.run = _Run()

    def walk(self, el: Any, ctx: Ctx) -> None:
        tag = tag_of(el)
        if not tag or tag in _SKIP_TAGS:
            return
        if is_hidden(el):
            return
        ctx = _child_ctx(el, ctx)
        if tag == "ix:continuation" and not ctx.policy and el.get("id") in self.policy_ids:
            # A policy split by a page break goes on in an ix:continuation
            # inside the note (Workiva filings): it is still policy text.
            ctx = replace(ctx, policy=True)
        if tag == "ix:nonnumeric" and _is_block_name(el.get("name") or ""):
            self.flush()
            if self.style.hidden_captions and _is_table_name(el.get("name") or ""):
                # the caption goes right before the table, after any lead-in sentence (seed 000)
                self.caption = element_to_caption(el) or None
            self.children(el, ctx)
            self.flush()
            return
        if tag == "table":
            self.flush()
            if self.caption:
                self.blocks.append(Block("caption", text=self.caption))
                self.caption = None
            self.blocks.append(self._table(el, ctx))
            return
        if tag == "br":
            self.run.newline()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if not self.run.length:
            self.run_policy = ctx.policy
        self.children(el, ctx)
        if block:
            self.flush()

    def children(self, el: Any, ctx: Ctx) -> None:
        """Walk ``el``'s text and children into the current run (``el`` itself starts no block)."""
        fact = self.facts.get(el) if tag_of(el) == "ix:nonfraction" else None
        if fact is not None:
            self.run.open_fact(fact)
        if el.text and not self.run.length:
            self.run_policy = ctx.policy  # a policy tag that holds bare text (NKE 10-K)
        self.run.add(el.text, ctx)
        for child in el:
            self.walk(child, ctx)
            if child.tail:
                if not self.run.length:
                    self.run_policy = ctx.policy
                self.run.add(child.tail, ctx)
        if fact is not None:
            self.run.close_fact(fact)

    def _table(self, table: Any, ctx: Ctx) -> Block:
        rows = []
        for tr in own_rows(table):
            cells = []
            for td in tr:
                if tag_of(td) not in _CELL_TAGS or is_hidden(td):
                    continue
                cells.append(self._cell(td, ctx))
            if cells:
                rows.append(tuple(cells))
        return Block("table", rows=tuple(rows), policy=ctx.policy)

    def _cell(self, td: Any, ctx: Ctx) -> Cell:
        saved, self.run = self.run, _Run()
        cell = _CellWalker(self)
        cell.walk_cell(td, _child_ctx(td, ctx))
        run, self.run = self.run, saved
        return run.text(), tuple(f for f in run.facts if f[2] >= 0), run.look()


class _CellWalker:
    """Inside a cell, block elements only break lines (a cell is one block)."""

    def __init__(self, owner: Walker) -> None:
        self.owner = owner

    def walk_cell(self, el: Any, ctx: Ctx) -> None:
        run = self.owner.run
        fact = self.owner.facts.get(el) if tag_of(el) == "ix:nonfraction" else None
        if fact is not None:
            run.open_fact(fact)
        run.add(el.text, ctx)
        for child in el:
            tag = tag_of(child)
            if tag and tag not in _SKIP_TAGS and not is_hidden(child):
                if tag == "br" or tag in _BLOCK_TAGS or tag == "table":
                    run.newline()
                if tag != "br":
                    self.walk_cell(child, _child_ctx(child, ctx))
                if tag in _BLOCK_TAGS or tag == "table":
                    run.newline()
            run.add(child.tail, ctx)
        if fact is not None:
            run.close_fact(fact)


def _is_block_name(name: str) -> bool:
    return name.endswith("TextBlock") or name.endswith("Explanatory")


def _is_table_name(name: str) -> bool:
    local = name.split(":", 1)[-1]
    return "TableTextBlock" in local or (local.startswith("ScheduleOf") and local.endswith("TextBlock"))


def concept_to_words(concept: str) -> str:
    """``us-gaap:ScheduleOfInventoryCurrentTableTextBlock`` -> ``Schedule Of Inventory Current``."""
    local = concept.split(":", 1)[-1]
    for suffix in ("TableTextBlock", "PolicyTextBlock", "TextBlock", "Explanatory"):
        if local.endswith(suffix):
            local = local[: -len(suffix)]
            break
    return " ".join(re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+", local))


def element_to_caption(el: Any) -> str:
    """The hidden caption of a table text block, or "SCHEDULE OF ..." made from
    its concept name (filers converted with hidden captions show them so)."""
    for sub in el.iter():
        if isinstance(sub.tag, str) and is_hidden(sub):
            text = _SPACE.sub(" ", "".join(sub.itertext())).strip()
            if text and len(text) < 200:
                return text
    words = concept_to_words(el.get("name") or "")
    if not words:
        return ""
    if not words.upper().startswith("SCHEDULE OF"):
        words = "Schedule of " + words
    return words.upper()
