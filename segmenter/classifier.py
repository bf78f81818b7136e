"""Build, train, save and load the block classifier (one joblib bundle).

The bundle is a dict: the fitted scikit-learn ``Pipeline``, the bundle format
version, the library versions it was fitted with, its label set, a SHA-256 of
the training data and its held-out scores. :func:`load_bundle` refuses a bundle
from another format or scikit-learn version with a :class:`ModelError`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import platform
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, precision_recall_fscore_support
from sklearn.model_selection import FixedThresholdClassifier, GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from . import __version__
from .errors import ModelError
from .features import ExactDictVectorizer, ExactTfidf, blocks_to_features, feature_shapes, feature_texts
from .periodtypes import ROW_PERIODS_FILE, build_period_type_pipeline
from .pipetext import text_to_blocks
from .policy import blocks_to_policy_rows, build_policy_pipeline
from .types import BLOCK_KINDS, Block

BUNDLE_FORMAT = 4
BUNDLE_NAME = "block_classifier.joblib"


def build_pipeline(*, c: float = 4.0, max_ngram_features: int = 30000) -> Pipeline:
    """An unfitted pipeline: char n-grams of the text + shape features -> logistic regression."""
    text = Pipeline([
        ("pick", FunctionTransformer(feature_texts)),
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True,
                                  max_features=max_ngram_features, sublinear_tf=True)),
    ])
    shape = Pipeline([
        ("pick", FunctionTransformer(feature_shapes)),
        ("vec", DictVectorizer(sparse=True)),
    ])
    return Pipeline([
        ("features", FeatureUnion([("text", text), ("shape", shape)])),
        ("model", LogisticRegression(C=c, max_iter=3000, class_weight="balanced")),
    ])


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled note: its blocks as the reader cuts them, one kind and one
    policy flag per block, and the note's topic."""

    note_id: str
    ticker: str
    split: str
    blocks: tuple[Block, ...]
    labels: tuple[str, ...]
    policies: tuple[bool, ...] = ()
    topic: str | None = None


def _best_span(block: Block, spans: Sequence[Sequence[Any]]) -> Sequence[Any] | None:
    best, best_overlap = None, 0
    for span in spans:
        overlap = min(block.end, span[1]) - max(block.start, span[0])
        if overlap > best_overlap:
            best, best_overlap = span, overlap
    return best


def spans_to_label(block: Block, spans: Sequence[Sequence[Any]]) -> str:
    """The kind of the labelled span that overlaps ``block`` most (``text`` if none)."""
    best = _best_span(block, spans)
    return "text" if best is None else best[2]


def spans_to_policy(block: Block, spans: Sequence[Sequence[Any]]) -> bool:
    """Whether the span that overlaps ``block`` most is policy text."""
    best = _best_span(block, spans)
    return bool(best is not None and len(best) > 3 and best[3])


