"""The note-topic component: which topic a note heading is about.

``segmenter_note_topic`` (:class:`NoteTopicMatcher`) maps the heading's title
(``doc._.note_heading``, or the whole Doc when there is no heading) to a topic
id from ``topics.csv`` with the patterns in ``rules/topics.jsonl``, setting
``doc._.note_topic`` and ``doc._.note_topic_rule``; ``"other"`` when nothing
matches. The file order of the patterns is their priority. The factory
registers the Doc extensions, idempotently, never at import.
"""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .errors import RuleError
from .headingdetector import register_heading_extension
from .rulestore import RuleComponent, add_to_matcher, packaged_rules, validated_rule
from .topics import OTHER, topic_ids

TOPIC_RULES_FILE = "topics.jsonl"


class NoteTopicMatcher(RuleComponent):
    """Maps a heading title to a topic id; sets ``doc._.note_topic`` and ``doc._.note_topic_rule``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "segmenter_note_topic",
        *,
        phrase_attr: str = "NORM",
        rules: list[dict[str, Any]] | None = None,
    ) -> None:
        if phrase_attr not in ("NORM", "LOWER", "ORTH"):
            raise RuleError(f"{name}: phrase_attr must be NORM, LOWER or ORTH")
        self.nlp = nlp
        self.name = name
        self.phrase_attr = phrase_attr
        self._set_rules(packaged_rules(TOPIC_RULES_FILE, topic_ids()) if rules is None else rules)

    def _set_rules(self, rules: list[dict[str, Any]]) -> None:
        seen: set[str] = set()
        checked = [
            validated_rule(r, where=self.name, allowed=topic_ids(), seen=seen) for r in rules
        ]
        matcher = Matcher(self.nlp.vocab)
        phrases = PhraseMatcher(self.nlp.vocab, attr=self.phrase_attr)
        for rule in checked:
            if isinstance(rule["pattern"], str):
                # make_doc only: phrase patterns must not run this pipeline again.
                phrases.add(rule["id"], [self.nlp.make_doc(rule["pattern"])])
            else:
                add_to_matcher(matcher, rule, rule["id"], self.name)
        self._keep(checked)
        self._matcher = matcher
        self._phrases = phrases

    def _labels(self) -> Iterable[str]:
        return topic_ids()

    def __call__(self, doc: Doc) -> Doc:
        topic, rule = self.span_to_topic(self._title_span(doc))
        doc._.note_topic = topic
        doc._.note_topic_rule = rule
        return doc

    @staticmethod
    def _title_span(doc: Doc) -> Span:
        heading = doc._.note_heading if Doc.has_extension("note_heading") else None
        if heading is not None:
            span = doc.char_span(heading.title_start, heading.title_end, alignment_mode="expand")
            if span is not None:
                return span
        return doc[:]

    def span_to_topic(self, span: Span) -> tuple[str, str | None]:
        """(topic id, rule id) of the highest-priority pattern inside ``span``;
        ``("other", None)`` when none matches."""
        best: tuple[int, int] | None = None
        best_id: str | None = None
        doc = span.doc
        # The title without edge punctuation: "whole" rules must cover it, "whole_start"
        # rules must start it ("General" is a note title, "General and administrative" is not).
        first, last = span.start, span.end
        while first < last and (doc[first].is_punct or doc[first].is_space):
            first += 1
        while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
            last -= 1
        found = [*(self._matcher(doc) if len(self._matcher) else []), *(self._phrases(doc) if len(self._phrases) else [])]
        for key, start, end in found:
            if start < span.start or end > span.end:
                continue
            rule_id = self.nlp.vocab.strings[key]
            rule = self._by_id[rule_id]
            if rule.get("whole") and (start != first or end != last):
                continue
            if rule.get("whole_start") and start != first:
                continue
            rank = (self._order[rule_id], start)
            if best is None or rank < best:
                best, best_id = rank, rule_id
        if best_id is None:
            return OTHER, None
        return self._by_id[best_id]["label"], best_id


def register_topic_extensions() -> None:
    """Register ``Doc._.note_topic`` and ``Doc._.note_topic_rule`` unless already there."""
    for attr in ("note_topic", "note_topic_rule"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


@Language.factory("segmenter_note_topic", default_config={"phrase_attr": "NORM"})
def make_note_topic(nlp: Language, name: str, *, phrase_attr: str) -> NoteTopicMatcher:
    """Build the topic component (packaged rules from rules/topics.jsonl)."""
    register_topic_extensions()
    register_heading_extension()  # read, never written, by this component
    return NoteTopicMatcher(nlp, name, phrase_attr=phrase_attr)
