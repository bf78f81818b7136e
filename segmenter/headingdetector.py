"""The note-heading component: is this short line a note heading?

``segmenter_note_heading`` (:class:`NoteHeadingDetector`) reads one heading
candidate (a short Doc) and sets ``doc._.note_heading`` to a
:class:`NoteHeading` (number, title, title offsets, rule id, style) or
``None``. Number prefixes (``NOTE 5 —``, ``5.``, ``(5)``, ``A.``) and refusals
(``SCHEDULE OF ...``, ``[Abstract]``, ``12 Months Ended``) are Matcher
patterns in ``rules/headings.jsonl``; the title checks (Title Case, ALL CAPS,
run-in titles, sentence case after ``5.``) are code. The factory registers the
``note_heading`` Doc extension, idempotently, never at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .errors import RuleError
from .rulestore import RuleComponent, add_to_matcher, packaged_rules, validated_rule

HEADING_RULES_FILE = "headings.jsonl"
HEADING_LABELS = ("note_word", "number", "not_heading", "subject")

HeadingStyle = Literal["numbered", "bare_title", "bare_sentence_case"]

# Words that stay lowercase in a Title Case heading ("Commitments and Contingencies").
_MINOR_WORDS = frozenset(
    "a an and as at by for from in into of on or per the to under with its their net other".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NUMBER_IN_PREFIX = re.compile(r"(\d{1,3}[A-Za-z]?|\b[A-Z]{1,2}\b|\b[IVXL]{1,5}\b)")
_ABBREVIATION_END = re.compile(r"\b(?:Co|Inc|Corp|Ltd|Llc|LLC|LLP|L\.P|S\.A|N\.V|U\.S\.A|plc|B\.V)\.\Z")
_SEPARATORS = " \t.:;-—–−)|"
#: Number rules whose titles may be in sentence case ("(1) Includes ..." footnotes and
#: "A." sub-sections keep the Title Case check).
SENTENCE_CASE_RULES = frozenset(("number_dot",))


@dataclass(frozen=True, slots=True)
class NoteHeading:
    """A recognised note heading: ``number`` as printed (``"5"``, ``"C"``) or
    None, ``title`` = ``doc.text[title_start:title_end]``, the ``rule`` id that
    fired, and its ``style`` (numbered, bare Title Case, bare sentence case)."""

    number: str | None
    title: str
    title_start: int
    title_end: int
    rule: str
    style: HeadingStyle


def _capital_ratio(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class NoteHeadingDetector(RuleComponent):
    """Decides whether a short Doc is a note heading; sets ``doc._.note_heading``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "segmenter_note_heading",
        *,
        max_title_words: int = 20,
        max_bare_words: int = 12,
        min_capital_ratio: float = 0.6,
        rules: list[dict[str, Any]] | None = None,
    ) -> None:
        if max_title_words < 1 or max_bare_words < 1 or not 0.0 <= min_capital_ratio <= 1.0:
            raise RuleError(f"{name}: bad settings: word limits must be >= 1, ratio in [0, 1]")
        self.nlp = nlp
        self.name = name
        self.max_title_words = max_title_words
        self.max_bare_words = max_bare_words
        self.min_capital_ratio = min_capital_ratio
        self._set_rules(packaged_rules(HEADING_RULES_FILE, HEADING_LABELS) if rules is None else rules)

    # -- rules
    def _set_rules(self, rules: list[dict[str, Any]]) -> None:
        seen: set[str] = set()
        checked = [
            validated_rule(r, where=f"{self.name}", allowed=frozenset(HEADING_LABELS), seen=seen)
            for r in rules
        ]
        matcher = Matcher(self.nlp.vocab)
        for rule in checked:
            if not isinstance(rule["pattern"], list):
                raise RuleError(f"{self.name}: rule {rule['id']!r}: heading patterns are token lists")
            add_to_matcher(matcher, rule, rule["id"], self.name)
        self._keep(checked)
        self._matcher = matcher

    def _labels(self) -> Iterable[str]:
        return HEADING_LABELS

    # -- decision
    def __call__(self, doc: Doc) -> Doc:
        doc._.note_heading = self.doc_to_heading(doc)
        return doc

    def doc_to_heading(self, doc: Doc) -> NoteHeading | None:
        """The heading in ``doc`` or None; see the module docstring for the rules."""
        if not doc.text.strip():
            return None
        prefix: tuple[str, int] | None = None  # (rule id, end token)
        refusals: list[dict[str, Any]] = []
        has_subject = False
        for key, start, end in self._matcher(doc):
            rule = self._by_id[self.nlp.vocab.strings[key]]
            label = rule["label"]
            if label in ("note_word", "number"):
                if start != 0:
                    continue
                if prefix is None or (self._order[rule["id"]], -end) < (
                    self._order[prefix[0]],
                    -prefix[1],
                ):
                    prefix = (rule["id"], end)
            elif label == "not_heading":
                if rule.get("anchor", "start") == "any" or start == 0:
                    refusals.append(rule)
            elif label == "subject":
                has_subject = True
        if any(r.get("scope", "all") == "all" for r in refusals):
            return None
        if prefix is not None:
            return self._numbered(doc, *prefix, sentence_ok=not refusals)
        if refusals:  # the remaining refusals apply to bare lines only
            return None
        return self._bare(doc, 0, len(doc.text), rule_prefix="", has_subject=has_subject)

    def _numbered(self, doc: Doc, rule_id: str, end: int, *, sentence_ok: bool = False) -> NoteHeading | None:
        span = doc[:end]
        rule = self._by_id[rule_id]
        head = span.text
        if rule["label"] == "note_word":
            head = head.split(None, 1)[1] if len(head.split(None, 1)) > 1 else ""
        found = _NUMBER_IN_PREFIX.search(head)
        if found is None:
            return None
        number = found.group(1)
        title_start = span.end_char
        while title_start < len(doc.text) and doc.text[title_start] in _SEPARATORS:
            title_start += 1
        title_end = max(title_start, len(doc.text.rstrip()))
        title = doc.text[title_start:title_end]
        if not title and rule["label"] == "note_word":
            # "NOTE 21." alone (GE 10-K): the title is the next line; notes.py joins them.
            return NoteHeading(number, "", title_start, title_start, rule_id, "numbered")
        run_in = self._run_in(doc, title_start)
        # An ALL CAPS run followed by mixed-case text is a run-in heading even when the whole
        # line would pass as a title (GE 10-K: "NOTE 17. SHARE-BASED COMPENSATION. We grant").
        # Sentence case after "5." is a title too when it reads like one: short, no digits,
        # no final period and no finite verb (TXN 10-Q "6. Debt and lines of credit",
        # JNJ 10-K "1. Summary of significant accounting policies").
        lenient = rule["label"] == "note_word" or (
            sentence_ok and rule_id in SENTENCE_CASE_RULES and len(_WORD.findall(title)) <= self.max_bare_words
            and not any(ch.isdigit() for ch in title) and not title.endswith(".")
        )
        whole_ok = self._numbered_title_ok(title, lenient=lenient)
        if whole_ok and (run_in is None or _all_caps(title)):
            return NoteHeading(number, title, title_start, title_end, rule_id, "numbered")
        if run_in is None:
            return None
        return NoteHeading(number, doc.text[run_in[0] : run_in[1]], *run_in, f"{rule_id}+run_in", "numbered")

    def _numbered_title_ok(self, title: str, *, lenient: bool) -> bool:
        words = _WORD.findall(title)
        if not words or not title[0].isalnum() and title[0] not in "(\"'“‘":
            return False
        if title[0].islower() or len(words) > self.max_title_words or title.endswith((":", ";", ",")):
            return False
        # A final period ends a sentence unless it ends an abbreviation (CVX 10-Q 2023:
        # "Note 5. Summarized Financial Data — Chevron U.S.A. Inc.").
        if title.endswith(".") and not _all_caps(title) and len(words) > 6 and not _ABBREVIATION_END.search(title):
            return False
        if lenient:
            return True
        return _all_caps(title) or _capital_ratio(words) >= self.min_capital_ratio

    def _run_in(self, doc: Doc, title_start: int) -> tuple[int, int] | None:
        """An ALL CAPS title run into its paragraph: "5. INVENTORIES, NET Inventory as of ..."
        (seed 000 when the reader joins lines) or "NOTE 17. SHARE-BASED COMPENSATION. We
        grant ..." (GE 10-K); the paragraph's first word starts with a capital. Returns the
        run's char offsets or None."""
        tokens = [t for t in doc if t.idx >= title_start]
        run: list[Any] = []
        for token in tokens:
            if any(c.islower() for c in token.text):
                if token.text[0].islower():
                    # the sentence started inside the capitals: "(2) AWS segment assets
                    # primarily consist of ..." (AMZN 10-K footnote), not a title
                    return None
                break
            run.append(token)
        while run and (not any(c.isalpha() for c in run[-1].text) or len(run[-1].text) == 1):
            run.pop()
        if not run or not any(sum(c.isalpha() for c in t.text) >= 3 for t in run):
            return None
        if len(run) > self.max_title_words:
            return None
        return run[0].idx, run[-1].idx + len(run[-1].text)

    def _bare(
        self, doc: Doc, start: int, end: int, *, rule_prefix: str, has_subject: bool
    ) -> NoteHeading | None:
        raw = doc.text[start:end]
        title = raw.strip()
        if not title or not title[0].isalpha() or not title[0].isupper():
            return None
        title_start = start + raw.index(title)
        words = _WORD.findall(title)
        if not words or len(words) > self.max_bare_words or title.endswith((":", ";", ",")):
            return None
        # A final period belongs to an ALL CAPS run-in title (GE 10-Q: "SEGMENT OPERATIONS.")
        # or to an abbreviation (MRK 10-K: "Spin-Off of Organon & Co."), never to a sentence.
        if title.endswith(".") and not (_all_caps(title) or _ABBREVIATION_END.search(title)):
            return None
        if len(re.findall(r"\d+", title)) > 1 or not any(len(w) >= 3 for w in words):
            return None
        style: HeadingStyle
        if _all_caps(title) or _capital_ratio(words) >= self.min_capital_ratio:
            style, rule_id = "bare_title", "bare_title"
        elif has_subject and len(words) <= self.max_bare_words - 2:
            style, rule_id = "bare_sentence_case", "bare_sentence_case"
        else:
            return None
        return NoteHeading(None, title, title_start, title_start + len(title), rule_id, style)


def register_heading_extension() -> None:
    """Register ``Doc._.note_heading`` (default None) unless it is already there."""
    if not Doc.has_extension("note_heading"):
        Doc.set_extension("note_heading", default=None)


@Language.factory(
    "segmenter_note_heading",
    default_config={"max_title_words": 20, "max_bare_words": 12, "min_capital_ratio": 0.6},
)
def make_note_heading(
    nlp: Language,
    name: str,
    *,
    max_title_words: int,
    max_bare_words: int,
    min_capital_ratio: float,
) -> NoteHeadingDetector:
    """Build the heading component (packaged rules from rules/headings.jsonl)."""
    register_heading_extension()
    return NoteHeadingDetector(
        nlp,
        name,
        max_title_words=max_title_words,
        max_bare_words=max_bare_words,
        min_capital_ratio=min_capital_ratio,
    )
