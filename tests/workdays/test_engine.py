"""Tests of the pure working-day deadline engine (no Django, no database)."""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_SRC = Path(__file__).resolve().parents[2] / "src"
if str(_SRC) not in sys.path:  # keeps the file runnable without the project's pytest configuration
    sys.path.insert(0, str(_SRC))

from cchc.workdays.engine import (  # noqa: E402
    DEFAULT_HOURS,
    LOCAL_TZ,
    OfficeHours,
    WorkCalendar,
    build_segment_table,
    clock_start,
    compute_due,
    compute_due_bulk,
    days_between,
    is_due_within,
    span_contains_date,
    vn_holiday_names,
    working_days_crossed,
    working_seconds_between,
)

CAL = WorkCalendar.from_holidays(range(2023, 2029))
TABLE_START, TABLE_END = date(2023, 1, 1), date(2028, 12, 31)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# formats/deadlines.md, "Every implementation must give these results".
WORKED_EXAMPLES = [
    ("2025-03-03T09:00", "3", "2025-03-06T09:00:00+07:00"),
    ("2025-03-03T09:00", "0.5", "2025-03-03T14:30:00+07:00"),
    ("2025-03-03T09:00", "0.25", "2025-03-03T11:00:00+07:00"),
    ("2025-03-03T07:00", "1", "2025-03-03T17:00:00+07:00"),
    ("2025-03-03T07:30", "1", "2025-03-03T17:00:00+07:00"),
    ("2025-03-03T11:45", "1", "2025-03-04T11:30:00+07:00"),
    ("2025-03-03T13:00", "1", "2025-03-04T11:30:00+07:00"),
    ("2025-03-03T09:30", "0", "2025-03-03T17:00:00+07:00"),
    ("2025-03-03T17:30", "0", "2025-03-04T17:00:00+07:00"),
    ("2025-03-07T16:00", "1", "2025-03-10T16:00:00+07:00"),
    ("2025-03-07T18:30", "1", "2025-03-10T17:00:00+07:00"),
    ("2025-03-08T10:00", "1", "2025-03-10T17:00:00+07:00"),
    ("2025-04-25T15:00", "2", "2025-04-28T15:00:00+07:00"),
    ("2025-04-29T10:00", "2", "2025-05-06T10:00:00+07:00"),
    ("2025-01-24T14:00", "3", "2025-02-05T14:00:00+07:00"),
    ("2024-12-31T16:30", "15", "2025-01-22T16:30:00+07:00"),
    ("2025-08-29T08:00", "2", "2025-09-04T08:00:00+07:00"),
    ("2026-02-13T16:00", "1", "2026-02-23T16:00:00+07:00"),
    ("2026-11-23T10:00", "1", "2026-11-25T10:00:00+07:00"),
]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return int(moment.timestamp())


# ---------------------------------------------------------------------------------------------------------
# Worked examples and the package calendar
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "expected"), WORKED_EXAMPLES, ids=[f"{r}+{d}" for r, d, _ in WORKED_EXAMPLES]
)
def test_worked_example_gives_the_contract_due_instant(received, days, expected):
    due = compute_due(datetime.fromisoformat(received), Decimal(days), CAL)
    assert due.isoformat() == expected


@pytest.mark.parametrize(
    ("received", "days", "expected"), WORKED_EXAMPLES, ids=[f"{r}+{d}" for r, d, _ in WORKED_EXAMPLES]
)
def test_worked_example_gives_the_same_due_instant_in_bulk(received, days, expected):
    received_epoch = np.array([epoch(datetime.fromisoformat(received))], dtype=np.int64)
    processing = np.array([int(Decimal(days) * DEFAULT_HOURS.seconds_per_day)], dtype=np.int64)
    due = compute_due_bulk(received_epoch, processing, CAL, DEFAULT_HOURS, TABLE_START, TABLE_END)
    assert datetime.fromtimestamp(int(due[0]), LOCAL_TZ).isoformat() == expected


def test_worked_examples_pass_from_the_package_data_alone():
    calendar = WorkCalendar.from_holidays(range(2024, 2027))
    for received, days, expected in WORKED_EXAMPLES:
        assert compute_due(datetime.fromisoformat(received), days, calendar).isoformat() == expected


