"""How long `segmenter parse` takes: the three seeds and 20 real corpus notes.

Prints, for each set: the wall time of the whole `segmenter parse` command
(start-up and model loading included) and the in-process parse time once
loaded, each the median of several runs, with MB/s and peak memory.

    python benchmarks/parse_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "segmenter" / "data" / "seeds").glob("*.txt"))
CORPUS_NOTES = sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))[:20]


def command_seconds(paths: list[Path], runs: int) -> float:
    """Median wall time of `segmenter parse PATHS` as a fresh process."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "segmenter.cli", "parse", *map(str, paths)],
                       check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def parse_seconds(seg, paths: list[Path], runs: int) -> float:
    """Median in-process time to parse PATHS with a loaded Segmenter."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for path in paths:
            seg.segment(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import segmenter

    t0 = time.perf_counter()
    seg = segmenter.load()
    load = time.perf_counter() - t0
    print(f"load (spaCy pipeline + classifier): {load:.2f} s")
    for name, paths in (("3 seeds", SEEDS), ("20 corpus notes", CORPUS_NOTES)):
        size = sum(p.stat().st_size for p in paths) / 1e6
        cmd = command_seconds(paths, args.runs)
        inproc = parse_seconds(seg, paths, args.runs)
        print(f"{name}: {size:.3f} MB; `segmenter parse` {cmd:.2f} s (median of {args.runs}); "
              f"parse once loaded {inproc:.3f} s = {size / inproc:.2f} MB/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
