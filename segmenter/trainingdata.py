"""Build labelled training data from real iXBRL filings and the hand-labelled seeds.

Each Level 1 note (a top-level ``...TextBlock``) of each filing is rendered as
pipe text by :mod:`segmenter.render` in a style chosen from the note id, so all
the looks of real corpora appear; the block labels come from the HTML structure
and the filer's tags. Companies, not notes, are split into train and test.
The corpus listing and the company split are in :mod:`segmenter.corpusfiles`,
the looks and the rendering of one note in :mod:`segmenter.notestyles`, and
the test fixtures cut from the corpus in :mod:`segmenter.corpusfixtures`;
this module writes ``notes.jsonl``, ``seeds.jsonl`` and the data card.

Run: ``python -m segmenter.trainingdata CORPUS_DIR training_data/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from segmenter.corpusfiles import TEST_FRACTION, CorpusFile, corpus_to_files, stable_hash, tickers_to_split
from segmenter.corpusfixtures import block_period_end, build_corpus_fixtures, note_to_excerpt, note_to_fixture
from segmenter.errors import InputError, SegmenterError
from segmenter.ixbrl import Filing, TextBlock, fact_to_row_label, read_filing
from segmenter.periodtypes import DURATION, INSTANT, ROW_PERIODS_FILE
from segmenter.notestyles import STYLES, note_id_to_style, period_to_label, render_note, rendered_to_title
from segmenter.render import RenderedNote, RenderStyle

# Names re-exported from the modules this one was split into, so older imports keep working.
__all__ = [
    "MAX_NOTE_CHARS", "STYLES", "TEST_FRACTION", "CorpusFile", "block_period_end", "build_corpus_fixtures",
    "build_training_data", "corpus_to_files", "main", "note_id_to_style", "note_to_excerpt", "note_to_fixture",
    "note_to_record", "period_to_label", "render_note", "rendered_to_title", "seed_labels_to_records",
    "summary_to_card", "tickers_to_split",
]

MAX_NOTE_CHARS = 60_000
#: Row labels longer than this are prose laid out in a table, not row labels.
MAX_ROW_LABEL_CHARS = 200


def filing_to_row_periods(filing: Filing) -> Counter[tuple[str, str]]:
    """(row label, ``instant``|``duration``) -> how many of the filing's tagged
    facts sit in a table row with that label and a period of that kind."""
    counts: Counter[tuple[str, str]] = Counter()
    for fact in filing.facts:
        if fact.period is None:
            continue
        label = fact_to_row_label(fact.element)
        if not label or len(label) > MAX_ROW_LABEL_CHARS:
            continue
        counts[(label, INSTANT if fact.period.instant is not None else DURATION)] += 1
    return counts


def write_row_periods(path: Path, per_company: dict[str, Counter[tuple[str, str]]], split_of: dict[str, str]) -> int:
    """One JSON line per (company, row label, kind), sorted -> lines written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for ticker in sorted(per_company):
            for (label, kind), facts in sorted(per_company[ticker].items()):
                rec = {"ticker": ticker, "split": split_of[ticker], "label": label, "kind": kind, "facts": facts}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def note_to_record(
    rendered: RenderedNote, *, note_id: str, file: CorpusFile, block: TextBlock,
    split: str, style: RenderStyle, generator: str | None,
) -> dict[str, Any]:
    """One ``notes.jsonl`` line."""
    return {
        "id": note_id,
        "ticker": file.ticker,
        "form": file.form,
        "filing": {"file": file.path.name, "sha256": file.sha256},
        "generator": generator,
        "concept": block.concept,
        "topic": block.topic,
        "split": split,
        "style": style.to_dict(),
        "text": rendered.text,
        "spans": [[s.start, s.end, s.kind, s.policy] for s in rendered.spans],
    }


