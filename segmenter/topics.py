"""Note topics: the vocabulary in ``segmenter/data/topics.csv`` and concept -> topic.

A topic is what a note is about (``inventories``, ``income_taxes`` ...). The
filers' own iXBRL tags name each note with an XBRL concept such as
``us-gaap:InventoryDisclosureTextBlock``; ``topics.csv`` lists, for each topic,
the concepts that mean it. ``other`` is the catch-all for any note whose
concept is not listed. Heading text -> topic is done by the spaCy component
``segmenter_note_topic`` (see ``components.py``), whose labels must be topic
ids from this file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RuleError

TOPICS_FILE = "topics.csv"
OTHER = "other"
_TOPIC_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# A concept is "prefix:LocalName" (us-gaap, ifrs-full, or a filer's own prefix).
_CONCEPT = re.compile(r"[A-Za-z][\w.-]*:[A-Za-z_][\w.-]*\Z")


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic: its id, a readable name and the XBRL concepts that mean it."""

    id: str
    name: str
    concepts: tuple[str, ...]


def csv_to_topics(text: str, *, where: str = TOPICS_FILE) -> tuple[Topic, ...]:
    """Parse and validate topics CSV text; returns the topics in file order.

    Raises RuleError (naming ``where`` and the line) for a bad header, a bad or
    repeated topic id, a malformed concept, a concept listed under two topics,
    or a missing ``other`` catch-all.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != ["topic", "name", "xbrl_concepts"]:
        raise RuleError(f"{where}: line 1: expected header topic,name,xbrl_concepts, got {header!r}")
    topics: list[Topic] = []
    seen_ids: set[str] = set()
    owner: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != 3:
            raise RuleError(f"{where}: line {line}: expected 3 fields, got {len(row)}")
        topic_id, name, concepts_field = (field.strip() for field in row)
        if not _TOPIC_ID.match(topic_id):
            raise RuleError(f"{where}: line {line}: bad topic id {topic_id!r}")
        if topic_id in seen_ids:
            raise RuleError(f"{where}: line {line}: topic {topic_id!r} listed twice")
        if not name:
            raise RuleError(f"{where}: line {line}: topic {topic_id!r} has no name")
        concepts = tuple(c.strip() for c in concepts_field.split(";") if c.strip())
        for concept in concepts:
            if not _CONCEPT.match(concept):
                raise RuleError(f"{where}: line {line}: bad concept {concept!r}")
            if concept in owner:
                raise RuleError(
                    f"{where}: line {line}: concept {concept!r} already belongs to {owner[concept]!r}"
                )
            owner[concept] = topic_id
        seen_ids.add(topic_id)
        topics.append(Topic(topic_id, name, concepts))
    if OTHER not in seen_ids:
        raise RuleError(f"{where}: the catch-all topic {OTHER!r} is missing")
    return tuple(topics)


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """The packaged topics (validated, read once); ``other`` is among them."""
    text = resources.files("segmenter").joinpath("data", TOPICS_FILE).read_text(encoding="utf-8")
    return csv_to_topics(text, where=f"segmenter/data/{TOPICS_FILE}")


@lru_cache(maxsize=1)
def _concept_index() -> dict[str, str]:
    return {concept: t.id for t in load_topics() for concept in t.concepts}


def topic_ids() -> frozenset[str]:
    """Every valid topic id, ``other`` included."""
    return frozenset(t.id for t in load_topics())


def concept_is_listed(concept: str) -> bool:
    """Does topics.csv list ``concept`` under a topic? (Else its topic is ``"other"``
    by default, whatever the note is about.)"""
    return concept.strip() in _concept_index()


def concept_to_topic(concept: str) -> str:
    """The topic id of an XBRL concept, e.g. ``"us-gaap:InventoryDisclosureTextBlock"``
    -> ``"inventories"``; any concept not listed in topics.csv -> ``"other"``."""
    return _concept_index().get(concept.strip(), OTHER)
