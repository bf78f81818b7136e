"""The note-topic component: which topic a note heading is about.

``segmenter_note_topic`` (:class:`NoteTopicMatcher`) maps the heading's title
(``doc._.note_heading``, or the whole Doc when there is no heading) to a topic
id from ``topics.csv`` with the patterns in ``rules/topics.jsonl``, setting
``doc._.note_topic`` and ``doc._.note_topic_rule``; ``"other"`` when nothing
matches. The file order of the patterns is their priority. The factory
registers the Doc extensions, idempotently, never at import.

A few titles name different topics at different filers ("Financial
Instruments" is the investments note at most, the derivatives note at some).
:meth:`NoteTopicMatcher.opening_to_topic` settles those from the opening
characters of the note's own text with the word rules in
``rules/topic_text.jsonl`` (``{id, after, label, words, over, chars}``: when
the title's rule was ``after``, or no rule matched when ``after`` is null, and
the opening holds more than twice as many of ``words`` as of ``over``, the
topic is ``label``). Words are counted with a regular expression: spaCy
never sees the note's text. The component itself reads only headings, so code
that has a note's text passes its opening.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .errors import RuleError
from .headingdetector import register_heading_extension
from .rulestore import RuleComponent, add_to_matcher, packaged_rules, validated_rule
from .topics import OTHER, topic_ids

TOPIC_RULES_FILE = "topics.jsonl"
TEXT_RULES_FILE = "topic_text.jsonl"
#: The name of the word rules inside a ``to_disk()`` directory, beside patterns.jsonl.
TEXT_PATTERNS_FILE = "text_patterns.jsonl"
#: A word rule fires when the opening holds more than this many times as many of its
#: ``words`` as of its ``over`` words. GE's "Financial Instruments" (investments) opens with
#: a fair-value table, then a paragraph on derivatives: six hedging words to five on
#: investments. PEP's and RTX's (derivatives) hold 13 to 15 hedging words to at most one.
WORD_RATIO = 2
_TEXT_RULE_KEYS = frozenset({"id", "after", "label", "words", "over", "chars", "comment"})


def jsonl_to_text_rules(text: str, *, where: str, labels: Iterable[str]) -> list[dict[str, Any]]:
    """Parse and validate word-rule JSONL (``{id, after, label, words, over, chars}`` a line).

    Returns the rules in file order. Raises RuleError naming ``where`` and the
    line for bad JSON, an unknown key or label, an ``after`` that is neither a
    rule id nor null, empty ``words``, a non-positive ``chars`` or a repeated id.
    """
    allowed = frozenset(labels)
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}: line {number}"
        try:
            rule = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{at}: not JSON ({exc.msg})") from exc
        if not isinstance(rule, dict) or not {"id", "after", "label", "words", "chars"} <= rule.keys():
            raise RuleError(f"{at}: a word rule needs id, after, label, words and chars")
        if rule.keys() - _TEXT_RULE_KEYS:
            raise RuleError(f"{at}: unknown keys {sorted(rule.keys() - _TEXT_RULE_KEYS)}")
        if rule["label"] not in allowed:
            raise RuleError(f"{at}: unknown label {rule['label']!r}")
        if not isinstance(rule["id"], str) or not rule["id"] or rule["id"] in seen:
            raise RuleError(f"{at}: id must be a new non-empty string")
        if rule["after"] is not None and not (isinstance(rule["after"], str) and rule["after"]):
            raise RuleError(f"{at}: after must be a topic rule id or null")
        for key in ("words", "over"):
            words = rule.get(key, [])
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise RuleError(f"{at}: {key} must be a list of words")
        if not rule["words"]:
            raise RuleError(f"{at}: words must not be empty")
        if not isinstance(rule["chars"], int) or isinstance(rule["chars"], bool) or rule["chars"] <= 0:
            raise RuleError(f"{at}: chars must be a positive integer")
        seen.add(rule["id"])
        rules.append(rule)
    return rules


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One regex for whole-word (or whole-phrase) matches of ``words``, lower case."""
    if not words:
        return None
    alternatives = "|".join(re.escape(" ".join(w.lower().split())) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _count(pattern: re.Pattern[str] | None, text: str) -> int:
    return 0 if pattern is None else sum(1 for _ in pattern.finditer(text))


class NoteTopicMatcher(RuleComponent):
    """Maps a heading title to a topic id; sets ``doc._.note_topic`` and ``doc._.note_topic_rule``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "segmenter_note_topic",
        *,
        phrase_attr: str = "NORM",
        rules: list[dict[str, Any]] | None = None,
        text_rules: list[dict[str, Any]] | None = None,
    ) -> None:
        if phrase_attr not in ("NORM", "LOWER", "ORTH"):
            raise RuleError(f"{name}: phrase_attr must be NORM, LOWER or ORTH")
        self.nlp = nlp
        self.name = name
        self.phrase_attr = phrase_attr
        self._set_rules(packaged_rules(TOPIC_RULES_FILE, topic_ids()) if rules is None else rules)
        if text_rules is None:
            text = resources.files("segmenter").joinpath("rules", TEXT_RULES_FILE).read_text(encoding="utf-8")
            text_rules = jsonl_to_text_rules(text, where=f"segmenter/rules/{TEXT_RULES_FILE}", labels=topic_ids())
        self._set_text_rules(text_rules)

    def _set_text_rules(self, rules: list[dict[str, Any]]) -> None:
        # Round-tripped through JSONL so that rules given in code are checked the same way.
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rules)
        self._text_rules = jsonl_to_text_rules(text, where=self.name, labels=topic_ids())
        self._text_patterns = [(_words_pattern(r["words"]), _words_pattern(r.get("over", [])))
                               for r in self._text_rules]
        # The topics whose notes may be worth a look (null ``after``: titles no rule matched).
        self._text_topics = frozenset(
            OTHER if r["after"] is None else self._by_id[r["after"]]["label"]
            for r in self._text_rules if r["after"] is None or r["after"] in self._by_id
        )

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

    @property
    def text_patterns(self) -> list[dict[str, Any]]:
        """The word rules of :meth:`opening_to_topic`, in priority order (copies)."""
        return [dict(r) for r in self._text_rules]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the title rules to ``path/patterns.jsonl`` and the word rules to
        ``path/text_patterns.jsonl``."""
        super().to_disk(path, exclude=exclude)
        with open(Path(path) / TEXT_PATTERNS_FILE, "w", encoding="utf-8") as out:
            for rule in self._text_rules:
                out.write(json.dumps(rule, ensure_ascii=False) + "\n")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NoteTopicMatcher:
        """Replace the rules with ``path/patterns.jsonl`` (and the word rules with
        ``path/text_patterns.jsonl`` when it is there); returns self."""
        super().from_disk(path, exclude=exclude)
        file = Path(path) / TEXT_PATTERNS_FILE
        if file.exists():
            self._set_text_rules(jsonl_to_text_rules(file.read_text(encoding="utf-8"), where=file.name,
                                                     labels=topic_ids()))
        else:
            self._set_text_rules(self._text_rules)  # the title rules changed: recompute what they point at
        return self

    def opening_to_topic(self, title: str | None, topic: str, opening: str) -> tuple[str, str | None]:
        """(topic, word rule id) of a note titled ``title`` whose title gave ``topic``,
        read from ``opening``, the start of the note's text (its heading included).

        Only titles that the word rules name are looked at again: their title
        rule is found by matching ``title`` alone (a short text), and the first
        word rule that fires on the opening ``chars`` characters decides. Any
        other note keeps ``topic`` (rule id None).
        """
        if topic not in self._text_topics:
            return topic, None
        after = None
        if title and title.strip():
            after = self.span_to_topic(self.nlp.make_doc(title)[:])[1]
        if after is None and topic != OTHER:
            return topic, None
        limit = max(r["chars"] for r in self._text_rules)
        text = " ".join(opening[: 2 * limit].lower().split())  # spaces and case never decide
        for rule, (words, over) in zip(self._text_rules, self._text_patterns):
            if rule["after"] != after:
                continue
            head = text[: rule["chars"]]
            hits = _count(words, head)
            if hits and hits > WORD_RATIO * _count(over, head):
                return rule["label"], rule["id"]
        return topic, None

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