def _read_jsonl(path: Path, what: str, record: Callable[[dict[str, Any], int], Any]) -> list[Any]:
    """``record(line, line_no)`` for each non-blank JSON line of ``path``; a line
    that does not parse or that ``record`` rejects (KeyError, ValueError,
    TypeError) is a :class:`ModelError` naming the file, the line and ``what``."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(record(json.loads(line), line_no))
            except (KeyError, ValueError, TypeError) as exc:
                raise ModelError(f"bad {what} at line {line_no} ({exc})", source=str(path), stage="train") from exc
    return out


def read_examples(paths: Iterable[Path]) -> list[Example]:
    """Labelled notes from training JSONL files, cut into blocks by the pipe-text reader."""
    examples = []
    for path in paths:

        def example(rec: dict[str, Any], line_no: int, path: Path = path) -> Example:
            blocks = tuple(text_to_blocks(rec["text"]))
            labels = tuple(spans_to_label(b, rec["spans"]) for b in blocks)
            policies = tuple(spans_to_policy(b, rec["spans"]) for b in blocks)
            bad = set(labels) - set(BLOCK_KINDS)
            if bad:
                raise ValueError(f"unknown labels {sorted(bad)}")
            return Example(rec.get("id", f"{path.name}:{line_no}"), rec.get("ticker", ""),
                           rec.get("split", "train"), blocks, labels, policies, rec.get("topic"))

        examples.extend(_read_jsonl(path, "training record", example))
    return examples


def _xy(examples: Sequence[Example]) -> tuple[list[dict[str, Any]], list[str]]:
    x: list[dict[str, Any]] = []
    y: list[str] = []
    for ex in examples:
        x.extend(blocks_to_features(ex.blocks))
        y.extend(ex.labels)
    return x, y


def _policy_xy(examples: Sequence[Example]) -> tuple[list[dict[str, Any]], list[bool], list[str]]:
    """Policy rows for the text blocks (by their true kind) of each note, their
    labels and their companies."""
    x: list[dict[str, Any]] = []
    y: list[bool] = []
    groups: list[str] = []
    for ex in examples:
        blocks = [replace(b, kind=k) for b, k in zip(ex.blocks, ex.labels)]
        rows = blocks_to_policy_rows(blocks, ex.topic)
        for block, row, policy in zip(blocks, rows, ex.policies):
            if block.kind == "text":
                x.append(row)
                y.append(policy)
                groups.append(ex.ticker)
    return x, y, groups


#: Thresholds tried for the policy flag, on the probability of "policy".
POLICY_THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(27))
POLICY_FOLDS = 5


def choose_policy_threshold(x: Sequence[dict[str, Any]], y: Sequence[bool], groups: Sequence[str],
                            *, folds: int = POLICY_FOLDS) -> tuple[float, float | None]:
    """(threshold, F1) with the best F1 on out-of-fold predictions, the folds
    split by company (``groups``), so the threshold is chosen on training
    companies only and on companies each fold's model has not seen."""
    proba = [0.0] * len(y)
    for fit_idx, score_idx in GroupKFold(n_splits=folds).split(x, y, groups):
        model = build_policy_pipeline().fit([x[i] for i in fit_idx], [y[i] for i in fit_idx])
        for i, p in zip(score_idx, model.predict_proba([x[i] for i in score_idx])[:, 1]):
            proba[i] = float(p)
    best = (-1.0, 0.5)
    for threshold in POLICY_THRESHOLDS:
        _, _, f1, _ = precision_recall_fscore_support(y, [p >= threshold for p in proba], average="binary", zero_division=0)
        if f1 > best[0]:
            best = (float(f1), threshold)
    return best[1], best[0]


def train_policy(examples: Sequence[Example]) -> tuple[FixedThresholdClassifier, dict[str, Any]]:
    """The policy model fitted on ``examples`` with its threshold chosen by
    company-grouped cross-validation on them -> (model, what was chosen)."""
    x, y, groups = _policy_xy(examples)
    folds = min(POLICY_FOLDS, len(set(groups)))
    threshold, cv_f1 = choose_policy_threshold(x, y, groups, folds=folds) if folds >= 2 else (0.5, None)
    model = FixedThresholdClassifier(build_policy_pipeline(), threshold=threshold, response_method="predict_proba")
    model.fit(x, y)
    return model, {"threshold": threshold, "cv_f1_train_companies": cv_f1, "cv_folds": folds}


def read_row_periods(path: Path) -> list[dict[str, Any]]:
    """The lines of ``row_periods.jsonl`` (:mod:`segmenter.periodtypes`)."""

    def row(rec: dict[str, Any], _line_no: int) -> dict[str, Any]:
        if not isinstance(rec["label"], str) or rec["kind"] not in ("instant", "duration"):
            raise ValueError(f"kind {rec['kind']!r}")
        return rec

    return _read_jsonl(path, "row-period record", row)


