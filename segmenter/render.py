"""Render a note's iXBRL HTML as pipe text, with a label on every block.

Corpora of SEC notes are often HTML flattened to text: every table cell starts
with ``|`` on a new line, rows disappear, ``$`` and ``)`` keep their own cells,
paragraphs become lines (see the seeds in ``segmenter/data/seeds``). This module
produces that text from the filer's HTML together with labels (heading, text,
table, footnote, boilerplate) and the offsets of every tagged number, so the
filer's own tags become training data and an answer key.

``elements_to_pipe_text`` is the entry point; ``RenderStyle`` picks one of the
looks found in the seeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from segmenter.errors import ParseError
from segmenter.labels import KINDS, Block, Cell, Look, blocks_to_kinds
from segmenter.html import own_rows

__all__ = ["KINDS", "LabeledSpan", "RenderStyle", "RenderedNote", "elements_to_pipe_text", "wrap_text"]

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
_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
# Superscripts: "vertical-align:super", or raised by "position:relative;top:-3.5pt" (WBA 10-K markers).
_SUPER = re.compile(r"vertical-align\s*:\s*(super|top)|(?<![-\w])top\s*:\s*-\d", re.I)
_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_UNDERLINE = re.compile(r"text-decoration[a-z-]*\s*:[^;]*underline", re.I)


@dataclass(frozen=True)
class RenderStyle:
    """How the pipe text looks.

    ``content_on_pipe_line``: ``|1,677,440`` (seed 000) or ``|`` then the content
    on the next line (seed 002); ``close_with_pipe``: cell content followed by
    `` |`` (seed 002); ``viewer_header``/``viewer_tail``: the XBRL viewer's
    R-page furniture (seed 001); ``hidden_captions``: the hidden "SCHEDULE OF
    ..." caption before each tagged table (seed 000); ``wrap_width``: wrap long
    paragraphs at this many characters (seed 000) or not at all (None).
    """

    content_on_pipe_line: bool = True
    close_with_pipe: bool = False
    viewer_header: bool = False
    viewer_tail: bool = False
    hidden_captions: bool = False
    wrap_width: int | None = None

    def __post_init__(self) -> None:
        for name in ("content_on_pipe_line", "close_with_pipe", "viewer_header",
                     "viewer_tail", "hidden_captions"):
            if not isinstance(getattr(self, name), bool):
                raise ParseError(f"RenderStyle.{name} must be a bool", stage="render")
        if self.wrap_width is not None and (
            not isinstance(self.wrap_width, int) or not 40 <= self.wrap_width <= 400
        ):
            raise ParseError("RenderStyle.wrap_width must be None or 40..400", stage="render")

    def to_dict(self) -> dict[str, Any]:
        return {
            "content_on_pipe_line": self.content_on_pipe_line,
            "close_with_pipe": self.close_with_pipe,
            "viewer_header": self.viewer_header,
            "viewer_tail": self.viewer_tail,
            "hidden_captions": self.hidden_captions,
            "wrap_width": self.wrap_width,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RenderStyle:
        return cls(**d)


@dataclass(frozen=True)
class LabeledSpan:
    """``text[start:end]`` is one block of kind ``kind``; ``policy`` marks text
    inside a ``...PolicyTextBlock``."""

    start: int
    end: int
    kind: str
    policy: bool = False


@dataclass(frozen=True)
class RenderedNote:
    """Pipe text, its block labels (tiling every non-blank character once) and
    each tagged fact with the offsets of its displayed number in ``text``."""

    text: str
    spans: tuple[LabeledSpan, ...]
    facts: tuple[tuple[Any, int, int], ...]


# --------------------------------------------------------------------------- text runs


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

    def add(self, text: str | None, ctx: _Ctx) -> None:
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


# --------------------------------------------------------------------------- walking


@dataclass(frozen=True)
class _Ctx:
    bold: bool = False
    sup: bool = False
    policy: bool = False
    italic: bool = False
    underline: bool = False


def _tag(el: Any) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def _hidden(el: Any) -> bool:
    style = el.get("style")
    return bool(style and _HIDDEN.search(style))


def _child_ctx(el: Any, ctx: _Ctx) -> _Ctx:
    tag = _tag(el)
    style = el.get("style") or ""
    bold = ctx.bold or tag in ("b", "strong") or bool(_BOLD.search(style))
    if "font-weight" in style and re.search(r"font-weight\s*:\s*(normal|[1-4]00)", style):
        bold = False
    sup = ctx.sup or tag == "sup" or bool(_SUPER.search(style))
    italic = ctx.italic or tag in ("i", "em") or bool(_ITALIC.search(style))
    if "font-style" in style and re.search(r"font-style\s*:\s*normal", style):
        italic = False
    underline = ctx.underline or tag == "u" or bool(_UNDERLINE.search(style))
    policy = ctx.policy
    if tag == "ix:nonnumeric" and (el.get("name") or "").endswith("PolicyTextBlock"):
        policy = True
    new = _Ctx(bold, sup, policy, italic, underline)
    return ctx if new == ctx else new


class _Walker:
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

    def walk(self, el: Any, ctx: _Ctx) -> None:
        tag = _tag(el)
        if not tag or tag in _SKIP_TAGS:
            return
        if _hidden(el):
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
            self._children(el, ctx)
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
        self._children(el, ctx)
        if block:
            self.flush()

    def _children(self, el: Any, ctx: _Ctx) -> None:
        fact = self.facts.get(el) if _tag(el) == "ix:nonfraction" else None
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

    def _table(self, table: Any, ctx: _Ctx) -> Block:
        rows = []
        for tr in own_rows(table):
            cells = []
            for td in tr:
                if _tag(td) not in _CELL_TAGS or _hidden(td):
                    continue
                cells.append(self._cell(td, ctx))
            if cells:
                rows.append(tuple(cells))
        return Block("table", rows=tuple(rows), policy=ctx.policy)

    def _cell(self, td: Any, ctx: _Ctx) -> Cell:
        saved, self.run = self.run, _Run()
        cell = _CellWalker(self)
        cell.walk_cell(td, _child_ctx(td, ctx))
        run, self.run = self.run, saved
        return run.text(), tuple(f for f in run.facts if f[2] >= 0), run.look()


class _CellWalker:
    """Inside a cell, block elements only break lines (a cell is one block)."""

    def __init__(self, owner: _Walker) -> None:
        self.owner = owner

    def walk_cell(self, el: Any, ctx: _Ctx) -> None:
        run = self.owner.run
        fact = self.owner.facts.get(el) if _tag(el) == "ix:nonfraction" else None
        if fact is not None:
            run.open_fact(fact)
        run.add(el.text, ctx)
        for child in el:
            tag = _tag(child)
            if tag and tag not in _SKIP_TAGS and not _hidden(child):
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
        if isinstance(sub.tag, str) and _hidden(sub):
            text = _SPACE.sub(" ", "".join(sub.itertext())).strip()
            if text and len(text) < 200:
                return text
    words = concept_to_words(el.get("name") or "")
    if not words:
        return ""
    if not words.upper().startswith("SCHEDULE OF"):
        words = "Schedule of " + words
    return words.upper()


# --------------------------------------------------------------------------- output


class _Out:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[LabeledSpan] = []
        self.facts: list[tuple[Any, int, int]] = []
        self.prefix_next = ""

    def block(self, text: str, kind: str, policy: bool = False,
              facts: Iterable[tuple[Any, int, int]] = ()) -> None:
        if not text.strip():
            return
        if self.length:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        if self.prefix_next:
            self.parts.append(self.prefix_next)
            self.length += len(self.prefix_next)
            self.prefix_next = ""
        base = self.length
        self.parts.append(text)
        self.length += len(text)
        self.spans.append(LabeledSpan(start, self.length, kind, policy and kind == "text"))
        for fact, s, e in facts:
            self.facts.append((fact, base + s, base + e))

    def table_rows(self, rows: list[tuple[str, list[tuple[Any, int, int]]]], kind_of_row: list[str],
                   policy: bool) -> None:
        """Rows of rendered cell text; consecutive rows of one kind make one span."""
        i = 0
        while i < len(rows):
            kind = kind_of_row[i]
            j = i
            while j + 1 < len(rows) and kind_of_row[j + 1] == kind:
                j += 1
            texts: list[str] = []
            facts: list[tuple[Any, int, int]] = []
            offset = 0
            for text, row_facts in rows[i : j + 1]:
                if texts:
                    offset += 1
                facts.extend((f, offset + s, offset + e) for f, s, e in row_facts)
                texts.append(text)
                offset += len(text)
            self.block("\n".join(texts), kind, policy, facts)
            i = j + 1

    def text(self) -> str:
        return "".join(self.parts)


def _cell_to_text(text: str, style: RenderStyle) -> tuple[str, int]:
    """One cell -> its pipe text and where the content starts in it."""
    if not text:
        return "|", 1
    head = "|" if style.content_on_pipe_line else "|\n"
    tail = " |" if style.close_with_pipe else ""
    return head + text + tail, len(head)


def _row_to_text(cells: tuple[Cell, ...], style: RenderStyle) -> tuple[str, list[tuple[Any, int, int]]]:
    parts: list[str] = []
    facts: list[tuple[Any, int, int]] = []
    offset = 0
    for text, cell_facts, _ in cells:
        if parts:
            offset += 1
        rendered, inner = _cell_to_text(text, style)
        facts.extend((f, offset + inner + s, offset + inner + e) for f, s, e in cell_facts)
        parts.append(rendered)
        offset += len(rendered)
    return "\n".join(parts), facts


def wrap_text(text: str, width: int, keep: Iterable[tuple[int, int]] = ()) -> str:
    """Break lines longer than ``width`` at spaces (a space becomes a newline, so
    offsets do not move); never inside a ``keep`` range."""
    protected = sorted(keep)
    chars = list(text)
    line_start = 0
    last_space = -1
    k = 0
    for i, ch in enumerate(chars):
        if ch == "\n":
            line_start, last_space = i + 1, -1
            continue
        if ch == " ":
            while k < len(protected) and protected[k][1] <= i:
                k += 1
            inside = k < len(protected) and protected[k][0] <= i < protected[k][1]
            if not inside:
                last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def _viewer_header(title: str, period_label: str, abstract_label: str, out: _Out) -> None:
    out.block("|\n" + title, "heading")
    out.block("|" + period_label, "boilerplate")
    out.block("|" + abstract_label, "boilerplate")
    out.block("|" + title.upper(), "heading")
    out.prefix_next = "|"


def _viewer_tail(abstract_label: str, definition: str, out: _Out) -> None:
    for label in (abstract_label, definition):
        out.block(
            f"|X\n- Definition\n+ References\n{label}\n+ Details\nNo definition available.",
            "boilerplate",
        )


def elements_to_pipe_text(
    elements: Iterable[Any],
    *,
    style: RenderStyle = RenderStyle(),
    title: str | None = None,
    facts_by_element: dict[Any, Any] | None = None,
    period_label: str = "12 Months Ended",
    policy_ids: frozenset[str] = frozenset(),
) -> RenderedNote:
    """A note's HTML (a text block element and its continuations) -> pipe text
    with labelled spans and the offsets of every fact in ``facts_by_element``.

    ``title`` adds a title line in the seed's form (``|INVENTORIES, NET``) or,
    with ``style.viewer_header``, the R page's title rows; ``period_label`` is
    the viewer's column head (``"3 Months Ended\\nJun. 30, 2025"``);
    ``policy_ids`` are the ids of ``ix:continuation`` elements that carry on a
    ``...PolicyTextBlock``.
    """
    elements = list(elements)
    walker = _Walker(facts_by_element or {}, style, policy_ids)
    policy_root = any((e.get("name") or "").endswith("PolicyTextBlock") for e in elements[:1])
    for el in elements:
        if _hidden(el) and _tag(el) != "ix:continuation":
            continue
        ctx = _Ctx(policy=policy_root)
        walker._children(el, ctx) if _tag(el) == "ix:nonnumeric" else walker.walk(el, ctx)
        walker.flush()
    blocks = walker.blocks
    concept = elements[0].get("name") if elements else None
    words = concept_to_words(concept or "") or "Notes"
    abstract = f"{words} [Abstract]"
    out = _Out()
    if style.viewer_header:
        _viewer_header(title or words, period_label, abstract, out)
    elif title:
        if style.close_with_pipe:
            out.block(f"| {title} |", "heading")
        else:
            out.block(f"|{title}\n|", "heading")
    _blocks_to_out(blocks, style, out)
    if style.viewer_tail:
        _viewer_tail(abstract, f"The entire disclosure for {words.lower()}.", out)
    text = out.text()
    return RenderedNote(text=text, spans=tuple(out.spans), facts=tuple(out.facts))


def _blocks_to_out(blocks: list[Block], style: RenderStyle, out: _Out) -> None:
    for block, kinds in zip(blocks, blocks_to_kinds(blocks)):
        if block.kind == "caption":
            out.block(block.text, kinds[0])
        elif block.kind == "table":
            if kinds:
                rendered = [_row_to_text(r, style) for r in block.rows]
                out.table_rows(rendered, kinds, block.policy)
        else:
            text, kind, facts = block.text, kinds[0], block.facts
            if style.wrap_width and kind in ("text", "footnote") and len(text) > style.wrap_width:
                text = wrap_text(text, style.wrap_width, [(s, e) for _, s, e in facts])
            out.block(text, kind, block.policy, facts)
