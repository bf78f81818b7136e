"""Rules as data for the note components: JSONL parsing, validation and persistence.

A rule is one ``{label, pattern, id, ...}`` JSON object a line, as in spaCy's
``span_ruler``; the file order is the priority. :func:`jsonl_to_rules` parses
and validates a rule file and raises RuleError naming the file and line;
:class:`RuleComponent` is what the heading and topic components share: their
rules in priority order, written by ``to_disk`` as JSONL and read back by
``from_disk`` (never pickle).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, TypeVar

from spacy.matcher import Matcher

from .errors import RuleError

PATTERNS_FILE = "patterns.jsonl"  # name inside a to_disk() directory, as span_ruler does


def jsonl_to_rules(
    text: str, *, where: str, labels: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Parse and validate rule JSONL (one ``{label, pattern, id, ...}`` per line).

    Returns the rules in file order. Raises RuleError naming ``where`` and the
    line for bad JSON, a missing or unknown label, a pattern that is neither a
    phrase string nor a list of token dicts, or an id used twice.
    """
    allowed = None if labels is None else frozenset(labels)
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rule = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{where}: line {number}: not JSON ({exc.msg})") from exc
        rules.append(validated_rule(rule, where=f"{where}: line {number}", allowed=allowed, seen=seen))
    return rules


def validated_rule(
    rule: Any, *, where: str, allowed: frozenset[str] | None, seen: set[str]
) -> dict[str, Any]:
    """``rule`` itself once checked: keys, label in ``allowed`` (any when None),
    pattern shape, an id not in ``seen`` (added to it) and the optional flags."""
    if not isinstance(rule, dict):
        raise RuleError(f"{where}: a rule must be a JSON object")
    for key in ("label", "pattern", "id"):
        if key not in rule:
            raise RuleError(f"{where}: rule has no {key!r}")
    label, pattern, rule_id = rule["label"], rule["pattern"], rule["id"]
    if not isinstance(label, str) or (allowed is not None and label not in allowed):
        raise RuleError(f"{where}: unknown label {label!r}")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{where}: id must be a non-empty string")
    phrase = isinstance(pattern, str) and pattern.strip() != ""
    tokens = isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)
    if not (phrase or tokens):
        raise RuleError(f"{where}: pattern must be a phrase or a list of token objects")
    if rule_id in seen:
        raise RuleError(f"{where}: id {rule_id!r} used twice")
    seen.add(rule_id)
    if rule.get("anchor", "start") not in ("start", "any"):
        raise RuleError(f"{where}: anchor must be 'start' or 'any'")
    if rule.get("scope", "all") not in ("all", "bare"):
        raise RuleError(f"{where}: scope must be 'all' or 'bare'")
    for flag in ("whole", "whole_start"):
        if not isinstance(rule.get(flag, False), bool):
            raise RuleError(f"{where}: {flag} must be true or false")
    return rule


def packaged_rules(filename: str, labels: Iterable[str]) -> list[dict[str, Any]]:
    """The validated rules of ``segmenter/rules/<filename>``, in file order."""
    text = resources.files("segmenter").joinpath("rules", filename).read_text(encoding="utf-8")
    return jsonl_to_rules(text, where=f"segmenter/rules/{filename}", labels=labels)


def add_to_matcher(matcher: Matcher, rule: dict[str, Any], key: str, where: str) -> None:
    """Add a token-pattern rule to ``matcher`` under ``key``; a pattern spaCy
    refuses becomes a RuleError naming ``where`` and the rule."""
    try:
        matcher.add(key, [rule["pattern"]])
    except (ValueError, KeyError) as exc:  # spaCy reports bad token patterns as ValueError
        raise RuleError(f"{where}: rule {rule['id']!r}: bad token pattern ({exc})") from exc


def rules_to_disk(rules: list[dict[str, Any]], path: str | Path) -> None:
    """Write ``rules`` as JSONL to ``path/patterns.jsonl`` (the folder is made)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / PATTERNS_FILE, "w", encoding="utf-8") as out:
        for rule in rules:
            out.write(json.dumps(rule, ensure_ascii=False) + "\n")


def rules_from_disk(path: str | Path, labels: Iterable[str]) -> list[dict[str, Any]]:
    """The validated rules of ``path/patterns.jsonl``, in file order."""
    file = Path(path) / PATTERNS_FILE
    return jsonl_to_rules(file.read_text(encoding="utf-8"), where=str(file.name), labels=labels)


_R = TypeVar("_R", bound="RuleComponent")


class RuleComponent:
    """What both components share: their rules in priority order, kept as
    JSONL on disk (never pickle), like spaCy's SpanRuler."""

    name: str
    _rules: list[dict[str, Any]]

    def _labels(self) -> Iterable[str]:
        raise NotImplementedError

    def _set_rules(self, rules: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _keep(self, checked: list[dict[str, Any]]) -> None:
        """Remember validated rules, by id and by priority."""
        self._rules = checked
        self._by_id = {r["id"]: r for r in checked}
        self._order = {r["id"]: i for i, r in enumerate(checked)}

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The rules in priority order (copies)."""
        return [dict(r) for r in self._rules]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules to ``path/patterns.jsonl``."""
        rules_to_disk(self._rules, path)

    def from_disk(self: _R, path: str | Path, *, exclude: Iterable[str] = ()) -> _R:
        """Replace the rules with ``path/patterns.jsonl``; returns self."""
        self._set_rules(rules_from_disk(path, self._labels()))
        return self