def train_period_types(records: Sequence[dict[str, Any]]) -> tuple[Pipeline, dict[str, Any]]:
    """The period-type model fitted on the ``train`` records, scored on the
    ``test`` ones (share of distinct company/label/kind lines right)."""
    train = [r for r in records if r.get("split", "train") == "train"]
    test = [r for r in records if r.get("split") == "test"]
    if len({r["kind"] for r in train}) < 2:
        raise ModelError("row-period data needs both kinds in its train split", source=ROW_PERIODS_FILE, stage="train")
    model = build_period_type_pipeline().fit([r["label"] for r in train], [r["kind"] for r in train])
    scores: dict[str, Any] = {"train_labels": len(train), "test_labels": len(test)}
    if test:
        predicted = model.predict([r["label"] for r in test])
        scores["held_out_accuracy"] = float(sum(p == r["kind"] for p, r in zip(predicted, test)) / len(test))
    return model, scores


def files_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the training files' bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train_bundle(data_dir: Path) -> dict[str, Any]:
    """Fit on the ``train`` split of ``data_dir/*.jsonl``, score on ``test``; returns the bundle.
    Every JSONL file holds labelled notes but ``row_periods.jsonl``, which trains
    the period-type model (:mod:`segmenter.periodtypes`)."""
    paths = sorted(Path(data_dir).glob("*.jsonl"))
    note_paths = [p for p in paths if p.name != ROW_PERIODS_FILE]
    if not note_paths:
        raise ModelError("no *.jsonl training files", source=str(data_dir), stage="train")
    row_periods_path = Path(data_dir) / ROW_PERIODS_FILE
    if not row_periods_path.is_file():
        raise ModelError(f"no {ROW_PERIODS_FILE} beside the notes; build it with `python -m segmenter.trainingdata`",
                         source=str(data_dir), stage="train")
    examples = read_examples(note_paths)
    train = [e for e in examples if e.split == "train"]
    test = [e for e in examples if e.split == "test"]
    x_train, y_train = _xy(train)
    pipeline = build_pipeline()
    pipeline.fit(x_train, y_train)
    policy, policy_choice = train_policy(train)
    period_types, period_type_scores = train_period_types(read_row_periods(row_periods_path))
    scores: dict[str, Any] = {
        "train_notes": len(train), "train_blocks": len(y_train),
        "train_companies": sorted({e.ticker for e in train}),
        "test_companies": sorted({e.ticker for e in test}),
        "period_types": period_type_scores,
    }
    if test:
        x_test, y_test = _xy(test)
        predicted = pipeline.predict(x_test)
        scores["test_notes"] = len(test)
        scores["test_blocks"] = len(y_test)
        scores["held_out"] = classification_report(y_test, predicted, output_dict=True, zero_division=0)
        px_test, py_test, _ = _policy_xy(test)
        p, r, f, _ = precision_recall_fscore_support(py_test, policy.predict(px_test), average="binary", zero_division=0)
        scores["policy_held_out"] = {"precision": float(p), "recall": float(r), "f1": float(f),
                                     "text_blocks": len(py_test), "policy_blocks": int(sum(py_test)),
                                     **policy_choice}
    return {
        "format": BUNDLE_FORMAT,
        "versions": {"segmenter": __version__, "sklearn": sklearn.__version__, "python": platform.python_version()},
        "labels": sorted(set(y_train)),
        "training_data_sha256": files_hash(paths),
        "scores": scores,
        "pipeline": pipeline,
        "policy_pipeline": policy,
        "period_type_pipeline": period_types,
    }


def save_bundle(bundle: dict[str, Any], path: Path) -> None:
    """Write the bundle with joblib (compressed, deterministic protocol)."""
    joblib.dump(bundle, path, compress=3, protocol=4)


def default_bundle_path() -> Path:
    """The bundle shipped in the package (``segmenter.models``)."""
    return Path(str(resources.files("segmenter.models").joinpath(BUNDLE_NAME)))


