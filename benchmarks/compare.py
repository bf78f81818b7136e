"""segmenter beside sec-parser and edgartools: MB/s and peak memory on the same filings.

One run measures, on the same iXBRL filings (decompressed once beforehand):

* segmenter on HTML (``segmenter.load()`` once, then ``Segmenter.segment(path)``
  per filing; model loading excluded) and on pipe text (the ``Document.text``
  segmenter exposes for each filing, written out once, then segmented as text);
* sec-parser (``Edgar10QParser().parse(html)``) and edgartools (its offline HTML
  document parser), each installed by this script into its own virtual
  environment under ``--cache`` and run there;
* segmenter's linearity (one filing's pipe text at 1x, 2x, 4x) and
  ``segmenter parse --workers 1`` against ``--workers 2`` (wall time).

Every tool runs in its own subprocess that times itself and reports JSON, one
after the other, with OMP/MKL/OPENBLAS threads set to 1. MB/s is the total
input size (decompressed HTML, or pipe text) over the median of ``--runs``
passes; peak memory is the subprocess's ``ru_maxrss``.

    python benchmarks/compare.py [--runs 3] [--json OUT] [--profile] [--skip-peers]
    python benchmarks/compare.py --filings 10-K/AAPL/aapl-10-k-2024-11-01.html.gz ...
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_CACHE = HERE / ".venvs"

#: Six filings from 0.8 to 4 MB of HTML, from four filing agents' tool chains.
DEFAULT_FILINGS = (
    "10-Q/HD/0000354950-23-000185.html.gz",    # 0.8 MB, Workiva
    "10-K/AAPL/aapl-10-k-2024-11-01.html.gz",  # 1.5 MB, Workiva
    "10-K/AMZN/0001018724-24-000008.html.gz",  # 1.9 MB, dFin
    "10-Q/MULN/0001558370-23-014900.html.gz",  # 2.9 MB, Toppan Merrill
    "10-K/JNJ/0000200406-24-000013.html.gz",   # 3.7 MB, in-house / other (ASCII XML prolog)
    "10-K/GE/0000040545-24-000027.html.gz",    # 4.0 MB, dFin
)

#: Tools run in their own virtual environment: name -> pip requirement.
OTHER_TOOLS = {"sec-parser": "sec-parser", "edgartools": "edgartools"}

ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}


# --------------------------------------------------------------------------- child side
# Everything below up to "parent side" runs inside the measuring subprocess, which may be
# another tool's virtual environment: it imports only the standard library and that tool.

def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Current resident memory of this process in MB (Linux), or 0 where unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return 0.0


def _time_passes(parse, paths: list[Path], runs: int) -> dict:
    """Run ``parse(path)`` over all paths ``runs`` times; per-pass and per-file seconds."""
    passes, per_file, errors = [], {p.name: [] for p in paths}, {}
    for _ in range(runs):
        total = 0.0
        for p in paths:
            t0 = time.perf_counter()
            try:
                parse(p)
            except Exception as exc:  # a tool that fails on a filing is reported, not fatal
                errors[p.name] = f"{type(exc).__name__}: {exc}"[:300]
                continue
            dt = time.perf_counter() - t0
            total += dt
            per_file[p.name].append(dt)
        passes.append(total)
    return {"passes": passes, "per_file": per_file, "errors": errors}


def _child_segmenter_html(paths: list[Path], runs: int, out_dir: Path) -> dict:
    import segmenter

    t0 = time.perf_counter()
    seg = segmenter.load()
    load_s = time.perf_counter() - t0
    base = _rss_mb()
    res = _time_passes(seg.segment, paths, runs)
    res.update(load_seconds=load_s, baseline_mb=base, peak_mb=_peak_mb(),
               version=segmenter.__version__)
    # The pipe text for the next measurement: what segmenter exposes for each filing.
    for p in paths:
        (out_dir / (p.stem + ".txt")).write_text(seg.segment(p).text, encoding="utf-8")
    return res


def _child_segmenter_pipe(paths: list[Path], runs: int) -> dict:
    import segmenter

    seg = segmenter.load()
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    del texts  # read once to warm the page cache; the timed parse reads the file itself
    base = _rss_mb()
    res = _time_passes(seg.segment, paths, runs)
    res.update(baseline_mb=base, peak_mb=_peak_mb(), version=segmenter.__version__)
    return res


def _child_segmenter_linear(path: Path, runs: int, copies: int, part: str) -> dict:
    import segmenter

    seg = segmenter.load()
    text = path.read_text(encoding="utf-8")
    if part == "notes":
        # The notes section alone (first note's start to last note's end). A whole filing
        # repeated k times is not a k times larger filing: from three copies on, its Item
        # headings repeat like running page headers, so the notes section runs on through
        # MD&A and the work grows faster than the text.
        notes = seg.segment(text, name=path.name).notes
        if notes:
            text = text[notes[0].start:notes[-1].end]
    big = "\n".join([text] * copies)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        seg.segment(big, name=f"{path.name} x{copies}")
        times.append(time.perf_counter() - t0)
    return {"bytes": len(big.encode("utf-8")), "passes": times, "peak_mb": _peak_mb()}


def _child_profile(path: Path, top: int) -> dict:
    import cProfile
    import io
    import pstats

    import segmenter

    seg = segmenter.load()
    prof = cProfile.Profile()
    prof.enable()
    seg.segment(path)
    prof.disable()
    rows = []
    stats = pstats.Stats(prof)
    total = max(v[3] for v in stats.stats.values())  # the outermost frame's cumulative time
    for (filename, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append({"where": f"{_short(filename)}:{line}({func})", "calls": nc,
                     "tottime": tt, "cumtime": ct, "share": ct / total if total else 0.0})
    by_cum = sorted(rows, key=lambda r: -r["cumtime"])
    by_tot = sorted(rows, key=lambda r: -r["tottime"])
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(40)
    return {"file": path.name, "total_seconds": total, "by_cumtime": by_cum[:top * 4],
            "by_tottime": by_tot[:top], "pstats": text.getvalue()}


def _short(filename: str) -> str:
    """A module path from 'site-packages/' or the package folder on, never the machine's."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    parts = Path(filename).parts
    if "segmenter" in parts[:-1]:
        i = len(parts) - 2 - parts[:-1][::-1].index("segmenter")
        return "/".join(parts[i:])
    return "/".join(parts[-2:]) if len(parts) > 1 else filename


