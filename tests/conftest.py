"""Shared fixtures: the fixture folder, the seed notes and one loaded Segmenter."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "segmenter" / "data" / "seeds"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def segmenter_instance():
    """One Segmenter for the whole session: loading spaCy and the model is slow."""
    import segmenter

    return segmenter.load()
