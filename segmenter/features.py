"""Features of a block in its context, for the block classifier.

Everything the fitted scikit-learn pipeline refers to is a module-level
function, so it pickles (lambdas do not). :func:`blocks_to_features` turns a
note's blocks into one dict per block; the pipeline's transformers pick the
text (:func:`feature_texts`) and the shape features (:func:`feature_shapes`).
At prediction time :class:`ExactTfidf` and :class:`ExactDictVectorizer` stand
in for the fitted vectorisers: the same matrices, computed faster.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

try:  # private helpers of the scikit-learn the bundle pins; without them, scikit-learn's own vectorisers run
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - depends on the installed scikit-learn
    _align_api_if_sparse = None

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


def _letters_and_upper(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are letters (``str.isalpha``) and how
    many of those are upper case; C-level passes, no per-character Python."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS)), len(raw) - len(raw.translate(None, _ASCII_UPPER))
    letters = "".join(filter(str.isalpha, text))
    return len(letters), sum(map(str.isupper, letters))


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + _ASCII_UPPER.lower()


def block_shape(block: Block) -> dict[str, Any]:
    """Shape features of one block alone (no context)."""
    text = block.text
    head = text[:2000]
    words = _WORD.findall(head)
    n_words = len(words)
    n_letters, upper = _letters_and_upper(head)
    cells = list(filter(None, map(attrgetter("text"), block.cells)))
    # Cells whose text without spaces is a number.
    numeric = sum(map(bool, map(FEATURE_NUMBER_RE.match, map(str.replace, cells, repeat(" "), repeat("")))))
    stripped = text.rstrip()
    start = text[:500]
    start_lower = start.lower()
    return {
        "hint=" + block.hint: 1,
        "len_bucket": _bucket(len(text)),
        "words_bucket": _bucket(n_words),
        "upper_frac": round(upper / n_letters, 1) if n_letters else 0.0,
        "all_caps": int(bool(n_letters) and upper == n_letters),
        # A word opens with an ASCII letter (_WORD), upper case or not.
        "title_case": int(n_words > 0 and sum(map(str.isupper, map(itemgetter(0), words))) / n_words > 0.7),
        "ends_period": int(stripped.endswith(".")),
        "ends_colon": int(stripped.endswith(":")),
        "marker_start": int(bool(FEATURE_MARKER_RE.match(text))),
        "note_number_start": int(bool(_NOTE_NUMBER.match(text))),
        "viewer_words": int(bool(_VIEWER.search(start))),
        "schedule_of": int(text[:12].upper().startswith("SCHEDULE")),
        "has_digit": int(any(map(str.isdigit, start))),
        "cells_bucket": _bucket(len(cells)),
        "numeric_cell_frac": round(numeric / len(cells), 1) if cells else 0.0,
        "in_thousands": int("in thousands" in start_lower or "in millions" in start_lower),
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


# --------------------------------------------------------------------------- prediction-time vectorisers
# scikit-learn's TfidfVectorizer.transform cuts every n-gram into a Python
# string and counts it in a Python loop, and DictVectorizer type-checks every
# key in Python: with the feature rows, the two models took 35-45% of a whole
# filing's time (issue 4). ExactTfidf gives a fitted TF-IDF's matrix, the same
# bit for bit, with each n-gram a number (its characters or tokens as digits)
# looked up by numpy in the vocabulary's sorted numbers, and each distinct text
# counted once (a sub-section's words repeat for each of its blocks).
# ExactDictVectorizer builds the shape features' matrix from C-level passes.
# Both end in scikit-learn's own code (the vectoriser's ``_tfidf``,
# ``_align_api_if_sparse``) of the version the bundle pins (load_bundle
# refuses any other); tests/test_features.py compares the matrices bit for bit.

#: scikit-learn's default token pattern, the one whose tokens hold no space.
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def _code_points(text: str) -> Any:
    """The code points of ``text`` (a lone surrogate as itself)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _digits_to_keys(digits: Any, n: int, base: int) -> Any:
    """Key of every window of ``n`` digits: the digits read in ``base``."""
    width = max(len(digits) - n + 1, 0)
    keys = digits[:width].copy()
    for k in range(1, n):
        keys *= base
        keys += digits[k:k + width]
    return keys


