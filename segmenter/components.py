"""spaCy components for notes: is this short line a note heading, and what is it about.

Two components, one concern each, in the style of spaCy's ``span_ruler``:

``segmenter_note_heading`` (:class:`NoteHeadingDetector`, in :mod:`segmenter.headingdetector`)
    Reads one heading candidate (a short Doc) and sets ``doc._.note_heading``
    to a :class:`NoteHeading` (number, title, title offsets, rule id, style) or
    ``None``. Number prefixes (``NOTE 5 —``, ``5.``, ``(5)``, ``A.``) and
    refusals (``SCHEDULE OF ...``, ``[Abstract]``, ``12 Months Ended``) are
    Matcher patterns in ``rules/headings.jsonl``; the title checks are code.
``segmenter_note_topic`` (:class:`NoteTopicMatcher`, in :mod:`segmenter.topicmatcher`)
    Maps the heading's title (or the whole Doc when there is no heading) to a
    topic id from ``topics.csv`` with the patterns in ``rules/topics.jsonl``,
    setting ``doc._.note_topic`` and ``doc._.note_topic_rule``; ``"other"``
    when nothing matches. The file order of the patterns is their priority.

Both are published as ``spacy_factories`` entry points naming this module
(``segmenter.components:make_note_heading``), so any pipeline can
``nlp.add_pipe("segmenter_note_heading")``; importing this module registers
both factories. Rules are data (:mod:`segmenter.rulestore`): ``to_disk``
writes them as JSONL and ``from_disk`` reads them back (never pickle). Doc
extensions are registered inside the factories, idempotently, never at import.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from .headingdetector import (
    HEADING_LABELS,
    HEADING_RULES_FILE,
    SENTENCE_CASE_RULES,
    HeadingStyle,
    NoteHeading,
    NoteHeadingDetector,
    make_note_heading,
)
from .rulestore import PATTERNS_FILE, jsonl_to_rules
from .topicmatcher import TOPIC_RULES_FILE, NoteTopicMatcher, make_note_topic

__all__ = [
    "HEADING_LABELS",
    "HEADING_RULES_FILE",
    "PATTERNS_FILE",
    "SENTENCE_CASE_RULES",
    "TOPIC_RULES_FILE",
    "HeadingStyle",
    "NoteHeading",
    "NoteHeadingDetector",
    "NoteTopicMatcher",
    "build_nlp",
    "jsonl_to_rules",
    "make_note_heading",
    "make_note_topic",
]


def build_nlp() -> Language:
    """A blank English pipeline with the heading then the topic component."""
    nlp = spacy.blank("en")
    nlp.add_pipe("segmenter_note_heading")
    nlp.add_pipe("segmenter_note_topic")
    return nlp