def test_package_calendar_knows_the_contract_dates():
    assert CAL.is_working(date(2025, 4, 26))  # make-up Saturday
    assert not CAL.is_working(date(2025, 4, 27))  # ordinary Sunday
    for day in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)):
        assert not CAL.is_working(day)
    tet = [date(2025, 1, 27) + timedelta(days=i) for i in range(5)]
    assert not any(CAL.is_working(d) for d in tet)
    assert CAL.is_working(date(2025, 2, 3))
    assert not CAL.is_working(date(2026, 11, 24))
    assert CAL.is_working(date(2025, 11, 24))  # Vietnam Cultural Day starts in 2026
    assert CAL.is_working(date(2026, 8, 22))  # make-up Saturday for 2026-08-31
    assert not CAL.is_working(date(2026, 8, 31))


def test_administrator_entries_override_the_package_calendar():
    calendar = WorkCalendar.from_holidays(
        [2025], extra_off=[date(2025, 4, 26), date(2025, 7, 21)], extra_work=[date(2025, 5, 2)]
    )
    assert not calendar.is_working(date(2025, 4, 26))  # make-up Saturday cancelled (e.g. a storm)
    assert not calendar.is_working(date(2025, 7, 21))  # local closure
    assert calendar.is_working(date(2025, 5, 2))  # package day off overridden


def test_a_date_both_off_and_working_is_rejected():
    with pytest.raises(ValueError):
        WorkCalendar.from_holidays([2025], extra_off=[date(2025, 7, 21)], extra_work=[date(2025, 7, 21)])


def test_extra_workday_is_working_even_when_also_listed_off():
    calendar = WorkCalendar(off_days={date(2025, 3, 3)}, extra_workdays={date(2025, 3, 3), date(2025, 3, 8)})
    assert calendar.is_working(date(2025, 3, 3))
    assert calendar.is_working(date(2025, 3, 8))
    assert not calendar.is_working(date(2025, 3, 9))


def test_calendar_rejects_datetimes_in_date_sets():
    with pytest.raises(TypeError):
        WorkCalendar(off_days={datetime(2025, 3, 3, 0, 0)})


def test_holiday_names_are_vietnamese_whatever_the_locale():
    names = vn_holiday_names([2025, 2026])
    assert names[date(2025, 1, 29)] == "Tết Nguyên Đán"
    assert "26/04/2025" in names[date(2025, 5, 2)]
    assert names[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert list(names) == sorted(names)


# ---------------------------------------------------------------------------------------------------------
# Clock start, session ends, rounding, exactness
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2025-03-03T09:15", "2025-03-03T09:15:00+07:00"),
        ("2025-03-03T06:00", "2025-03-03T07:30:00+07:00"),
        ("2025-03-03T11:30", "2025-03-03T13:00:00+07:00"),
        ("2025-03-03T12:10", "2025-03-03T13:00:00+07:00"),
        ("2025-03-03T17:00", "2025-03-04T07:30:00+07:00"),
        ("2025-03-07T17:00", "2025-03-10T07:30:00+07:00"),
        ("2025-04-25T17:05", "2025-04-26T07:30:00+07:00"),
        ("2025-04-29T23:59", "2025-05-05T07:30:00+07:00"),
    ],
)
def test_clock_starts_at_receipt_inside_a_session_else_at_the_next_session_start(received, expected):
    assert clock_start(datetime.fromisoformat(received), CAL).isoformat() == expected


def test_receipt_at_exactly_17_00_starts_the_next_working_morning():
    assert compute_due(local("2025-03-03T17:00"), "0.5", CAL).isoformat() == "2025-03-04T11:30:00+07:00"


def test_elapsing_exactly_at_a_session_end_gives_that_end_not_the_next_start():
    assert compute_due(local("2025-03-03T09:00"), "2.5", CAL, unit="hours").isoformat() == (
        "2025-03-03T11:30:00+07:00"
    )
    assert compute_due(local("2025-03-07T13:00"), "0.5", CAL).isoformat() == "2025-03-07T17:00:00+07:00"


def test_aware_receipt_in_another_zone_is_converted_to_local_time():
    received = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 09:00 in Hanoi
    assert compute_due(received, 3, CAL).isoformat() == "2025-03-06T09:00:00+07:00"


