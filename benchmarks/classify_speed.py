"""What the block classifier costs per filing: predict_notes and predict_policy_notes.

Each filing (iXBRL HTML from the corpus, decompressed once) is segmented once
with ``Segmenter.segment`` while the two classifier calls' inputs are kept;
then each call, and the whole ``segment`` call, is repeated ``--runs`` times
and its median CPU time (``time.process_time``) and wall time are reported,
with the classifier's share of the document's CPU time and the document's
MB/s by CPU time. Both models run once per document.

    python benchmarks/classify_speed.py [--runs 5] [--profile] [--json OUT]
    python benchmarks/classify_speed.py --filings 10-K/AAPL/aapl-10-k-2024-11-01.html.gz ...
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

#: Three filings, small to large, from three filing agents (see compare.py).
DEFAULT_FILINGS = (
    "10-K/AAPL/aapl-10-k-2024-11-01.html.gz",  # 1.5 MB, Workiva
    "10-Q/MULN/0001558370-23-014900.html.gz",  # 2.9 MB, Toppan Merrill
    "10-K/GE/0000040545-24-000027.html.gz",    # 4.0 MB, dFin
)


def _times(call, arg, runs: int) -> tuple[float, float]:
    """(median CPU seconds, median wall seconds) of ``call(arg)`` over ``runs`` calls."""
    call(arg)  # warm caches once
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        call(arg)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus folder (default: ../shared/corpus)")
    ap.add_argument("--filings", nargs="+", default=list(DEFAULT_FILINGS), metavar="PATH",
                    help="filings under --corpus (.html or .html.gz)")
    ap.add_argument("--runs", type=int, default=5, help="calls per measurement; the median is reported (default 5)")
    ap.add_argument("--profile", action="store_true", help="cProfile the two calls over all filings")
    ap.add_argument("--top", type=int, default=15, help="profile rows to show (default 15)")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")

    import segmenter

    seg = segmenter.load()
    clf = seg.classifier
    kept: dict[str, object] = {}
    predict_notes, predict_policy_notes = clf.predict_notes, clf.predict_policy_notes

    def keep_notes(notes):
        kept["notes"] = [list(blocks) for blocks in notes]
        return predict_notes(notes)

    def keep_policy(notes):
        kept["policy"] = [(list(blocks), topic) for blocks, topic in notes]
        return predict_policy_notes(notes)

    results = []
    for name in args.filings:
        raw = (Path(args.corpus) / name).read_bytes()
        html = gzip.decompress(raw) if name.endswith(".gz") else raw
        clf.predict_notes, clf.predict_policy_notes = keep_notes, keep_policy
        seg.segment(html, name=name)
        clf.predict_notes, clf.predict_policy_notes = predict_notes, predict_policy_notes
        segment_cpu, segment_wall = _times(lambda data: seg.segment(data, name=name), html, args.runs)
        notes_cpu, notes_wall = _times(predict_notes, kept["notes"], args.runs)
        policy_cpu, policy_wall = _times(predict_policy_notes, kept["policy"], args.runs)
        results.append({
            "filing": name, "mb": len(html) / 1e6,
            "blocks": sum(len(b) for b in kept["notes"]),
            "text_blocks": sum(b.kind == "text" for blocks, _ in kept["policy"] for b in blocks),
            "segment_cpu_s": segment_cpu, "segment_wall_s": segment_wall,
            "predict_notes_cpu_s": notes_cpu, "predict_notes_wall_s": notes_wall,
            "predict_policy_notes_cpu_s": policy_cpu, "predict_policy_notes_wall_s": policy_wall,
            "inputs": dict(kept),
        })

    print(f"{'filing':42s} {'MB':>5s} {'blocks':>6s} {'text':>5s} {'notes ms':>9s} {'policy ms':>10s} "
          f"{'segment ms':>11s} {'share':>6s} {'MB/s':>6s}   (CPU, median of {args.runs}; wall in brackets)")
    for r in results:
        share = (r["predict_notes_cpu_s"] + r["predict_policy_notes_cpu_s"]) / r["segment_cpu_s"]
        print(f"{r['filing']:42s} {r['mb']:5.2f} {r['blocks']:6d} {r['text_blocks']:5d} "
              f"{r['predict_notes_cpu_s'] * 1000:9.1f} {r['predict_policy_notes_cpu_s'] * 1000:10.1f} "
              f"{r['segment_cpu_s'] * 1000:11.1f} {share:6.0%} {r['mb'] / r['segment_cpu_s']:6.2f}   "
              f"[{r['predict_notes_wall_s'] * 1000:.1f}, {r['predict_policy_notes_wall_s'] * 1000:.1f}, "
              f"{r['segment_wall_s'] * 1000:.1f}]")
    total_mb = sum(r["mb"] for r in results)
    print(f"all: {total_mb:.2f} MB, segment {total_mb / sum(r['segment_cpu_s'] for r in results):.2f} MB/s CPU "
          f"({total_mb / sum(r['segment_wall_s'] for r in results):.2f} wall), classifier "
          f"{sum(r['predict_notes_cpu_s'] + r['predict_policy_notes_cpu_s'] for r in results) * 1000:.0f} ms CPU "
          f"of {sum(r['segment_cpu_s'] for r in results) * 1000:.0f}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for r in results:
            predict_notes(r["inputs"]["notes"])
            predict_policy_notes(r["inputs"]["policy"])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())

    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([{k: v for k, v in r.items() if k != "inputs"} for r in results], fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
