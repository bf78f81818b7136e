"""Table cell text -> numbers, and scale statements -> multipliers.

``text_to_number`` reads one cell as filers print it: ``"1,677,440"``,
``"(874,897"`` (the ``)`` often sits in the next cell), ``"$ 1,234"``,
``"12.5%"``, ``"(0.15)"`` and the dash that stands for zero (``"—"``). It
returns a :class:`Number` with the sign applied and no scale, or ``None`` when
the text is not a number.

``text_to_scale`` reads a scale statement such as ``"(in thousands)"`` or
``"In millions, except per share data"`` and returns the multiplier, or
``None`` when none is stated: a missing scale is said, never assumed.
``text_to_scale_statement`` also says how the statement treats share counts.

The vocabularies (dashes, null tokens, currency symbols, scale words) are named
constants below, each spelling mapped to one meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .patterns import CELL_NUMBER_RE, GROUPED_DIGITS, YEAR_CELL_RE, in_spans, matches_in_priority, span_index

__all__ = [
    "CURRENCY_SYMBOLS",
    "DASHES",
    "NULL_TOKENS",
    "Number",
    "ScaleStatement",
    "is_null_token",
    "is_year",
    "text_to_currency",
    "text_to_number",
    "text_to_number_span",
    "text_to_scale",
    "text_to_scale_statement",
    "text_to_scale_words",
]

# A dash alone in a value cell is a zero: filers tag these cells as 0
# (seed 002, "Change in fair value of convertible notes": "—" tagged 0).
DASHES: frozenset[str] = frozenset({"—", "–", "-", "‒", "―", "−", "--", "---", "— —"})

# Cells that hold a value slot but no number ("not applicable", "not meaningful").
NULL_TOKENS: frozenset[str] = frozenset(
    {"n/a", "na", "n.a.", "n.a", "nm", "n/m", "n.m.", "nmf", "not applicable", "not meaningful"}
)

# Currency spellings -> ISO 4217 code. "¥" is yen unless the table says renminbi
# (tables.py decides that from the caption and context).
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "rmb": "CNY",
    "cny": "CNY",
    "hk$": "HKD",
    "hkd": "HKD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "a$": "AUD",
    "aud": "AUD",
    "₹": "INR",
    "chf": "CHF",
}

SCALE_WORDS: dict[str, int] = {
    "thousand": 10**3,
    "thousands": 10**3,
    "000": 10**3,
    "000s": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "billions": 10**9,
}

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Longest spellings first so "us$" wins over "$".
_CURRENCY_RE = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_NUMBER_RE = re.compile(
    r"""^
    (?P<open>\()?\s*
    (?P<cur1>(?:CUR))?\s*
    (?P<open2>\()?\s*
    (?P<minus>[-−–])?\s*
    (?P<cur2>(?:CUR))?\s*
    (?P<digits>DIGITS)\s*
    (?P<pct1>%)?\s*
    (?P<close>\))?\s*
    (?P<pct2>%)?
    $""".replace("CUR", _CURRENCY_RE).replace("DIGITS", GROUPED_DIGITS),
    re.VERBOSE | re.IGNORECASE,
)
_DASH_RE = re.compile(
    r"^\(?\s*(?P<cur>(?:CUR))?\s*(?P<dash>.+?)\s*(?P<pct>%)?\s*\)?$".replace("CUR", _CURRENCY_RE),
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from one cell.

    ``value`` carries the sign and no scale; ``negative`` says the cell showed a
    minus sign or parentheses; ``percent`` that it carried ``%``; ``currency``
    the ISO code of a currency sign in the cell; ``dash`` that the cell was a
    dash standing for zero.
    """

    value: Decimal
    negative: bool = False
    percent: bool = False
    currency: str | None = None
    dash: bool = False


def _normalize(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def text_to_currency(text: str) -> str | None:
    """The ISO code when ``text`` is a currency sign alone (``"$"``, ``"US$"``, ``"€"``), else None."""
    return CURRENCY_SYMBOLS.get(_normalize(text).lower())


def is_null_token(text: str) -> bool:
    """True for cells that fill a value slot with no number ("N/A", "NM", "n/m")."""
    return _normalize(text).lower() in NULL_TOKENS


def is_year(text: str, *, low: int = 1900, high: int = 2100) -> bool:
    """True when ``text`` is a bare four-digit year between ``low`` and ``high`` ("2025")."""
    t = _normalize(text)
    return bool(YEAR_CELL_RE.match(t)) and low <= int(t) <= high


def text_to_number(text: str) -> Number | None:
    """Read one cell as a number; ``None`` when the text is not a number.

    ``"1,677,440"`` -> 1677440; ``"(874,897"`` and ``"(874,897)"`` -> -874897;
    ``"—"``/``"-"``/``"–"`` -> 0 with ``dash``; ``"12.5%"`` -> 12.5 with
    ``percent``; ``"$ 1,234"`` -> 1234 with currency ``"USD"``; ``"$"`` alone ->
    None (a currency sign is not a number; see :func:`text_to_currency`).
    """
    t = _normalize(text)
    if not t:
        return None
    dash = _DASH_RE.match(t)
    if dash and dash.group("dash") in DASHES:
        cur = dash.group("cur")
        return Number(
            value=Decimal(0),
            percent=bool(dash.group("pct")),
            currency=CURRENCY_SYMBOLS[cur.lower()] if cur else None,
            dash=True,
        )
    m = _NUMBER_RE.match(t)
    if not m:
        return None
    opened = bool(m.group("open") or m.group("open2"))
    if m.group("open") and m.group("open2"):
        return None
    negative = opened or bool(m.group("minus"))
    if m.group("close") and not opened:
        # "1,234)" without "(": the open paren sat in an earlier cell that the
        # caller joins; the number alone does not say negative.
        negative = bool(m.group("minus"))
    try:
        value = Decimal(m.group("digits").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    cur = m.group("cur1") or m.group("cur2")
    return Number(
        value=-value if negative else value,
        negative=negative,
        percent=bool(m.group("pct1") or m.group("pct2")),
        currency=CURRENCY_SYMBOLS[cur.lower()] if cur else None,
    )


_DASH_SPAN_RE = re.compile("|".join(re.escape(d) for d in sorted(DASHES, key=len, reverse=True)))


def text_to_number_span(text: str) -> tuple[int, int]:
    """Where the number itself sits in a cell's text, as (start, end) offsets into ``text``.

    The filers tag the digits alone: in ``"$948"`` and ``"(2,560)"`` the tagged
    text is ``"948"`` and ``"2,560"``, the sign and currency printed around it
    (JNJ 10-K 2024 benefit tables); a dash cell's span is the dash. The whole
    text when neither is found.
    """
    m = CELL_NUMBER_RE.search(text) or _DASH_SPAN_RE.search(text)
    return (m.start(), m.end()) if m else (0, len(text))


@dataclass(frozen=True, slots=True)
class ScaleStatement:
    """A scale statement: the multiplier, and what it says about share counts.

    ``shares_scale`` is the multiplier for share-count rows: the scale the
    statement names for shares ("shares in thousands", "except number of
    shares, which are reflected in thousands"); ``None`` (unscaled) when it
    excepts share data ("except share and per share data") or scales dollars
    only ("Dollars in millions"); else the same as ``scale``.
    ``currency`` is the ISO code the statement names ("$ in thousands",
    "in thousands of U.S. dollars"), if any; ``shares_only`` says the
    statement is about share counts alone ("(Shares in millions)");
    ``except_per_share`` that it excepts per-share amounts.
    """

    scale: int
    shares_scale: int | None
    currency: str | None
    text: str
    shares_only: bool = False
    except_per_share: bool = False


_SCALE_WORD_RE = r"(thousands?|millions?|billions?)"
_CUR_WORDS = (
    r"(?:[$€£¥]|us\$|u\.s\.\s*\$|rmb|usd|eur|u\.s\.\s+dollars?|us\s+dollars?|dollars?|euros?|renminbi|yuan)"
)
# Each pattern captures the scale word as group "w". Order is priority.
_SCALE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "(in thousands)", "in millions, except ...", "$ in thousands", "(in $ millions)"
        rf"\bin\s+(?:{_CUR_WORDS}\s*)?(?P<w>thousands|millions|billions)\b",
        # "(thousands)", "($ thousands)", "(Dollars, thousands)"
        rf"\(\s*(?:{_CUR_WORDS}\s*(?:,\s*)?)?(?P<w>thousands|millions|billions)\b",
        # "thousands of U.S. dollars", "millions of dollars"
        r"\b(?P<w>thousands|millions|billions)\s+of\s+(?:u\.s\.\s+|us\s+)?(?:dollars|usd|euros|rmb|renminbi|yuan)",
        # "$000", "(in $000s)", "(000's)", "in '000"
        r"(?:(?:[$€£]|us\$|hk\$|rmb)\s*|\bin\s+|\()(?P<w>['’]?000(?:['’]?s)?)(?![\d,])",
        # a header cell that opens with the word: "Millions", "Millions, except per share
        # amounts" (UNP), not "Millions of customers"
        r"^\W*(?P<w>thousands|millions|billions)\b(?=\s*(?:$|[,;(]|except\b|for\b))",
    )
)
_EXCEPT_RE = re.compile(r"\bexcept\b(?P<clause>[^)]*)", re.IGNORECASE)
# "shares in thousands", "number of shares, which are reflected in thousands", not
# "share-based compensation expense (in millions)" (CSCO 10-Q) nor "net income per share
# of common stock (in millions)" (TSLA 10-K: an amount per share is no count). The words
# between "shares" and "in" are bounded: unbounded, every "share" of a long clause scanned
# to its end, quadratic on hostile text (issue 5); real statements need a few words.
SHARE_SCALE_GAP = 200
_SHARE_SCALE_RE = re.compile(
    rf"(?<!per )(?<!per-)\bshares?\b(?!-)(?:\s*,\s*which\s+(?:are|is))?[^,;)]{{0,{SHARE_SCALE_GAP}}}?"
    rf"\bin\s+{_SCALE_WORD_RE}",
    re.IGNORECASE,
)
# An "except" clause that takes share counts out of the scale ("share data", "shares",
# "share and per share amounts") -- not "per share data" nor "share price".
_EXCEPT_SHARES_RE = re.compile(
    r"(?<!per )(?<!per-)\bshare(?:s\b|\s+(?:data|amounts?|and|counts?|numbers?|information)\b)", re.IGNORECASE
)
# "(dollars and shares in millions, ...)" (RTX 10-Q): the share phrase scales dollars too.
_DOLLARS_AND_SHARES_RE = re.compile(r"(?:\bdollars?|\$|\bamounts?)\s+(?:and|&)\s+shares?\s+in\b", re.IGNORECASE)
_DOLLARS_SUBJECT_RE = re.compile(r"(?:\bdollars|\$)\s+in\s+\w+$", re.IGNORECASE)
# Currencies a scale statement can name ("$ in thousands", "RMB'000", "in thousands of euros").
_STATEMENT_CURRENCIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), code)
    for p, code in (
        (r"\brmb\b|\brenminbi\b|\byuan\b|\bcny\b", "CNY"),
        (r"hk\$|\bhkd\b|hong kong dollars?", "HKD"),
        (r"€|\beuros?\b|\beur\b", "EUR"),
        (r"£|\bgbp\b|pounds sterling", "GBP"),
        (r"\$|\bu\.?s\.?\s*dollars?\b|\bdollars\b|\busd\b", "USD"),
    )
)


