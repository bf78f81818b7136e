"""Features of a block in its context, for the block classifier.

Everything here is a module-level function so the fitted scikit-learn
pipeline pickles (lambdas do not). :func:`blocks_to_features` turns a note's
blocks into one dict per block; the pipeline's transformers pick the text
(:func:`feature_texts`) and the shape features (:func:`feature_shapes`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from .patterns import FEATURE_MARKER_RE, FEATURE_NUMBER_RE
from .types import Block

#: How much of a block's text the character n-grams see; the start of a
#: block says most about its kind and keeps cost flat for long paragraphs.
TEXT_PREFIX_CHARS = 240

# A footnote opens with a marker (seed 000 "(i) Work-in-process primarily consists ...")
# and a table cell is a number: segmenter.patterns' FEATURE_MARKER_RE and FEATURE_NUMBER_RE,
# frozen there because the shipped classifier was trained on them.
_NOTE_NUMBER = re.compile(r"^\s*(?:note\s+)?(?:\d{1,2}|[A-Z])\s*[.:)\-—–]\s*\S", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_VIEWER = re.compile(r"\[(?:abstract|line items|table|axis|member|domain)\]|months ended|no definition available|- definition|\+ references", re.I)


def _bucket(n: float) -> int:
    """Log2 bucket of a count, so lengths generalise across filings."""
    return int(math.log2(n + 1))


def block_shape(block: Block) -> dict[str, Any]:
    """Shape features of one block alone (no context)."""
    text = block.text
    words = _WORD.findall(text[:2000])
    n_words = len(words)
    letters = [c for c in text[:2000] if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    cells = [c.text for c in block.cells if c.text]
    numeric = sum(1 for c in cells if FEATURE_NUMBER_RE.match(c.replace(" ", "")))
    stripped = text.rstrip()
    return {
        "hint=" + block.hint: 1,
        "len_bucket": _bucket(len(text)),
        "words_bucket": _bucket(n_words),
        "upper_frac": round(upper / len(letters), 1) if letters else 0.0,
        "all_caps": int(bool(letters) and upper == len(letters)),
        "title_case": int(n_words > 0 and sum(1 for w in words if w[0].isupper()) / n_words > 0.7),
        "ends_period": int(stripped.endswith(".")),
        "ends_colon": int(stripped.endswith(":")),
        "marker_start": int(bool(FEATURE_MARKER_RE.match(text))),
        "note_number_start": int(bool(_NOTE_NUMBER.match(text))),
        "viewer_words": int(bool(_VIEWER.search(text[:500]))),
        "schedule_of": int(text[:12].upper().startswith("SCHEDULE")),
        "has_digit": int(any(c.isdigit() for c in text[:500])),
        "cells_bucket": _bucket(len(cells)),
        "numeric_cell_frac": round(numeric / len(cells), 1) if cells else 0.0,
        "in_thousands": int("in thousands" in text[:500].lower() or "in millions" in text[:500].lower()),
    }


def blocks_to_features(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """One feature dict per block of a note, with its neighbours' hints.

    The dict has the key ``"text"`` (the block's text prefix) and shape keys.
    """
    out: list[dict[str, Any]] = []
    n = len(blocks)
    for i, block in enumerate(blocks):
        feats = block_shape(block)
        feats["text"] = block.text[:TEXT_PREFIX_CHARS]
        feats["first"] = int(i == 0)
        feats["last"] = int(i == n - 1)
        feats["prev=" + (blocks[i - 1].hint if i else "START")] = 1
        feats["next=" + (blocks[i + 1].hint if i + 1 < n else "END")] = 1
        if i and blocks[i - 1].hint in ("cells", "footnote"):
            feats["after_table"] = 1
        if i and FEATURE_MARKER_RE.match(blocks[i - 1].text):
            feats["prev_marker"] = 1
        if i + 1 < n and blocks[i + 1].hint == "cells":
            feats["before_table"] = 1
        out.append(feats)
    return out


def feature_texts(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The text of each feature dict, for the n-gram vectoriser."""
    return [row["text"] for row in rows]


def feature_shapes(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each feature dict without its text, for the DictVectorizer."""
    return [{k: v for k, v in row.items() if k != "text"} for row in rows]
