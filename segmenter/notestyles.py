"""Render one filing's note in one of the looks of the seeds.

:data:`STYLES` are the looks of the hand-labelled seed notes (and mixes of
them); :func:`note_id_to_style` picks one from a note id by a stable hash;
:func:`render_note` renders a Level 1 note of a filing with
:func:`segmenter.render.elements_to_pipe_text` in that look, with the
viewer's period label and the policy text marked, and reads the note's
number and title from it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from segmenter.corpusfiles import stable_hash
from segmenter.ixbrl import Filing, TextBlock, collapse
from segmenter.labels import mark_policy_spans, note_policy_text
from segmenter.render import RenderedNote, RenderStyle, elements_to_pipe_text
from segmenter.types import Period

# The looks of the seeds (000: pipe-line content, wrapped, hidden captions;
# 001: viewer R page; 002: content on the next line closed by " |"), plus mixes.
# The bool says whether a title line is put first, as in seeds 000 and 002.
STYLES: tuple[tuple[RenderStyle, bool], ...] = (
    (RenderStyle(hidden_captions=True, wrap_width=130), True),
    (RenderStyle(content_on_pipe_line=False, close_with_pipe=True), True),
    (RenderStyle(viewer_header=True, viewer_tail=True), False),
    (RenderStyle(), False),
    (RenderStyle(close_with_pipe=True, hidden_captions=True), False),
    (RenderStyle(content_on_pipe_line=False, wrap_width=110), True),
    (RenderStyle(content_on_pipe_line=False, close_with_pipe=True, viewer_header=True,
                 viewer_tail=True, hidden_captions=True), False),
)

_NOTE_TITLE = re.compile(
    r"^(?:note\s+)?(?P<number>\d{1,2}[A-Za-z]?|[A-Z])(?:\s*[.:\u2013\u2014-]\s*|\s+)(?P<title>\S.*)$",
    re.I | re.S,
)
_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")


def note_id_to_style(note_id: str) -> tuple[RenderStyle, bool]:
    """The render style (and whether to add a title line) for a note, from its id."""
    return STYLES[stable_hash(note_id) % len(STYLES)]


def period_to_label(period: Period | None) -> str:
    """A viewer column head: ``"12 Months Ended\\nDec. 31, 2022"`` or ``"Jun. 30, 2025"``."""
    if period is None:
        return "12 Months Ended"
    end = period.instant or period.end
    when = "" if end is None else f"{_MONTHS[end.month - 1]} {end.day:02d}, {end.year}"
    if period.instant or period.start is None or period.end is None:
        return when
    months = max(1, round((period.end - period.start).days / 30.44))
    return f"{months} Months Ended\n{when}"


def rendered_to_title(note: RenderedNote) -> tuple[str | None, str | None]:
    """(number, title) read from the first heading span of a rendered note:
    ``"Note 5 — Inventories"`` -> ``("5", "Inventories")``."""
    for span in note.spans[:3]:
        if span.kind != "heading":
            continue
        line = collapse(note.text[span.start : span.end].lstrip("|"))
        match = _NOTE_TITLE.match(line)
        if match and len(match.group("title")) > 2:
            return match.group("number"), match.group("title").strip()
        return None, line or None
    return None, None


def render_note(
    block: TextBlock, filing: Filing, style: RenderStyle, with_title: bool,
    facts_by_element: dict[Any, Any] | None = None,
) -> tuple[RenderedNote, str | None, str | None]:
    """Render one note in ``style`` -> (rendered note, number, title)."""
    facts = facts_by_element if facts_by_element is not None else filing.facts_by_element()
    label = period_to_label(filing.contexts.get(block.context_id or ""))
    plain = elements_to_pipe_text(block.elements, style=RenderStyle(), facts_by_element={})
    number, title = rendered_to_title(plain)
    if with_title or style.viewer_header:
        shown = title.upper() if (title and with_title) else title
        rendered = elements_to_pipe_text(
            block.elements, style=style, title=shown, facts_by_element=facts, period_label=label,
            policy_ids=filing.policy_continuation_ids(),
        )
    else:
        rendered = elements_to_pipe_text(
            block.elements, style=style, facts_by_element=facts, period_label=label,
            policy_ids=filing.policy_continuation_ids(),
        )
    # The renderer marks policy text by the element it walks through; pieces a
    # policy tag holds in ways the walk misses (see labels.note_policy_text)
    # are marked by their text.
    policy_text = note_policy_text(block.elements, [b.elements for b in filing.text_blocks if b.level == "policy"])
    spans = mark_policy_spans(rendered.text, rendered.spans, policy_text)
    return replace(rendered, spans=spans), number, title