def _scale_word(word: str) -> int:
    return SCALE_WORDS[word.lower().replace("'", "").replace("’", "")]


def _scale_phrases(t: str) -> list[tuple[int, int, int]]:
    """Every scale phrase in ``t`` as (start, end, scale), in order, overlaps removed."""
    return sorted((m.start(), m.end(), _scale_word(m.group("w"))) for m in matches_in_priority(_SCALE_PATTERNS, t))


def text_to_scale_words(text: str) -> list[str]:
    """The scale word, lower case, of every "in (currency) thousands/millions/billions"
    phrase in ``text``, in order ("($ In Thousands, ...)" -> "thousands"); the first of
    the scale patterns, so a whole document can be searched without its looser forms."""
    return [m.group("w").lower() for m in _SCALE_PATTERNS[0].finditer(text)]


def text_to_scale_statement(text: str) -> ScaleStatement | None:
    """Read a scale statement from a caption, header cell or paragraph; None when none.

    Share counts follow the filers' own tags in the corpus: "(in millions,
    except per share data)" scales shares too (ABBV, CMCSA, NKE 10-Ks tag them
    scale 6); "except share data" / "except share and per share amounts" leaves
    them unscaled (ABBV, TMO: scale 0), as does "(Dollars in millions, ...)"
    (BA 10-K); "shares in thousands" names their own scale (HD, JNJ, RTX).
    """
    t = _normalize(text)
    phrases = _scale_phrases(t)
    if not phrases:
        return None
    share_spans = [(m.start(), m.end(), _scale_word(m.group(1))) for m in _SHARE_SCALE_RE.finditer(t)]
    shares_index = span_index([(s, e) for s, e, _ in share_spans])
    main = [p for p in phrases if not in_spans(shares_index, p[0])]
    if not main and _DOLLARS_AND_SHARES_RE.search(t):
        main = phrases
    first = main[0] if main else phrases[0]
    scale = first[2]
    shares_only = not main
    tail = t[first[0]:]
    exc = _EXCEPT_RE.search(tail)
    clause = exc.group("clause") if exc else ""
    except_per_share = bool(re.search(r"\bper[\s-]share", clause, re.IGNORECASE))
    shares_scale: int | None
    if share_spans:
        shares_scale = share_spans[0][2]  # "(shares in thousands, dollars in millions)"
    elif _EXCEPT_SHARES_RE.search(clause):
        shares_scale = None  # "except share data", "except share and per share amounts"
    elif _DOLLARS_SUBJECT_RE.search(t[: first[1]]):
        shares_scale = None  # "(Dollars in millions, except per share data)": dollars only
    else:
        shares_scale = scale
    currency = next((code for regex, code in _STATEMENT_CURRENCIES if regex.search(t)), None)
    return ScaleStatement(
        scale=scale,
        shares_scale=shares_scale,
        currency=currency,
        text=t,
        shares_only=shares_only,
        except_per_share=except_per_share,
    )


def text_to_scale(text: str) -> int | None:
    """The multiplier a scale statement names: ``"(in thousands)"`` -> 1000,
    ``"in millions, except per share data"`` -> 1000000, ``"(In billions)"`` ->
    10**9; ``None`` when the text states no scale."""
    st = text_to_scale_statement(text)
    return None if st is None else st.scale
