"""A note's topic settled by its opening words when its title cannot settle it.

"Financial Instruments" is the investments note at some filers and the
derivatives note at others; the note's first paragraphs say which. The word
rules live in ``rules/topic_text.jsonl`` and are applied by
:meth:`segmenter.topicmatcher.NoteTopicMatcher.opening_to_topic`; spaCy sees
only the short title, never the note's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .types import Block

if TYPE_CHECKING:
    from spacy.language import Language

    from .notes import NoteSpan

__all__ = ["OPENING_CHARS", "spans_to_opening_topics"]

#: How much of a note's text is read: more than any word rule looks at.
OPENING_CHARS = 4000
#: The name of the note-topic component in a pipeline (segmenter.components.build_nlp).
TOPIC_PIPE = "segmenter_note_topic"


def _opening(blocks: Sequence[Block]) -> str:
    parts, size = [], 0
    for block in blocks:
        parts.append(block.text)
        size += len(block.text) + 1
        if size >= OPENING_CHARS:
            break
    return "\n".join(parts)


def spans_to_opening_topics(spans: Sequence[NoteSpan], blocks: Sequence[Block], nlp: Language) -> list[NoteSpan]:
    """``spans`` with the topics their opening words change; the others as they are."""
    topic = nlp.get_pipe(TOPIC_PIPE) if TOPIC_PIPE in nlp.pipe_names else None
    if topic is None or not hasattr(topic, "opening_to_topic"):
        return list(spans)
    out = []
    for span in spans:
        if span.topic is None:
            out.append(span)
            continue
        new, _ = topic.opening_to_topic(span.title, span.topic, _opening(blocks[span.first_block:span.end_block]))
        out.append(span if new == span.topic else replace(span, topic=new))
    return out
