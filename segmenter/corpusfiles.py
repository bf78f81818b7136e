"""The corpus of filings: which files it holds and which companies are held out.

:func:`corpus_to_files` lists a corpus directory laid out as
``<form>/<TICKER>/*.html.gz`` (one file per distinct sha256, from
``manifest.csv`` when there is one); :func:`tickers_to_split` splits
companies, not notes, into train and test by a stable hash, so every run
holds out the same companies.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

TEST_FRACTION = 1 / 3


@dataclass(frozen=True)
class CorpusFile:
    """One unique filing of the corpus."""

    path: Path
    ticker: str
    form: str
    sha256: str


def stable_hash(text: str) -> int:
    """The sha1 of ``text`` as an int: the same on every run and machine
    (unlike ``hash``), so choices made by it are reproducible."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def corpus_to_files(corpus_dir: str | Path) -> list[CorpusFile]:
    """The corpus's ``<form>/<TICKER>/*.html.gz`` files, one per distinct sha256
    (the first path in sorted order wins)."""
    corpus = Path(corpus_dir)
    manifest: dict[str, dict[str, str]] = {}
    if (corpus / "manifest.csv").is_file():
        with open(corpus / "manifest.csv", newline="", encoding="utf-8") as fh:
            manifest = {row["path"]: row for row in csv.DictReader(fh)}
    seen: set[str] = set()
    files: list[CorpusFile] = []
    for path in sorted(corpus.glob("10-*/*/*.htm*")):
        rel = path.relative_to(corpus).as_posix()
        row = manifest.get(rel)
        sha = row["sha256"] if row else hashlib.sha256(path.read_bytes()).hexdigest()
        if sha in seen:
            continue
        seen.add(sha)
        files.append(CorpusFile(path, path.parent.name, path.parent.parent.name, sha))
    return files


def tickers_to_split(tickers: Iterable[str], test_fraction: float = TEST_FRACTION) -> dict[str, str]:
    """Ticker -> ``train``/``test``: the ceil(n * fraction) tickers with the
    smallest sha1 are held out, so the split is the same on every run."""
    unique = sorted(set(tickers), key=lambda t: (stable_hash(t), t))
    n_test = math.ceil(len(unique) * test_fraction)
    return {t: ("test" if i < n_test else "train") for i, t in enumerate(unique)}