def test_due_is_rounded_to_the_nearest_second_half_up():
    received = local("2025-03-03T09:00")
    half_second = Fraction(1, 7200)  # hours
    assert compute_due(received, half_second, CAL, unit="hours").isoformat() == "2025-03-03T09:00:01+07:00"
    below_half = Fraction(1, 7201)
    assert compute_due(received, below_half, CAL, unit="hours").isoformat() == "2025-03-03T09:00:00+07:00"
    with_micro = local("2025-03-03T09:00:00.600000")
    assert compute_due(with_micro, 1, CAL, unit="hours").isoformat() == "2025-03-03T10:00:01+07:00"


def test_float_and_string_processing_times_are_read_exactly():
    received = local("2025-03-03T09:00")
    expected = compute_due(received, Decimal("0.1"), CAL)
    assert compute_due(received, 0.1, CAL) == expected
    assert compute_due(received, "0.1", CAL) == expected
    assert compute_due(received, "0,1", CAL) == expected
    assert expected.isoformat() == "2025-03-03T09:48:00+07:00"
    assert compute_due(received, Fraction(1, 3), CAL).isoformat() == "2025-03-03T13:10:00+07:00"


def test_processing_in_hours_counts_office_hours():
    received = local("2025-03-03T09:00")
    assert compute_due(received, 4, CAL, unit="hours").isoformat() == "2025-03-03T14:30:00+07:00"
    assert compute_due(received, 8, CAL, unit="hours") == compute_due(received, 1, CAL)
    assert compute_due(received, "1.5", CAL, unit="hours").isoformat() == "2025-03-03T10:30:00+07:00"
    assert compute_due(received, 0, CAL, unit="hours").isoformat() == "2025-03-03T17:00:00+07:00"


def test_custom_office_hours_change_the_length_of_a_day():
    hours = OfficeHours.parse("08:00-12:00, 13:30-17:30")
    assert hours.seconds_per_day == 28800
    assert compute_due(local("2025-03-03T17:40"), 1, CAL, hours).isoformat() == "2025-03-04T17:30:00+07:00"
    short = OfficeHours(((time(8, 0), time(12, 0)),))
    assert short.seconds_per_day == 14400
    assert compute_due(local("2025-03-03T10:00"), 1, CAL, short).isoformat() == "2025-03-04T10:00:00+07:00"


def test_default_hours_are_eight_hours_in_two_sessions():
    assert DEFAULT_HOURS.seconds_per_day == 28800
    assert str(DEFAULT_HOURS) == "07:30-11:30, 13:00-17:00"
    assert OfficeHours.parse(str(DEFAULT_HOURS)) == DEFAULT_HOURS


@pytest.mark.parametrize(
    "sessions",
    [
        (),
        ((time(11, 0), time(10, 0)),),
        ((time(7, 30), time(11, 30)), (time(11, 0), time(17, 0))),
        ((time(13, 0), time(17, 0)), (time(7, 30), time(11, 30))),
        ((time(7, 30, 0, 5), time(11, 30)),),
    ],
)
def test_invalid_office_hours_are_rejected(sessions):
    with pytest.raises(ValueError):
        OfficeHours(sessions)


@pytest.mark.parametrize("processing", [-1, Decimal("-0.01"), "-0.5", -0.5, Fraction(-1, 3)])
def test_negative_processing_time_raises(processing):
    with pytest.raises(ValueError):
        compute_due(local("2025-03-03T09:00"), processing, CAL)
    with pytest.raises(ValueError):
        compute_due(local("2025-03-03T09:00"), processing, CAL, unit="hours")


@pytest.mark.parametrize("processing", [float("nan"), float("inf"), Decimal("NaN"), "abc"])
def test_non_finite_or_unparsable_processing_time_raises(processing):
    with pytest.raises(ValueError):
        compute_due(local("2025-03-03T09:00"), processing, CAL)


def test_unknown_unit_and_bool_processing_are_rejected():
    with pytest.raises(ValueError):
        compute_due(local("2025-03-03T09:00"), 1, CAL, unit="weeks")
    with pytest.raises(TypeError):
        compute_due(local("2025-03-03T09:00"), True, CAL)


# ---------------------------------------------------------------------------------------------------------
# Same-day cut-off
# ---------------------------------------------------------------------------------------------------------