def load_bundle(path: Path | None = None) -> dict[str, Any]:
    """Load and check a bundle; raises :class:`ModelError` naming the file and cause."""
    path = Path(path) if path is not None else default_bundle_path()
    if not path.is_file():
        raise ModelError("classifier bundle not found; run `segmenter train`", source=str(path), stage="classify")
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # joblib/pickle raise many types for a corrupt file
        raise ModelError(f"cannot load classifier bundle ({type(exc).__name__}: {exc})", source=str(path), stage="classify") from exc
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        found = bundle.get("format") if isinstance(bundle, dict) else type(bundle).__name__
        raise ModelError(f"bundle format {found!r}, this segmenter reads format {BUNDLE_FORMAT}; retrain with `segmenter train`",
                         source=str(path), stage="classify")
    fitted = bundle.get("versions", {}).get("sklearn")
    if fitted != sklearn.__version__:
        raise ModelError(f"bundle was fitted with scikit-learn {fitted}, this is {sklearn.__version__}; retrain with `segmenter train`",
                         source=str(path), stage="classify")
    return bundle


def with_exact_vectorizers(estimator: Any) -> Any:
    """The fitted ``estimator`` to predict with: a shallow copy whose TF-IDF
    and dict vectorisers are :class:`~segmenter.features.ExactTfidf` and
    :class:`~segmenter.features.ExactDictVectorizer` (the same matrices, so
    the same predictions, made faster); the bundle's own objects are left as
    they are."""
    if isinstance(estimator, TfidfVectorizer):
        return ExactTfidf.wrap(estimator)
    if isinstance(estimator, DictVectorizer):
        return ExactDictVectorizer.wrap(estimator)
    copied = copy.copy(estimator)
    if isinstance(estimator, Pipeline):
        copied.steps = [(name, with_exact_vectorizers(step)) for name, step in estimator.steps]
    elif isinstance(estimator, FeatureUnion):
        copied.transformer_list = [(name, with_exact_vectorizers(part)) for name, part in estimator.transformer_list]
    elif isinstance(estimator, FixedThresholdClassifier) and hasattr(estimator, "estimator_"):
        copied.estimator_ = with_exact_vectorizers(estimator.estimator_)
    else:
        return estimator
    return copied


