"""Does a text block state an accounting policy? A second scikit-learn model.

Filers tag their policies with ``...PolicyTextBlock``; those tags label the
training text blocks (see training_data/DATA_CARD.md). A filer tags a policy
by its sub-section ("Revenue Recognition", not "Use of Estimates" or
"Description of Business"), so the model reads each text block with its
context: the words of the block, the words of the sub-heading above it, the
note's topic, where the block sits in its sub-section, and whether it only
points elsewhere ("Refer to Note 7") or reports amounts of the year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from .types import Block

#: Policies announce themselves in their first sentences ("Revenue is
#: recognized when ..."); the rest of a long paragraph adds little.
POLICY_TEXT_CHARS = 1500
#: How much of the sub-heading and of the block before a fragment the model reads.
CONTEXT_CHARS = 200
SECTION_CHARS = 300

# "Refer to Note 7 — Income Taxes for further discussion." (NKE 10-K) sits
# after a policy, outside its tag.
_POINTER = re.compile(r"\b(?:refer to|see)\s+(?:also\s+)?notes?\b|\bfor (?:further|additional|more) (?:information|discussion|detail)", re.I)
_AMOUNT = re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:million|billion|thousand)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[A-Za-z]+")
# A run-in heading opens the paragraph: "Restricted Cash. Restricted cash is ..." (AMC 10-Q).
_RUN_IN = re.compile(r"^\W{0,3}([A-Z][^.:;!?]{2,80}?)[.:]\s")


def _section_positions(blocks: Sequence[Block]) -> list[tuple[str, int, int]]:
    """For each block: the text of the heading above it in the note ("" if
    none), its index among the text blocks under that heading, and how many
    text blocks that heading has."""
    heading, index = "", 0
    out: list[tuple[str, int, int]] = []
    counts: list[int] = []
    for block in blocks:
        if block.kind == "heading":
            heading, index = block.text[:CONTEXT_CHARS], 0
            counts.append(0)
        elif not counts:
            counts.append(0)
        out.append((heading, index, len(counts) - 1))
        if block.kind == "text":
            index += 1
            counts[-1] += 1
    return [(h, i, counts[s]) for h, i, s in out]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


def blocks_to_policy_rows(blocks: Sequence[Block], topic: str | None, *, only_text: bool = False) -> list[dict[str, Any]]:
    """One feature dict per block (kinds already set): ``text`` (its words),
    ``context`` (its sub-heading's words, and for a fragment cut off by a page
    break the words of the block before), ``section`` (the words of its
    sub-section's text blocks) and shape keys. With ``only_text``, the dicts
    of the text blocks alone (the only ones the model reads), in order."""
    rows = []
    positions = _section_positions(blocks)
    sections: dict[int, list[str]] = {}
    sec_of = []
    sid = 0
    for block in blocks:
        if block.kind == "heading":
            sid += 1
        sec_of.append(sid)
        if block.kind == "text":
            sections.setdefault(sid, []).append(block.text[:SECTION_CHARS])
    # One string per sub-section, shared by its blocks (the vectoriser counts it once).
    section_text = {key: " ".join(parts) for key, parts in sections.items()}
    previous_text = ""
    text_index = 0
    seen_table = False
    in_policy_note = int(topic == "accounting_policies")
    for i, (block, (heading, index, size)) in enumerate(zip(blocks, positions)):
        if not only_text or block.kind == "text":
            text = block.text[:POLICY_TEXT_CHARS]
            head = text.lstrip("|• \n")[:1]
            fragment = bool(head) and (head.islower() or head.isdigit() or head in ",;:)")
            context = heading + (" " + previous_text[:CONTEXT_CHARS] if fragment else "")
            run_in = _RUN_IN.match(text)
            if run_in and len(run_in.group(1).split()) <= 8:
                context += " " + run_in.group(1)
            pointer = bool(_POINTER.search(text))
            rows.append({
                "text": text,
                "context": context,
                "section": section_text.get(sec_of[i], ""),
                f"topic={topic or 'none'}": 1,
                "after_heading": int(i > 0 and blocks[i - 1].kind == "heading"),
                "long": int(len(block.text) > 300),
                "no_heading": int(not heading),
                f"index={_bucket(index)}": 1,
                "last_in_section": int(index == size - 1),
                f"section_size={_bucket(size)}": 1,
                "pointer": int(pointer),
                "pointer_only": int(pointer and len(_WORD.findall(text)) < 30),
                "amount": int(bool(_AMOUNT.search(text))),
                "years": min(len(_YEAR.findall(text)), 4),
                "fragment": int(fragment),
                f"note_index={_bucket(text_index)}": 1,
                f"note_index={_bucket(text_index)}&policy_note={in_policy_note}": 1,
                f"before_table&policy_note={in_policy_note}": int(not seen_table),
            })
        if block.kind == "text":
            previous_text = block.text
            text_index += 1
        elif block.kind == "table":
            seen_table = True
    return rows


def policy_texts(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The block's own words, for the first vectoriser."""
    return [row["text"] for row in rows]


def policy_contexts(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The sub-heading's words (and the block before a fragment)."""
    return [row["context"] for row in rows]


def policy_shapes(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row without its texts, for the DictVectorizer."""
    return [{k: v for k, v in row.items() if k not in ("text", "context", "section")} for row in rows]


def policy_sections(rows: Sequence[dict[str, Any]]) -> list[str]:
    return [row["section"] for row in rows]


def build_policy_pipeline(*, c: float = 4.0) -> Pipeline:
    """Unfitted: word 1-2-gram TF-IDF of the block and of its context + shape
    features -> logistic regression."""
    words = Pipeline([
        ("pick", FunctionTransformer(policy_texts)),
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000, sublinear_tf=True)),
    ])
    context = Pipeline([
        ("pick", FunctionTransformer(policy_contexts)),
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=20000, sublinear_tf=True)),
    ])
    section = Pipeline([
        ("pick", FunctionTransformer(policy_sections)),
        ("tfidf", TfidfVectorizer(ngram_range=(1, 1), min_df=2, max_features=20000, sublinear_tf=True)),
    ])
    shape = Pipeline([("pick", FunctionTransformer(policy_shapes)), ("vec", DictVectorizer())])
    return Pipeline([
        ("features", FeatureUnion([("words", words), ("context", context), ("section", section), ("shape", shape)])),
        ("model", LogisticRegression(C=c, solver="liblinear", class_weight="balanced")),
    ])