CUTOFF = time(15, 0)


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        ("2025-03-03T15:30", "0", "2025-03-04T17:00:00+07:00"),  # after the cut-off: next working day
        ("2025-03-03T15:00", "0", "2025-03-03T17:00:00+07:00"),  # at the cut-off: not after it
        ("2025-03-03T14:59", "0", "2025-03-03T17:00:00+07:00"),
        ("2025-03-07T16:00", "0", "2025-03-10T17:00:00+07:00"),  # Friday: Monday
        ("2025-04-25T15:30", "0", "2025-04-26T17:00:00+07:00"),  # the next working day is a make-up Saturday
        ("2025-04-29T16:00", "0", "2025-05-05T17:00:00+07:00"),  # before 30/4-2/5
        ("2025-03-03T18:00", "0", "2025-03-04T17:00:00+07:00"),  # clock starts 07:30 next day, before cut-off
        ("2025-03-03T15:30", "0.5", "2025-03-04T17:00:00+07:00"),
        ("2025-03-03T15:30", "1", "2025-03-04T17:00:00+07:00"),
        ("2025-03-03T15:30", "2", "2025-03-05T15:30:00+07:00"),  # never shortens the ordinary due instant
    ],
)
def test_cutoff_after_which_the_due_is_the_end_of_the_next_working_day(received, days, expected):
    assert compute_due(local(received), days, CAL, cutoff=CUTOFF).isoformat() == expected


def test_cutoff_is_ignored_when_not_set():
    assert compute_due(local("2025-03-03T15:30"), 0, CAL).isoformat() == "2025-03-03T17:00:00+07:00"


def test_bulk_applies_the_cutoff_like_the_scalar_engine():
    receipts = [
        local(t) for t in ("2025-03-03T15:30", "2025-03-03T15:00", "2025-04-25T15:30", "2025-03-03T18:00")
    ]
    for days in (0, Decimal("0.5"), 2):
        expected = [compute_due(r, days, CAL, cutoff=CUTOFF) for r in receipts]
        got = compute_due_bulk(
            np.array([epoch(r) for r in receipts]),
            np.full(len(receipts), int(days * DEFAULT_HOURS.seconds_per_day)),
            CAL,
            DEFAULT_HOURS,
            TABLE_START,
            TABLE_END,
            cutoff=CUTOFF,
        )
        assert [epoch(e) for e in expected] == got.tolist()


# ---------------------------------------------------------------------------------------------------------
# Office time between instants, "due within", display helpers
# ---------------------------------------------------------------------------------------------------------


def test_working_seconds_between_counts_only_sessions_on_working_days():
    assert working_seconds_between(local("2025-03-03T09:00"), local("2025-03-03T14:00"), CAL) == 3.5 * 3600
    assert working_seconds_between(local("2025-03-07T16:00"), local("2025-03-10T08:30"), CAL) == 2 * 3600
    assert working_seconds_between(local("2025-04-29T10:00"), local("2025-05-06T10:00"), CAL) == 2 * 28800
    assert working_seconds_between(local("2025-03-03T12:00"), local("2025-03-03T12:45"), CAL) == 0
    assert working_seconds_between(local("2025-03-04T09:00"), local("2025-03-03T09:00"), CAL) == 0
    between = working_seconds_between(local("2025-03-03T09:00"), local("2025-03-03T09:00:00.250000"), CAL)
    assert between == Fraction(1, 4)


def test_due_within_counts_remaining_office_hours():
    due = local("2025-03-10T08:30")  # Monday
    now = local("2025-03-07T16:00")  # Friday: 1 h on Friday + 1 h on Monday
    assert is_due_within(due, now, 2, CAL)
    assert not is_due_within(due, now, Decimal("1.5"), CAL)
    assert is_due_within(due, due, 0, CAL)
    assert not is_due_within(due, local("2025-03-10T08:31"), 8, CAL)  # overdue is not "due within"
    with pytest.raises(ValueError):
        is_due_within(due, now, -1, CAL)


def test_days_between_marks_the_non_working_dates():
    days = days_between(local("2025-04-29T10:00"), local("2025-05-06T10:00"), CAL)
    assert days[0] == (date(2025, 4, 29), True)
    assert days[-1] == (date(2025, 5, 6), True)
    assert [d for d, working in days if not working] == [
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 5, 3),
        date(2025, 5, 4),
    ]
    assert working_days_crossed(local("2025-04-29T10:00"), local("2025-05-06T10:00"), CAL) == [
        date(2025, 4, 29),
        date(2025, 5, 5),
        date(2025, 5, 6),
    ]
    assert days_between(date(2025, 3, 5), date(2025, 3, 4), CAL) == []