class ExactTfidf(TransformerMixin, BaseEstimator):
    """A fitted ``TfidfVectorizer`` at prediction time: :meth:`transform` gives
    its matrix, identical and faster. Make one with :meth:`wrap`, which keeps
    the vectoriser itself unless it is one this class reproduces: lower-cased
    text, no accent stripping, stop words or custom pre-processor, counts not
    binary, and either char_wb n-grams of sizes from at most 3 up to at most 4
    or 1- and 2-grams of words of the default token pattern."""

    def __init__(self, vectorizer: Any) -> None:
        self.vectorizer = vectorizer

    def _build(self) -> None:
        """The vocabulary as sorted keys (each term's digits read in base
        ``base``) and the feature index of each."""
        vectorizer = self.vectorizer
        self.low, self.high = vectorizer.ngram_range
        self.analyzer: str = vectorizer.analyzer
        self.width = len(vectorizer.vocabulary_)
        terms = list(vectorizer.vocabulary_)
        if self.analyzer == "char_wb":
            # Digits are 1 + the character's place in the alphabet of the terms;
            # 0 stands for a character no term holds.
            codes = _code_points("".join(terms))
            self.alphabet = np.unique(codes)
            digits = np.searchsorted(self.alphabet, codes) + 1
            sizes = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        else:
            # Digits are 1 + the token's id; a term is 1 or 2 tokens, and tokens hold no space.
            self.findall = re.compile(vectorizer.token_pattern).findall
            tokens = " ".join(terms).split(" ")
            names, digits = np.unique(np.array(tokens, dtype=str), return_inverse=True)
            digits = digits + 1
            self.token_ids: dict[str, int] = dict(zip(names.tolist(), range(len(names))))
            sizes = np.fromiter(map(str.count, terms, repeat(" ")), dtype=np.int64, count=len(terms)) + 1
        self.base = (len(self.alphabet) if self.analyzer == "char_wb" else len(self.token_ids)) + 1
        # Each term's digits, right-aligned in a row of ``high`` (leading 0s add nothing).
        padded = np.zeros((len(terms), self.high), dtype=np.uint64)
        ends = np.cumsum(sizes)
        place = np.arange(len(digits)) - np.repeat(ends - sizes, sizes)
        padded[np.repeat(np.arange(len(terms)), sizes), self.high - np.repeat(sizes, sizes) + place] = digits.astype(np.uint64)
        keys = np.zeros(len(terms), dtype=np.uint64)
        for column in padded.T:
            keys = keys * np.uint64(self.base) + column
        order = np.argsort(keys)
        self.keys = keys[order]
        self.features = np.fromiter(vectorizer.vocabulary_.values(), dtype=np.int64, count=len(terms))[order]

    @classmethod
    def wrap(cls, vectorizer: Any) -> Any:
        """``ExactTfidf(vectorizer)`` when it reproduces that fitted vectoriser,
        else the vectoriser unchanged. (From char_wb 4-grams up scikit-learn
        also counts a short word whole as the smallest size's n-gram.)"""
        v = vectorizer
        if _align_api_if_sparse is None or not hasattr(v, "_tfidf"):
            return v
        if not (type(v) is TfidfVectorizer and hasattr(v, "vocabulary_") and v.input == "content" and v.lowercase
                and v.strip_accents is None and v.preprocessor is None and v.tokenizer is None
                and v.stop_words is None and not v.binary and v.vocabulary_):
            return v
        low, high = v.ngram_range
        if not (v.analyzer == "char_wb" and 1 <= low <= 3 and high <= 4
                or v.analyzer == "word" and v.token_pattern == DEFAULT_TOKEN_PATTERN and 1 <= low <= high <= 2):
            return v
        exact = cls(v)
        exact._build()
        return exact if exact.base ** high < 2**63 else v  # keys must fit in 64 bits

    def _hits(self, keys: Any, starts: Any, doc_of: Any) -> tuple[Any, Any]:
        """(row, feature) of every key found in the vocabulary."""
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[at] == keys
        return doc_of[starts[found]], self.features[at[found]]

    def _char_hits(self, docs: Sequence[str]) -> list[tuple[Any, Any]]:
        """scikit-learn pads each word of a document with one space and cuts
        its n-grams. Here each document's padded words are joined into one
        string (two neighbours' padding makes a double space) and the
        documents are joined with a separator, digit 0. A window holding a 0
        is skipped; one that crosses words holds a double space, which no
        padded word, so no term, holds; every other window is an n-gram
        scikit-learn cuts. ``str.split()`` splits where the analyzer's
        ``\\s\\s+`` -> " " then split does (``\\s`` and ``str.isspace`` agree
        on every code point)."""
        joined = [" " + "  ".join(words) + " " if words else "" for words in (doc.lower().split() for doc in docs)]
        lengths = np.array([len(j) + 1 for j in joined], dtype=np.int64)
        codes = _code_points("\0".join(joined) + "\0")
        at = np.minimum(np.searchsorted(self.alphabet, codes), len(self.alphabet) - 1)
        digits = np.where(self.alphabet[at] == codes, at + 1, 0).astype(np.uint64)
        digits[np.cumsum(lengths) - 1] = 0
        zeros = np.concatenate(([0], np.cumsum(digits == 0)))
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        hits = []
        for n in range(self.low, self.high + 1):
            keys = _digits_to_keys(digits, n, self.base)
            starts = np.flatnonzero(zeros[n:] == zeros[:len(keys)])
            hits.append(self._hits(keys[starts], starts, doc_of))
        return hits

    def _word_hits(self, docs: Sequence[str]) -> list[tuple[Any, Any]]:
        """Tokens as scikit-learn's default tokenizer cuts them, each the id of
        the token in the terms (-1 for none: no term holds it), and 2-grams of
        two neighbours in one document."""
        get = self.token_ids.get
        ids: list[int] = []
        lengths = []
        for doc in docs:
            tokens = self.findall(doc.lower())
            ids.extend(map(get, tokens, repeat(-1)))
            lengths.append(len(tokens))
        tokens_arr = np.array(ids, dtype=np.int64)
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        hits = []
        if self.low == 1:
            starts = np.flatnonzero(tokens_arr >= 0)
            hits.append(self._hits(tokens_arr[starts].astype(np.uint64) + 1, starts, doc_of))
        if self.high == 2 and len(ids) > 1:
            first, second = tokens_arr[:-1], tokens_arr[1:]
            starts = np.flatnonzero((first >= 0) & (second >= 0) & (doc_of[:-1] == doc_of[1:]))
            keys = (first[starts].astype(np.uint64) + 1) * np.uint64(self.base) + (second[starts].astype(np.uint64) + 1)
            hits.append(self._hits(keys, starts, doc_of))
        return hits

    def counts(self, docs: Sequence[str]) -> Any:
        """The count matrix of ``docs`` as CountVectorizer.transform builds it
        (float64, int32 indices sorted within each row)."""
        for doc in docs:
            if not isinstance(doc, str):
                raise TypeError(f"expected text, got {type(doc).__name__}")
        hits = (self._char_hits(docs) if self.analyzer == "char_wb" else self._word_hits(docs)) if docs else []
        rows = np.concatenate([r for r, _ in hits] or [np.zeros(0, np.int64)])
        cols = np.concatenate([c for _, c in hits] or [np.zeros(0, np.int64)])
        # COO -> CSR sums the repeated (row, feature) pairs and sorts each row.
        return sparse.csr_array((np.ones(len(rows), dtype=self.vectorizer.dtype), (rows, cols)),
                                shape=(len(docs), self.width))

    def fit(self, docs: Sequence[str], y: Any = None) -> ExactTfidf:
        raise TypeError("ExactTfidf only predicts: fit the TfidfVectorizer it stands in for")

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self.vectorizer, "vocabulary_")

    def transform(self, docs: Sequence[str]) -> Any:
        """The TF-IDF matrix of ``docs``: each distinct text counted once."""
        if isinstance(docs, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        if not hasattr(self, "keys"):
            self._build()
        distinct: dict[str, int] = {}
        rows = [distinct.setdefault(doc, len(distinct)) for doc in docs]
        matrix = self.vectorizer._tfidf.transform(self.counts(list(distinct)), copy=False)
        return matrix if len(distinct) == len(rows) else matrix[rows]


class ExactDictVectorizer(TransformerMixin, BaseEstimator):
    """A fitted sparse ``DictVectorizer`` at prediction time, for rows whose
    values are all numbers (the shape features): its matrix, explicit zeros
    and all, identical, from C-level passes over the rows instead of a
    Python loop with type checks per key. Any other rows go to the
    vectoriser itself. Make one with :meth:`wrap`."""

    _NUMBERS = frozenset((int, float, bool))

    def __init__(self, vectorizer: Any) -> None:
        self.vectorizer = vectorizer

    @classmethod
    def wrap(cls, vectorizer: Any) -> Any:
        """``ExactDictVectorizer(vectorizer)`` for a fitted sparse DictVectorizer, else the vectoriser unchanged."""
        plain = type(vectorizer) is DictVectorizer and hasattr(vectorizer, "vocabulary_") and vectorizer.sparse
        return cls(vectorizer) if plain and _align_api_if_sparse is not None else vectorizer

    def fit(self, rows: Sequence[dict[str, Any]], y: Any = None) -> ExactDictVectorizer:
        raise TypeError("ExactDictVectorizer only predicts: fit the DictVectorizer it stands in for")

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self.vectorizer, "vocabulary_")

    def transform(self, rows: Sequence[dict[str, Any]]) -> Any:
        """The matrix ``DictVectorizer.transform(rows)`` gives."""
        if not isinstance(rows, Sequence) or not rows or not all(isinstance(row, dict) for row in rows):
            return self.vectorizer.transform(rows)
        names: list[str] = []
        values: list[Any] = []
        for row in rows:
            names.extend(row)
            values.extend(row.values())
        if not set(map(type, values)) <= self._NUMBERS:
            return self.vectorizer.transform(rows)
        ids = np.fromiter(map(self.vectorizer.vocabulary_.get, names, repeat(-1)), dtype=np.int64, count=len(names))
        known = ids >= 0
        row_of = np.repeat(np.arange(len(rows)), np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)))
        indptr = np.concatenate(([0], np.cumsum(np.bincount(row_of[known], minlength=len(rows)))))
        dtype = self.vectorizer.dtype
        # Built as DictVectorizer builds it (C-int indices, a list indptr), so
        # scipy settles on the same index types.
        matrix = sparse.csr_array((np.array(values, dtype=dtype)[known], ids[known].astype(np.intc), indptr.tolist()),
                                  shape=(len(rows), len(self.vectorizer.vocabulary_)), dtype=dtype)
        matrix.sort_indices()
        return _align_api_if_sparse(matrix)
