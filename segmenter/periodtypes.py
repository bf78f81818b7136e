"""Whether a row's values are balances at an instant or flows over a duration.

A column headed only by a year or a date does not say which: filers print
"2023" over inventories (balances at the year's end, BA, PEP, RTX 10-Ks) and
"December 31, 2023" over sales (flows over the year, JNJ 10-K). The header
gives the date; the row says the kind. A small scikit-learn model reads the
kind from the row's label: word 1-2-gram and character 3-5-gram TF-IDF ->
logistic regression, trained on the row labels of the filers' own tagged
facts (``training_data/row_periods.jsonl``: one line per company, label and
kind, built by :mod:`segmenter.trainingdata`).

:func:`tables_to_period_types` applies it to a document's tables at once. Only
cells under a column whose header is a bare year or date ("2023", "December
31, 2023", "2023 Carrying Amount") change, and only when the row's label and
the table as a whole agree strongly (:data:`MIN_CONFIDENCE` on the mean of
the row's and the table's probability of "instant"):

- a duration column's cell in an instant row takes the instant at the
  duration's end;
- an instant column's cell in a duration row takes the fiscal year ending
  that day, when the document says what its fiscal years are
  (:meth:`segmenter.doccontext.DocumentContext.fiscal_year_ending`).

A table none of whose columns names a period (a debt schedule headed
"Principal Amount | Interest Rate", a fair-value table under "Level 1 | Level
2") reports the period the document covers, as filers tag it: its balances
are at the cover's "For the fiscal year ended" or "For the quarterly period
ended" day, and, in an annual report, its flows are over that fiscal year.

A column that names a balance beside its year ("Total Assets 2023", "2023
Gross") holds instants in every row the model does not plainly call a flow;
one that names a flow ("Amortization of Intangible Assets 2023", "Equity
method income (loss) December 31 2023") holds durations in every row it does
not plainly call a balance. The noun the label names first decides.

A row after the closing balance of a roll-forward down the rows ("Fair value
of plan assets at end of year", then "Funded status", "Net amount
recognized", GE, PEP, SJM 10-K pension tables) is a balance at its column's
end, unless the model plainly calls it a flow: the table's flows do not pull
it to their kind, and its column may name the duration outright ("Year Ended
April 30, 2024"). A table a page break cut after its closing balance carries
on after it on the next page, whose table took the columns of the one before
(:func:`segmenter.tables.cells_to_table`'s ``continues``, PEP 10-K).

The rows under a section head that names a balance noun and that the model
plainly calls a balance ("Assets:" over "United States", "International"
under "Year Ended April 30, 2024", SJM 10-K segments) are balances in the same
way; the rows under a head that names a flow noun and that it is surer still
is a flow ("Changes recognized in ... other comprehensive loss", PEP 10-K
pensions) are not, even after a closing balance. A head that names neither
keeps the kind of the one above ("International:" under "Assets:"); a part
stacked under a header of its own starts afresh. A section holding a row that
names its own instant is a roll-forward and keeps its flows.

A column that says both kinds ("As of and for the Fiscal Year Ended February
3, 2024", GME 10-K) is open like a bare date, and only each row's own label
decides.

A cell whose row already names its own instant ("Balance at beginning of
year", :mod:`segmenter.cellperiods`) keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from .doccontext import DocumentContext
from .patterns import YEAR_IN_TEXT_RE
from .types import Period, Row, Table

__all__ = [
    "INSTANT", "DURATION", "MIN_CONFIDENCE", "ROW_PERIODS_FILE", "build_period_type_pipeline",
    "is_bare_date_label", "tables_to_period_types",
]

INSTANT = "instant"
DURATION = "duration"
#: The training file, beside the notes in ``training_data/``.
ROW_PERIODS_FILE = "row_periods.jsonl"
#: A cell changes kind when the mean of its row's and its table's probability
#: of the other kind reaches this (chosen on the training companies).
MIN_CONFIDENCE = 0.7
#: A section head ends the balances after a closing balance only when the model is this
#: sure it names a flow: "Amounts recognized", over a pension table's balance-sheet lines,
#: reads as a flow at 0.73.
FLOW_HEAD_CONFIDENCE = 0.9
#: Weight of the row's own probability against its table's mean.
ROW_WEIGHT = 0.5

# A header that says its kind itself: "Three Months Ended", "As of", "At", "Balance".
_KIND_WORDS_RE = re.compile(
    r"\b(?:months?|quarters?|weeks?|ended|ending|as\s+of|at|years?|period|balances?|beginning|end|through|to|from)\b",
    re.IGNORECASE,
)


# A column that names a balance beside its year: "Total Assets 2023", "Long-Lived Assets
# 2023" (PEP, JNJ segment tables), "2023 Gross" carrying amounts, "Benefit Obligation 2023",
# "2023 Accumulated Amortization", "Net Deferred Income Taxes".
_BALANCE_NOUN_RE = re.compile(
    r"\b(?:assets?|liabilit(?:y|ies)|obligations?|carrying|level\s*[123]|accumulated|deferred|allowances?"
    r"|gross(?!\s+(?:profit|margin|sales|revenues?|premiums?|receipts?|gains?|losses)))\b",
    re.IGNORECASE,
)
# A column that names a flow beside its date: "Amortization of Intangible Assets 2023"
# (PEP), "Equity method income (loss) December 31 2023" (GE), "Additions to Property,
# Plant & Equipment", "Gain/(Loss) Recognized In Accumulated OCI" (JNJ), "Gross Gains".
# Unrealized gains and losses are balances of a security.
_FLOW_NOUN_RE = re.compile(
    r"\b(?<!unrealized )(?:income|earnings|gains?|loss(?:es)?|amortization|depreciation|additions|expenditures?"
    r"|impairments?|charges|expenses?|sales|revenues?|recognized|reclassified)\b",
    re.IGNORECASE,
)


def _column_kind(label: str) -> str | None:
    """INSTANT or DURATION, by whichever noun the column's label names first, or None."""
    balance, flow = _BALANCE_NOUN_RE.search(label), _FLOW_NOUN_RE.search(label)
    if balance is None and flow is None:
        return None
    if flow is None or (balance is not None and balance.start() < flow.start()):
        return INSTANT
    return DURATION


