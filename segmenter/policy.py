"""Does a text block state an accounting policy? A second scikit-learn model.

Filers tag their policies with ``...PolicyTextBlock``; those tags label the
training text blocks (see training_data/DATA_CARD.md). Policies sit mostly in
the significant-policies note, so the note's topic is a feature beside the
words of the block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from .features import feature_shapes, feature_texts
from .types import Block

#: Policies announce themselves in their first sentences ("Revenue is
#: recognized when ..."); the rest of a long paragraph adds little.
POLICY_TEXT_CHARS = 1500


def blocks_to_policy_rows(blocks: Sequence[Block], topic: str | None) -> list[dict[str, Any]]:
    """One feature dict per block: its words and the note's topic."""
    rows = []
    for i, block in enumerate(blocks):
        rows.append({
            "text": block.text[:POLICY_TEXT_CHARS],
            f"topic={topic or 'none'}": 1,
            "after_heading": int(i > 0 and blocks[i - 1].kind == "heading"),
            "long": int(len(block.text) > 300),
        })
    return rows


def build_policy_pipeline(*, c: float = 4.0) -> Pipeline:
    """Unfitted: word 1-2-gram TF-IDF + topic features -> logistic regression."""
    words = Pipeline([
        ("pick", FunctionTransformer(feature_texts)),
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50000, sublinear_tf=True)),
    ])
    shape = Pipeline([("pick", FunctionTransformer(feature_shapes)), ("vec", DictVectorizer())])
    return Pipeline([
        ("features", FeatureUnion([("words", words), ("shape", shape)])),
        ("model", LogisticRegression(C=c, max_iter=3000, class_weight="balanced")),
    ])
