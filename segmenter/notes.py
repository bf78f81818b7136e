"""Blocks -> note spans: where each note starts, its number, title and topic.

The story, top to bottom:

1. ``blocks_to_candidates``: only short narrative lines (hint ``lines`` or
   ``cell-line``, at most ``max_heading_chars``) go through spaCy; a long
   paragraph contributes its opening only when it starts like a numbered
   heading ("NOTE 17. SHARE-BASED COMPENSATION. We grant ...", GE 10-K), cut
   after the first word of its sentence when an ALL CAPS title runs into it.
   Tables and long paragraphs never reach spaCy, the slowest stage per character.
2. ``candidates_to_headings``: the ``segmenter_note_heading`` and
   ``segmenter_note_topic`` components decide heading and topic; a lone
   number ("NOTE 21.", GE 10-K) takes its title from the next line. Each
   distinct text goes through spaCy once, only when it holds a letter or digit
   and is not a "(continued)" line, and the topic component runs only on
   texts that hold a heading.
3. ``headings_to_groups``: the strongest heading style present starts notes
   (numbered > bare Title Case > bare sentence case); weaker headings only
   merge into a neighbour with the same title, e.g. the cell "| SEGMENT
   REPORTING |" announcing "27. SEGMENT REPORTING" (seed 002). A weaker heading
   with a topic right under the notes line opens an unnumbered note (BA).
4. ``groups_to_spans``: each group starts a note that runs to the next one;
   blocks before the first heading join the first note, so the spans tile
   the blocks.

In a whole 10-K/10-Q the notes sit in one section (:mod:`segmenter.sections`:
after "Notes to ... Financial Statements", or found by the notes' own 1, 2, 3, ...
numbering when the filer prints no such line). When there is one, headings are
looked for only there, the spans cover only the section (from its first heading),
and lines that repeat on every page (running headers) or say "(continued)" never
start a note. A document without a section (one note, the seeds, R pages) keeps
the behaviour above.

Lettered headings ("A. Acquisitions") are sub-sections when the same text also
has notes numbered with digits (PFE 10-Q: "Note 2." holds "A." to "D."): they
never start a note there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language

from .components import NoteHeading
from .openingtopics import TOPIC_PIPE, spans_to_opening_topics
from .settings import NoteSettings
from .patterns import words_key
from .sections import CANDIDATE_HINTS, blocks_to_sections, numbers_to_section, section_ends, split_heading_cells
from .types import Block

__all__ = [
    "CANDIDATE_HINTS", "NoteSettings", "NoteSpan", "blocks_to_candidates", "blocks_to_notes",
    "split_heading_cells",
]

#: Fewer notes than this in the sections found by their "Notes to ..." line: look for
#: the notes by their numbering too (HD 10-K: an exhibit-index line opens two "notes").
MIN_SECTION_NOTES = 3
#: Numbered headings on this many consecutive lines are an index of the notes.
MIN_INDEX_RUN = 3
_STYLE_RANK = {"numbered": 0, "bare_title": 1, "bare_sentence_case": 2}
# A long paragraph is worth a look only when it opens like a numbered heading.
_NUMBERED_OPENING = re.compile(r"\s*(?:[Nn][Oo][Tt][Ee]\s+\w{1,4}\b|\(?\d{1,2}[.):]\s|[A-Z][.)]\s)")
_LOWER = re.compile(r"[a-z]")
_CAPS_PAIR = re.compile(r"[A-Z]{2}")
# A letter or digit: str.isalnum() as a regex (\w without the underscore).
_ALNUM = re.compile(r"[^\W_]")
# "Note 5 — Inventories (continued)" after a page break carries on note 5 (AAPL, KHC 10-K).
_CONTINUED = re.compile(r"[(\[\s\-—–,]continued[)\]]?\s*$", re.I)


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
        return words_key(self.title)


def block_to_candidate(block: Block, settings: NoteSettings) -> str | None:
    """The text to test as a heading, or None when the block cannot be one."""
    if block.hint not in CANDIDATE_HINTS or not block.text.strip():
        return None
    if len(block.text) <= settings.max_heading_chars:
        return block.text
    opening = _NUMBERED_OPENING.match(block.text)
    if opening:
        cut = block.text.rfind(" ", 0, settings.max_heading_chars)
        head = block.text[: cut if cut > 0 else settings.max_heading_chars]
        return _caps_run_in(head, opening.end())
    return None


def _caps_run_in(head: str, title_start: int) -> str:
    """``head`` cut after the first word of its sentence when an ALL CAPS title runs
    into it: "NOTE 16. INCOME TAXES. Our" (GE 10-Q 2023), so that words further on
    ("for the six months ended") cannot refuse the heading; else ``head``."""
    lower = _LOWER.search(head, title_start)
    if lower is None or _CAPS_PAIR.search(head, title_start, lower.start()) is None:
        return head
    end = head.find(" ", lower.start())
    return head if end < 0 else head[:end]


def blocks_to_candidates(blocks: Sequence[Block], settings: NoteSettings) -> list[tuple[int, str]]:
    """(block index, candidate text) for every block that may be a heading."""
    out = []
    for i, block in enumerate(blocks):
        text = block_to_candidate(block, settings)
        if text is not None:
            out.append((i, text))
    return out


def _may_be_heading(text: str) -> bool:
    """Cheap test before spaCy: a heading needs a letter or digit (a number prefix or
    a title starting with a letter), and a "(continued)" line never starts a note.
    A million bare pipes and spaces (issue 5) never reach the Matcher."""
    return _ALNUM.search(text) is not None and _CONTINUED.search(text) is None


def texts_to_headings(texts: Sequence[str], nlp: Language) -> Iterator[tuple[NoteHeading, str] | None]:
    """(heading, topic) or None for each text, in order.

    The topic component, the costlier Matcher, runs only on the texts that hold a
    heading: a topic is never read without one.
    """
    topic = nlp.get_pipe(TOPIC_PIPE) if TOPIC_PIPE in nlp.pipe_names else None
    docs = nlp.pipe(texts, disable=[TOPIC_PIPE]) if topic is not None else nlp.pipe(texts)
    for doc in docs:
        heading = doc._.note_heading
        if heading is None:
            yield None
            continue
        if topic is not None:
            doc = topic(doc)
        yield heading, doc._.note_topic or "other"


def candidates_to_headings(candidates: list[tuple[int, str]], nlp: Language) -> list[_Heading]:
    """Run the pipeline over the candidates; returns the headings in block order.

    Each distinct text goes through spaCy once (running headers repeat on every
    page), and only texts that pass :func:`_may_be_heading`.
    """
    todo = list(dict.fromkeys(text for _, text in candidates if _may_be_heading(text)))
    decided = dict(zip(todo, texts_to_headings(todo, nlp)))
    found: dict[int, tuple[NoteHeading, str]] = {}
    for index, text in candidates:
        result = decided.get(text)
        if result is not None:
            found[index] = result
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


def _letter_subsections(headings: Sequence[_Heading]) -> set[int]:
    """Blocks of "A. Acquisitions"-style headings (a bare letter, no "Note" word) when
    two headings or more are numbered with digits: those letters are sub-sections
    (PFE 10-Q, JNJ, TMO, CVX). "Note A" headings always count as notes."""
    digits = sum(1 for h in headings if h.heading.number is not None and h.heading.number[:1].isdigit())
    if digits < 2:
        return set()
    return {h.first for h in headings if h.heading.number is not None and h.heading.number.isalpha()
            and not h.heading.rule.startswith("note_word")}


def headings_to_groups(
    headings: list[_Heading], blocks: Sequence[Block], settings: NoteSettings, *, lead: int | None = None
) -> list[list[_Heading]]:
    """Group headings into notes: the strongest style present starts notes;
    same-title neighbours separated only by boilerplate join one group.

    ``lead``: the first block of a notes section. A weaker heading there, with a
    topic, opens an unnumbered note before the numbered ones: "Summary of Business
    Segment Data" right under "Notes to Condensed Consolidated Financial Statements",
    before "1. Basis of Presentation" (BA 10-Q and 10-K)."""
    if not headings:
        return []
    subsections = _letter_subsections(headings)
    best = min(h.rank for h in headings if h.first not in subsections)
    groups: list[list[_Heading]] = []
    pending: _Heading | None = None  # a weaker heading that may announce the next note
    for h in headings:
        if h.first in subsections:
            continue
        if groups and _can_merge(groups[-1][-1], h, blocks, settings):
            groups[-1].append(h)
            continue
        if h.rank == best or (not groups and h.first == lead and h.topic != "other"):
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


def groups_to_spans(
    groups: list[list[_Heading]], blocks: Sequence[Block], *, section: tuple[int, int] | None = None,
    lead: bool = False,
) -> list[NoteSpan]:
    """Note spans that tile ``blocks``: group i runs to group i + 1's first block.

    With ``section`` (``[first, end)`` block indices of a notes section) the spans
    run from the first heading to the section's end instead; with ``lead`` too,
    the first span starts at the section's first block.
    """
    if not blocks:
        return []
    if not groups:
        if section is not None:
            return []
        return [NoteSpan(None, None, None, blocks[0].start, blocks[-1].end, 0, len(blocks), (), "no_heading")]
    firsts = [g[0].first for g in groups]
    if section is None or lead:
        firsts[0] = 0 if section is None else section[0]  # blocks before the first heading join the first note
    stop = len(blocks) if section is None else section[1]
    spans = []
    for i, group in enumerate(groups):
        first = firsts[i]
        end = firsts[i + 1] if i + 1 < len(groups) else stop
        number, title, topic, rule = _group_to_fields(group)
        heading_blocks = tuple(j for h in group for j in range(h.first, h.last + 1))
        spans.append(
            NoteSpan(number, title, topic, blocks[first].start, blocks[end - 1].end, first, end, heading_blocks, rule)
        )
    return spans


def _section_spans(
    blocks: Sequence[Block], first: int, end: int, found: list[_Heading], settings: NoteSettings
) -> list[NoteSpan]:
    """The note spans of one notes section ``[first, end)`` from its headings."""
    headings = drop_running_headers(drop_note_index(found, blocks), settings)
    lead = next((i for i in range(first, end) if blocks[i].kind != "boilerplate"), None)
    groups = headings_to_groups(headings, blocks, settings, lead=lead)
    # A note excerpt that opens with its page header ("Notes to ... (continued)")
    # is one note, not a filing: the header joins the first note as before.
    at_top = first == 1
    return groups_to_spans(groups, blocks, section=(0 if at_top else first, end), lead=at_top)


def blocks_to_notes(
    blocks: Sequence[Block], nlp: Language, *, settings: NoteSettings = NoteSettings()
) -> list[NoteSpan]:
    """Note spans, in order, that tile ``blocks`` (every block in exactly one span).

    ``nlp`` must contain ``segmenter_note_heading`` and ``segmenter_note_topic``
    (see :func:`segmenter.components.build_nlp`). A document without any heading
    gives one span with number, title and topic None; no blocks give ``[]``.
    A title that cannot settle its topic ("Financial Instruments") is settled
    by the note's opening words (:mod:`segmenter.openingtopics`).
    """
    return spans_to_opening_topics(_blocks_to_spans(blocks, nlp, settings), blocks, nlp)


def _blocks_to_spans(blocks: Sequence[Block], nlp: Language, settings: NoteSettings) -> list[NoteSpan]:
    limits = {"max_chars": settings.max_heading_chars, "running_min": settings.running_header_min}
    sections = blocks_to_sections(blocks, **limits)
    kept: list[list[NoteSpan]] = []
    if sections:
        per_section: list[list[NoteSpan]] = []
        for first, end in sections:
            candidates = blocks_to_candidates(blocks[first:end], settings)
            found = candidates_to_headings([(first + i, text) for i, text in candidates], nlp)
            per_section.append(_section_spans(blocks, first, end, found, settings))
        # An index line "Notes to Consolidated Financial Statements" in Item 15 opens a
        # section of one stray title (WBA 10-K): a section must hold two notes, unless
        # no section does (a 10-Q with a single note).
        # An exhibit-index line opens a section of two list items ("2. Financial Statement
        # Schedules", "3. Exhibits", HD 10-K): a section beside a far larger one is dropped.
        most = max(len(spans) for spans in per_section)
        kept = [spans for spans in per_section if len(spans) >= max(2, most // 4)]
        if not kept and any(per_section):
            kept = [max(per_section, key=len)]
    found_notes = sum(len(spans) for spans in kept)
    if found_notes >= MIN_SECTION_NOTES:
        return [span for spans in kept for span in spans]
    candidates = blocks_to_candidates(blocks, settings)
    headings = drop_note_index(candidates_to_headings(candidates, nlp), blocks)
    # No notes line before the notes (BMY, GE 10-K; HD 10-K names them only in its
    # exhibit index): the notes' own numbering 1, 2, 3, ... shows where they are.
    # Only a whole filing (one with Item headings or the like) is searched so: an
    # excerpt of notes 1 to 3 stays tiled from its first block.
    ends = section_ends(blocks, **limits)
    by_number = numbers_to_section([(h.first, h.heading.number) for h in headings], ends, len(blocks))
    if ends and by_number is not None and by_number[2] > found_notes:
        first, end, _ = by_number
        return _section_spans(blocks, first, end, [h for h in headings if first <= h.first < end], settings)
    if kept:
        return [span for spans in kept for span in spans]
    groups = headings_to_groups(headings, blocks, settings)
    return groups_to_spans(groups, blocks)


def _is_index_filler(block: Block) -> bool:
    """Page furniture, or an index entry's page number ("43", HD 10-K)."""
    return block.hint == "page" or (len(block.text) <= 8 and not any(ch.isalpha() for ch in block.text))