def build_period_type_pipeline(*, c: float = 4.0) -> Pipeline:
    """An unfitted pipeline: row label -> ``instant`` | ``duration``."""
    return Pipeline([
        ("features", FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
        ])),
        ("model", LogisticRegression(C=c, max_iter=2000, class_weight="balanced")),
    ])


# A header that names both kinds: "As of and for the Fiscal Year Ended February 3, 2024".
_BOTH_KINDS_RE = re.compile(r"\b(?:as\s+of|at)\s+(?:and|&)\s+for\b", re.IGNORECASE)


def is_bare_date_label(label: str) -> bool:
    """Whether a column header names a year but not whether its values are
    balances or flows: "2023", "December 31, 2023", "2023 Carrying Amount", or
    says both ("As of and for the Fiscal Year Ended February 3, 2024", GME 10-K)."""
    return bool(YEAR_IN_TEXT_RE.search(label)) and (not _KIND_WORDS_RE.search(label)
                                                    or bool(_BOTH_KINDS_RE.search(label)))


def _to_instant(period: Period) -> Period | None:
    return Period(instant=period.end) if period.end is not None else None


def _flip(period: Period | None, want: str, document: DocumentContext) -> Period | None:
    """The period of kind ``want`` for a cell whose column has ``period``
    (None: the table names no period, so the document's)."""
    if period is None:
        if document.period_end is None:
            return None
        if want == INSTANT:
            return Period(instant=document.period_end)
        return document.fiscal_year_ending(document.period_end) if document.year_end is not None else None
    if want == INSTANT and period.instant is None:
        return _to_instant(period)
    if want == DURATION and period.instant is not None:
        return document.fiscal_year_ending(period.instant)
    return None


def _candidates(table: Table) -> list[tuple[int, int]]:
    """(row index, cell index) of the value cells that keep their column's
    period, under bare-date columns or in a table that names no period."""
    undated = all(c.period is None for c in table.columns)
    bare = {c.period for c in table.columns if c.period is not None and is_bare_date_label(c.label)}
    # a column that took a bare-date column's period without naming one ("Effective Rate %"
    # after "2023", JNJ 10-K) is as open
    open_kind = {i for i, c in enumerate(table.columns)
                 if (c.period is not None and (is_bare_date_label(c.label)
                                               or (c.period in bare and not YEAR_IN_TEXT_RE.search(c.label))))
                 or undated}
    return [(r, k) for r, row in enumerate(table.rows) for k, cell in enumerate(row.cells)
            if cell.value is not None and cell.period is None and cell.column in open_kind]


