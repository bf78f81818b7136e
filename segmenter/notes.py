"""Blocks -> note spans: where each note starts, its number, title and topic.

The story, top to bottom:

1. ``blocks_to_candidates``: only short narrative lines (hint ``lines`` or
   ``cell-line``, at most ``max_heading_chars``) go through spaCy; a long
   paragraph contributes its opening only when it starts like a numbered
   heading ("NOTE 17. SHARE-BASED COMPENSATION. We grant ...", GE 10-K).
   Tables and long paragraphs never reach spaCy, the slowest stage per character.
2. ``candidates_to_headings``: the ``segmenter_note_heading`` and
   ``segmenter_note_topic`` components decide heading and topic; a lone
   number ("NOTE 21.", GE 10-K) takes its title from the next line.
3. ``headings_to_groups``: the strongest heading style present starts notes
   (numbered > bare Title Case > bare sentence case); weaker headings only
   merge into a neighbour with the same title, e.g. the cell "| SEGMENT
   REPORTING |" announcing "27. SEGMENT REPORTING" (seed 002).
4. ``groups_to_spans``: each group starts a note that runs to the next one;
   blocks before the first heading join the first note, so the spans tile
   the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from .components import NoteHeading
from .errors import InputError
from .types import Block

CANDIDATE_HINTS = ("lines", "cell-line")
_STYLE_RANK = {"numbered": 0, "bare_title": 1, "bare_sentence_case": 2}
# A long paragraph is worth a look only when it opens like a numbered heading.
_NUMBERED_OPENING = re.compile(r"\s*(?:[Nn][Oo][Tt][Ee]\s+\w{1,4}\b|\(?\d{1,2}[.):]\s|[A-Z][.)]\s)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class NoteSettings:
    """Tunables of the notes stage.

    ``max_heading_chars``: longest block fed whole to spaCy as a heading candidate.
    ``max_gap_blocks`` / ``max_gap_chars``: how many short boilerplate blocks may
    sit between two headings with the same title for them to count as one
    (seed 001 has two viewer lines between "Trade Receivables" and "TRADE RECEIVABLES").
    """

    max_heading_chars: int = 200
    max_gap_blocks: int = 4
    max_gap_chars: int = 100

    def __post_init__(self) -> None:
        if self.max_heading_chars < 10:
            raise InputError(f"NoteSettings.max_heading_chars must be >= 10, got {self.max_heading_chars}")
        if self.max_gap_blocks < 0 or self.max_gap_chars < 0:
            raise InputError("NoteSettings.max_gap_blocks and max_gap_chars must be >= 0")


@dataclass(frozen=True, slots=True)
class NoteSpan:
    """One note as a run of blocks ``[first_block, end_block)``.

    ``start``/``end`` are the source offsets covered by those blocks;
    ``heading_blocks`` the indices of the blocks that make up its heading (a
    bare title and the numbered heading it announces count as one); ``rule``
    the heading rule that decided it (``"no_heading"`` when the document has none).
    """

    number: str | None
    title: str | None
    topic: str | None
    start: int
    end: int
    first_block: int
    end_block: int
    heading_blocks: tuple[int, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class _Heading:
    """A heading found at ``blocks[first:last + 1]`` (two blocks when a lone number
    takes its title from the next line)."""

    first: int
    last: int
    heading: NoteHeading
    title: str
    topic: str

    @property
    def rank(self) -> int:
        return _STYLE_RANK[self.heading.style]

    @property
    def key(self) -> str:
        return _NOT_WORD.sub(" ", self.title.lower()).strip()


def block_to_candidate(block: Block, settings: NoteSettings) -> str | None:
    """The text to test as a heading, or None when the block cannot be one."""
    if block.hint not in CANDIDATE_HINTS or not block.text.strip():
        return None
    if len(block.text) <= settings.max_heading_chars:
        return block.text
    if _NUMBERED_OPENING.match(block.text):
        cut = block.text.rfind(" ", 0, settings.max_heading_chars)
        return block.text[: cut if cut > 0 else settings.max_heading_chars]
    return None


def blocks_to_candidates(blocks: Sequence[Block], settings: NoteSettings) -> list[tuple[int, str]]:
    """(block index, candidate text) for every block that may be a heading."""
    out = []
    for i, block in enumerate(blocks):
        text = block_to_candidate(block, settings)
        if text is not None:
            out.append((i, text))
    return out


def candidates_to_headings(candidates: list[tuple[int, str]], nlp: Language) -> list[_Heading]:
    """Run the pipeline over the candidates; returns the headings in block order."""
    found: dict[int, tuple[NoteHeading, str]] = {}
    for (index, _), doc in zip(candidates, nlp.pipe(text for _, text in candidates)):
        heading = doc._.note_heading
        if heading is not None:
            found[index] = (heading, doc._.note_topic or "other")
    headings: list[_Heading] = []
    taken: set[int] = set()
    for index in sorted(found):
        if index in taken:
            continue
        heading, topic = found[index]
        if heading.title:
            headings.append(_Heading(index, index, heading, heading.title, topic))
            continue
        # A lone number ("NOTE 21.", GE 10-K; "5." on its own line) takes the next
        # line's title when that line is itself a bare title.
        follower = found.get(index + 1)
        if follower is not None and follower[0].number is None:
            taken.add(index + 1)
            headings.append(_Heading(index, index + 1, heading, follower[0].title, follower[1]))
        elif heading.rule.startswith("note_word"):
            headings.append(_Heading(index, index, heading, "", "other"))
    return headings


def _is_gap(block: Block, settings: NoteSettings) -> bool:
    """Boilerplate that may separate two spellings of one heading."""
    if block.hint == "viewer" or not block.text.strip():
        return True
    return block.hint in ("cell-line", "cells") and len(block.text) <= settings.max_gap_chars


def _can_merge(a: _Heading, b: _Heading, blocks: Sequence[Block], settings: NoteSettings) -> bool:
    if not a.key or a.key != b.key:
        return False
    between = blocks[a.last + 1 : b.first]
    return len(between) <= settings.max_gap_blocks and all(_is_gap(x, settings) for x in between)


def headings_to_groups(
    headings: list[_Heading], blocks: Sequence[Block], settings: NoteSettings
) -> list[list[_Heading]]:
    """Group headings into notes: the strongest style present starts notes;
    same-title neighbours separated only by boilerplate join one group."""
    if not headings:
        return []
    best = min(h.rank for h in headings)
    groups: list[list[_Heading]] = []
    pending: _Heading | None = None  # a weaker heading that may announce the next note
    for h in headings:
        if groups and _can_merge(groups[-1][-1], h, blocks, settings):
            groups[-1].append(h)
            continue
        if h.rank == best:
            group = [h]
            if pending is not None and _can_merge(pending, h, blocks, settings):
                group.insert(0, pending)
            groups.append(group)
            pending = None
        else:
            pending = h
    return groups


def _group_to_fields(group: list[_Heading]) -> tuple[str | None, str | None, str, str]:
    """(number, title, topic, rule) of one heading group."""
    number = next((h.heading.number for h in group if h.heading.number is not None), None)
    titled = next((h for h in group if h.heading.number is not None and h.title), None)
    titled = titled or next((h for h in group if h.title), group[0])
    topic = titled.topic
    if topic == "other":
        topic = next((h.topic for h in group if h.topic != "other"), topic)
    rule = titled.heading.rule + ("+merged" if len(group) > 1 else "")
    return number, titled.title or None, topic, rule


def groups_to_spans(groups: list[list[_Heading]], blocks: Sequence[Block]) -> list[NoteSpan]:
    """Note spans that tile ``blocks``: group i runs to group i + 1's first block."""
    if not blocks:
        return []
    if not groups:
        return [NoteSpan(None, None, None, blocks[0].start, blocks[-1].end, 0, len(blocks), (), "no_heading")]
    firsts = [g[0].first for g in groups]
    firsts[0] = 0  # blocks before the first heading join the first note
    spans = []
    for i, group in enumerate(groups):
        first = firsts[i]
        end = firsts[i + 1] if i + 1 < len(groups) else len(blocks)
        number, title, topic, rule = _group_to_fields(group)
        heading_blocks = tuple(j for h in group for j in range(h.first, h.last + 1))
        spans.append(
            NoteSpan(number, title, topic, blocks[first].start, blocks[end - 1].end, first, end, heading_blocks, rule)
        )
    return spans


def blocks_to_notes(
    blocks: Sequence[Block], nlp: Language, *, settings: NoteSettings = NoteSettings()
) -> list[NoteSpan]:
    """Note spans, in order, that tile ``blocks`` (every block in exactly one span).

    ``nlp`` must contain ``segmenter_note_heading`` and ``segmenter_note_topic``
    (see :func:`segmenter.components.build_nlp`). A document without any heading
    gives one span with number, title and topic None; no blocks give ``[]``.
    """
    candidates = blocks_to_candidates(blocks, settings)
    headings = candidates_to_headings(candidates, nlp)
    groups = headings_to_groups(headings, blocks, settings)
    return groups_to_spans(groups, blocks)
