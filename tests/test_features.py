"""features.py: what the block classifier sees of each block."""

from __future__ import annotations

from segmenter.features import TEXT_PREFIX_CHARS, block_shape, blocks_to_features, feature_shapes, feature_texts
from segmenter.pipetext import text_to_blocks


def _blocks(path):
    return text_to_blocks(path.read_text(encoding="utf-8"))


def test_one_feature_row_per_block_with_neighbours(seed_paths):
    blocks = _blocks(seed_paths[0])
    rows = blocks_to_features(blocks)
    assert len(rows) == len(blocks)
    assert rows[0]["first"] == 1 and rows[-1]["last"] == 1
    assert all(len(r["text"]) <= TEXT_PREFIX_CHARS for r in rows)
    table_at = next(i for i, b in enumerate(blocks) if b.hint == "cells")
    assert rows[table_at - 1].get("before_table") == 1
    assert rows[table_at + 1].get("after_table") == 1


def test_shapes_tell_a_footnote_a_heading_and_a_table_apart(seed_paths):
    blocks = _blocks(seed_paths[0])
    by_text = {b.text[:12]: block_shape(b) for b in blocks}
    assert by_text["(i) | Work-i"]["marker_start"] == 1
    assert by_text["5. INVENTORI"]["note_number_start"] == 1 and by_text["5. INVENTORI"]["all_caps"] == 1
    table = next(block_shape(b) for b in blocks if b.hint == "cells")
    assert table["numeric_cell_frac"] >= 0.5


def test_text_and_shapes_split_cleanly(seed_paths):
    rows = blocks_to_features(_blocks(seed_paths[2]))
    assert feature_texts(rows) == [r["text"] for r in rows]
    assert all("text" not in r for r in feature_shapes(rows))


# ExactTfidf (issue 4): the shipped models' TF-IDF matrices, the same bit for bit, faster.

def _corpus_blocks(fixtures):
    """Blocks of the 36 real corpus notes (pipe text), kinds as the reader left them."""
    return [b for p in sorted((fixtures / "corpus").glob("*.txt")) for b in _blocks(p)]


#: Texts where a cheaper analyzer could part from scikit-learn's: no words, one-letter
#: words, runs of Unicode spaces, case changes that change length ("İ"), a lone
#: surrogate, the separator ExactTfidf joins documents with, and repeats.
EDGE_TEXTS = ["", " ", "\u2003\n\t", "a", "a b  c", "İstanbul İnc.", "ǅemal Ⅻ Ⓐ", "cost\udc80of sales",
              "a\x00b", "Inventories", "Inventories", "(in thousands, except per-share data)"]


def _shipped_vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from segmenter.classifier import load_bundle

    bundle = load_bundle()
    parts = (bundle["pipeline"].named_steps["features"].transformer_list
             + bundle["policy_pipeline"].estimator_.named_steps["features"].transformer_list)
    return {name: part.steps[-1][1] for name, part in parts if isinstance(part.steps[-1][1], TfidfVectorizer)}


def _assert_same_matrix(expected, got):
    assert type(got) is type(expected) and got.shape == expected.shape
    for attr in ("indptr", "indices", "data"):
        a, b = getattr(expected, attr), getattr(got, attr)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), attr


def test_exact_tfidf_gives_each_shipped_vectorisers_matrix(fixtures, seed_paths):
    from segmenter.features import ExactTfidf
    from segmenter.policy import blocks_to_policy_rows

    blocks = _corpus_blocks(fixtures) + [b for p in seed_paths for b in _blocks(p)]
    rows = blocks_to_policy_rows(blocks, "accounting_policies")
    texts = {"text": feature_texts(blocks_to_features(blocks)), "words": [r["text"] for r in rows],
             "context": [r["context"] for r in rows], "section": [r["section"] for r in rows]}
    vectorizers = _shipped_vectorizers()
    assert set(vectorizers) == set(texts)
    for name, vectorizer in vectorizers.items():
        exact = ExactTfidf.wrap(vectorizer)
        assert isinstance(exact, ExactTfidf), name
        docs = texts[name] + EDGE_TEXTS
        expected = vectorizer.transform(docs)
        # enough terms that a difference would show ("context" is short: the words before a block)
        assert expected.nnz > 10 * len(docs) if name == "text" else expected.nnz > len(docs) // 2
        _assert_same_matrix(expected, exact.transform(docs))