def _rows_after_closing(table: Table, closed: bool = False) -> tuple[set[int], bool]:
    """The rows after a closing balance of a roll-forward down ``table``'s rows:
    a row whose cell holds the instant at its duration column's end, after one that
    holds an instant before the column's start; an opening balance starts the next.
    ``closed``: the table carries on one whose rows ended after a closing balance.
    Returns the rows and whether the table ends after a closing balance."""
    opened = closed
    after: set[int] = set()
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            column = table.columns[cell.column].period if 0 <= cell.column < len(table.columns) else None
            if cell.value is None or cell.period is None or cell.period.instant is None or column is None \
                    or column.start is None or column.end is None:
                continue
            if cell.period.instant < column.start:
                opened, closed = True, False
                break
            if cell.period.instant == column.end and opened:
                closed = True
                break
        else:
            if closed:
                after.add(r)
    return after, closed


def _sections(table: Table) -> list[tuple[str, list[int], bool]]:
    """The sections down ``table``'s rows: (head, rows, roll-forward) for each row
    without values that has a label ("Assets:", "Long-lived assets"), with the rows
    that have values up to the next such row. A roll-forward section holds a row
    naming its own instant ("Balance at end of year"): its other rows are flows. A
    stacked part (rows under other columns) opens with a head "" that carries no kind."""
    sections: list[tuple[str, list[int], bool]] = []
    part: set[int] = set()  # the columns of the stacked part the rows are in
    for r, row in enumerate(table.rows):
        columns = {cell.column for cell in row.cells if cell.value is not None}
        if not columns:
            if row.label.strip():
                sections.append((row.label.strip(), [], False))
            continue
        if part and not columns & part:
            # a part stacked under its own header (JCI 10-K segments: "Assets" under
            # "September 30, ...", then "Depreciation/Amortization" under "Year Ended ...")
            sections.append(("", [], False))
        part = columns if not part or not columns & part else part | columns
        if sections:
            head, rows, rollforward = sections[-1]
            rows.append(r)
            if not rollforward and any(cell.period is not None for cell in row.cells):
                sections[-1] = (head, rows, True)
    return sections


def _section_kinds(sections: Sequence[tuple[str, list[int], bool]],
                   instant: dict[str, float]) -> tuple[set[int], set[int]]:
    """(rows under balance heads, rows under flow heads). A head that names a balance noun
    ("Assets:") and that the model plainly calls a balance, or that names a flow noun and
    the model is surer still is a flow, sets the kind; one that leans to a flow ends a
    balance section; one it cannot call keeps the kind of the head before ("International:"
    under "Assets:", SJM 10-K). The nouns keep names out: the model's guess on a product
    ("STELARA" over "U.S.", "International", JNJ) says nothing. Roll-forward sections are
    left out."""
    balance: set[int] = set()
    flow: set[int] = set()
    kind: str | None = None
    for head, rows, rollforward in sections:
        p = instant.get(head, 0.5)
        if not head:
            kind = None  # a new stacked part
        elif p >= MIN_CONFIDENCE and _BALANCE_NOUN_RE.search(head):
            kind = INSTANT
        elif p <= 1 - FLOW_HEAD_CONFIDENCE and _FLOW_NOUN_RE.search(head):
            kind = DURATION
        elif p <= 1 - MIN_CONFIDENCE:
            kind = None
        if not rollforward and kind is not None:
            (balance if kind == INSTANT else flow).update(rows)
    return balance, flow


def _after_closing_candidates(table: Table, rows: set[int]) -> list[tuple[int, int]]:
    """(row index, cell index) of the open value cells of ``rows`` under a duration column."""
    durations = {i for i, c in enumerate(table.columns) if c.period is not None and c.period.start is not None}
    return [(r, k) for r in sorted(rows) for k, cell in enumerate(table.rows[r].cells)
            if cell.value is not None and cell.period is None and cell.column in durations]


