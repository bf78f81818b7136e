"""End to end on real notes: 36 corpus notes rendered to pipe text, checked
against the filers' own iXBRL facts (see tests/fixtures/corpus/README.md).

Each expected fact has its displayed text and offsets in the fixture, its
value with sign and scale, its period and its row label. The parser must put
a cell exactly on it with the same displayed magnitude and sign; the rates of
right scale, period and row are held to floors that only go up.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from segmenter.evaluate import displayed_negative, in_prose, norm_label
from segmenter.types import Cell, Column, Period

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FIXTURES = sorted(CORPUS.glob("*.json"))
def _cells(doc) -> dict[int, tuple[str, Column, Cell, Period | None]]:
    out = {}
    for table in doc.tables:
        for label, column, cell in table.values():
            out[cell.start] = (label, column, cell, table.period_of(cell))
    return out


@pytest.fixture(scope="module")
def results(segmenter_instance):
    rows = []
    for path in FIXTURES:
        expected = json.loads(path.read_text(encoding="utf-8"))
        text_path = path.with_suffix(".txt")
        doc = segmenter_instance.segment(text_path)
        cells = _cells(doc)
        for fact in expected["facts"]:
            if in_prose(doc.text, fact["start"], fact["end"]):
                continue
            found = cells.get(fact["start"])
            row = {"fixture": path.stem, "fact": fact, "found": found is not None}
            if found is not None:
                label, column, cell, period = found
                fact_scale = Decimal(str(fact["scale"]))
                shown = abs(Decimal(str(fact["value"]))) / fact_scale
                mine = abs(cell.value) / Decimal(cell.scale or 1)
                if fact_scale == Decimal("0.01"):  # percentages: the fact is a ratio
                    mine = abs(cell.value)
                row["magnitude"] = mine == shown
                row["sign"] = (cell.value < 0) == displayed_negative(doc.text, fact["start"])
                row["scale"] = fact_scale == Decimal("0.01") or Decimal(cell.scale or 1) == fact_scale
                row["period"] = period is not None and period.to_dict() == fact["period"]
                row["row"] = norm_label(label) == norm_label(fact["row"])
                row["got"] = (label, column.label, cell.text, str(cell.value))
            rows.append(row)
    return rows


def _rate(rows, key):
    return sum(1 for r in rows if r.get(key)) / len(rows)


def test_there_are_at_least_30_real_notes():
    assert len(FIXTURES) >= 30
    tickers = {json.loads(p.read_text(encoding="utf-8"))["ticker"] for p in FIXTURES}
    assert len(tickers) >= 12


def test_every_fact_lands_in_a_cell(results):
    missing = [(r["fixture"], r["fact"]["text"], r["fact"]["row"]) for r in results if not r["found"]]
    assert _rate(results, "found") >= 0.97, missing[:10]


def test_magnitude_and_displayed_sign(results):
    found = [r for r in results if r["found"]]
    wrong = [(r["fixture"], r["fact"]["text"], r["got"]) for r in found if not (r["magnitude"] and r["sign"])]
    assert _rate(found, "magnitude") >= 0.99, wrong[:10]
    assert _rate(found, "sign") >= 0.99, wrong[:10]


# Floors measured on this fixture set; raise them as the parser improves.
FLOORS = {"scale": 0.772, "period": 0.694, "row": 0.992}


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_scale_period_row_rates(results, key):
    found = [r for r in results if r["found"]]
    wrong = [(r["fixture"], r["fact"]["row"], r["fact"]["period"], r["got"]) for r in found if not r[key]]
    assert _rate(found, key) >= FLOORS[key], wrong[:10]