class BlockClassifier:
    """Tags blocks heading|text|table|footnote|boilerplate with a loaded bundle."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self.bundle = bundle
        self.pipeline: Pipeline = bundle["pipeline"]
        self.policy_pipeline: FixedThresholdClassifier = bundle["policy_pipeline"]
        # What predicts: the same fitted models with faster, identical vectorisers (issue 4).
        self._kinds = with_exact_vectorizers(self.pipeline)
        self._policies = with_exact_vectorizers(self.policy_pipeline)
        #: row label -> instant | duration (:mod:`segmenter.periodtypes`)
        self.period_types: Pipeline = with_exact_vectorizers(bundle["period_type_pipeline"])
        self.name = f"model:block_classifier@{bundle['training_data_sha256'][:12]}"

    @classmethod
    def load(cls, path: Path | None = None) -> BlockClassifier:
        return cls(load_bundle(path))

    def predict(self, blocks: Sequence[Block]) -> list[str]:
        """One kind per block of one note, in order."""
        return self.predict_notes([blocks])[0]

    def predict_notes(self, notes: Sequence[Sequence[Block]], *, tables_need_cells: bool = False) -> list[list[str]]:
        """One kind per block for each note's blocks, in one model call
        (the pipeline's per-call overhead dominates on short notes).
        ``tables_need_cells``: a block the reader found no cells in is not a
        table, whatever its look (HTML, where cells come only from ``<td>``s:
        a bold sub-title between two tables); it takes its likeliest other kind."""
        rows = [row for blocks in notes for row in blocks_to_features(blocks)]
        if not rows:
            return [[] for _ in notes]
        if tables_need_cells:
            proba = self._kinds.predict_proba(rows)
            classes = [str(c) for c in self._kinds.classes_]
            if "table" in classes:
                cell_less = [not b.cells for blocks in notes for b in blocks]
                proba[cell_less, classes.index("table")] = -1.0
            kinds = [classes[i] for i in proba.argmax(axis=1)]
        else:
            kinds = [str(k) for k in self._kinds.predict(rows)]
        out, i = [], 0
        for blocks in notes:
            out.append(kinds[i:i + len(blocks)])
            i += len(blocks)
        return out

    def predict_policy(self, blocks: Sequence[Block], topic: str | None) -> list[bool | None]:
        """For each block of one note (kinds already set): whether a text
        block states an accounting policy; ``None`` for other kinds."""
        return self.predict_policy_notes([(blocks, topic)])[0]

    def predict_policy_notes(self, notes: Sequence[tuple[Sequence[Block], str | None]]) -> list[list[bool | None]]:
        """:meth:`predict_policy` for each (blocks, topic) of a document, in
        one model call (per-call overhead is most of the time on short notes)."""
        text_rows = [row for blocks, topic in notes for row in blocks_to_policy_rows(blocks, topic, only_text=True)]
        flags = iter(bool(v) for v in self._policies.predict(text_rows)) if text_rows else iter(())
        return [[next(flags) if b.kind == "text" else None for b in blocks] for blocks, _ in notes]


def scores_to_markdown(bundle: dict[str, Any]) -> str:
    """The model card: data, versions and per-class held-out precision/recall."""
    s = bundle["scores"]
    lines = [
        "# Block classifier: model card", "",
        "A scikit-learn pipeline (character 2-4-gram TF-IDF of the block's first "
        f"characters + layout features -> logistic regression) that tags each block "
        f"`{'`, `'.join(BLOCK_KINDS)}`.", "",
        f"- bundle format: {bundle['format']}; segmenter {bundle['versions']['segmenter']}, "
        f"scikit-learn {bundle['versions']['sklearn']}, Python {bundle['versions']['python']}",
        f"- training data SHA-256: `{bundle['training_data_sha256']}`",
        f"- trained on {s['train_notes']} notes, {s['train_blocks']} blocks, companies: {', '.join(s['train_companies'])}",
        f"- held out: companies {', '.join(s['test_companies']) or 'none'}", "",
        "Reproduce: `segmenter train` (reads `training_data/*.jsonl`, writes `models/`).", "",
    ]
    report = s.get("held_out")
    if report:
        lines += [f"## Held-out scores ({s['test_notes']} notes, {s['test_blocks']} blocks)", "",
                  "| kind | precision | recall | F1 | blocks |", "|---|---|---|---|---|"]
        for kind in BLOCK_KINDS:
            if kind in report:
                r = report[kind]
                lines.append(f"| {kind} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1-score']:.3f} | {int(r['support'])} |")
        lines.append(f"| accuracy | | | {report['accuracy']:.3f} | {s['test_blocks']} |")
    pol = s.get("policy_held_out")
    if pol:
        lines += ["", f"## Accounting-policy flag, held out ({pol['text_blocks']} text blocks, {pol['policy_blocks']} policies)", "",
                  "A second model flags text blocks that state an accounting policy: word 1-2-gram TF-IDF of the "
                  "block and of its context (the sub-heading above it, a run-in heading, the block before a "
                  "fragment) + the note's topic, the block's place in its sub-section and note, and whether it "
                  "only points to another note or reports amounts -> logistic regression. The filers' "
                  "`...PolicyTextBlock` tags are the labels. The decision threshold "
                  f"({pol.get('threshold', 0.5):.3f}) is the one with the best F1 in {pol.get('cv_folds', 0)}-fold "
                  "cross-validation grouped by company on the training companies "
                  f"(F1 {pol.get('cv_f1_train_companies') or 0:.3f} there); the held-out companies are only scored.", "",
                  f"precision {pol['precision']:.3f}, recall {pol['recall']:.3f}, F1 {pol['f1']:.3f}"]
    types = s.get("period_types")
    if types:
        lines += ["", "## Period type of a table row", "",
                  "A third model reads from a row's label whether its values are balances at an instant or "
                  "flows over a duration (word 1-2-gram and character 3-5-gram TF-IDF -> logistic regression), "
                  "for columns headed only by a year or a date (`segmenter.periodtypes`). Labels: the period "
                  "kind of the filers' tagged facts in rows of that label (`row_periods.jsonl`).", "",
                  f"trained on {types['train_labels']:,} company/label lines; held-out accuracy "
                  f"{types.get('held_out_accuracy', 0):.3f} on {types['test_labels']:,} lines"]
    return "\n".join(lines) + "\n"
