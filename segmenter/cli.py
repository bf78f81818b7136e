"""The ``segmenter`` command: parse, demo, train.

Exit codes: 0 all documents parsed; 1 at least one document failed (its
error record is in the output); 2 the command itself could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import SegmenterError
from .types import Document


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segmenter",
        description="Find the notes to financial statements in SEC filing text, tag their blocks "
        "and parse their tables into values with row label, period, unit, scale and sign.",
    )
    parser.add_argument("--version", action="version", version=f"segmenter {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="parse documents and print one JSON object per document",
                       description="Parse each PATH (pipe text or plain text, optionally gzipped; '-' reads "
                       "standard input) and print one JSON object per document, in input order. A document "
                       "that cannot be parsed gets an object whose 'error' says why; the others go on.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files, or '-' for standard input")
    p.add_argument("--format", choices=("jsonl", "json"), default="jsonl",
                   help="jsonl: one object per line (default); json: one indented array")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.add_argument("--model", metavar="BUNDLE", help="a classifier bundle other than the shipped one")

    d = sub.add_parser("demo", help="parse the bundled seed notes and print a readable summary",
                       description="Parse the three real seed notes shipped with the package and print, for "
                       "each, its notes with topics, the kinds of its blocks and every table as a grid of "
                       "row labels, periods and values.")
    d.add_argument("--json", action="store_true", help="print the JSON output instead of the summary")

    t = sub.add_parser("train", help="train the block classifier from labelled data",
                       description="Fit the block classifier on the 'train' split of DATA/*.jsonl, score it "
                       "on the held-out 'test' split (other companies) and write OUT/block_classifier.joblib, "
                       "OUT/MODEL_CARD.md and OUT/scores.json.")
    t.add_argument("--data", default="training_data", metavar="DATA", help="folder of labelled JSONL (default: training_data)")
    t.add_argument("--out", default="models", metavar="OUT", help="folder to write the bundle to (default: models)")
    return parser


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | bytes]]:
    for path in paths:
        if path == "-":
            yield "-", sys.stdin.buffer.read()
        else:
            yield path, Path(path)


def _cmd_parse(args: argparse.Namespace) -> int:
    from .output import write_json, write_jsonl
    from .pipeline import Segmenter

    seg = Segmenter(args.model)
    failed = 0

    def docs() -> Iterator[Document]:
        nonlocal failed
        for name, source in _inputs(args.paths):
            doc = seg.segment_or_error(source, name=name)
            if doc.error is not None:
                failed += 1
                print(f"segmenter: {doc.error.message}", file=sys.stderr)
            yield doc

    write = write_json if args.format == "json" else write_jsonl
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            write(docs(), out)
    else:
        write(docs(), sys.stdout)
    return 1 if failed else 0


def seed_paths() -> list[Path]:
    """The seed notes shipped with the package, in name order."""
    folder = resources.files("segmenter").joinpath("data", "seeds")
    return sorted((Path(str(folder)) / p.name for p in folder.iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)


def _cmd_demo(args: argparse.Namespace) -> int:
    from .output import write_jsonl
    from .pipeline import Segmenter
    from .summary import document_to_summary

    seg = Segmenter()
    docs = [seg.segment_or_error(path, name=path.name) for path in seed_paths()]
    if args.json:
        write_jsonl(docs, sys.stdout)
    else:
        print("\n\n".join(document_to_summary(doc) for doc in docs))
    return 1 if any(d.error for d in docs) else 0


def _cmd_train(args: argparse.Namespace) -> int:
    from .classifier import BUNDLE_NAME, save_bundle, scores_to_markdown, train_bundle

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    bundle = train_bundle(Path(args.data))
    save_bundle(bundle, out / BUNDLE_NAME)
    (out / "MODEL_CARD.md").write_text(scores_to_markdown(bundle), encoding="utf-8")
    (out / "scores.json").write_text(json.dumps(bundle["scores"], indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(scores_to_markdown(bundle))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``segmenter`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    commands = {"parse": _cmd_parse, "demo": _cmd_demo, "train": _cmd_train}
    try:
        return commands[args.command](args)
    except SegmenterError as exc:
        print(f"segmenter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