def test_span_contains_the_receipt_date_through_the_due_date():
    received, due = local("2025-03-07T18:30"), local("2025-03-10T17:00")
    assert span_contains_date(received, due, date(2025, 3, 8))
    assert span_contains_date(received, due, date(2025, 3, 7))
    assert not span_contains_date(received, due, date(2025, 3, 11))


# ---------------------------------------------------------------------------------------------------------
# Bulk engine edge cases
# ---------------------------------------------------------------------------------------------------------


def test_bulk_rejects_rows_outside_the_table_and_negative_processing():
    received = np.array([epoch(local("2025-03-03T09:00"))])
    with pytest.raises(ValueError):
        compute_due_bulk(received, np.array([-1]), CAL, DEFAULT_HOURS, TABLE_START, TABLE_END)
    with pytest.raises(ValueError):
        compute_due_bulk(received, np.array([0]), CAL, DEFAULT_HOURS, date(2025, 3, 4), TABLE_END)
    with pytest.raises(ValueError):
        compute_due_bulk(received, np.array([28800 * 30]), CAL, DEFAULT_HOURS, TABLE_START, date(2025, 3, 20))


def test_bulk_handles_empty_input_and_scalar_processing():
    empty = compute_due_bulk(
        np.array([], dtype=np.int64), np.array([], dtype=np.int64), CAL, DEFAULT_HOURS, TABLE_START, TABLE_END
    )
    assert empty.shape == (0,)
    receipts = np.array([epoch(local("2025-03-03T09:00")), epoch(local("2025-03-03T17:00"))])
    due = compute_due_bulk(receipts, 0, CAL, DEFAULT_HOURS, TABLE_START, TABLE_END)
    assert due.tolist() == [epoch(local("2025-03-03T17:00")), epoch(local("2025-03-04T17:00"))]


def test_segment_table_is_cached_per_calendar_and_hours():
    first = build_segment_table(CAL, DEFAULT_HOURS, TABLE_START, TABLE_END)
    again = build_segment_table(
        WorkCalendar(CAL.off_days, CAL.extra_workdays), DEFAULT_HOURS, TABLE_START, TABLE_END
    )
    assert first is again
    assert first.size == 2 * len(CAL.working_days(TABLE_START, TABLE_END))


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------

BOUNDARY_TIMES = [
    time(7, 29, 59),
    time(7, 30),
    time(11, 29, 59),
    time(11, 30),
    time(12, 0),
    time(13, 0),
    time(16, 59, 59),
    time(17, 0),
    time(17, 0, 1),
    time(0, 0),
    time(23, 59, 59),
]


@st.composite
def receipts(draw, whole_seconds: bool = False):
    """Receipts in 2024-2027, biased towards session boundaries; naive (local) or aware."""
    day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)))
    if draw(st.booleans()):
        moment = datetime.combine(day, draw(st.sampled_from(BOUNDARY_TIMES)))
    else:
        moment = datetime.combine(day, draw(st.times()))
    if whole_seconds:
        moment = moment.replace(microsecond=0)
    if draw(st.booleans()):
        moment = moment.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    return moment


processing_days = st.one_of(
    st.sampled_from([0, 1, 2, 3, 5, 7, 10, 15, 20, 30]),
    st.decimals(min_value=0, max_value=40, places=2),
    st.fractions(min_value=0, max_value=40, max_denominator=1000),
)
positive_days = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=40, places=2),
    st.fractions(min_value=Fraction(1, 1000), max_value=40, max_denominator=1000),
)


