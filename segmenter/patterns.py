"""Shared regular-expression vocabularies: footnote markers, numeric cells, years.

Several stages ask the same questions of a short piece of text ("is this a
footnote marker?", "is this cell a number?") with small, deliberate
differences. The parts live here once; each stage's variant is a named
composition of them, with a comment saying why it differs and which filing
asked for the difference. Changing a part here changes every variant built
from it: run the tests of every stage named in the variant's comment.

Every pattern here runs in time linear in its input: no quantified group
whose branches overlap, and no two adjacent quantifiers over overlapping
classes that can be re-split when a match fails late (``tests/test_patterns.py``
guards this on long hostile lines). Python 3.10 has neither atomic groups nor
possessive quantifiers, so linearity comes from how each pattern is written.

:func:`matches_in_priority` finds the matches of several patterns where an
earlier pattern wins an overlap (dates, scale phrases), in n log n.

Nothing here compiles at import beyond the module-level constants; no state.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

__all__ = [
    "ASTERISKS", "CELL_NUMBER_RE", "CURRENCY_SIGNS", "DAGGERS", "FEATURE_MARKER_RE", "FEATURE_NUMBER_RE",
    "GROUPED_DIGITS", "HEADER_MARKER_ONLY_RE", "LABEL_MARKER_RE", "LABEL_NUMERIC_CELL_RE", "MARKER_DIGITS",
    "MARKER_LETTER", "PIPE_MARKER_CELL_RE", "PIPE_MARKER_PARA_RE", "PIPE_NUMBER_CELL_RE", "ROMAN",
    "ROW_MARKER", "ROW_MARKER_ONLY_RE", "ROW_PAREN_DIGIT_MARKER_RE", "ROW_TRAILING_MARKER_RE", "SHORT_YEAR_RE",
    "SUPERSCRIPT_DIGITS", "TOTAL_LABEL_RE", "YEAR", "YEAR_CELL_RE", "YEAR_IN_TEXT_RE", "in_spans",
    "matches_in_priority", "paren", "span_index",
]


def paren(*inner: str) -> str:
    """``"(" alternatives ")"`` as a pattern: ``paren("\\d{1,2}", "[a-z]")`` matches "(1)" and "(a)"."""
    return r"\((?:" + "|".join(inner) + r")\)"


def _either(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# --------------------------------------------------------------------------- footnote markers
# The parts. Filers mark footnotes with "(1)", "(a)", "(ii)", "*", "†" or a
# superscript digit (seed 000, the 6-K inventory note: "Work-in-process(i)",
# "Deletion*" and the cells "|(i)", "|(ii)", "|*"; PEP 10-K "1." under a table).

#: One or two digits: "(1)" .. "(99)". Never three, so "(2024)" and "(100)" stay values.
MARKER_DIGITS = r"\d{1,2}"
#: One lower-case letter: "(a)".
MARKER_LETTER = r"[a-z]"
#: Lower-case roman numerals up to five letters: "(i)" .. "(xviii)".
ROMAN = r"[ivx]{1,5}"
#: One to three asterisks: "*", "**", "***".
ASTERISKS = r"\*{1,3}"
#: Dagger, double dagger and section sign, as a class body: "†", "‡", "§".
DAGGERS = "\u2020\u2021\u00a7"
#: Superscript one to nine, as a class body: "¹" .. "⁹" (U+00B9, U+00B2, U+00B3, U+2074-U+2079).
SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2074-\u2079"

# The variants, one per question a stage asks.

#: pipetext: a whole cell that is a marker ("|(i)", "|(1)", "|*", "|†", "|1").
#: Wider than the rest because a pipe cell holds nothing else: roman numerals up to
#: six letters with l and c ("(xlii)"), "(*)", a closing paren alone ("i)", "1)"),
#: a bare one- or two-digit number, "¶" and doubled daggers. Case-sensitive: "(A)"
#: is more often a column letter. Used with match(), so the ``\Z`` closes it.
PIPE_MARKER_CELL = _either(
    paren(r"[ivxlc]{1,6}", MARKER_DIGITS, MARKER_LETTER, ASTERISKS),
    _either(ROMAN, MARKER_DIGITS, MARKER_LETTER) + r"\)",
    MARKER_DIGITS,
    ASTERISKS,
    f"[{DAGGERS}\u00b6]{{1,2}}",
    f"[{SUPERSCRIPT_DIGITS}]",
) + r"\Z"
PIPE_MARKER_CELL_RE = re.compile(PIPE_MARKER_CELL)

#: htmlblocks: a marker cell of a footnote table in HTML. PIPE_MARKER_CELL plus a
#: period after a bare marker ("1.", "a."), which HTML footnote tables set in their
#: own cell (PEP 10-K "1." under a table).
HTML_MARKER_CELL = _either(
    paren(r"[ivxlc]{1,6}", MARKER_DIGITS, MARKER_LETTER, ASTERISKS),
    _either(ROMAN, MARKER_DIGITS, MARKER_LETTER) + r"[.)]?",
    ASTERISKS,
    f"[{DAGGERS}\u00b6]{{1,2}}",
    f"[{SUPERSCRIPT_DIGITS}]",
) + r"\Z"
HTML_MARKER_CELL_RE = re.compile(HTML_MARKER_CELL)

#: pipetext: a narrative paragraph opening with a marker and then a word
#: ("(1) Includes ...", "* Inventory with ..."). Narrower than the cell: a bare
#: "5." is left out on purpose, since seed 000's "5. INVENTORIES, NET" follows a
#: table and is a heading, not a footnote.
PIPE_MARKER_PARA = _either(
    paren(MARKER_DIGITS, MARKER_LETTER, ROMAN, ASTERISKS),
    ASTERISKS,
    f"[{DAGGERS}\u00b6]",
    f"[{SUPERSCRIPT_DIGITS}]",
) + r"\s*[A-Za-z]"
PIPE_MARKER_PARA_RE = re.compile(PIPE_MARKER_PARA)

#: labels (training labels from rendered HTML): text that starts with a marker.
#: Adds "[1]", "1)", "a)", white space inside the parens, capital letters and
#: "1." followed by a space, the end or a capital (WBA 10-K: "1.Includes certain
#: eliminations."), and the superscript block U+2070-U+2079 with "⁰".
LABEL_MARKER = "^" + _either(
    r"\(\s*(?:" + MARKER_DIGITS + r"|[a-zA-Z]|[ivxIVX]{1,5})\s*\)",
    MARKER_DIGITS + r"\)",
    MARKER_LETTER + r"\)",
    r"\[" + MARKER_DIGITS + r"\]",
    MARKER_DIGITS + r"\.(?=\s|$|[A-Z])",
    ASTERISKS,
    f"[{DAGGERS}\u00b9\u00b2\u00b3\u2070-\u2079]",
)
LABEL_MARKER_RE = re.compile(LABEL_MARKER)

#: features (the block classifier's "marker_start"): a block opening with a marker,
#: case-insensitive, roman numerals up to four letters, any run of "*†‡§", and
#: "1." / "1)" followed by white space (seed 000 "(i) Work-in-process primarily
#: consists ..."). The shipped classifier was trained on exactly this: keep it.
FEATURE_MARKER = r"^\s*" + _either(
    r"\(\s*(?:[ivx]{1,4}|" + MARKER_DIGITS + "|" + MARKER_LETTER + r")\s*\)",
    f"[*{DAGGERS}]+",
    "[\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079]",
    MARKER_DIGITS + r"[.)]\s",
)
FEATURE_MARKER_RE = re.compile(FEATURE_MARKER, re.IGNORECASE)

#: cells (table rows): a marker at the end of a row label or alone in a cell,
#: case-insensitive. Roman numerals need two letters here: a one-letter "(i)" is
#: already a letter, and the label "Work-in-process(i)" of seed 000 loses it as
#: a letter. Superscripts may repeat and include "⁰" ("Revenue¹⁰").
ROW_MARKER = _either(
    paren(MARKER_LETTER, r"[ivx]{2,5}", MARKER_DIGITS),
    ASTERISKS,
    f"[{DAGGERS}]{{1,3}}",
    f"[{SUPERSCRIPT_DIGITS}\u2070]+",
)
#: The trailing marker, as group ``m``, for search(). A match may start only where a
#: run of white space starts, and a superscript run only where the run starts (the
#: two look-behinds): the leftmost match always starts there anyway, so the match
#: is unchanged, but a search over a long run of spaces or superscripts that ends
#: in another character is linear instead of quadratic.
ROW_TRAILING_MARKER_RE = re.compile(
    r"(?<!\s)\s*(?P<m>"
    + _either(
        paren(MARKER_LETTER, r"[ivx]{2,5}", MARKER_DIGITS),
        ASTERISKS,
        f"[{DAGGERS}]{{1,3}}",
        f"(?<![{SUPERSCRIPT_DIGITS}\u2070])[{SUPERSCRIPT_DIGITS}\u2070]+",
    )
    + r")$",
    re.IGNORECASE,
)
ROW_MARKER_ONLY_RE = re.compile(rf"^{ROW_MARKER}$", re.IGNORECASE)
#: cells: "(1)" alone, which is -1 unless a sentence follows (then it marks a footnote).
ROW_PAREN_DIGIT_MARKER_RE = re.compile("^" + paren(MARKER_DIGITS) + "$")

#: header: a header cell that is only a marker, dropped from a stacked header
#: (XOM 10-Q 2025 segment tables). One-letter romans are letters already, so
#: ROMAN's lower bound of one is harmless; any run of "*†‡§" counts.
HEADER_MARKER_ONLY_RE = re.compile(
    "^" + paren(MARKER_LETTER, ROMAN, MARKER_DIGITS) + f"$|^[*{DAGGERS}]+$", re.IGNORECASE
)


# --------------------------------------------------------------------------- numeric cells
# The parts of a number as a cell shows it: "1,677,440", "(874,897", "$ 950",
# "12.5%", "—" (seed 000, seed 002; JNJ 10-K 2024 "$948", "(2,560)").

#: Currency signs as a class body: "$", "€", "£", "¥".
CURRENCY_SIGNS = "$\u20ac\u00a3\u00a5"
#: The digits of a number: "1,234,567.89", "1234.5", ".5". Thousands groups are
#: exactly three digits, so "1,23" is not a grouped number.
GROUPED_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"

#: pipetext: a cell that shows one number and nothing else ("1,677,440",
#: "(874,897", "$ 950", "2025", "12.5%"). Loose on purpose: the reader only asks
#: "does a number end this cell's line?"; numbers.py reads it properly. The class
#: before the first digit holds no digit, so the match is linear; ``\A`` (a no-op for
#: match()) keeps search() from trying every start of a long line of digits.
PIPE_NUMBER_CELL = rf"\A[(\-\u2212\u2013\u2014{CURRENCY_SIGNS}\s]*\d[\d,.\s]*[)%]*\Z"
PIPE_NUMBER_CELL_RE = re.compile(PIPE_NUMBER_CELL)

#: labels: a cell that holds a value ("1,234", "(874,897", "$ 12.5", "21 %", "—").
#: A minus and a currency sign may follow the opening signs, spaces may sit
#: around "%" and ")"; dashes alone are a nil value. The old spelling
#: ``[\s$€£¥(]*[-−–]?\s*[$€£¥]?\s*\d[\d,.\s]*%?\s*\)?\s*%?$`` had up to three
#: adjacent ``\s*`` that could split a long run of spaces in cubic many ways when
#: the match failed late; each space run here has one owner (same language).
LABEL_NUMERIC_CELL = (
    rf"^[\s{CURRENCY_SIGNS}(]*(?:[-\u2212\u2013]\s*(?:[{CURRENCY_SIGNS}]\s*)?)?"
    r"\d[\d,.\s]*(?:%\s*)?(?:\)\s*)?%?$"
    r"|^[-\u2013\u2014\u2212]+$"
)
LABEL_NUMERIC_CELL_RE = re.compile(LABEL_NUMERIC_CELL)

#: features (the classifier's "numeric" share of cells, spaces already removed):
#: grouped digits with an optional decimal part, "(", ")" and "%" around, or one
#: dash. The shipped classifier was trained on exactly this: keep it.
FEATURE_NUMBER = rf"^[({CURRENCY_SIGNS}]*\s*\(?\d[\d,]*(?:\.\d+)?\)?%?$|^[—–-]$"
FEATURE_NUMBER_RE = re.compile(FEATURE_NUMBER)

#: A page number alone on its line (matched whole): "66" (KHC 10-K), "F-12",
#: "- 12 -", "Page 12", "12 of 40", "ii", "xl". Both readers mark it page furniture.
PAGE_NUMBER = (
    r"(?:(?i:page)\s+)?(?:[A-Z]{1,2}\s?-\s?)?\d{1,3}|[-\u2013\u2014]\s*(?:[A-Z]{1,2}-)?\d{1,3}\s*[-\u2013\u2014]"
    r"|(?:(?i:page)\s+)?\d{1,3}\s+(?i:of)\s+\d{1,3}|[ivxlc]{1,6}"
)
PAGE_NUMBER_RE = re.compile(PAGE_NUMBER)

_NOT_WORD_RE = re.compile(r"[^a-z0-9]+")


def words_key(text: str) -> str:
    """``text`` lower-cased, its runs of anything but letters and digits one space:
    the key two spellings of a title or label share ("Inventories, net" ~ "INVENTORIES NET")."""
    return _NOT_WORD_RE.sub(" ", text.lower()).strip()

#: Table-of-contents links and lines, lower-cased: page furniture in both readers.
TOC_PHRASES = frozenset((
    "table of contents", "index", "contents", "back to contents", "back to table of contents",
    "return to table of contents", "index to financial statements", "toc",
))
#: A line that states a scale ("in millions") is never page furniture: the table below needs it.
SCALE_PHRASE_RE = re.compile(r"(?i)\bin (?:thousands|millions|billions)\b")

#: numbers: the digits in a cell, for finding the number's own span (filers tag
#: the digits alone, JNJ 10-K 2024).
CELL_NUMBER_RE = re.compile(GROUPED_DIGITS)

#: header, tables: an aside in parentheses, no parentheses inside ("(in thousands)",
#: "(Per-share amounts in dollars)").
PARENS_RE = re.compile(r"\([^()]*\)")


# --------------------------------------------------------------------------- years

#: A year a filing can name: 1900-2099.
YEAR = r"(?:19|20)\d{2}"
#: A year inside text, not part of a longer number ("Fiscal 2024", "June 30, 2025").
YEAR_IN_TEXT_RE = re.compile(rf"(?<!\d){YEAR}(?!\d)")
#: "’23" / "'23" / "FY23": a two-digit year, as change columns print it ("’23 vs. ’22").
SHORT_YEAR_RE = re.compile(r"(?:[’'‘]|\bFY)(\d{2})\b")
#: A cell that is a year and nothing else ("2025"), after white space is collapsed.
YEAR_CELL_RE = re.compile(rf"^{YEAR}$")
#: A label that opens with "Total": "Total", "Total(1)", "Total at December 31, 2023".
TOTAL_LABEL_RE = re.compile(r"^\s*total\b", re.IGNORECASE)


# --------------------------------------------------------------------------- matches in priority order


def matches_in_priority(
    regexes: Sequence[re.Pattern[str]], text: str, accept: Callable[[re.Match[str]], bool] | None = None
) -> list[re.Match[str]]:
    """Matches of ``regexes`` in ``text``, an earlier regex's accepted match winning
    over any later match it overlaps; a match ``accept`` refuses claims nothing.

    Returned in regex order, each regex's matches in text order. Each regex's
    matches are checked only against earlier regexes' (finditer never overlaps
    its own), by bisection: linear-logarithmic where checking every taken span
    made a line of ten thousand dates or scale phrases quadratic (issue 5).
    """
    out: list[re.Match[str]] = []
    claimed: list[tuple[list[int], list[int]]] = []
    for regex in regexes:
        starts: list[int] = []
        ends: list[int] = []
        for m in regex.finditer(text):
            if _overlaps(claimed, m.start(), m.end()) or (accept is not None and not accept(m)):
                continue
            out.append(m)
            starts.append(m.start())
            ends.append(m.end())
        claimed.append((starts, ends))
    return out


def _overlaps(claimed: Sequence[tuple[list[int], list[int]]], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap a span of any sorted, non-overlapping (starts, ends) list?"""
    for starts, ends in claimed:
        i = bisect.bisect_left(starts, end)  # spans from i on start at or after ``end``
        if i and ends[i - 1] > start:  # the last span starting before ``end`` reaches past ``start``
            return True
    return False


def span_index(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, non-overlapping spans as (starts, ends) lists for :func:`in_spans`."""
    return [s for s, _ in spans], [e for _, e in spans]


def in_spans(index: tuple[list[int], list[int]], pos: int) -> bool:
    """Is ``pos`` inside one of the spans of ``index`` (``start <= pos < end``)?"""
    starts, ends = index
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]