def _child_sec_parser(paths: list[Path], runs: int) -> dict:
    import importlib.metadata

    import sec_parser

    parser = sec_parser.Edgar10QParser()
    base = _rss_mb()
    res = _time_passes(lambda p: parser.parse(p.read_text(encoding="utf-8", errors="replace")), paths, runs)
    res.update(baseline_mb=base, peak_mb=_peak_mb(), version=importlib.metadata.version("sec-parser"),
               api="sec_parser.Edgar10QParser().parse(html)")
    return res


def _child_edgartools(paths: list[Path], runs: int) -> dict:
    import importlib.metadata

    parse, api = _edgartools_parser()
    base = _rss_mb()
    res = _time_passes(lambda p: parse(p.read_text(encoding="utf-8", errors="replace")), paths, runs)
    res.update(baseline_mb=base, peak_mb=_peak_mb(), version=importlib.metadata.version("edgartools"), api=api)
    return res


def _edgartools_parser():
    """The offline HTML parser of the installed edgartools, newest API first."""
    try:  # edgartools 4.x: the structured document parser
        from edgar.documents import parse_html

        return parse_html, "edgar.documents.parse_html(html)"
    except ImportError:
        pass
    from edgar.files.html import Document  # older releases

    return Document.parse, "edgar.files.html.Document.parse(html)"


def _child_main(args: argparse.Namespace) -> None:
    paths = [Path(p) for p in args.paths]
    if args.child == "segmenter-html":
        res = _child_segmenter_html(paths, args.runs, Path(args.out_dir))
    elif args.child == "segmenter-pipe":
        res = _child_segmenter_pipe(paths, args.runs)
    elif args.child == "segmenter-linear":
        res = _child_segmenter_linear(paths[0], args.runs, args.copies, args.linear_part)
    elif args.child == "profile":
        res = _child_profile(paths[0], args.top)
    elif args.child == "sec-parser":
        res = _child_sec_parser(paths, args.runs)
    elif args.child == "edgartools":
        res = _child_edgartools(paths, args.runs)
    else:
        raise SystemExit(f"unknown child {args.child}")
    res["final_peak_mb"] = _peak_mb()
    sys.stdout.write("\n@@RESULT@@" + json.dumps(res) + "\n")


# --------------------------------------------------------------------------- parent side

def _env() -> dict[str, str]:
    env = dict(os.environ, **ONE_THREAD, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    return env


def ensure_venv(cache: Path, tool: str, log) -> Path:
    """The python of TOOL's own virtual environment under CACHE, created and filled if needed."""
    venv = cache / tool
    python = venv / "bin" / "python"
    module = {"sec-parser": "sec_parser", "edgartools": "edgar"}[tool]
    if python.exists() and subprocess.run([str(python), "-c", f"import {module}"],
                                          capture_output=True, env=_env()).returncode == 0:
        return python
    log(f"installing {tool} into {venv.relative_to(ROOT) if venv.is_relative_to(ROOT) else venv} ...")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    OTHER_TOOLS[tool]], check=True)
    return python