@st.composite
def office_hours(draw):
    marks = draw(st.lists(st.integers(0, 24 * 60 - 1), min_size=2, max_size=6, unique=True))
    marks = sorted(marks[: len(marks) // 2 * 2])
    return OfficeHours(
        tuple((time(*divmod(marks[i], 60)), time(*divmod(marks[i + 1], 60))) for i in range(0, len(marks), 2))
    )


hours_strategy = st.one_of(st.just(DEFAULT_HOURS), office_hours())


def _in_session_or_at_end(moment: datetime, hours: OfficeHours) -> bool:
    local_moment = moment.astimezone(LOCAL_TZ)
    seconds = local_moment.hour * 3600 + local_moment.minute * 60 + local_moment.second
    return local_moment.microsecond == 0 and any(s <= seconds <= e for s, e in hours.bounds)


@PROPERTY_SETTINGS
@given(received=receipts(), days=processing_days, hours=hours_strategy)
def test_due_is_inside_a_session_or_exactly_a_session_end_on_a_working_day(received, days, hours):
    due = compute_due(received, days, CAL, hours)
    assert due.tzinfo is LOCAL_TZ
    assert CAL.is_working(due.date())
    assert _in_session_or_at_end(due, hours)
    assert due >= (received if received.tzinfo else received.replace(tzinfo=LOCAL_TZ))


@PROPERTY_SETTINGS
@given(received=receipts(), days=positive_days, hours=hours_strategy)
def test_office_time_from_clock_start_to_due_equals_the_processing_time(received, days, hours):
    due = compute_due(received, days, CAL, hours)
    elapsed = working_seconds_between(clock_start(received, CAL, hours), due, CAL, hours)
    assert abs(elapsed - Fraction(days) * hours.seconds_per_day) <= 1


@PROPERTY_SETTINGS
@given(received=receipts(), a=positive_days, b=positive_days, hours=hours_strategy)
def test_due_is_monotonic_in_processing_time(received, a, b, hours):
    low, high = sorted([Fraction(a), Fraction(b)])
    assert compute_due(received, low, CAL, hours) <= compute_due(received, high, CAL, hours)


@PROPERTY_SETTINGS
@given(received=receipts(), hours=hours_strategy)
def test_zero_processing_means_the_rest_of_the_clock_start_day(received, hours):
    start = clock_start(received, CAL, hours)
    day_end = datetime.combine(start.date(), hours.day_end, tzinfo=LOCAL_TZ)
    rest = working_seconds_between(start, day_end, CAL, hours)
    assert rest > 0
    assert compute_due(received, 0, CAL, hours) == day_end
    assert compute_due(received, Fraction(rest, 3600), CAL, hours, unit="hours") == day_end


@PROPERTY_SETTINGS
@given(received=receipts(), days=processing_days, offset=st.integers(-3, 70))
def test_adding_a_day_off_never_makes_a_due_earlier(received, days, offset):
    changed = received.astimezone(LOCAL_TZ).date() + timedelta(days=offset)
    with_holiday = dataclasses.replace(
        CAL, off_days=CAL.off_days | {changed}, extra_workdays=CAL.extra_workdays - {changed}
    )
    before = compute_due(received, days, CAL)
    after = compute_due(received, days, with_holiday)
    assert after >= before
    if after != before:
        assert span_contains_date(received, before, changed)


@PROPERTY_SETTINGS
@given(received=receipts(), days=processing_days, cutoff=st.times())
def test_cutoff_never_makes_a_due_earlier(received, days, cutoff):
    assert compute_due(received, days, CAL, cutoff=cutoff) >= compute_due(received, days, CAL)


@PROPERTY_SETTINGS
@given(received=receipts(), days=processing_days)
def test_hours_unit_matches_days_scaled_by_the_day_length(received, days):
    as_hours = Fraction(days) * 8
    assert compute_due(received, as_hours, CAL, unit="hours") == compute_due(received, days, CAL)


@PROPERTY_SETTINGS
@given(
    rows=st.lists(st.tuples(receipts(whole_seconds=True), st.integers(0, 3000)), min_size=1, max_size=40),
    hours=hours_strategy,
    cutoff=st.one_of(st.none(), st.times()),
)
def test_bulk_equals_scalar_on_random_samples(rows, hours, cutoff):
    received = np.array([epoch(r) for r, _ in rows], dtype=np.int64)
    cents = [c for _, c in rows]  # processing days with two decimals
    seconds = np.array([c * hours.seconds_per_day // 100 for c in cents], dtype=np.int64)
    got = compute_due_bulk(received, seconds, CAL, hours, TABLE_START, TABLE_END, cutoff=cutoff)
    expected = [
        epoch(compute_due(r, Fraction(int(s), hours.seconds_per_day), CAL, hours, cutoff=cutoff))
        for (r, _), s in zip(rows, seconds, strict=True)
    ]
    assert got.tolist() == expected