def drop_note_index(headings: list[_Heading], blocks: Sequence[Block]) -> list[_Heading]:
    """Headings less an index of the notes: ``MIN_INDEX_RUN`` or more numbered headings
    on consecutive lines with nothing between them ("1. Summary of Significant
    Accounting Policies", "2. Revenue", ... before the notes, LOW and HD 10-K). A note
    always has a body before the next heading. Page furniture between them is ignored."""
    runs: list[list[int]] = []
    for k, h in enumerate(headings):
        prev = headings[k - 1] if k else None
        joined = (
            prev is not None and prev.heading.number is not None and h.heading.number is not None
            and all(_is_index_filler(b) for b in blocks[prev.last + 1 : h.first])
        )
        if joined and runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        elif joined:
            runs.append([k - 1, k])
    index = {k for run in runs if len(run) >= MIN_INDEX_RUN for k in run}
    return [h for k, h in enumerate(headings) if k not in index] if index else headings


def drop_running_headers(headings: list[_Heading], settings: NoteSettings) -> list[_Heading]:
    """Unnumbered headings whose title repeats ``running_header_min`` times or more
    in one section are page furniture ("Table of Contents", a company name)."""
    seen = Counter(h.key for h in headings if h.heading.number is None)
    return [h for h in headings if h.heading.number is not None or seen[h.key] < settings.running_header_min]