def run_child(python: Path | str, child: str, paths: list[Path], runs: int, timeout: float,
              **extra: str) -> dict:
    """Run this script as CHILD under PYTHON and return the JSON it reports."""
    cmd = [str(python), str(Path(__file__).resolve()), "--child", child, "--runs", str(runs),
           *[a for k, v in extra.items() for a in (f"--{k.replace('_', '-')}", str(v))],
           *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=timeout, cwd=str(HERE))
    if "@@RESULT@@" not in proc.stdout:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{child} failed (exit {proc.returncode}): " + " | ".join(tail))
    return json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1])


def summarize(name: str, input_kind: str, res: dict, sizes: dict[str, int]) -> dict:
    """MB/s from the median pass over the files that parsed; memory against the largest input."""
    ok = [n for n in sizes if n not in res.get("errors", {})]
    mb = sum(sizes[n] for n in ok) / 1e6
    med = statistics.median(res["passes"])
    largest = max(sizes.values()) / 2**20  # MiB, like ru_maxrss
    per_file = {n: round(sizes[n] / 1e6 / statistics.median(t), 3) for n, t in res["per_file"].items() if t}
    return {
        "tool": name, "input": input_kind, "version": res.get("version"), "api": res.get("api"),
        "files": len(ok), "failed": res.get("errors", {}), "mb": round(mb, 3),
        "median_seconds": round(med, 3), "mb_per_s": round(mb / med, 3) if med else None,
        "mb_per_s_range": [round(mb / max(res["passes"]), 3), round(mb / min(res["passes"]), 3)],
        "passes_seconds": [round(t, 3) for t in res["passes"]],
        "per_file_mb_per_s": per_file,
        "baseline_mb": round(res.get("baseline_mb", 0.0), 1), "peak_mb": round(res["peak_mb"], 1),
        "largest_doc_mib": round(largest, 3),
        "peak_over_largest": round(res["peak_mb"] / largest, 1),
        "growth_over_largest": round((res["peak_mb"] - res.get("baseline_mb", 0.0)) / largest, 1),
    }