def seed_labels_to_records(labels: dict[str, Any]) -> list[dict[str, Any]]:
    """Hand labels by line range (``training_data/seed_labels.json``) -> records
    in the notes.jsonl format for the packaged seed notes."""
    records = []
    seeds = resources.files("segmenter").joinpath("data", "seeds")
    for name in sorted(k for k in labels if not k.startswith("_")):
        text = seeds.joinpath(name).read_text(encoding="utf-8")
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        n_lines = len(starts)

        def line_end(k: int) -> int:  # end of 1-based line k, newline excluded
            return (starts[k] - 1) if k < n_lines else len(text)

        spans = []
        for first, last, kind in labels[name]:
            last = n_lines if last == -1 else last
            spans.append([starts[first - 1], line_end(last), kind, False])
        records.append({
            "id": f"SEED-{name.split('.')[0]}",
            "ticker": "SEED",
            "form": None,
            "filing": {"file": name, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
            "generator": None,
            "concept": None,
            "topic": {"000": "inventories", "001": "receivables", "002": "segment_reporting"}.get(name[:3]),
            "split": "train",
            "style": None,
            "text": text,
            "spans": spans,
        })
    return records


def build_training_data(
    corpus_dir: str | Path, out_dir: str | Path, *, max_notes_per_filing: int = 16, seed: int = 0,
    seed_labels: str | Path | None = None,
) -> dict[str, Any]:
    """Render the corpus's notes into ``out_dir/notes.jsonl`` (+ ``seeds.jsonl``
    and ``DATA_CARD.md``) -> a summary of counts. ``seed`` salts the choice of
    notes kept per filing."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = corpus_to_files(corpus_dir)
    split_of = tickers_to_split(f.ticker for f in files)
    kinds: Counter[tuple[str, str]] = Counter()
    notes_per_split: Counter[str] = Counter()
    companies: dict[str, set[str]] = {"train": set(), "test": set()}
    skipped: list[str] = []
    too_big = 0
    generators: Counter[str] = Counter()
    styles_used: Counter[int] = Counter()
    row_periods: dict[str, Counter[tuple[str, str]]] = {}
    with open(out / "notes.jsonl", "w", encoding="utf-8") as fh:
        for file in files:
            try:
                filing = read_filing(file.path, ticker=file.ticker, form=file.form)
            except SegmenterError as exc:
                skipped.append(f"{file.path.name}: {exc.reason}")
                continue
            notes = filing.notes()
            if not notes:
                skipped.append(f"{file.path.name}: no inline XBRL text blocks")
                continue
            generators[filing.generator or "unknown"] += 1
            row_periods.setdefault(file.ticker, Counter()).update(filing_to_row_periods(filing))
            facts = filing.facts_by_element()
            ordered = sorted(
                enumerate(notes), key=lambda p: stable_hash(f"{seed}:{file.sha256}:{p[0]}")
            )
            kept = 0
            for index, block in ordered:
                if kept >= max_notes_per_filing:
                    break
                note_id = f"{file.ticker}-{file.form}-{file.sha256[:10]}-{index:02d}"
                style, with_title = note_id_to_style(note_id)
                rendered, _, _ = render_note(block, filing, style, with_title, facts)
                if len(rendered.text) > MAX_NOTE_CHARS:
                    too_big += 1
                    continue
                if not rendered.text.strip():
                    continue
                split = split_of[file.ticker]
                record = note_to_record(
                    rendered, note_id=note_id, file=file, block=block, split=split,
                    style=style, generator=filing.generator,
                )
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                kept += 1
                notes_per_split[split] += 1
                companies[split].add(file.ticker)
                styles_used[STYLES.index((style, with_title))] += 1
                for span in rendered.spans:
                    kinds[(split, span.kind)] += 1
    row_period_lines = write_row_periods(out / ROW_PERIODS_FILE, row_periods, split_of)
    labels_path = Path(seed_labels) if seed_labels else out / "seed_labels.json"
    seed_records: list[dict[str, Any]] = []
    if labels_path.is_file():
        seed_records = seed_labels_to_records(json.loads(labels_path.read_text(encoding="utf-8")))
        with open(out / "seeds.jsonl", "w", encoding="utf-8") as fh:
            for rec in seed_records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    summary = {
        "filings": len(files) - len(skipped),
        "skipped": skipped,
        "notes": dict(notes_per_split),
        "notes_over_limit": too_big,
        "blocks": {f"{s}/{k}": n for (s, k), n in sorted(kinds.items())},
        "companies": {s: sorted(v) for s, v in companies.items()},
        "all_tickers": split_of,
        "generators": dict(generators),
        "styles": {i: styles_used[i] for i in range(len(STYLES))},
        "seed_blocks": dict(Counter(s[2] for r in seed_records for s in r["spans"])),
        "bytes": (out / "notes.jsonl").stat().st_size,
        "max_notes_per_filing": max_notes_per_filing,
        "row_periods": {
            "lines": row_period_lines,
            **{f"{split}/{kind}": sum(1 for t, c in row_periods.items() if split_of[t] == split for k in c if k[1] == kind)
               for split in ("train", "test") for kind in (INSTANT, DURATION)},
        },
    }
    (out / "DATA_CARD.md").write_text(summary_to_card(summary), encoding="utf-8")
    return summary


def summary_to_card(summary: dict[str, Any]) -> str:
    """The data card (Markdown) for a build summary."""
    held_out = sorted(t for t, s in summary["all_tickers"].items() if s == "test")
    train = sorted(t for t, s in summary["all_tickers"].items() if s == "train")
    kinds = ("heading", "text", "table", "footnote", "boilerplate")
    rows = []
    for split in ("train", "test"):
        counts = [summary["blocks"].get(f"{split}/{k}", 0) for k in kinds]
        rows.append(f"| {split} | {summary['notes'].get(split, 0)} | " + " | ".join(map(str, counts)) + " |")
    style_rows = [
        f"| {i} | {STYLES[i][0].to_dict()} | {STYLES[i][1]} | {n} |"
        for i, n in summary["styles"].items()
    ]
    skipped = "\n".join(f"- {s}" for s in summary["skipped"]) or "- none"
    gens = ", ".join(f"{g}: {n}" for g, n in sorted(summary["generators"].items()))
    return f"""# Training data card

Generated by `python -m segmenter.trainingdata CORPUS_DIR training_data/` (deterministic:
the same corpus gives byte-identical files).

## Files
- `notes.jsonl`: one labelled note a line: `id`, `ticker`, `form`, `filing` (file name and
  sha256 of the filing), `generator` (filing agent), `concept` (the filer's Level 1
  TextBlock concept), `topic` (from `segmenter/data/topics.csv`), `split`, `style` (the
  RenderStyle used), `text` (pipe text) and `spans` `[start, end, kind, policy]`.
- `seeds.jsonl`: the three seed notes of `segmenter/data/seeds`, hand labelled (line ranges
  in `seed_labels.json`, read with `cat -A`), ticker `SEED`, split `train`.
- `seed_labels.json`: those hand labels.
- `{ROW_PERIODS_FILE}`: what kind of period each table row's values have, for the
  period-type model (`segmenter.periodtypes`): one line per company, row label and kind:
  `ticker`, `split`, `label` (the row's first non-empty cell, as `segmenter.ixbrl` reads it),
  `kind` (`instant` or `duration`, from the contexts of the filer's `ix:nonFraction` facts in
  that row, anywhere in the filing) and `facts` (how many). {summary['row_periods']['lines']:,} lines;
  distinct labels by split and kind: {', '.join(f"{k} {v:,}" for k, v in summary['row_periods'].items() if k != 'lines')}.

## Where the examples come from
Real 10-K and 10-Q inline-XBRL primary documents of {len(summary['all_tickers'])} US companies
(public test-data repositories of sec-parser and edgartools), one copy per distinct sha256
({summary['filings']} filings used). Filing agents by markup: {gens}.
Each Level 1 note (an `ix:nonNumeric` TextBlock not nested in another and not a policy or
table block, with its `ix:continuation` chain) is rendered to pipe text by `segmenter.render`.
At most {summary['max_notes_per_filing']} notes per filing (chosen by hash), notes over
{MAX_NOTE_CHARS:,} characters of pipe text skipped ({summary['notes_over_limit']} skipped).
Skipped filings:
{skipped}

## How the labels were derived
From the HTML, not by hand, by `segmenter.labels`, to say what a reader would tag a block as:
`table` = rows of an HTML `<table>` with a data cell (a tagged fact, a number or dash, or a
short cell with a digit such as "30 years", in any cell after a row's first); `footnote` =
table rows whose first cell is a marker ("(1)", "(a)", "(i)", "1.", "*", "†") followed by
prose (in a data table only after its last number row), and paragraphs starting with a marker
or a superscript right after a table or another footnote ("1.Includes certain eliminations.",
WBA), unless they are a bold or title-case numbered title ("(b)Lessor Arrangements", CSCO);
`heading` = the note's first paragraph when short, and short paragraphs (< 120 chars, no final
period, not starting lower-case, not wholly in parentheses) that are all bold, all italic, all
underlined or all capitals; `boilerplate` = viewer header and tail, hidden "SCHEDULE OF ..."
captions, page numbers and "Table of Contents" lines; `text` = every other paragraph. A table
without data cells (a layout table: "NOTE 12 — RISK MANAGEMENT AND DERIVATIVES" in a one-cell
table, NKE; bullets or marker + prose laid out in cells) is labelled row by row by the
paragraph rules. `policy` is true on text inside a `...PolicyTextBlock`: on a `text` block whose
words lie inside a policy piece (the tagged element or one of its `ix:continuation`s) that sits in
the note or holds a piece of it, so a policy tag holding bare text inside a note continuation (NKE)
and a policy continuation holding the note's own continuation (RKT) both count.
Spans cover every non-blank character once; a separating newline belongs to no span.

## Styles
Each note's style is chosen by sha1 of its id.

| # | style | title line | notes |
|---|---|---|---|
{chr(10).join(style_rows)}

## Split (by company)
Held-out (test) tickers, the ceil(n/3) tickers with the smallest sha1 of the ticker:
{', '.join(held_out)}

Train tickers: {', '.join(train)}

| split | notes | heading | text | table | footnote | boilerplate |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Seed blocks: {summary['seed_blocks']}. notes.jsonl: {summary['bytes']:,} bytes.

## Known label noise
- A paragraph that merely begins with a bold run-in phrase is `text` (by design); but a bold or
  italic run-in phrase that the filer put in its own element is `heading`.
- Row labels and column headers that end up outside a cell run are labelled with their table.
- Footnotes without a marker, and a run of footnotes interrupted by text, are `text`; a row
  whose first cell is "(a)" inside a number table before the last number row is `table`.
- A marker split from its footnote by `ix:continuation` pieces ("1." then "Land is not
  depreciated.", WBA) is two blocks, both `footnote`; a text paragraph right after a lone
  marker is taken as its footnote.
- Text-only grids a reader may call tables (two columns of words, no digits: "Nature/Type of
  Collaboration", JNJ) are `text`.
- Short italic or bold sentences without a final period are `heading`.
- Policy text that continues after a page break (an `ix:continuation` of a policy block) is
  policy; policy chains that continue outside the note are not seen.
- Which sub-sections a filer tags as policies is the filer's choice: "Fair Value Measurements" in
  the policies note is tagged by CMCSA and not by NKE or META, "Use of Estimates" by almost no one,
  and some filers (CMCSA) tag policies inside the topical notes. The labels keep these choices.
- Page furniture between continuation pieces is not in the note (the renderer only sees the
  tagged elements), so real page headers and footers are rare in this data.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--max-notes-per-filing", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fixtures", metavar="DIR", help="also write corpus test fixtures to DIR")
    args = parser.parse_args(argv)
    if not Path(args.corpus_dir).is_dir():
        raise InputError("corpus directory not found", source=args.corpus_dir, stage="read")
    summary = build_training_data(
        args.corpus_dir, args.out_dir, max_notes_per_filing=args.max_notes_per_filing, seed=args.seed
    )
    print(json.dumps({k: v for k, v in summary.items() if k not in ("all_tickers",)}, indent=1))
    if args.fixtures:
        names = build_corpus_fixtures(args.corpus_dir, args.fixtures)
        print(f"{len(names)} fixtures written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
