"""A whole iXBRL filing -> pipe text plus the filer's own tags as an answer key.

``filing_to_answer_key`` renders the whole ``<body>`` of a 10-K/10-Q with the
renderer (:func:`segmenter.render.elements_to_pipe_text`), so the text holds
the cover page, MD&A, the statements, page furniture and the notes just as a
scraped corpus would, and records where the filer's tags land in it:

- every Level 1 note (a top-level ``...TextBlock``, its ``continuedAt`` chain
  followed): its concept, topic and the character ranges of its pieces;
- the renderer's block labels (heading, text, table, footnote, boilerplate),
  where whatever lies between two pieces of one note is page furniture
  (boilerplate): the filer's ``continuedAt`` chain steps over the page footer,
  page break and running header there and nothing else; and outside the notes a
  short text or heading line whose words recur on :data:`RUNNING_MIN` lines or
  more is a running header or footer ("AMERICAN EXPRESS COMPANY", "2024 FORM
  10-K 69"), which the tags never hold, unless it opens a note ("Note 1 –",
  "Note 2 –" before the tagged titles, BA 10-K: their words recur, but they
  head notes);
- every tagged number with the offsets of its displayed text.

The body is cut into units so that each note element is rendered on its own
and its offsets are exact: a note element is one unit, an element holding a
note is opened, and runs of other siblings are rendered together. Text that
sits directly in an opened container (KHC 10-K: "Note 2. " before the tagged
title) becomes a line of its own, without its bold or italic look.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import lxml.etree as etree

from .ixbrl import Filing, TextBlock
from .pagefurniture import NOTE_OPENING
from .render import LabeledSpan, RenderStyle, elements_to_pipe_text

#: Looks used for whole filings (the viewer furniture belongs to R pages, not here).
WHOLE_STYLES: tuple[RenderStyle, ...] = (
    RenderStyle(),
    RenderStyle(content_on_pipe_line=False, close_with_pipe=True),
    RenderStyle(hidden_captions=True, wrap_width=100),
)


#: A line outside the notes is a running header or footer when it is at most
#: RUNNING_MAX_CHARS long and its words (numbers aside) recur on RUNNING_MIN such lines.
RUNNING_MAX_CHARS = 160
RUNNING_MIN = 3
_LETTERS = re.compile(r"[a-z]+")


def _running_key(text: str) -> str:
    return " ".join(_LETTERS.findall(text.lower()))


def _label_page_furniture(text: str, spans: list[LabeledSpan],
                          unit_spans: list[tuple[int | None, int, int]]) -> None:
    """Relabel, in place, the spans that are page furniture (see the module docstring)."""
    outside = [k for index, lo, hi in unit_spans if index is None for k in range(lo, hi)
               if spans[k].kind in ("text", "heading") and spans[k].end - spans[k].start <= RUNNING_MAX_CHARS
               and not NOTE_OPENING.match(text[spans[k].start:spans[k].end])]
    keys = {k: _running_key(text[spans[k].start:spans[k].end]) for k in outside}
    counts = Counter(keys.values())
    for k, key in keys.items():
        if key and counts[key] >= RUNNING_MIN:
            spans[k] = replace(spans[k], kind="boilerplate", policy=False)
    for u in range(1, len(unit_spans) - 1):
        before, after = unit_spans[u - 1][0], unit_spans[u + 1][0]
        if unit_spans[u][0] is None and before is not None and before == after:
            _, lo, hi = unit_spans[u]
            spans[lo:hi] = [replace(s, kind="boilerplate", policy=False) for s in spans[lo:hi]]


@dataclass(frozen=True)
class KeyNote:
    """One Level 1 note of the answer key: ``pieces`` are the ``(start, end)``
    ranges of its element and continuations in the rendered text."""

    concept: str
    topic: str | None
    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass(frozen=True)
class AnswerKey:
    """A whole filing as pipe text, with its labels, notes and facts."""

    text: str
    spans: tuple[LabeledSpan, ...]
    notes: tuple[KeyNote, ...]
    facts: tuple[tuple[Any, int, int], ...]
    style: RenderStyle


def name_to_style(name: str) -> RenderStyle:
    """The whole-filing style for a file name (sha1, so every run agrees)."""
    return WHOLE_STYLES[int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % len(WHOLE_STYLES)]


def _ancestors(elements: list[Any]) -> set[Any]:
    out: set[Any] = set()
    for el in elements:
        parent = el.getparent()
        while parent is not None and parent not in out:
            out.add(parent)
            parent = parent.getparent()
    return out


def body_to_units(body: Any, owner: dict[Any, int]) -> list[tuple[int | None, list[Any]]]:
    """The body as render units in document order: ``(note index, [element])``
    for a note piece, ``(None, [elements])`` for a run of other elements."""
    holders = _ancestors(list(owner))
    units: list[tuple[int | None, list[Any]]] = []
    run: list[Any] = []

    def loose(text: str | None) -> None:
        # Text directly in an opened container: "Note 2. " before the tagged title (KHC 10-K).
        if text and text.strip():
            span = etree.Element("span")
            span.text = text
            run.append(span)

    def visit(el: Any) -> None:
        nonlocal run
        loose(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                loose(child.tail)
                continue
            if child in owner or child in holders:
                if run:
                    units.append((None, run))
                    run = []
                if child in owner:
                    units.append((owner[child], [child]))
                else:
                    visit(child)
                loose(child.tail)
            else:
                run.append(child)
                loose(child.tail)

    visit(body)
    if run:
        units.append((None, run))
    return units


def _unit_to_rendered(elements: list[Any], style: RenderStyle, facts: dict[Any, Any],
                      policy_ids: frozenset[str]) -> Any:
    # A continuation is rendered through walk() (it is a block tag); a note head
    # through its children, as the renderer does for one note. ``policy_ids``: the
    # continuations of policy text blocks, whose text is policy text too.
    return elements_to_pipe_text(elements, style=style, facts_by_element=facts, policy_ids=policy_ids)


#: Most text blocks one note's ``continuedAt`` chain may step over and still hold them.
MAX_HOSTED = 2


def _hosts(root: Any, notes: list[TextBlock]) -> dict[int, int]:
    """Text blocks that sit between two pieces of another note's ``continuedAt`` chain
    belong to that note: ``{block index: note index}``. AMZN tags its property note as
    "PROPERTY AND EQUIPMENT" and a paragraph, then the table as a top-level
    ``PropertyPlantAndEquipmentTextBlock``, then the note's continuation; read as two
    notes, neither matched the note a reader sees. A chain that steps over more than
    :data:`MAX_HOSTED` blocks hosts none (a malformed ``continuedAt`` far ahead)."""
    wanted = {el for block in notes for el in block.elements}
    order: dict[Any, int] = {}
    for k, el in enumerate(root.iter()):
        if el in wanted:
            order[el] = k
    by_head = sorted((order.get(block.elements[0], -1), i) for i, block in enumerate(notes))
    positions = [p for p, _ in by_head]
    out: dict[int, int] = {}
    for j, block in enumerate(notes):
        if len(block.elements) < 2:
            continue
        first, last = order.get(block.elements[0], -1), order.get(block.elements[-1], -1)
        lo, hi = bisect_right(positions, first), bisect_left(positions, last)
        if not 0 < hi - lo <= MAX_HOSTED:  # bounded work per chain, whatever the filing holds
            continue
        inside = [i for _, i in by_head[lo:hi]]
        if all(first < order.get(el, -1) < last for i in inside for el in notes[i].elements):
            for i in inside:
                out.setdefault(i, j)
    return out


def filing_to_answer_key(filing: Filing, *, style: RenderStyle | None = None) -> AnswerKey:
    """Render the whole filing and place its notes, labels and facts in the text."""
    style = style or name_to_style(filing.source)
    notes: list[TextBlock] = [b for b in filing.text_blocks if b.level == "note"]
    owner: dict[Any, int] = {}
    hosts = _hosts(filing.root, notes)
    for i, block in enumerate(notes):
        for el in block.elements:
            owner.setdefault(el, hosts.get(i, i))
    body = filing.root.find(".//body")
    if body is None:
        body = filing.root
    facts_by_element = filing.facts_by_element()
    policy_ids = filing.policy_continuation_ids()
    parts: list[str] = []
    length = 0
    spans: list[LabeledSpan] = []
    facts: list[tuple[Any, int, int]] = []
    pieces: dict[int, list[tuple[int, int]]] = {}
    # (note index or None, first and end index of the unit's spans) in text order
    unit_spans: list[tuple[int | None, int, int]] = []
    for index, elements in body_to_units(body, owner):
        rendered = _unit_to_rendered(elements, style, facts_by_element, policy_ids)
        if not rendered.text.strip():
            continue
        if length:
            parts.append("\n")
            length += 1
        base = length
        parts.append(rendered.text)
        length += len(rendered.text)
        first_span = len(spans)
        spans.extend(LabeledSpan(s.start + base, s.end + base, s.kind, s.policy) for s in rendered.spans)
        unit_spans.append((index, first_span, len(spans)))
        facts.extend((f, s + base, e + base) for f, s, e in rendered.facts)
        if index is not None:
            pieces.setdefault(index, []).append((base, length))
    text = "".join(parts)
    _label_page_furniture(text, spans, unit_spans)
    key_notes = tuple(
        KeyNote(notes[i].concept, notes[i].topic, tuple(pieces[i])) for i in sorted(pieces)
    )
    key_notes = tuple(sorted(key_notes, key=lambda n: n.start))
    return AnswerKey(text, tuple(spans), key_notes, tuple(facts), style)
