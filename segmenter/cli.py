"""The ``segmenter`` command: parse, demo, train.

Exit codes: 0 all documents parsed; 1 at least one document failed (its
error record is in the output); 2 the command itself could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import SegmenterError
from .limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CELLS, DEFAULT_MAX_SECONDS, Limits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segmenter",
        description="Find the notes to financial statements in SEC filing text, tag their blocks "
        "and parse their tables into values with row label, period, unit, scale and sign.",
    )
    parser.add_argument("--version", action="version", version=f"segmenter {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_parse_arguments(sub.add_parser(
        "parse", help="parse documents and print one JSON object per document (or write Parquet tables)",
        description="Parse each PATH (iXBRL/HTML filing, XBRL-viewer R page, EDGAR .txt submission, pipe text or plain "
        "text, any of them gzipped; a directory is read "
        "recursively, a glob is expanded, each member of a .tar/.tar.gz archive is a document named "
        "'ARCHIVE!MEMBER'; '-' reads standard input) and print one JSON object per document, in input order, "
        "or write tidy Parquet tables (documents, notes, blocks, cells, errors) to a folder. A document that "
        "cannot be parsed gets an error record and the others go on; the exit code is then 1."))

    d = sub.add_parser("demo", help="parse the bundled seed notes and print a readable summary",
                       description="Parse the three real seed notes shipped with the package and print, for "
                       "each, its notes with topics, the kinds of its blocks and every table as a grid of "
                       "row labels, periods and values.")
    d.add_argument("--json", action="store_true", help="print the JSON output instead of the summary")

    t = sub.add_parser("train", help="train the block classifier from labelled data",
                       description="Fit the block classifier and the policy flag on the 'train' split of the "
                       "labelled notes in DATA/*.jsonl, and the period-type model on DATA/row_periods.jsonl; "
                       "score them on the held-out 'test' split (other companies) and write "
                       "OUT/block_classifier.joblib (one bundle of the three), OUT/MODEL_CARD.md and OUT/scores.json.")
    t.add_argument("--data", default="training_data", metavar="DATA", help="folder of labelled JSONL (default: training_data)")
    t.add_argument("--out", default="models", metavar="OUT", help="folder to write the bundle to (default: models)")
    from .evaluate import add_evaluate_parser

    add_evaluate_parser(sub)
    return parser


def _add_parse_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, directories, globs, .gz files, .tar/.tar.gz archives, or '-' for standard input")
    p.add_argument("--from-list", metavar="FILE", help="also read the paths listed in FILE, one per line ('-': stdin)")
    p.add_argument("--format", choices=("jsonl", "json", "parquet"), default="jsonl",
                   help="jsonl: one object per line (default); json: one indented array; "
                   "parquet: tidy tables in the folder given by -o")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output (a folder for parquet)")
    p.add_argument("--model", metavar="BUNDLE", help="a classifier bundle other than the shipped one")
    p.add_argument("--workers", type=int, default=0, metavar="N",
                   help="worker processes, each loading the model once (default: all cores, or this process alone "
                   "for under 1 MB of input; 1: in this process)")
    p.add_argument("--part-size", type=int, default=1000, metavar="N",
                   help="documents per Parquet part file and per resume unit (default: 1000)")
    p.add_argument("--resume", action="store_true",
                   help="keep what an earlier (perhaps killed) run over the same inputs wrote to -o OUT (Parquet "
                   "parts, or the JSON Lines documents written before the first changed one) and do only the rest")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="parquet: run on a Dask cluster ('tcp://HOST:PORT', or 'local' for one on this machine)")
    limits = p.add_argument_group("per-document limits",
                                  "a document over a limit gets an error record; the others go on")
    limits.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"largest decoded size of one document, after gunzip "
                        f"(default: {DEFAULT_MAX_BYTES:,} = 256 MiB)")
    limits.add_argument("--max-cells", type=int, default=DEFAULT_MAX_CELLS, metavar="N",
                        help=f"most table cells in one document (default: {DEFAULT_MAX_CELLS:,})")
    limits.add_argument("--max-seconds", type=float, default=DEFAULT_MAX_SECONDS, metavar="S",
                        help=f"wall time for one document, checked between its steps; in worker processes "
                        f"(--workers 2 or more) a worker still on it after that is also stopped "
                        f"(default: {DEFAULT_MAX_SECONDS:g})")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", default=None,
                       help="show the progress bar even when standard error is not a terminal")
    shown.add_argument("--quiet", action="store_true", help="no progress bar and no summary")


def _cmd_parse(args: argparse.Namespace) -> int:
    from .batch import JsonlFileSink, JsonlSink, ParquetSink, expand_inputs, has_parts, run_batch

    if not args.paths and not args.from_list:
        print("segmenter parse: give at least one PATH or --from-list FILE", file=sys.stderr)
        return 2
    parquet = args.format == "parquet"
    if parquet and not args.output:
        print("segmenter parse: --format parquet needs -o DIR", file=sys.stderr)
        return 2
    if args.scheduler and not parquet:
        print("segmenter parse: --scheduler needs --format parquet -o DIR", file=sys.stderr)
        return 2
    # A ledger beside the output (FILE.done) makes JSON Lines resumable; a device
    # or pipe ("-o /dev/null") is written plainly and cannot be resumed.
    ledgered = bool(args.output) and args.format == "jsonl" and (
        not Path(args.output).exists() or Path(args.output).is_file())
    if args.resume and not (parquet or ledgered):
        print("segmenter parse: --resume needs -o FILE (a regular file, JSON Lines) or --format parquet -o DIR",
              file=sys.stderr)
        return 2
    if parquet and not args.resume and has_parts(args.output):
        print(f"segmenter parse: {args.output} already holds output; add --resume to finish it, "
              "or give another folder", file=sys.stderr)
        return 2
    progress = False if args.quiet else args.progress
    try:
        limits = Limits(max_bytes=args.max_bytes, max_cells=args.max_cells, max_seconds=args.max_seconds)
    except ValueError as exc:
        print(f"segmenter parse: {exc}", file=sys.stderr)
        return 2
    from .settings import Settings

    settings = Settings(limits=limits)
    if args.scheduler:
        from .distributed import segment_on_dask

        summary = segment_on_dask(
            list(args.paths), args.output, list_file=args.from_list,
            scheduler=None if args.scheduler == "local" else args.scheduler,
            n_workers=args.workers or None, part_size=args.part_size, model_path=args.model,
            settings=settings, resume=args.resume, progress=progress)
    else:
        items = expand_inputs(args.paths, list_file=args.from_list)
        run = dict(workers=args.workers or None, model_path=args.model, settings=settings, resume=args.resume,
                   progress=progress)
        if parquet:
            summary = run_batch(items, ParquetSink(args.output, part_size=args.part_size), **run)
        elif ledgered:
            summary = run_batch(items, JsonlFileSink(args.output, resume=args.resume), **run)
        elif args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                summary = run_batch(items, JsonlSink(out, as_array=args.format == "json"), **run)
        else:
            summary = run_batch(items, JsonlSink(sys.stdout, as_array=args.format == "json"), **run)
    if not args.quiet:
        print(f"segmenter: {summary.to_text()}", file=sys.stderr)
    return 1 if summary.errors else 0


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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import run_evaluate

    return run_evaluate(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``segmenter`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    commands = {"parse": _cmd_parse, "demo": _cmd_demo, "train": _cmd_train, "evaluate": _cmd_evaluate}
    try:
        return commands[args.command](args)
    except SegmenterError as exc:
        print(f"segmenter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the output could not be written (full disk, no permission, ...)
        where = f" {exc.filename}" if exc.filename else ""
        print(f"segmenter: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
