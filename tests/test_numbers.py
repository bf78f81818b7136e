"""numbers.py: cell text -> Number, scale statements -> multipliers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from segmenter.numbers import (
    Number,
    is_null_token,
    is_year,
    text_to_currency,
    text_to_number,
    text_to_number_span,
    text_to_scale,
    text_to_scale_statement,
)


@pytest.mark.parametrize(
    ("text", "value", "negative"),
    [
        ("1,677,440", "1677440", False),
        ("950", "950", False),
        ("(874,897", "-874897", True),  # seed 000: the ")" sits in the next cell
        ("(874,897)", "-874897", True),
        ("(0.15)", "-0.15", True),
        ("-1,234", "-1234", True),
        ("−1,234", "-1234", True),  # U+2212 minus sign
        ("0.15", "0.15", False),
        (".5", "0.5", False),
        ("0", "0", False),
        ("2025", "2025", False),
        ("1,234)", "1234", False),  # a close paren alone does not say negative
        ("  12,000\n", "12000", False),
    ],
)
def test_plain_and_negative_numbers(text: str, value: str, negative: bool) -> None:
    number = text_to_number(text)
    assert number is not None
    assert number.value == Decimal(value)
    assert number.negative is negative
    assert not number.dash and not number.percent


@pytest.mark.parametrize("text", ["—", "–", "-", "−", "--", "$—", "$ —", "—%", "(—)"])
def test_dash_is_zero_never_missing(text: str) -> None:
    number = text_to_number(text)
    assert number is not None
    assert number.value == 0
    assert number.dash


def test_dash_keeps_currency_and_percent() -> None:
    assert text_to_number("$—") == Number(Decimal(0), currency="USD", dash=True)
    assert text_to_number("—%") == Number(Decimal(0), percent=True, dash=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.5%", "12.5"), ("12.5 %", "12.5"), ("(2.1)%", "-2.1"), ("(2.1%)", "-2.1"), ("-0.3%", "-0.3")],
)
def test_percent(text: str, value: str) -> None:
    number = text_to_number(text)
    assert number is not None and number.percent
    assert number.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$ 1,234", "1234", "USD"),
        ("$1,234", "1234", "USD"),
        ("$(1,234)", "-1234", "USD"),
        ("($306)", "-306", "USD"),  # BA 10-Q 2025: "($306)" in one cell
        ("($0.49)", "-0.49", "USD"),
        ("US$ 12", "12", "USD"),
        ("€ 3.5", "3.5", "EUR"),
        ("£7", "7", "GBP"),
        ("RMB 100", "100", "CNY"),
    ],
)
def test_currency_in_the_cell(text: str, value: str, currency: str) -> None:
    number = text_to_number(text)
    assert number is not None
    assert number.value == Decimal(value)
    assert number.currency == currency


@pytest.mark.parametrize(
    "text", ["", "$", "abc", "N/A", "(i)", "Level 1", "1.5x", "Raw materials", "June 30, 2025", "($1,234))"]
)
def test_non_numbers(text: str) -> None:
    assert text_to_number(text) is None


def test_zero_width_space_is_not_content() -> None:
    # AMC 10-Q 2023 fills spacer cells with U+200B
    assert text_to_number("\u200b") is None
    assert text_to_number("\u200b1,234") == Number(Decimal(1234))


def test_currency_sign_alone() -> None:
    assert text_to_currency("$") == "USD"
    assert text_to_currency(" US$ ") == "USD"
    assert text_to_currency("€") == "EUR"
    assert text_to_currency("1,234") is None


def test_null_tokens_and_years() -> None:
    assert is_null_token("N/A") and is_null_token("nm") and is_null_token("n/m")
    assert not is_null_token("—")
    assert is_year("2025") and not is_year("2,025") and not is_year("1850") and not is_year("12")


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("(in thousands)", 1000),
        ("in millions, except per share data", 1_000_000),
        ("(In billions)", 10**9),
        ("$ in thousands", 1000),
        ("(Dollars in thousands)", 1000),
        ("(In millions - except per share amounts)", 1_000_000),  # BA 10-Q 2025
        ("(thousands)", 1000),
        ("($000)", 1000),
        ("(in $000s)", 1000),
        ("RMB'000", 1000),
        ("thousands of U.S. dollars", 1000),
        ("The table below provides information about Group’s segment (in thousands):", 1000),  # seed 002
        ("(shares in thousands, dollars in millions, except for per share amounts)", 1_000_000),  # HD 10-K
    ],
)
def test_text_to_scale(text: str, scale: int) -> None:
    assert text_to_scale(text) == scale


@pytest.mark.parametrize(
    "text", ["", "Inventory as of June 30, 2025 consisted of the following:", "millions of customers", "1,000"]
)
def test_no_scale_stated(text: str) -> None:
    assert text_to_scale(text) is None
    assert text_to_scale_statement(text) is None


@pytest.mark.parametrize(
    ("text", "shares_scale"),
    [
        # The filers' own share-count tags decide these (scale attribute in the corpus 10-Ks).
        ("(in millions, except per share data)", 1_000_000),  # ABBV, CMCSA, NKE: scale 6
        ("(in millions, except share data)", None),  # ABBV: scale 0
        ("(In millions except share and per share amounts)", None),  # TMO: scale 0
        ("(Dollars in millions, except per share data)", None),  # BA 10-K: scale 0
        ("(In millions, except share price)", 1_000_000),  # AMD: scale 6
        ("(shares in thousands, dollars in millions, except for per share amounts)", 1000),  # HD
        ("(Amounts in Millions Except Treasury Stock Shares in Thousands)", 1000),  # JNJ
        ("(dollars in millions, except per share amounts; shares in millions)", 1_000_000),  # RTX
        ("(In millions, except number of shares, which are reflected in thousands, and per-share amounts)", 1000),
        ("(net income in millions and shares in thousands)", 1000),  # AAPL 10-Q 2025
    ],
)
def test_scale_statement_share_counts(text: str, shares_scale: int | None) -> None:
    statement = text_to_scale_statement(text)
    assert statement is not None
    assert statement.shares_scale == shares_scale


def test_scale_statement_details() -> None:
    shares = text_to_scale_statement("(Shares in millions)")  # BA 10-Q 2025
    assert shares is not None and shares.shares_only and shares.scale == 1_000_000
    money = text_to_scale_statement("(in thousands, except per share data)")
    assert money is not None and not money.shares_only and money.except_per_share
    assert text_to_scale_statement("$ in millions").currency == "USD"  # type: ignore[union-attr]
    # CSCO 10-Q 2023: "share-based" names no share counts
    expense = text_to_scale_statement("The following table summarizes share-based compensation expense (in millions):")
    assert expense is not None and not expense.shares_only
    # TSLA 10-K 2023: an amount "per share" names no share counts either
    per_share = text_to_scale_statement(
        "net income used in computing basic and diluted net income per share of common stock (in millions):")
    assert per_share is not None and not per_share.shares_only and per_share.scale == 1_000_000
    # RTX 10-Q 2023 Q2 EPS header: dollars and shares alike (both tagged scale 6)
    both = text_to_scale_statement("(dollars and shares in millions, except per share amounts)")
    assert both is not None and not both.shares_only and both.scale == both.shares_scale == 1_000_000
    assert text_to_scale_statement("RMB'000").currency == "CNY"  # type: ignore[union-attr]
    assert text_to_scale_statement("(in thousands)").currency is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "span"),
    [("$948", "948"), ("(2,560)", "2,560"), ("$(222)", "222"), ("(874,897", "874,897"), ("—", "—"), ("$—", "—"), ("12.5%", "12.5")],
)
def test_number_span_is_what_the_filer_tags(text: str, span: str) -> None:
    """JNJ 10-K 2024: "$948" and "(2,560)" are tagged on the digits alone."""
    s, e = text_to_number_span(text)
    assert text[s:e] == span


def test_scale_words_of_a_whole_document() -> None:
    from segmenter.numbers import text_to_scale_words

    # RKT 10-K page header, a table caption, and "in millions" of prose-free statements
    text = ("($ In Thousands, Except Per Share Amounts Or Unless Otherwise Noted)\n"
            "(in millions, except per share data)\nAmounts in € billions\nreported in thousands of units")
    assert text_to_scale_words(text) == ["thousands", "millions", "billions", "thousands"]
    assert text_to_scale_words("(thousands)") == []  # the looser forms are left to a table's own statement