def test_exact_tfidf_stands_in_only_where_it_reproduces_the_vectoriser(seed_paths):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from segmenter.features import ExactTfidf

    docs = [b.text for p in seed_paths for b in _blocks(p)]
    reproduced = [TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)), TfidfVectorizer(ngram_range=(2, 2)),
                  TfidfVectorizer()]
    kept = [TfidfVectorizer(analyzer="char", ngram_range=(2, 4)),   # n-grams across words
            TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5)),  # short words counted whole
            TfidfVectorizer(token_pattern=r"\S+"), TfidfVectorizer(ngram_range=(1, 3)),
            TfidfVectorizer(binary=True), TfidfVectorizer(lowercase=False), TfidfVectorizer(strip_accents="unicode")]
    for vectorizer in reproduced:
        vectorizer.fit(docs)
        exact = ExactTfidf.wrap(vectorizer)
        assert isinstance(exact, ExactTfidf)
        _assert_same_matrix(vectorizer.transform(docs + EDGE_TEXTS), exact.transform(docs + EDGE_TEXTS))
    for vectorizer in kept:
        assert ExactTfidf.wrap(vectorizer) is vectorizer  # not fitted
        assert ExactTfidf.wrap(vectorizer.fit(docs)) is vectorizer


def test_exact_dict_vectorizer_gives_the_shipped_shape_matrices(fixtures, seed_paths):
    from sklearn.feature_extraction import DictVectorizer

    from segmenter.classifier import load_bundle
    from segmenter.features import ExactDictVectorizer
    from segmenter.policy import blocks_to_policy_rows, policy_shapes

    bundle = load_bundle()
    kinds = bundle["pipeline"].named_steps["features"].transformer_list[1][1].steps[-1][1]
    policies = bundle["policy_pipeline"].estimator_.named_steps["features"].transformer_list[3][1].steps[-1][1]
    blocks = _corpus_blocks(fixtures) + [b for p in seed_paths for b in _blocks(p)]
    edge = [{}, {"never seen": 1}, {"all_caps": True, "upper_frac": 0.0}]  # an explicit zero stays stored
    for vectorizer, rows in ((kinds, feature_shapes(blocks_to_features(blocks))),
                             (policies, policy_shapes(blocks_to_policy_rows(blocks, "accounting_policies")))):
        exact = ExactDictVectorizer.wrap(vectorizer)
        assert isinstance(vectorizer, DictVectorizer) and isinstance(exact, ExactDictVectorizer)
        _assert_same_matrix(vectorizer.transform(rows + edge), exact.transform(rows + edge))
    # A text value is DictVectorizer's "key=value" feature: handed to it.
    _assert_same_matrix(kinds.transform([{"hint": "cells"}]), ExactDictVectorizer(kinds).transform([{"hint": "cells"}]))
    assert ExactDictVectorizer.wrap(DictVectorizer(sparse=False).fit([{"a": 1}])).__class__ is DictVectorizer


def test_letter_counts_follow_str_isalpha_and_isupper(fixtures):
    from segmenter.features import _letters_and_upper

    texts = [b.text for b in _corpus_blocks(fixtures)] + EDGE_TEXTS + ["ÉTATS FINANCIERS", "Ⅻ Ⓐ ² ß"]
    for text in texts:
        letters = [c for c in text if c.isalpha()]
        assert _letters_and_upper(text) == (len(letters), sum(1 for c in letters if c.isupper())), text
    # Roman numeral twelve and a circled A are upper case but not letters.
    assert _letters_and_upper("Ⅻ Ⓐ ² ß") == (1, 0)
    assert block_shape(text_to_blocks("ÉTATS FINANCIERS CONSOLIDÉS")[0])["all_caps"] == 1
