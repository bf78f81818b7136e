"""Header lines -> columns: which cells are the header and which column each labels.

``lines_to_header`` finds where the header ends (the first data row);
``header_to_columns`` reads the header cells as visual rows (a cell spanning
every column, a group row, one cell per column) and gives each column its
label parts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .cells import Item, Line, collapse as _collapse
from .numbers import ScaleStatement, is_year, text_to_scale, text_to_scale_statement
from .patterns import CURRENCY_SIGNS, HEADER_MARKER_ONLY_RE, PARENS_RE, SHORT_YEAR_RE, TOTAL_LABEL_RE, YEAR_IN_TEXT_RE
from .periods import label_to_period, text_to_dates

if TYPE_CHECKING:
    from .tables import TableSettings

__all__ = [
    "SENTENCE_WORDS",
    "Part",
    "Section",
    "body_to_sections",
    "dedupe_parts",
    "header_to_columns",
    "is_header_year",
    "lines_to_header",
    "names_period",
    "read_header_cell",
    "split_run_together_lines",
    "strip_scale",
    "year_values_to_rows",
]


# --- lines -> header ------------------------------------------------------------------------


def is_header_year(item: Item, settings: TableSettings) -> bool:
    n = item.number
    return (
        item.kind == "value"
        and n is not None
        and not (n.negative or n.percent or n.dash or n.currency)
        and is_year(item.text, low=settings.year_min, high=settings.year_max)
    )


_MIN_YEAR_ROWS = 2


def year_values_to_rows(lines: Sequence[Line], settings: TableSettings) -> tuple[Line, ...]:
    """Lines whose values alternate "year, value(s), year, value(s)" split into one row per year.

    Maturity tables label their rows by years: "2025 | $ | 3,206 | 2026 | 2,440
    | ... | Thereafter | 670" (AAPL 10-K 2024, purchase obligations; META 10-K
    2023, amortization). A year followed by values is then a row label, not a
    column header. It takes at least two years in a row, each followed by the
    same number of other values, the years rising or falling by one.
    """
    out: list[Line] = []
    for line in lines:
        groups = _year_groups(line.values, settings)
        if groups is None:
            out.append(line)
            continue
        if line.label is not None:
            out.append(Line(line.label, (), line.markers))  # "Operating leases" above its year rows
        for year, values in groups:
            out.append(Line(replace(year, kind="text", number=None), values))
    return tuple(out)


def _year_groups(values: Sequence[Item], settings: TableSettings) -> list[tuple[Item, tuple[Item, ...]]] | None:
    if not values or not is_header_year(values[0], settings):
        return None
    groups: list[tuple[Item, list[Item]]] = []
    for item in values:
        if is_header_year(item, settings):
            groups.append((item, []))
        else:
            groups[-1][1].append(item)
    sizes = {len(v) for _, v in groups}
    years = [int(_collapse(y.text)) for y, _ in groups]
    steps = {b - a for a, b in zip(years, years[1:])}
    if len(groups) < _MIN_YEAR_ROWS or len(sizes) != 1 or 0 in sizes or len(steps) != 1 or steps.pop() not in (1, -1):
        return None
    return [(y, tuple(v)) for y, v in groups]


def split_run_together_lines(lines: Sequence[Line], settings: TableSettings) -> tuple[Line, ...]:
    """Split lines that pipe text ran together, having lost the row breaks.

    - Bare years at the end of a data line, when header cells follow, go onto a
      line of their own: a header stacked under the rows above it ("2023 |
      Adjusted Cost | Unrealized Gains | ..." after the 2024 part's "Total | $
      160,600 | ... | 91,479", AAPL 10-K 2024). They split off when the line then
      holds as many values as most data lines of the table, and the next line is
      a label without values (a header cell). One bare year at the end of a data
      line, before another data line, is a row of its own over the rows after it
      ("... | 540 | 2022 | Premiums | 4,353 | ...", TRV 10-Q 2023).
    - A line holding twice the usual number of values (at most one line in five
      holds so many, or one in two and not the lines beside it) is a row without
      a label (a total under a rule) run into the row above it ("Corporate and
      other | 2,252 | ... | 24,091 | ...", PFE 10-Q 2023); so are values after
      the usual number that stand much farther from them, in cells, than they
      stand from one another (a page number set in a row of its own, 20 empty
      cells after "Worldwide | ... | 9.9", JNJ 10-K 2023).
    """
    counts = Counter(len(line.values) for line in lines if line.label is not None and line.values)
    if not counts:
        return tuple(lines)
    # the years over the columns when they are the whole header: "2023 | 2022 | 2021", then a
    # data row (not "Fair Value | Total Losses" under each year, BA 10-K 2023)
    head = lines[0]
    years_over = len(head.values) if head.label is None and len(lines) > 1 and lines[1].values and all(
        is_header_year(v, settings) for v in head.values) else 0
    # the most usual width; of two as usual, the one the years head, else the wider
    usual = max(counts.items(), key=lambda kv: (kv[1], kv[0] == years_over, kv[0]))[0]
    usual_gap = max((_widest_gap(line.values) for line in lines
                     if line.label is not None and len(line.values) == usual), default=0)
    out: list[Line] = []
    for i, line in enumerate(lines):
        values = line.values
        if usual > 1 and line.label is not None and len(values) > usual and (
            (len(values) == 2 * usual and (counts[len(values)] * _RUN_ON_RARE <= counts[usual] or (
                # as many lines so wide, but the years head the narrower: a two-row table
                # whose total ran into its last row ("Foreign | 7,297 | 3,400 | 6,081 |
                # 11,417 | 10,705 | 9,821", PEP 10-K 2023 pipe text)
                (counts[len(values)] * _RUN_ON_SHARE <= counts[usual] or usual == years_over)
                and _alone(lines, i, len(values)))
                or _label_gap_after(values, usual, usual_gap)))
            or _far_after(values, usual)
        ):
            out.append(Line(line.label, values[:usual], line.markers))
            out.append(Line(None, values[usual:]))
            continue
        years = 0
        while years < len(values) and is_header_year(values[len(values) - 1 - years], settings):
            years += 1
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            line.label is not None
            and years
            and len(values) - years == usual
            and nxt is not None
            and nxt.label is not None
            and not nxt.values
        ):
            out.append(Line(line.label, values[:-years], line.markers))
            out.append(Line(None, values[-years:]))
        elif (
            line.label is not None
            and years == 1
            and len(values) - 1 == usual
            and nxt is not None
            and nxt.label is not None
            and len(nxt.values) == usual
        ):
            # a year alone over the rows after it: "Segment income (loss) | ... | 540 | 2022 |
            # Premiums | ..." (TRV 10-Q 2023, segments by year)
            out.append(Line(line.label, values[:-1], line.markers))
            out.append(Line(replace(values[-1], kind="text", number=None), ()))
        else:
            out.append(line)
    return tuple(out)


#: A line of twice the usual values is two rows when at most one line in ``_RUN_ON_RARE``
#: holds so many, or one in ``_RUN_ON_SHARE`` and the lines with values beside it do not.
_RUN_ON_RARE = 4
_RUN_ON_SHARE = 2


def _alone(lines: Sequence[Line], at: int, count: int) -> bool:
    """Do the nearest lines with values before and after ``lines[at]`` hold other than ``count``
    values? A wider stacked part has many such lines in a row; a run-on total stands alone."""
    before = next((lines[k] for k in range(at - 1, -1, -1) if lines[k].values), None)
    after = next((lines[k] for k in range(at + 1, len(lines)) if lines[k].values), None)
    return all(ln is None or len(ln.values) != count for ln in (before, after))


def _cells_apart(a: Item, b: Item) -> int:
    """How many cells value ``b`` stands after value ``a``, not counting a "$" cell of its own."""
    own_sign = b.number is not None and b.number.currency is not None and not any(
        ch in CURRENCY_SIGNS for ch in b.text)
    return b.index - a.index - own_sign


def _widest_gap(values: Sequence[Item]) -> int:
    """The most cells between two neighbouring values of a row."""
    return max((_cells_apart(a, b) for a, b in zip(values, values[1:])), default=0)


def _label_gap_after(values: Sequence[Item], usual: int, usual_gap: int) -> bool:
    """Do the values after the first ``usual`` stand farther off than any two values of a
    row of ``usual`` values (``usual_gap`` cells at most) and than the values before and
    after them: the empty label cell of a total run into the row above? "Reclassification
    adjustments ... | (33) | (3) | (12) | (26) | | (8) | 95 | 16 | 105" (PFE 10-Q 2023
    pipe text), three such rows among four of four values. A sparse table, whose rows of
    fewer values stand farther apart, has none (BA 10-K 2023 stock options)."""
    gap = _cells_apart(values[usual - 1], values[usual])
    return gap > usual_gap and gap > max(_widest_gap(values[:usual]), _widest_gap(values[usual:]))


#: Values this many times farther apart than the usual values of a row sit in another row.
_FAR_GAP_RATIO = 3
_FAR_GAP_MIN = 8


def _far_after(values: Sequence[Item], usual: int) -> bool:
    """Is the value after the first ``usual`` values far from them, counted in cells?"""
    gaps = [b.index - a.index for a, b in zip(values[: usual - 1], values[1:usual])]
    gap = values[usual].index - values[usual - 1].index
    return bool(gaps) and gap >= _FAR_GAP_MIN and gap > _FAR_GAP_RATIO * max(gaps)


def lines_to_header(lines: Sequence[Line], settings: TableSettings) -> tuple[tuple[Item, ...], tuple[Line, ...]]:
    """Split lines into header items (in source order) and body lines.

    The header is everything before the first data row: the first line with a
    label and at least one value that is not a bare year ("2025" under "For the
    years ended December 31," is a header cell, not a value). Label-only lines
    ending in ":" at the end of the header ("Current assets:") go back to the body,
    and so do those that repeat the body's pattern (:func:`_give_back_section_labels`).
    """
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if line.label is not None and any(v.kind != "text" and not is_header_year(v, settings) for v in line.values)
        ),
        None,
    )
    if first is None:
        # No value but bare years: the first labelled line with values starts the body;
        # with no values at all, every line is a label-only row.
        first = next((i for i, line in enumerate(lines) if line.label is not None and line.values), None)
        if first is None:
            first = 0 if not any(line.values for line in lines) else len(lines)
    first = _give_back_colon_labels(lines, first)
    first = _give_back_section_labels(lines, first, _data_rows_by_label(lines))
    return _line_items(lines[:first]), tuple(lines[first:])


_MIN_PATTERN_REPEATS = 2


def _data_rows_by_label(lines: Sequence[Line]) -> dict[str, list[int]]:
    """Positions of the lines with values, by label (collapsed), in order."""
    rows: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        if line.label is not None and line.values:
            rows.setdefault(_collapse(line.label.text), []).append(k)
    return rows


def _give_back_section_labels(lines: Sequence[Line], first: int, rows: dict[str, list[int]], lowest: int = 0) -> int:
    """Move the header's end before label-only lines that open a section as the body's do.

    Sales by product repeat "U.S." / "International" / "Worldwide" under each
    product, with one or two label-only lines before each "U.S." ("REMICADE";
    "MEDTECH" / "Orthopaedics"). The label-only lines right before the first
    data row ("INNOVATIVE MEDICINE" / "Immunology", JNJ 10-K 2023 pipe text)
    are then section labels too, not header cells: as many go back as the body
    puts before its repeats of that row, at most, and none before ``lowest`` (a
    header repeated in the body, after a page break, starts there). ``rows`` is
    :func:`_data_rows_by_label` of ``lines``.
    """
    if first >= len(lines) or lines[first].label is None:
        return first
    key = _collapse(lines[first].label.text)  # type: ignore[union-attr]
    runs: list[int] = []
    positions = rows.get(key, [])
    for k in positions[bisect_right(positions, first):]:
        run = 0
        while k - run - 1 > first and lines[k - run - 1].label is not None and not lines[k - run - 1].values:
            run += 1
        runs.append(run)
    if len(runs) < _MIN_PATTERN_REPEATS or min(runs) == 0:
        return first
    for _ in range(max(runs)):
        line = lines[first - 1] if first > lowest else None
        if line is None or line.label is None or line.values:
            break
        text = _collapse(line.label.text)
        above = {_collapse(it.text).casefold() for it in _line_items(lines[lowest : first - 1])}
        if (label_to_period(text) is not None or YEAR_IN_TEXT_RE.search(text) or SHORT_YEAR_RE.search(text)
                or not strip_scale(text) or text.casefold() in above):
            break  # a header cell: "’22 vs. ’21", "2023", "(Dollars in Millions)", a second "Percent Change"
        first -= 1
    return first


#: Label-only lines that may follow a "Label:" line at the end of a header and go back with it.
_MAX_LABELS_UNDER_COLON = 2


def _give_back_colon_labels(lines: Sequence[Line], first: int) -> int:
    """Move the header's end before its trailing label-only lines that end in ":" ("Current
    assets:"), and before a "Label:" line followed by at most two label-only lines
    ("Pharmaceutical:" / "Oncology" over "Keytruda", MRK 10-Q 2023 pipe text)."""
    def colon_label(k: int) -> bool:
        line = lines[k]
        if line.label is None or line.values:
            return False
        label = _collapse(line.label.text)
        return label.endswith(":") and text_to_scale(label) is None and label_to_period(label) is None

    while first > 0 and colon_label(first - 1):
        first -= 1
    for k in range(first - 2, max(-1, first - 2 - _MAX_LABELS_UNDER_COLON), -1):
        if any(lines[m].label is None or lines[m].values for m in range(k + 1, first)):
            break
        if colon_label(k):
            return k
    return first


def _line_items(lines: Sequence[Line]) -> tuple[Item, ...]:
    out: list[Item] = []
    for line in lines:
        if line.label is not None:
            out.append(line.label)
        out.extend(line.values)
    return tuple(out)


# --- body -> sections -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A stacked part of one table: its own header cells, its body lines, and the
    sentences dropped from its header (read for what bare years mean)."""

    header: tuple[Item, ...]
    lines: tuple[Line, ...]
    context: str = ""


_SENTENCE_MIN_WORDS = 6
#: A header cell of this many words is a sentence, however it ends.
SENTENCE_WORDS = 12
_PERIOD_KINDS = frozenset({"year", "dated", "phrase"})


def _is_sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= SENTENCE_WORDS or (len(words) >= _SENTENCE_MIN_WORDS and text.endswith("."))


def _is_header_line(line: Line, settings: TableSettings) -> bool:
    """A line that can sit in a header: label-only, or bare years ("(in millions) | 2023 | 2022"),
    or (a grid table's row) text over the value columns ("Three Months Ended June 30, 2024")."""
    return all(v.kind == "text" or is_header_year(v, settings) for v in line.values)


def _names_period(line: Line, settings: TableSettings) -> bool:
    if sum(1 for v in line.values if is_header_year(v, settings)) >= 2:
        return True
    label = _collapse(line.label.text) if line.label is not None else None
    if ((label is None or _is_sentence(label) or not strip_scale(label))
            and line.values and all(is_header_year(v, settings) for v in line.values)):
        # a stacked part's own year: "2023" over its header cells (split off by
        # split_run_together_lines), after the sentence that introduces the part (RTX 10-K
        # 2023) or after its scale ("(Dollars in Millions) | 2023", JNJ 10-K 2024)
        return True
    texts = ([line.label] if line.label is not None else []) + [v for v in line.values if v.kind == "text"]
    return any(label_to_period(_collapse(it.text)) is not None for it in texts)


def body_to_sections(
    header: Sequence[Item], body: Sequence[Line], settings: TableSettings, *, sentences_in_header: bool = False
) -> tuple[Section, ...]:
    """Split a body where a new header is stacked under the rows above it.

    Filers stack sub-tables for several periods in one grid: XOM 10-Q 2025
    segment results repeat the segment header under "Three Months Ended June
    30, 2024", T 10-Q 2023 repeats "For the three months ended June 30, 2022 |
    Communications | ...", GE 10-K 2023 discontinued operations do so for each
    year. A run of header-like lines (label-only, or bare years) between data
    rows that names a period starts a section. A run with several column cells
    is a whole new header; a lone period line ("As of June 30, 2025" above
    "Total assets", XOM) keeps the header above with its period cells replaced.
    Sentences and footnote markers in the run are dropped from the header and
    read as the section's context. With ``sentences_in_header`` (pipe text, where
    the sentence that opens a table can share its run of cells) so are the
    sentences of the table's own header that state no scale.
    """
    sections: list[Section] = []
    rows = _data_rows_by_label(body)
    # pipe text: a sentence that opens the table's run of cells is read like the paragraph before it
    # ("The following table is a summary of ... for the fiscal years ended December 29,
    # 2024 and December 31, 2023, net of tax:", JNJ 10-K 2024 pipe text)
    opening = [it for it in header if it.kind == "text" and _is_sentence(_collapse(it.text))
               and text_to_scale(it.text) is None] if sentences_in_header else []
    current_header = tuple(it for it in header if it not in opening)
    current_context = " ".join(_collapse(it.text) for it in opening)
    start = i = 0
    n = len(body)
    while i < n:
        if i == 0 or not body[i - 1].values or not _is_header_line(body[i], settings):
            i += 1
            continue
        j = i
        while j < n and _is_header_line(body[j], settings):
            j += 1
        run = body[i:j]
        if j >= n or not any(_names_period(line, settings) for line in run):
            i = j
            continue
        end = _give_back_section_labels(body, i + _give_back_colon_labels(run, len(run)), rows, lowest=i)
        if end == i:
            # Every line of the run is a "Label:" row (AAPL 10-K 2024 pipe text
            # repeated): they belong to the rows below, and no section starts
            # here. Without this the loop would never move on.
            i = j
            continue
        items = _line_items(body[i:end])
        sentences = [it for it in items if it.kind == "text" and _is_sentence(_collapse(it.text))]
        kept = tuple(it for it in items if it not in sentences and not HEADER_MARKER_ONLY_RE.match(_collapse(it.text)))
        if sum(1 for it in kept if _cell_kind(it, settings) == "text") < 2:
            # A lone period line: the header above, its period cells replaced.
            kept = tuple(it for it in current_header if _cell_kind(it, settings) not in _PERIOD_KINDS) + kept
        sections.append(Section(current_header, tuple(body[start:i]), current_context))
        current_header = kept
        current_context = " ".join(_collapse(it.text) for it in sentences)
        start = i = end
    sections.append(Section(current_header, tuple(body[start:]), current_context))
    return tuple(sections)


def _cell_kind(item: Item, settings: TableSettings) -> str:
    text = _collapse(item.text)
    if item.kind == "text":
        text = strip_scale(text)
        if not text:
            return "scale"  # "(millions of dollars)"
    return _header_kind(item, text, settings)


# --- header -> columns ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    start: int
    end: int
    level: int  # 2: this column's own cell, 1: its group's cell, 0: a cell spanning every column


def strip_scale(text: str) -> str:
    """Header text without its scale statement ("(in thousands)"); "" when nothing else is left."""
    out = PARENS_RE.sub(lambda m: " " if text_to_scale(m.group(0)) is not None else m.group(0), text)
    out = _collapse(out)
    if text_to_scale(out) is not None and len(out.split()) <= 10:
        return ""
    return out


_PHRASE_RE = re.compile(
    r"\b(?:ended|ending|months?|weeks?|quarters?|years?|as\s+of|as\s+at|fiscal|period|through)\b", re.IGNORECASE
)


def read_header_cell(item: Item, statement: ScaleStatement | None) -> tuple[str, ScaleStatement | None]:
    """A header cell's text without its scale statement ("" when nothing else is
    left), and the header's scale statement: ``statement``, or this cell's when
    none was found before."""
    text = _collapse(item.text)
    if item.kind == "text":
        if statement is None:
            statement = text_to_scale_statement(text)
        text = strip_scale(text)
    return text, statement


def names_period(text: str) -> bool:
    """Whether header text names a period or a date ("Three Months Ended", "As of
    June 30, 2025", "Fiscal 2024") rather than what a column holds."""
    return bool(YEAR_IN_TEXT_RE.search(text) or text_to_dates(text) or _PHRASE_RE.search(text))


def _header_kind(item: Item, text: str, settings: TableSettings) -> str:
    """year | number | status | dated | phrase | text: what a header cell looks like."""
    if item.kind == "value":
        return "year" if is_header_year(item, settings) else "number"
    if text.startswith("(") and text.endswith(")"):
        return "status"  # "(Unaudited)", "(Audited)", "(As Restated)"
    if YEAR_IN_TEXT_RE.search(text) or text_to_dates(text):
        # "As of June 30, 2025", "Fiscal 2024"; "June 30," over its year (T 10-Q 2023)
        return "dated"
    if _PHRASE_RE.search(text):
        return "phrase"  # "For the years ended December 31,", "Three Months Ended"
    return "text"


# Header segment costs: a header is read as visual rows -- one cell spanning every
# column, a group row (cells each over ncols/g columns), a row of one cell per column,
# or a partial row filling columns from the left. The cheapest reading wins.
_SPAN_COST = 1.0
_PARTIAL_COST = 1.2
_MIXED_ROW_COST = 1.5  # "2025 | 2024 | Change"
_MIXED_PHRASE_ROW_COST = 3.0  # a row mixing a period phrase with other cells is rather a span
_SEGMENT_COST = 0.01  # fewer rows win ties
_TEXT_BEFORE_YEAR_COST = 0.1
#: Wider cells sit above narrower ones, so a group row under a row of one cell per column
#: is rather something else: "Principal pension | Other pension | Principal retiree
#: benefit" repeated under three years, not two groups under a mixed row (GE 10-K 2023 pipe
#: text, postretirement costs).
_GROUP_UNDER_ROW_COST = 1.0


def _row_cost(kinds: Sequence[str], ncols: int) -> float:
    for period in range(1, ncols):
        if ncols % period == 0 and all(kinds[j] == kinds[j + period] for j in range(ncols - period)):
            return 0.0  # one kind, or a repeating pattern ("date date % change" twice)
    if "phrase" in kinds:
        return _MIXED_PHRASE_ROW_COST
    # Periods come first and what compares them after ("2025 | 2024 | Change"); text
    # cells before a year rather sit above the row ("Sales to Customers" "% Change" over
    # "2023 | 2022 | 2021 | ’23 vs. ’22 | ’22 vs. ’21", JNJ 10-K 2023).
    text_first = kinds[0] == "text" and any(k in ("year", "dated") for k in kinds)
    return _MIXED_ROW_COST + (_TEXT_BEFORE_YEAR_COST if text_first else 0.0)


#: What a table's corner cell between the header's years and its labels looks like: "as of
#: December 31 (in millions)", "(Pre-tax)", the second line of a title the years cut in two
#: ("COST OF OUR BENEFITS PLANS" / "2023 | 2022 | 2021" / "AND ASSUMPTIONS", GE 10-K 2023).
_CORNER_KINDS = frozenset({"phrase", "dated", "status", "text"})


def _years_over_row(kinds: Sequence[str], at: int, ncols: int) -> bool:
    """Is there a row of one text cell per column from ``at`` (or after the table's corner
    cell there)? Only then are the bare years before it a group row ("2023 | 2022 | 2021"
    over "Amount | Rate" three times, BA 10-K 2023 pipe text); else years label one column
    each."""
    cells = kinds[at : at + ncols]
    if _labels_row(cells, ncols):
        return True
    # the table's corner cell, set after the years in pipe text, may sit between: "2023 |
    # 2022 | as of December 31 (in millions) | Gross carrying amount | ..."
    # or the corner says what the values are: "(Pre-tax)" between "2023 | 2022 | 2021" and
    # "Principal pension | Other pension | Principal retiree benefit" three times (GE 10-K
    # 2023 pipe text, postretirement costs)
    return _corner_before_labels(kinds, at, ncols)


def _corner_before_labels(kinds: Sequence[str], at: int, ncols: int) -> bool:
    """Is cell ``at`` a corner cell with a row of ``ncols`` labels right after it?"""
    return at < len(kinds) and kinds[at] in _CORNER_KINDS and _labels_row(kinds[at + 1:at + 1 + ncols], ncols)


def _corner_at(kinds: Sequence[str], at: int, ncols: int, path: Sequence[tuple[str, int, int]]) -> bool:
    """Is cell ``at`` the table's corner cell, between a group row of years and the row of
    labels under them (see :func:`_years_over_row`)? It then says what every column holds
    ("(Pre-tax)", GE 10-K 2023) and the labels after it are one row."""
    return (bool(path) and path[-1][0] == "group" and kinds[path[-1][1]] == "year"
            and _corner_before_labels(kinds, at, ncols))


def _labels_row(kinds: Sequence[str], ncols: int) -> bool:
    """A row of ``ncols`` words that name no year: text, or all periods of one kind ("First
    Quarter | Second Quarter | ...", JNJ 10-K quarterly sales)."""
    return len(kinds) == ncols and (all(k == "text" for k in kinds) or all(k == "phrase" for k in kinds))


def _kind_runs(kinds: Sequence[str], ncols: int) -> list[tuple[int, int]]:
    """The runs of one kind, as (first, end) columns, in a row of ``ncols`` cells of
    periods and text; [] if ``kinds`` is no such row."""
    if len(kinds) != ncols or not any(k in ("year", "dated") for k in kinds):
        return []
    runs: list[tuple[int, int]] = []
    for col, kind in enumerate(kinds):
        if runs and kinds[runs[-1][0]] == kind:
            runs[-1] = (runs[-1][0], col + 1)
        else:
            runs.append((col, col + 1))
    return runs


def _year_restarts(kinds: Sequence[str], texts: Sequence[str], at: int, ncols: int) -> list[tuple[int, int]]:
    """The groups of a row of ``ncols`` falling years from ``at``, cut where the years start
    again: "2023 | 2022 | 2023 | 2022 | 2021 | 2023 | 2022 | 2021" under "Total Assets |
    Capital Expenditures | Depreciation & Amortization" (RTX 10-K 2023 segments), as (first,
    end) columns; [] unless it is such a row of two groups or more."""
    if len(kinds) < at + ncols or any(k != "year" for k in kinds[at:at + ncols]):
        return []
    years = [int(t) for t in texts[at:at + ncols]]
    groups, first = [], 0
    for col in range(1, ncols):
        if years[col] >= years[col - 1]:
            groups.append((first, col))
            first = col
    groups.append((first, ncols))
    return groups if len(groups) > 1 else []


def _years_repeat_per_group(path: Sequence[tuple[str, int, int]], years: Sequence[str]) -> bool:
    """Whether ``years`` repeat once under each cell of the last group row in ``path``:
    "2023 | 2022 | 2023 | 2022" under "June 30, | June 30,"."""
    groups = [j - i for kind, i, j in path if kind == "group"]
    if not groups or not years:
        return False
    width = groups[-1]
    if width < 2 or len(years) % width or len(years) == width:
        return False
    per = len(years) // width
    return all(years[k] == years[k % per] for k in range(len(years)))


_FLOW_COLUMN_RE = re.compile(
    r"\b(?:changes?|additions?|sales|purchases|acquisitions|disposals?|payments?|issuances?|settlements?"
    r"|transfers?|income|amortization|impairments?|write-offs?)\b", re.IGNORECASE)


def _repeat_at(texts: Sequence[str], ncols: int) -> int:
    """Where a row of ``ncols`` column labels repeats its first one ("Carrying Value |
    Changes in Fair Value | Sales/ Purchases/ Other | Carrying Value | ..."), 0 if it does not."""
    folded = [t.casefold() for t in texts[:ncols]]
    k = next((k for k in range(2, ncols) if folded[k] == folded[0]), 0)
    # the same labels under each of two dates are two groups ("Total | Level 1 | Level 2"
    # twice, PFE 10-Q; "Employee Severance | Other" twice, then "Total", CSCO 10-K), not a
    # roll-forward
    return 0 if folded[:k] == folded[k:2 * k] else k


def _balance_dates_at(kinds: Sequence[str], texts: Sequence[str], at: int, ncols: int) -> bool:
    """Two dates over a row of labels that repeats its first: the opening and closing
    balances of a roll-forward across columns, "December 31, 2023 | December 29, 2024" over
    "Carrying Value | Changes ... | Sales/ Purchases/ Other | Carrying Value | Non-Current
    Other Assets" (JNJ 10-K equity investments, pipe text). The labels end the header."""
    row = at + 2
    if not (ncols > 2 and len(texts) == row + ncols and kinds[at] == kinds[at + 1] == "dated"
            and all(k == "text" for k in kinds[row:row + ncols])):
        return False
    repeat = _repeat_at(texts[row:row + ncols], ncols)
    # flows between the two balances; else the later date is over them too ("December 31,
    # 2022 | June 30, 2023" over "Total Estimated Fair Value | Cost or Amortized Cost |
    # Gross Unrealized Gains | ... | Total Estimated Fair Value", AMZN 10-Q)
    if not repeat or not any(_FLOW_COLUMN_RE.search(t) for t in texts[row + 1:row + repeat]):
        return False
    # two days, the opening one first, and no length of time ("Year Ended December 31, 2023 |
    # Year Ended December 31, 2022" heads two years of charges, META 10-K)
    opening, closing = label_to_period(texts[at]), label_to_period(texts[at + 1])
    return (opening is not None and closing is not None and opening.instant is not None
            and closing.instant is not None and opening.instant < closing.instant)


def _total_groups(texts: Sequence[str], ncols: int) -> list[tuple[int, int]]:
    """The groups of a row of ``ncols`` column labels that each end with a total ("Level 1 |
    Level 2 | Level 3 | Total" then "Total(1)"), as (first, end) columns; [] unless every
    group ends so."""
    row = texts[:ncols]
    if len(row) != ncols or not row or not TOTAL_LABEL_RE.match(row[-1]):
        return []
    groups, first = [], 0
    for col, text in enumerate(row):
        if TOTAL_LABEL_RE.match(text):
            groups.append((first, col + 1))
            first = col + 1
    return groups


def _years_over_totals(kinds: Sequence[str], texts: Sequence[str], at: int, size: int, ncols: int) -> bool:
    """Dates or years over groups of unequal width, each ended by its total: "2023 | 2022" over
    "Level 1 | Level 2 | Level 3 | Total | Total(1)" (JNJ 10-K fair values, pipe text), the
    earlier year's total alone. Each date heads one group, in order."""
    row = at + size
    return (kinds[at] in ("year", "dated") and len(texts) == row + ncols
            and all(k == "text" for k in kinds[row:row + ncols])
            and len(_total_groups(texts[row:row + ncols], ncols)) == size)


def _segment_header(kinds: Sequence[str], ncols: int, texts: Sequence[str] = (),
                    breaks: frozenset[int] = frozenset()) -> list[tuple[str, int, int]]:
    """The cheapest split of header cells into (type, start, end) rows; type is
    "span", "group", "bounds" (two balance dates, see :func:`_balance_dates_at`), "corner"
    (the corner cell and the row of labels after it, see :func:`_corner_at`), "runs"
    (text cells each over one run of kinds in the row below:
    "Sales to Customers" over three years, "% Change" over two change columns),
    "row" or "partial". ``texts``, the cells' texts, tell years that repeat under
    each group; no row spans one of ``breaks``, the cells a row of its own starts at."""
    n = len(kinds)
    best: list[tuple[float, list[tuple[str, int, int]]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        base, path = best[i]  # type: ignore[misc]
        under_row = any(kind == "row" for kind, _, _ in path)
        options: list[tuple[str, int, float]] = [("span", 1, _SPAN_COST)]
        if _corner_at(kinds, i, ncols, path):
            options.append(("corner", 1 + ncols, 0.0))
        if _balance_dates_at(kinds, texts, i, ncols):
            options.append(("bounds", 2, 0.0))
        if ncols > 1 and i + ncols <= n:
            options.append(("row", ncols, _row_cost(kinds[i : i + ncols], ncols)))
        for size in range(2, min(ncols, n - i + 1)):
            if len(set(kinds[i : i + size])) != 1:
                continue
            if kinds[i] == "text" and len(_kind_runs(kinds[i + size : i + size + ncols], ncols)) == size:
                options.append(("runs", size, 0.0))
            if kinds[i] == "text" and len(_year_restarts(kinds, texts, i + size, ncols)) == size:
                options.append(("restarts", size, 0.0))
            if ncols % size and _years_over_totals(kinds, texts, i, size, ncols):
                options.append(("totals", size, 0.0))
            if ncols % size == 0 and (kinds[i] in ("phrase", "dated", "text", "status")
                                      or (kinds[i] == "year" and _years_over_row(kinds, i + size, ncols))
                                      # the last row of years under groups, over pairs of
                                      # columns: "For Three Months Ended | For Six Months
                                      # Ended" over "2023 | 2022 | 2023 | 2022" over eight
                                      # columns, amount and share of each (TXN 10-Q)
                                      or (kinds[i] == "year" and i + size == n
                                          and _years_repeat_per_group(path, texts[i:i + size]))):
                options.append(("group", size, _GROUP_UNDER_ROW_COST if under_row else 0.0))
            else:
                options.append(("partial", size, _PARTIAL_COST))
        if ncols == 1:
            options = [("row", 1, 0.0)]
        for kind, size, cost in options:
            total = base + cost + _SEGMENT_COST
            j = i + size
            if breaks and any(i < b < j for b in breaks):
                continue
            if best[j] is None or total < best[j][0]:  # type: ignore[index]
                best[j] = (total, path + [(kind, i, j)])
    return best[n][1] if best[n] is not None else []  # type: ignore[index]


def header_to_columns(
    header: Sequence[Item], ncols: int, settings: TableSettings, *, give_back_all: bool = False
) -> tuple[tuple[tuple[Part, ...], ...], ScaleStatement | None, tuple[Item, ...]]:
    """Assign header cells to ``ncols`` columns.

    Returns each column's label parts, the header's scale statement, and the
    trailing header cells that are rather label-only rows of the body
    ("ZYTIGA / abiraterone acetate" right above its first data row, JNJ 10-Q
    2025). Header cells are read as visual rows (see ``_segment_header``): one
    cell spanning every column ("For the years ended December 31,"), a group
    row ("Three Months Ended" "Nine Months Ended" over 2 + 2 columns), a row of
    one cell per column ("2025" "2024"), or a shorter row filled from the left.
    Repeated parts are kept once, at their last place (seed 000 repeats "2025 |
    2024" above the real header). With ``give_back_all``, a header of nothing but
    such text cells goes back whole (a page that continues a table: "OTHER
    INFECTIOUS DISEASES" over its rows, JNJ 10-Q 2023 in pipe text).
    """
    statement: ScaleStatement | None = None
    cells: list[tuple[Item, str, str]] = []
    # Where a cell of nothing but a scale stood between two cells: the corner cell that
    # opens the header's last row ("Carrying Amount (1) | in millions | Principal Amount |
    # February 2, 2025 | January 28, 2024", HD 10-K 2024 pipe text). No row crosses it.
    breaks: set[int] = set()
    for item in header:
        if item.kind == "null":
            continue
        text, statement = read_header_cell(item, statement)
        if not text:
            if item.kind == "text" and cells:
                breaks.add(len(cells))
            continue
        cells.append((item, text, _header_kind(item, text, settings)))
    if ncols == 0:
        return (), statement, ()
    if give_back_all and all(item.kind == "text" and kind == "text" for item, _, kind in cells):
        return tuple(() for _ in range(ncols)), statement, tuple(item for item, _, _ in cells)
    segments = _segment_header([kind for _, _, kind in cells], ncols, [text for _, text, _ in cells],
                               frozenset(breaks))
    giveback: list[Item] = []
    while segments and segments[-1][0] == "span" and len(segments) > 1:
        item, _, kind = cells[segments[-1][1]]
        if item.kind != "text" or kind != "text":
            break
        giveback.insert(0, item)
        segments.pop()
    if _is_text_group_under_row(segments, cells):
        # Wider cells sit above narrower ones: text cells read as a group after the row of
        # one cell per column are row labels ("CONSUMER HEALTH" / "OTC" over the first
        # rows, JNJ 10-Q 2023 pipe text).
        _, i, j = segments.pop()
        giveback[:0] = [item for item, _, _ in cells[i:j]]
    parts: list[list[Part]] = [[] for _ in range(ncols)]
    for kind, i, j in segments:
        for k in range(i, j):
            item, text, _ = cells[k]
            if kind == "span" or (kind == "corner" and k == i):
                targets, level = range(ncols), 0
            elif kind == "corner":  # the row of labels after the corner cell
                targets, level = range(k - i - 1, k - i), 2
            elif kind == "group":
                width = ncols // (j - i)
                targets, level = range((k - i) * width, (k - i + 1) * width), 1
            elif kind == "bounds":
                # the opening date over the first column, the closing one from the repeat on
                repeat = _repeat_at([text for _, text, _ in cells[j : j + ncols]], ncols)
                targets, level = (range(0, 1) if k == i else range(repeat, ncols)), 1
            elif kind == "totals":
                first, end = _total_groups([text for _, text, _ in cells[j : j + ncols]], ncols)[k - i]
                targets, level = range(first, end), 1
            elif kind == "runs":
                first, end = _kind_runs([kd for _, _, kd in cells[j : j + ncols]], ncols)[k - i]
                targets, level = range(first, end), 1
            elif kind == "restarts":
                first, end = _year_restarts([kd for _, _, kd in cells], [t for _, t, _ in cells], j, ncols)[k - i]
                targets, level = range(first, end), 1
            else:  # a row or a partial row: one cell per column, from the left
                targets, level = range(k - i, k - i + 1), 2
            for col in targets:
                parts[col].append(Part(text, item.start, item.end, level))
    return tuple(dedupe_parts(p) for p in parts), statement, tuple(giveback)


def _is_text_group_under_row(segments: Sequence[tuple[str, int, int]], cells: Sequence[tuple[Item, str, str]]) -> bool:
    if len(segments) < 2 or segments[-1][0] != "group" or not any(kind == "row" for kind, _, _ in segments[:-1]):
        return False
    _, i, j = segments[-1]
    return all(item.kind == "text" and kind == "text" for item, _, kind in cells[i:j])


def dedupe_parts(parts: Sequence[Part]) -> tuple[Part, ...]:
    seen: set[str] = set()
    kept: list[Part] = []
    for part in reversed(parts):
        key = part.text.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(part)
    return tuple(sorted(kept, key=lambda p: p.start))