def workers_wall(files: list[Path], workers: int, runs: int, timeout: float) -> list[float]:
    """Wall seconds of `segmenter parse --workers N` over FILES, model loading included."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "segmenter.cli", "parse", "--workers", str(workers), "--quiet",
                        "-o", os.devnull, *map(str, files)], check=True, env=_env(), timeout=timeout,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def markdown(report: dict) -> str:
    rows = report["tools"]
    lines = [
        "| tool | input | files | MB | median s | MB/s (min-max) | peak RSS MiB (baseline) | peak / largest doc "
        "| growth / largest doc | segmenter vs fastest other |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r.get("segmenter_vs_fastest_other")
        lines.append(
            f"| {r['tool']} {r.get('version') or ''} | {r['input']} | {r['files']} | {r['mb']:.1f} | "
            f"{r['median_seconds']:.2f} | {r['mb_per_s']:.2f} ({r['mb_per_s_range'][0]:.2f}-{r['mb_per_s_range'][1]:.2f}) | "
            f"{r['peak_mb']:.0f} ({r['baseline_mb']:.0f}) | {r['peak_over_largest']:.0f}x | "
            f"{r['growth_over_largest']:.0f}x | {'' if ratio is None else f'{ratio:.2f}x'} |")
    for r in rows:
        if r["failed"]:
            lines.append(f"\n{r['tool']} failed on: " + "; ".join(f"{k} ({v})" for k, v in r["failed"].items()))
    if report.get("errors"):
        lines.append("\nnot measured: " + "; ".join(f"{k}: {v}" for k, v in report["errors"].items()))
    if "per_file" in report:
        tools = [f"{r['tool']} ({r['input']})" for r in rows]
        lines += ["", "MB/s per filing (median):", "",
                  "| filing | MB | " + " | ".join(tools) + " |", "|---|---|" + "---|" * len(tools)]
        for name, mb in report["per_file"].items():
            cells = [r["per_file_mb_per_s"].get(name) for r in rows]
            lines.append(f"| {name} | {mb:.2f} | " + " | ".join("-" if c is None else f"{c:.2f}" for c in cells) + " |")
    if "linearity" in report:
        lin = report["linearity"]
        what = "the notes section of the pipe text" if lin.get("part") == "notes" else "the pipe text"
        lines += ["", f"Linearity (segmenter, {what} of {lin['file']} concatenated):", "",
                  "| copies | MB | median s | MB/s |", "|---|---|---|---|"]
        for k, v in lin["runs"].items():
            if "timeout_seconds" in v:
                lines.append(f"| {k}x | | no result within {v['timeout_seconds']:.0f} s | |")
            else:
                lines.append(f"| {k}x | {v['mb']:.2f} | {v['median_seconds']:.2f} | {v['mb_per_s']:.2f} |")
    if "workers" in report:
        w = report["workers"]
        lines += ["", f"`segmenter parse` over the {w['files']} filings ({w['mb']:.1f} MB HTML), wall time with "
                  f"start-up and model loading: --workers 1 {w['w1_median']:.2f} s, --workers 2 {w['w2_median']:.2f} s, "
                  f"speed-up {w['speedup']:.2f}x (median of {w['runs']})."]
    if "profile" in report:
        p = report["profile"]
        lines += ["", f"cProfile, segmenter on {p['file']} (HTML), {p['total_seconds']:.2f} s under the profiler; "
                  "top cumulative:", "", "| function | calls | cumtime s | share | tottime s |", "|---|---|---|---|---|"]
        for r in p["top"]:
            lines.append(f"| `{r['where']}` | {r['calls']} | {r['cumtime']:.2f} | {r['share']:.0%} | {r['tottime']:.2f} |")
        lines += ["", "top own time (tottime):", "", "| function | calls | tottime s |", "|---|---|---|"]
        for r in p["by_tottime"]:
            lines.append(f"| `{r['where']}` | {r['calls']} | {r['tottime']:.2f} |")
    lines += ["", f"Machine: {report['machine']}. Runs are sequential, one thread each; the cores are shared with "
              "other work, so expect noise of tens of percent between runs (see the min-max range)."]
    return "\n".join(lines)


def _profile_top(prof: dict, top: int) -> list[dict]:
    """The heaviest cumulative entries below the entry point, skipping pure dispatch frames."""
    skip = ("{built-in method builtins.exec}", "<string>", "pipeline.py:64(segment)", "(segment_source)",
            "{method 'enable'", "{method 'disable'")
    return [r for r in prof["by_cumtime"] if not any(s in r["where"] for s in skip)][:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("filings", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--filings", dest="filing_list", nargs="+", metavar="PATH",
                    help="filings to use (.html or .html.gz; relative to --corpus or absolute); default: six "
                    "filings of different sizes and filing agents")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus folder (default: ../shared/corpus)")
    ap.add_argument("--runs", type=int, default=3, help="passes per measurement; the median is reported (default 3)")
    ap.add_argument("--tools", default="segmenter,sec-parser,edgartools",
                    help="comma-separated subset of segmenter,sec-parser,edgartools")
    ap.add_argument("--skip-peers", action="store_true",
                    help="measure segmenter only (same as --tools segmenter): no sec-parser or edgartools")
    ap.add_argument("--linear-part", choices=("notes", "filing"), default="notes",
                    help="what the linearity check repeats: the notes section of the filing's pipe text "
                    "(default) or the whole pipe text")
    ap.add_argument("--cache", default=str(DEFAULT_CACHE), help="where the other tools' virtual environments live")
    ap.add_argument("--json", metavar="OUT", help="also write the full results as JSON to OUT")
    ap.add_argument("--no-linearity", action="store_true", help="skip the 1x/2x/4x pipe-text check")
    ap.add_argument("--no-workers", action="store_true", help="skip `segmenter parse --workers 1` vs 2")
    ap.add_argument("--profile", action="store_true", help="cProfile segmenter on the largest filing")
    ap.add_argument("--top", type=int, default=10, help="profile rows to show (default 10)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per subprocess")
    ap.add_argument("--linear-timeout", type=float, default=120,
                    help="seconds allowed for each step of the linearity check (default 120)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out-dir", help=argparse.SUPPRESS)
    ap.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        args.paths = args.filings
        _child_main(args)
        return 0

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    corpus = Path(args.corpus)
    chosen = args.filing_list or args.filings or list(DEFAULT_FILINGS)
    sources = [Path(f) if Path(f).is_absolute() else corpus / f for f in chosen]
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        ap.error("no such filing: " + ", ".join(missing) + ("" if corpus.exists() else " (give --corpus)"))
    tools = ["segmenter"] if args.skip_peers else [t.strip() for t in args.tools.split(",") if t.strip()]

    with tempfile.TemporaryDirectory(prefix="segmenter-bench-") as tmp:
        work = Path(tmp)
        html_paths = []
        for i, src in enumerate(sources):
            data = src.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            # A unique, readable name: the ticker folder plus the file name.
            dest = work / f"{i}_{src.parent.name}_{src.name.removesuffix('.gz').removesuffix('.html')}.html"
            dest.write_bytes(data)
            html_paths.append(dest)
        sizes = {p.name: p.stat().st_size for p in html_paths}
        report: dict = {"filings": [str(Path(*s.parts[-3:])) for s in sources], "runs": args.runs,
                        "machine": f"{os.cpu_count()} logical CPUs, Python {sys.version.split()[0]}",
                        "per_file": {n: s / 1e6 for n, s in sizes.items()}, "tools": [], "errors": {}}
        log(f"{len(html_paths)} filings, {sum(sizes.values()) / 1e6:.1f} MB of HTML, {args.runs} runs each")

        if "segmenter" in tools:
            log("segmenter on HTML ...")
            res = run_child(sys.executable, "segmenter-html", html_paths, args.runs, args.timeout, out_dir=work)
            report["tools"].append(summarize("segmenter", "HTML", res, sizes))
            report["segmenter_load_seconds"] = round(res["load_seconds"], 2)
            pipe_paths = [work / (p.stem + ".txt") for p in html_paths]
            pipe_sizes = {p.name: p.stat().st_size for p in pipe_paths}
            log("segmenter on pipe text ...")
            res = run_child(sys.executable, "segmenter-pipe", pipe_paths, args.runs, args.timeout)
            pipe_row = summarize("segmenter", "pipe text", res, pipe_sizes)
            # Per-filing columns are keyed by the HTML name so the table lines up.
            pipe_row["per_file_mb_per_s"] = {p.name: pipe_row["per_file_mb_per_s"].get(t.name)
                                            for p, t in zip(html_paths, pipe_paths)}
            report["tools"].append(pipe_row)
            if not args.no_linearity:
                mid = sorted(pipe_paths, key=lambda p: p.stat().st_size)[len(pipe_paths) // 2]
                log(f"linearity on {mid.name} ...")
                steps = {}
                for k in (1, 2, 4):
                    try:
                        res = run_child(sys.executable, "segmenter-linear", [mid], args.runs, args.linear_timeout,
                                        copies=k, linear_part=args.linear_part)
                    except subprocess.TimeoutExpired:
                        steps[str(k)] = {"timeout_seconds": args.linear_timeout}
                        log(f"  {k}x: no result within {args.linear_timeout:.0f} s")
                        break  # more copies only take longer
                    med = statistics.median(res["passes"])
                    steps[str(k)] = {"mb": res["bytes"] / 1e6, "median_seconds": med,
                                     "mb_per_s": res["bytes"] / 1e6 / med, "passes": res["passes"],
                                     "peak_mb": round(res["peak_mb"], 1)}
                report["linearity"] = {"file": mid.name, "part": args.linear_part, "runs": steps}
            if not args.no_workers:
                log("segmenter parse --workers 1 vs 2 ...")
                w1 = workers_wall(html_paths, 1, args.runs, args.timeout)
                w2 = workers_wall(html_paths, 2, args.runs, args.timeout)
                report["workers"] = {"files": len(html_paths), "mb": sum(sizes.values()) / 1e6, "runs": args.runs,
                                     "w1_seconds": w1, "w2_seconds": w2, "w1_median": statistics.median(w1),
                                     "w2_median": statistics.median(w2),
                                     "speedup": statistics.median(w1) / statistics.median(w2)}
            if args.profile:
                largest = max(html_paths, key=lambda p: p.stat().st_size)
                log(f"profiling segmenter on {largest.name} ...")
                prof = run_child(sys.executable, "profile", [largest], 1, args.timeout, top=args.top)
                prof["top"] = _profile_top(prof, args.top)
                report["profile"] = prof

        for tool in (t for t in tools if t in OTHER_TOOLS):
            try:
                python = ensure_venv(Path(args.cache), tool, log)
                log(f"{tool} on HTML ...")
                res = run_child(python, tool, html_paths, args.runs, args.timeout)
                report["tools"].append(summarize(tool, "HTML", res, sizes))
            except (subprocess.SubprocessError, RuntimeError, OSError) as exc:
                report["errors"][tool] = str(exc)[:500]
                log(f"{tool}: {exc}")

    others = [r["mb_per_s"] for r in report["tools"] if r["tool"] != "segmenter" and r["mb_per_s"]]
    for r in report["tools"]:
        if r["tool"] == "segmenter" and others:
            r["segmenter_vs_fastest_other"] = round(r["mb_per_s"] / max(others), 3)
    print(markdown(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