def tables_to_period_types(tables: Sequence[Table], model: Any, document: DocumentContext | None) -> list[Table]:
    """``tables`` with the cells of bare-date columns given the kind of period
    their rows hold (see the module docstring); one model call for them all."""
    document = document or DocumentContext()
    after: list[set[int]] = []
    closed = False
    for i, table in enumerate(tables):
        # a page break may cut a pension table after its closing balance: the page that
        # carries on without a header ("Amounts recognized", "Other assets", PEP 10-K) took
        # the columns of the page before, offsets and all, and is after the closing too
        carried = closed and i > 0 and table.columns == tables[i - 1].columns
        rows, closed = _rows_after_closing(table, carried)
        after.append(rows)
    candidates = [_candidates(t) for t in tables]
    sections = [_sections(t) for t in tables]
    plain = [{r for r, _ in c} for c in candidates]
    labels = sorted({t.rows[r].label for t, c, a, secs in zip(tables, candidates, after, sections)
                     for r in {r for r, _ in c} | a | {r for _, rows, _ in secs for r in rows}}
                    | {head for secs in sections for head, _, _ in secs if head})
    if not labels:
        return list(tables)
    classes = list(model.classes_)
    instant = dict(zip(labels, (float(p) for p in model.predict_proba(labels)[:, classes.index(INSTANT)])))
    # rows under a balance head ("Assets:" over "United States", "International" in a
    # segment table under "Year Ended April 30, 2024", SJM 10-K) are balances like the rows
    # after a closing balance; rows under a flow head are not ("Changes recognized in net
    # (gain)/loss included in other comprehensive loss" after a pension table's
    # balance-sheet lines, PEP 10-K)
    kinds = [_section_kinds(secs, instant) for secs in sections]
    after = [a - flow for a, (_, flow) in zip(after, kinds)]
    under_balance = [balance - a for a, (balance, _) in zip(after, kinds)]
    found = [sorted(set(c) | set(_after_closing_candidates(t, a | b)))
             for t, c, a, b in zip(tables, candidates, after, under_balance)]
    out = []
    for table, cells, after_closing, balance_rows, own in zip(tables, found, after, under_balance, plain):
        if not cells:
            out.append(table)
            continue
        by_row: dict[int, list[int]] = {}
        for r, k in cells:
            by_row.setdefault(r, []).append(k)
        table_mean = sum(instant[table.rows[r].label] for r in own) / len(own) if own else 0.5
        column_kinds = {i: _column_kind(c.label) for i, c in enumerate(table.columns)}
        both = {i for i, c in enumerate(table.columns) if _BOTH_KINDS_RE.search(c.label)}
        rows = list(table.rows)
        for r, indexes in by_row.items():
            if r in balance_rows and r not in own:
                # a column that names its duration ("Year Ended April 30, 2024") changes only
                # for a row under a balance head that is not plainly a flow
                if instant[rows[r].label] > 1 - MIN_CONFIDENCE:
                    rows[r] = _row_with_kind(rows[r], indexes, table, INSTANT, document)
                continue
            # a column that says both kinds leaves the row alone to decide: the table's flows
            # say nothing of "Property and equipment, net" beside them (GME 10-K segments)
            row_only = all(rows[r].cells[k].column in both for k in indexes)
            own_p = instant[rows[r].label]
            p = own_p if row_only else ROW_WEIGHT * own_p + (1 - ROW_WEIGHT) * table_mean
            want = INSTANT if p >= MIN_CONFIDENCE else DURATION if p <= 1 - MIN_CONFIDENCE else None
            if r in after_closing:
                want = INSTANT if instant[rows[r].label] > 1 - MIN_CONFIDENCE else DURATION
            elif r in balance_rows and instant[rows[r].label] > 1 - MIN_CONFIDENCE:
                # under a balance head only a balance is made: a flow there ("Depreciation
                # and amortization" under "Deferred tax liabilities:") is left to the rules above
                want = INSTANT
            # a column that names a balance holds balances, whatever its rows' names ("FLNA"
            # under "Total Assets 2023"), unless the row itself is plainly a flow; one that
            # names a flow holds flows, unless the row is plainly a balance
            for kind, plainly_not in ((INSTANT, instant[rows[r].label] <= 1 - MIN_CONFIDENCE),
                                      (DURATION, instant[rows[r].label] >= MIN_CONFIDENCE)):
                by_column = [k for k in indexes if column_kinds.get(rows[r].cells[k].column) == kind]
                if by_column and not plainly_not:
                    rows[r] = _row_with_kind(rows[r], by_column, table, kind, document)
                    indexes = [k for k in indexes if k not in by_column]
            if want is None or not indexes:
                continue
            rows[r] = _row_with_kind(rows[r], indexes, table, want, document)
        out.append(replace(table, rows=tuple(rows)))
    return out


def _row_with_kind(row: Row, indexes: Iterable[int], table: Table, want: str, document: DocumentContext) -> Row:
    cells = list(row.cells)
    for k in indexes:
        column = cells[k].column
        column_period = table.columns[column].period if 0 <= column < len(table.columns) else None
        flipped = _flip(column_period, want, document)
        if flipped is not None and flipped != column_period:
            cells[k] = replace(cells[k], period=flipped)
    return replace(row, cells=tuple(cells)) if cells != list(row.cells) else row
