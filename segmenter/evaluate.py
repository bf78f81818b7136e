"""Score the segmenter on whole filings against the filers' own iXBRL tags.

``evaluate_filing`` renders a whole 10-K/10-Q to pipe text with
:mod:`segmenter.answerkey` (which knows where every tagged note, block label
and fact lands), segments that text and scores:

``notes_found``   share of key notes matched by a predicted note (overlap >= 0.9)
``boundary_f1``   F1 of predicted vs key notes at the same overlap
``topic``         share of matched notes whose predicted topic is the key's
``topic_listed``  the same over the notes whose concept ``topics.csv`` lists (for
                  any other concept, a filer's own one included, the key says "other")
``block_kind``    share of predicted blocks whose kind is the renderer's label
                  with the largest overlap (page furniture outside the note tags
                  is boilerplate: :mod:`segmenter.answerkey`)
``policy_f1``     F1 of the policy flag on blocks labelled text, against the
                  filer's ``...PolicyTextBlock`` tags
``facts_exact`` / ``facts_magnitude``
                  share of table facts found in a cell at their offsets with the
                  right magnitude, displayed sign, scale, period and row label
                  (exact) or with the right magnitude only

Overlap is intersection over union counted only on characters inside some key
note, so page furniture between two notes costs nothing. The HTML form
(``segmenter.segment("filing.html.gz")``) gets the same metrics: its offsets
index another rendering of the same HTML, so :mod:`segmenter.align` first
moves them into the key's text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

from .align import document_to_text
from .answerkey import AnswerKey, KeyNote, filing_to_answer_key
from .errors import SegmenterError
from .ixbrl import fact_to_row_label, read_filing
from .patterns import words_key
from .render import LabeledSpan
from .topics import concept_is_listed
from .types import Document

MIN_OVERLAP = 0.9
#: Text blocks of these taxonomies are cover-page and Item disclosures (documents
#: incorporated by reference, insider trading arrangements, cybersecurity), not
#: notes to the financial statements, though filers tag them the same way.
NOT_NOTES = ("dei:", "ecd:", "cyd:")
#: Least share of the HTML document's letters and digits that must find their place
#: in the key's text for the HTML form to be scored at all.
MIN_ALIGNED = 0.9
METRICS = ("notes_found", "boundary_f1", "topic", "topic_listed", "block_kind", "policy_f1", "facts_exact",
           "facts_magnitude")
TARGETS = {"notes_found": 0.98, "boundary_f1": 0.97, "topic": 0.95, "topic_listed": 0.95, "block_kind": 0.97,
           "policy_f1": 0.90, "facts_exact": 0.97, "facts_magnitude": 0.99}
_MARKERS = re.compile(r"(\(\s*(?:[ivx]{1,4}|\d{1,2}|[a-z])\s*\)|[*†‡§¹²³⁴⁵⁶⁷⁸⁹])+\s*$", re.I)
_DECORATION = re.compile(r"[\s$|()%,.\-—–−]+")


@dataclass(frozen=True)
class FormScore:
    """Counts for one form (``pipe`` or ``html``) of one filing; a rate is
    ``hits / total``. ``skipped`` says why a form was not scored."""

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    skipped: str | None = None
    errors: tuple[str, ...] = ()

    def rate(self, metric: str) -> float | None:
        hits, total = self.counts.get(metric, (0, 0))
        return hits / total if total else None


@dataclass(frozen=True)
class FilingScore:
    """The scores of one filing, per form."""

    path: str
    ticker: str | None
    forms: dict[str, FormScore]


# --------------------------------------------------------------------------- overlap


def _key_mask_prefix(key: AnswerKey) -> list[int]:
    """Prefix sums of "inside a key note" over the text, for overlap counts."""
    inside = bytearray(len(key.text) + 1)
    for note in key.notes:
        for s, e in note.pieces:
            inside[s:e] = b"\x01" * (e - s)
    return [0, *accumulate(inside[: len(key.text)])]


def _count(prefix: list[int], start: int, end: int) -> int:
    start, end = max(0, start), min(len(prefix) - 1, end)
    return prefix[end] - prefix[start] if end > start else 0


def note_overlap(prefix: list[int], key: KeyNote, start: int, end: int) -> float:
    """Intersection over union of a key note and ``[start, end)`` on key-note characters."""
    key_len = sum(_count(prefix, s, e) for s, e in key.pieces)
    inter = sum(_count(prefix, max(s, start), min(e, end)) for s, e in key.pieces)
    union = key_len + _count(prefix, start, end) - inter
    return inter / union if union else 0.0


def match_notes(key: AnswerKey, doc: Document, prefix: list[int] | None = None) -> dict[int, int]:
    """Key note index -> predicted note index for every pair overlapping >= MIN_OVERLAP
    (above one half a match is unique both ways)."""
    prefix = prefix or _key_mask_prefix(key)
    starts = [n.start for n in doc.notes]
    out: dict[int, int] = {}
    for k, note in enumerate(key.notes):
        lo = max(0, bisect_left(starts, note.start) - 2)
        for p in range(lo, len(doc.notes)):
            pred = doc.notes[p]
            if pred.start >= note.end:
                break
            if note_overlap(prefix, note, pred.start, pred.end) >= MIN_OVERLAP:
                out[k] = p
                break
    return out


# --------------------------------------------------------------------------- facts


def norm_label(label: str) -> str:
    """A row label as compared with the filer's: footnote markers at its end
    dropped, then :func:`~segmenter.patterns.words_key`."""
    return words_key(_MARKERS.sub("", " ".join(label.split())))


def displayed_negative(text: str, start: int) -> bool:
    """Whether the number at ``start`` is shown negative: "(" or "-" before it.

    A "(" may sit in a cell of its own before the number's ("$ (" | "874"); a
    dash in a cell of its own is the zero of the column before (UNP's "- | $ |
    1,448"), not this number's sign."""
    i = start - 1
    crossed = False
    while i >= 0 and text[i] in " \t\n$|\xa0":
        crossed = crossed or text[i] == "|"
        i -= 1
    return i >= 0 and (text[i] == "(" or (text[i] in "-−–" and not crossed))


def in_prose(text: str, start: int, end: int) -> bool:
    """A number inside a sentence ("approximately $400 million") rather than a
    value cell: its line holds more than the number and its decorations."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:start] + text[end:line_end if line_end >= 0 else len(text)]
    return bool(_DECORATION.sub("", line))


def score_facts(key: AnswerKey, doc: Document) -> dict[str, tuple[int, int]]:
    """(hits, total) of ``facts_exact`` and ``facts_magnitude`` over the table facts
    inside key notes (facts in sentences are left out, as in tests/test_corpus_notes)."""
    cells = {cell.start: (label, t.period_of(cell), cell) for t in doc.tables for label, _, cell in t.values()}
    inside = [(s, e) for n in key.notes for s, e in n.pieces]
    inside.sort()
    starts = [s for s, _ in inside]
    exact = magnitude = total = 0
    for fact, start, end in key.facts:
        i = bisect_left(starts, start + 1) - 1
        if i < 0 or not inside[i][0] <= start < inside[i][1]:
            continue
        row = fact_to_row_label(fact.element)
        if row is None or in_prose(key.text, start, end):
            continue
        total += 1
        found = cells.get(start)
        if found is None or found[2].value is None:
            continue
        label, cell_period, cell = found
        scale = Decimal(10) ** fact.scale
        shown = abs(fact.value) / scale
        mine = abs(cell.value) if fact.scale == -2 else abs(cell.value) / Decimal(cell.scale or 1)
        if mine != shown:
            continue
        magnitude += 1
        sign = (cell.value < 0) == displayed_negative(key.text, start)
        right_scale = fact.scale == -2 or Decimal(cell.scale or 1) == scale
        period = cell_period is not None and fact.period is not None and cell_period == fact.period
        if sign and right_scale and period and norm_label(label) == norm_label(row):
            exact += 1
    return {"facts_exact": (exact, total), "facts_magnitude": (magnitude, total)}


# --------------------------------------------------------------------------- block kinds


def _best_spans(spans: Sequence[LabeledSpan], doc: Document) -> list[tuple[Any, LabeledSpan]]:
    """(predicted block, the label span that overlaps it most) for every block
    of every predicted note that overlaps some label."""
    starts = [s.start for s in spans]
    out = []
    for note in doc.notes:
        for block in note.blocks:
            i = max(0, bisect_left(starts, block.start) - 1)
            best, best_len = None, 0
            while i < len(spans) and spans[i].start < block.end:
                inter = min(spans[i].end, block.end) - max(spans[i].start, block.start)
                if inter > best_len:
                    best, best_len = spans[i], inter
                i += 1
            if best is not None:
                out.append((block, best))
    return out


def score_block_kinds(spans: Sequence[LabeledSpan], doc: Document) -> tuple[int, int]:
    """(right, total) over the predicted blocks of every note: each block's kind
    against the label that overlaps it most."""
    pairs = _best_spans(spans, doc)
    return sum(block.kind == span.kind for block, span in pairs), len(pairs)


def score_policy(spans: Sequence[LabeledSpan], doc: Document) -> tuple[int, int]:
    """F1 of the policy flag as ``(2 * true positives, 2 * TP + FP + FN)`` over the
    predicted blocks whose label is text: the flag against the filer's
    ``...PolicyTextBlock`` tags."""
    tp = fp = fn = 0
    for block, span in _best_spans(spans, doc):
        if span.kind != "text":
            continue
        flagged = bool(block.policy)
        tp += flagged and span.policy
        fp += flagged and not span.policy
        fn += span.policy and not flagged
    return 2 * tp, 2 * tp + fp + fn


# --------------------------------------------------------------------------- one filing


def score_pipe(key: AnswerKey, doc: Document, *, kinds: bool = True) -> FormScore:
    """Every metric for a document segmented from ``key.text``."""
    prefix = _key_mask_prefix(key)
    matched = match_notes(key, doc, prefix)
    listed = {k: p for k, p in matched.items() if concept_is_listed(key.notes[k].concept)}
    n_key, n_pred = len(key.notes), len(doc.notes)
    # F1 as (2 * matches) / (key + predicted): precision and recall share the matches.
    counts = {
        "notes_found": (len(matched), n_key),
        "boundary_f1": (2 * len(matched), n_key + n_pred),
        "topic": (sum(1 for k, p in matched.items() if (key.notes[k].topic or "other") == doc.notes[p].topic),
                  len(matched)),
        # only the notes whose concept topics.csv lists: for a filer's own concept
        # ("nke:AccruedLiabilitiesDisclosureTextBlock") the key can only say "other"
        "topic_listed": (sum(1 for k, p in listed.items() if key.notes[k].topic == doc.notes[p].topic), len(listed)),
    }
    if kinds:  # a notes-only run has neither block kinds nor tables to score
        counts["block_kind"] = score_block_kinds(key.spans, doc)
        counts["policy_f1"] = score_policy(key.spans, doc)
        counts.update(score_facts(key, doc))
    return FormScore(counts=counts)


def score_html(path: str | Path, key: AnswerKey, segmenter: Any) -> FormScore:
    """Every metric for the HTML form: the document segmented from the filing
    itself, its offsets moved into the key's text by :mod:`segmenter.align`
    (both are renderings of the same HTML), then scored as pipe text is."""
    try:
        doc = segmenter.segment(str(path))
    except SegmenterError as exc:
        return FormScore(skipped=f"HTML input not supported by this pipeline ({exc})")
    mapped, alignment = document_to_text(doc, key.text)
    if alignment.coverage < MIN_ALIGNED:
        return FormScore(errors=(f"only {alignment.coverage:.1%} of the HTML text aligned with the key",))
    return score_pipe(key, mapped, kinds=getattr(segmenter, "classifies", True))


def drop_non_notes(key: AnswerKey) -> AnswerKey:
    """The key without the text blocks that are not notes (:data:`NOT_NOTES`)."""
    return replace(key, notes=tuple(n for n in key.notes if not n.concept.startswith(NOT_NOTES)))


def evaluate_filing(
    path: str | Path, segmenter: Any, *, forms: Sequence[str] = ("html", "pipe"), ticker: str | None = None
) -> FilingScore:
    """Score one iXBRL filing (path, gzipped or not) in each of ``forms``."""
    filing = read_filing(path, ticker=ticker)
    if not filing.text_blocks and not filing.facts:
        # A filing from before inline XBRL (META's 10-Q of 2019 in the corpus): the notes
        # it holds are real, but there is no tag to score them against.
        reason = "no inline XBRL tags (no text block, no fact): nothing to score against"
        return FilingScore(str(path), ticker, {form: FormScore(skipped=reason) for form in forms})
    key = filing_to_answer_key(filing)
    key = drop_non_notes(key)
    scores: dict[str, FormScore] = {}
    if "pipe" in forms:
        try:
            doc = segmenter.segment(key.text, name=Path(path).name)
            scores["pipe"] = score_pipe(key, doc, kinds=getattr(segmenter, "classifies", True))
        except SegmenterError as exc:
            scores["pipe"] = FormScore(errors=(str(exc),))
    if "html" in forms:
        scores["html"] = score_html(path, key, segmenter)
    return FilingScore(str(path), ticker, scores)


def aggregate(scores: Sequence[FilingScore]) -> dict[str, Any]:
    """Pooled rates per form: ``{form: {metric: rate or None, "filings": n, "skipped": [..]}}``."""
    out: dict[str, Any] = {}
    for form in ("pipe", "html"):
        totals: dict[str, list[int]] = {m: [0, 0] for m in METRICS}
        used, skipped = 0, []
        for score in scores:
            fs = score.forms.get(form)
            if fs is None:
                continue
            if fs.skipped or fs.errors:
                skipped.append(f"{Path(score.path).name}: {fs.skipped or '; '.join(fs.errors)}")
                continue
            used += 1
            for metric, (hits, total) in fs.counts.items():
                totals[metric][0] += hits
                totals[metric][1] += total
        if used or skipped:
            out[form] = {m: (h / t if t else None) for m, (h, t) in totals.items()}
            out[form]["filings"] = used
            out[form]["skipped"] = skipped
    return out


# --------------------------------------------------------------------------- notes only


class NotesOnlySegmenter:
    """Reader + notes stage only (no classifier, no tables): scores the note
    boundaries and topics when the classifier bundle is not at hand."""

    classifies = False

    def __init__(self) -> None:
        from .components import build_nlp

        self.nlp = build_nlp()

    def segment(self, source: str, *, name: str | None = None) -> Document:
        from .notes import blocks_to_notes, split_heading_cells
        from .pipetext import text_to_blocks
        from .types import Note

        if source.endswith((".htm", ".html", ".gz")) and "\n" not in source:
            raise SegmenterError("HTML input is not read by the notes-only segmenter", stage="read")
        blocks = split_heading_cells(text_to_blocks(source))
        notes = tuple(
            Note(number=s.number, title=s.title, topic=s.topic, start=s.start, end=s.end,
                 blocks=tuple(blocks[s.first_block:s.end_block]), decided_by=f"rule:{s.rule}")
            for s in blocks_to_notes(blocks, self.nlp)
        )
        return Document(source=name or "<text>", text=source, notes=notes)


# --------------------------------------------------------------------------- CLI


def paths_to_filings(paths: Sequence[str | Path], split: str = "test") -> list[tuple[Path, str]]:
    """(file, ticker) of every filing under ``paths``; a directory laid out as
    ``<form>/<TICKER>/*.html.gz`` is expanded (duplicates by SHA-256 dropped) and,
    unless ``split`` is ``all``, kept to that side of training_data's company split
    (computed over the tickers found, so give the whole corpus)."""
    from .trainingdata import corpus_to_files, tickers_to_split

    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((f.path, f.ticker) for f in corpus_to_files(path))
        else:
            found.append((path, path.parent.name.upper()))
    if split == "all":
        return found
    sides = tickers_to_split(t for _, t in found)
    return [(p, t) for p, t in found if sides[t] == split]


def add_evaluate_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``segmenter evaluate PATH...`` to a CLI's subparsers."""
    p = subparsers.add_parser(
        "evaluate", help="score whole iXBRL filings against the filers' own tags",
        description="Score whole iXBRL filings against the filers' own tags, as HTML and rendered to "
                    "pipe text. A filing without inline XBRL tags has nothing to score against and is "
                    "listed as skipped, with the reason.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="filings (.html[.gz]) or a corpus directory")
    p.add_argument("--split", choices=("test", "train", "all"), default="test",
                   help="companies to score when given a corpus directory (default: held-out)")
    p.add_argument("--forms", default="pipe,html", help="comma-separated forms to score (pipe, html)")
    p.add_argument("--notes-only", action="store_true", help="score note boundaries and topics only")
    p.add_argument("--model", default=None, help="classifier bundle (default: the packaged one)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the scores as JSON")
    return p


def _fmt(rate: float | None) -> str:
    return "   -  " if rate is None else f"{rate:6.3f}"


def scores_to_table(scores: Sequence[FilingScore], summary: dict[str, Any]) -> str:
    """A plain-text table: one row per filing and form, then the pooled rates and targets."""
    lines = [f"{'filing':40s} {'form':5s} " + " ".join(f"{m[:11]:>11s}" for m in METRICS)]
    for score in scores:
        for form, fs in score.forms.items():
            label = f"{score.ticker or ''} {Path(score.path).name}"[:40]
            if fs.skipped or fs.errors:
                lines.append(f"{label:40s} {form:5s} skipped: {fs.skipped or '; '.join(fs.errors)}"[:200])
                continue
            lines.append(f"{label:40s} {form:5s} " + " ".join(f"{_fmt(fs.rate(m)):>11s}" for m in METRICS))
    for form, rates in summary.items():
        lines.append(f"{'ALL (' + str(rates['filings']) + ' filings)':40s} {form:5s} "
                     + " ".join(f"{_fmt(rates[m]):>11s}" for m in METRICS))
    lines.append(f"{'target':40s} {'':5s} " + " ".join(f"{_fmt(TARGETS[m]):>11s}" for m in METRICS))
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    """Run ``segmenter evaluate``; 0 when something was scored, 1 otherwise."""
    forms = tuple(f.strip() for f in args.forms.split(",") if f.strip())
    if args.notes_only:
        segmenter: Any = NotesOnlySegmenter()
    else:
        from .pipeline import Segmenter

        segmenter = Segmenter(args.model)
    scores = []
    for path, ticker in paths_to_filings(args.paths, args.split):
        try:
            scores.append(evaluate_filing(path, segmenter, forms=forms, ticker=ticker))
        except SegmenterError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
    if not scores:
        print("nothing to score", file=sys.stderr)
        return 1
    summary = aggregate(scores)
    print(scores_to_table(scores, summary))
    if args.json_out:
        payload = {
            "summary": summary,
            "filings": [{"path": s.path, "ticker": s.ticker,
                         "forms": {f: {"counts": {m: list(c) for m, c in fs.counts.items()},
                                       "skipped": fs.skipped, "errors": list(fs.errors)}
                                   for f, fs in s.forms.items()}} for s in scores],
        }
        Path(args.json_out).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0
