"""Render a note's iXBRL HTML as pipe text, with a label on every block.

Corpora of SEC notes are often HTML flattened to text: every table cell starts
with ``|`` on a new line, rows disappear, ``$`` and ``)`` keep their own cells,
paragraphs become lines (see the seeds in ``segmenter/data/seeds``). This module
produces that text from the filer's HTML together with labels (heading, text,
table, footnote, boilerplate) and the offsets of every tagged number, so the
filer's own tags become training data and an answer key.

``elements_to_pipe_text`` is the entry point; ``RenderStyle`` picks one of the
looks found in the seeds. :mod:`segmenter.renderwalk` walks the HTML into
blocks; this module labels them and lays them out as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from segmenter.errors import ParseError
from segmenter.labels import KINDS, Block, Cell, blocks_to_kinds
from segmenter.renderwalk import Ctx, Walker, concept_to_words, is_hidden, tag_of
from segmenter.renderwalk import element_to_caption  # noqa: F401  (still importable from here)

__all__ = ["KINDS", "LabeledSpan", "RenderStyle", "RenderedNote", "elements_to_pipe_text", "wrap_text"]


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
    walker = Walker(facts_by_element or {}, style, policy_ids)
    policy_root = any((e.get("name") or "").endswith("PolicyTextBlock") for e in elements[:1])
    for el in elements:
        if is_hidden(el) and tag_of(el) != "ix:continuation":
            continue
        ctx = Ctx(policy=policy_root)
        walker.children(el, ctx) if tag_of(el) == "ix:nonnumeric" else walker.walk(el, ctx)
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
