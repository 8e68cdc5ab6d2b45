"""The shared value parsers (formats/dossiers-csv.md): instants, decimals, booleans, dates."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cchc.core.parsing import LOCAL_TZ, ParseError, parse_boolean, parse_date, parse_decimal, parse_instant


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-03T09:00", local(2025, 3, 3, 9, 0)),
        ("2025-03-03 09:00:00", local(2025, 3, 3, 9, 0)),
        ("2025-03-03T09:00:05", local(2025, 3, 3, 9, 0, 5)),
        ("2025-03-03T09:00:05.25", local(2025, 3, 3, 9, 0, 5, 250000)),
        ("2025-03-03T09:00:05,5", local(2025, 3, 3, 9, 0, 5, 500000)),
        ("2025-03-03T09:00:05.1234567", local(2025, 3, 3, 9, 0, 5, 123457)),
        ("2025-03-03T02:00Z", local(2025, 3, 3, 9, 0)),
        ("2025-03-03T02:00:00z", local(2025, 3, 3, 9, 0)),
        ("2025-03-03T09:00+07:00", local(2025, 3, 3, 9, 0)),
        ("2025-03-03T04:00+0200", local(2025, 3, 3, 9, 0)),
        ("2025-03-03T11:00+09", local(2025, 3, 3, 9, 0)),
        ("2025-03-02T20:00-05:00", local(2025, 3, 3, 8, 0)),
        ("24/01/2025 14:00", local(2025, 1, 24, 14, 0)),
        ("3/3/2025 9:00", local(2025, 3, 3, 9, 0)),
        ("03/03/2025 09:00:30", local(2025, 3, 3, 9, 0, 30)),
        ("  2025-03-03T09:00  ", local(2025, 3, 3, 9, 0)),
    ],
)
def test_instants_parse_in_every_documented_form(text, expected):
    parsed = parse_instant(text)
    assert parsed == expected
    assert parsed.utcoffset().total_seconds() == 7 * 3600


def test_instant_without_offset_is_ho_chi_minh_local_time():
    assert parse_instant("2025-03-03T09:00").astimezone(UTC) == datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def test_fraction_rounding_carries_into_the_next_second():
    assert parse_instant("2025-03-03T09:00:05.9999996") == local(2025, 3, 3, 9, 0, 6)


@pytest.mark.parametrize(
    "text, detail",
    [
        ("", "blank"),
        ("abc", "expected ISO 8601"),
        ("2025-03-03", "no time of day"),
        ("31/02/2025 9:00", "day is out of range"),
        ("2025-13-01T09:00", "month must be in 1..12"),
        ("2025-03-03T25:00", "hour must be in 0..23"),
        ("2025-03-03T09:00+25:00", "offset +25:00 out of range"),
        ("3/3/25 9:00", "expected ISO 8601"),
        ("2025-03-03T9:00", "expected ISO 8601"),
    ],
)
def test_unreadable_instants_name_the_value_and_the_reason(text, detail):
    with pytest.raises(ParseError) as caught:
        parse_instant(text)
    assert repr(text.strip()) in str(caught.value)
    assert detail in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3", Decimal("3")),
        ("0,5", Decimal("0.5")),
        ("0.5", Decimal("0.5")),
        (" 1,25 ", Decimal("1.25")),
        (",5", Decimal("0.5")),
        ("2.", Decimal("2")),
        ("-1", Decimal("-1")),
        ("+4", Decimal("4")),
    ],
)
def test_decimals_accept_a_dot_or_a_comma(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "x", "1.234,5", "1 000", "1e3", "NaN", "Infinity", "1,2,3", "--1"])
def test_non_decimals_are_rejected_with_the_value(text):
    with pytest.raises(ParseError, match="not a number"):
        parse_decimal(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("có", True),
        ("Có", True),
        ("Co\u0301", True),  # decomposed (NFD) "có"
        ("x", True),
        ("X", True),
        ("0", False),
        ("false", False),
        ("không", False),
        ("KHÔNG", False),
        ("", False),
        ("  ", False),
    ],
)
def test_booleans_accept_the_documented_words_case_insensitively(text, expected):
    assert parse_boolean(text) is expected


@pytest.mark.parametrize("text", ["yes", "2", "đúng", "y"])
def test_other_boolean_words_are_rejected(text):
    with pytest.raises(ParseError, match="not a boolean"):
        parse_boolean(text)


def test_dates_are_iso_calendar_dates():
    assert parse_date("2025-03-31") == date(2025, 3, 31)
    with pytest.raises(ParseError, match="expected YYYY-MM-DD"):
        parse_date("31/03/2025")
    with pytest.raises(ParseError, match="day is out of range"):
        parse_date("2025-02-30")
