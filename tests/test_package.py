"""The wheel carries everything `segmenter demo` needs at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_ships_model_rules_topics_schema_and_seeds(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("segmenter-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "segmenter/models/block_classifier.joblib",
        "segmenter/models/MODEL_CARD.md",
        "segmenter/rules/headings.jsonl",
        "segmenter/rules/topics.jsonl",
        "segmenter/data/topics.csv",
        "segmenter/data/output.schema.json",
        "segmenter/py.typed",
    ):
        assert needed in names, needed
    assert sum(n.startswith("segmenter/data/seeds/") for n in names) == 3
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[spacy_factories]" in text and "segmenter_note_heading" in text
    assert "segmenter = segmenter.cli:main" in text
