"""Working-day deadline engine (pure Python + numpy, no Django).

Implements the deadline rule of ``formats/deadlines.md``:

1. The clock starts at the receipt instant if it lies inside an office session (a session's end instant is
   outside), else at the start of the next session on a working day.
2. The due instant is when the processing time of office time has elapsed from the clock start, counting only
   time inside sessions on working days. Landing exactly on a session end gives that end.
3. A processing time of 0 gives the end of the last session of the day on which the clock starts. An
   optional same-day cut-off: when it is set and the clock starts after it, the due instant is (at the
   earliest) the end of the next working day.
4. Due instants are rounded to the nearest second, half up.

All arithmetic is exact: instants are handled as a local date plus a number of seconds since local midnight
(``int`` or ``Fraction`` when microseconds or fractional processing times are involved); no float is used.
Local time is ``Asia/Ho_Chi_Minh`` (a fixed UTC+07:00 offset since 1975, no daylight-saving time).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np

__all__ = [
    "DEFAULT_HOURS",
    "LOCAL_TZ",
    "OfficeHours",
    "SegmentTable",
    "WorkCalendar",
    "build_segment_table",
    "clock_start",
    "compute_due",
    "compute_due_bulk",
    "days_between",
    "is_due_within",
    "span_contains_date",
    "to_fraction",
    "vn_holiday_names",
    "working_days_crossed",
    "working_seconds_between",
]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_SECONDS_PER_HOUR = 3600
_MICRO = 1_000_000
_HALF = Fraction(1, 2)
# Safety net for calendar walks: no real calendar has ten years without a working day.
_MAX_DAY_WALK = 3660

Seconds = int | Fraction


# ---------------------------------------------------------------------------------------------------------
# Small exact-arithmetic helpers
# ---------------------------------------------------------------------------------------------------------


def _time_seconds(t: time) -> Seconds:
    """Seconds since midnight of a wall-clock time (``Fraction`` only when it has microseconds)."""
    whole = t.hour * 3600 + t.minute * 60 + t.second
    if t.microsecond:
        return whole + Fraction(t.microsecond, _MICRO)
    return whole


def _normalise(value: Fraction) -> Seconds:
    """Return an ``int`` when the fraction is whole (keeps the fast integer path)."""
    return value.numerator if value.denominator == 1 else value


def to_fraction(value: Decimal | int | float | str | Fraction) -> Fraction:
    """Convert a processing time (days or hours) to an exact ``Fraction``.

    Floats are read through their shortest decimal representation (``0.1`` → ``1/10``), so that ``0.1`` days
    is exactly 2880 seconds with the default hours. Strings are parsed as decimals (``"1.25"``).
    Raises ``ValueError`` for non-finite or unparsable values and ``TypeError`` for other types.
    """
    if isinstance(value, bool):
        raise TypeError("processing time must be a number, not a bool")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"processing time must be finite, got {value!r}")
        return Fraction(value)
    if isinstance(value, float | numbers.Real) and not isinstance(value, str):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise ValueError(f"processing time must be finite, got {value!r}")
        return Fraction(Decimal(repr(as_float)))
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(f"invalid processing time {value!r}") from exc
        return to_fraction(parsed)
    raise TypeError(f"unsupported processing time type: {type(value).__name__}")


def _local_naive(moment: datetime) -> datetime:
    """Wall-clock time in Asia/Ho_Chi_Minh, as a naive datetime (naive input is already local)."""
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _split(moment: datetime) -> tuple[date, Seconds]:
    """(local date, seconds since local midnight) of an instant."""
    local = _local_naive(moment)
    return local.date(), _time_seconds(local.time())


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return _local_naive(value).date()
    return value


def _instant(day: date, seconds: Seconds) -> datetime:
    """Aware local datetime at ``seconds`` after the local midnight of ``day`` (exact to the microsecond)."""
    midnight = datetime.combine(day, time(0), tzinfo=LOCAL_TZ)
    if isinstance(seconds, int):
        return midnight + timedelta(seconds=seconds)
    micro = seconds * _MICRO
    return midnight + timedelta(microseconds=math.floor(micro + _HALF))


def _round_half_up(seconds: Seconds) -> int:
    if isinstance(seconds, int):
        return seconds
    return math.floor(seconds + _HALF)


# ---------------------------------------------------------------------------------------------------------
# Office hours and calendar
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeHours:
    """Daily office sessions, e.g. ``((07:30, 11:30), (13:00, 17:00))``.

    Sessions must be non-empty, in order, non-overlapping, within one day and on whole seconds.
    """

    sessions: tuple[tuple[time, time], ...]
    bounds: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sessions = tuple((start, end) for start, end in self.sessions)
        if not sessions:
            raise ValueError("office hours need at least one session")
        bounds: list[tuple[int, int]] = []
        previous_end = -1
        for start, end in sessions:
            if not isinstance(start, time) or not isinstance(end, time):
                raise TypeError("office sessions are pairs of datetime.time")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("office session times are local wall-clock times without tzinfo")
            if start.microsecond or end.microsecond:
                raise ValueError("office session times must be whole seconds")
            s, e = _time_seconds(start), _time_seconds(end)
            if not s < e:
                raise ValueError(f"office session {start}–{end} must end after it starts")
            if s < previous_end:
                raise ValueError("office sessions must be in order and must not overlap")
            bounds.append((int(s), int(e)))
            previous_end = int(e)
        object.__setattr__(self, "sessions", sessions)
        object.__setattr__(self, "bounds", tuple(bounds))

    @property
    def seconds_per_day(self) -> int:
        """Office seconds in one working day (28800 with the default hours)."""
        return sum(e - s for s, e in self.bounds)

    @property
    def first_start(self) -> int:
        return self.bounds[0][0]

    @property
    def last_end(self) -> int:
        return self.bounds[-1][1]

    @property
    def day_end(self) -> time:
        """End of the last session (17:00 with the default hours)."""
        return self.sessions[-1][1]

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Parse ``"07:30-11:30, 13:00-17:00"`` (en dash accepted)."""
        sessions = []
        for chunk in text.replace("–", "-").split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            try:
                start, end = (time.fromisoformat(part.strip()) for part in chunk.split("-"))
            except ValueError as exc:
                raise ValueError(f"invalid office session {chunk!r} (expected HH:MM-HH:MM)") from exc
            sessions.append((start, end))
        return cls(tuple(sessions))

    def __str__(self) -> str:
        return ", ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in self.sessions)


DEFAULT_HOURS = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: Monday–Friday not in ``off_days``, plus the dates in ``extra_workdays``.

    ``off_days``: weekdays that are not working (public holidays, official days off, local closures).
    ``extra_workdays``: dates that are working although they fall on a weekend (official make-up Saturdays).
    A date in ``extra_workdays`` is always working. The calendar is immutable and hashable.
    """

    off_days: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "off_days", _date_set(self.off_days, "off_days"))
        object.__setattr__(self, "extra_workdays", _date_set(self.extra_workdays, "extra_workdays"))

    def is_working(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        if d in self.extra_workdays:
            return True
        return d.weekday() < 5 and d not in self.off_days

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        for _ in range(_MAX_DAY_WALK):
            d += timedelta(days=1)
            if self.is_working(d):
                return d
        raise ValueError(f"no working day within {_MAX_DAY_WALK} days after {d}")

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days in ``[start, end]`` (both inclusive)."""
        n = (end - start).days + 1
        return [d for i in range(max(n, 0)) if self.is_working(d := start + timedelta(days=i))]

    @classmethod
    def from_holidays(
        cls,
        years: Iterable[int],
        *,
        extra_off: Iterable[date] = (),
        extra_work: Iterable[date] = (),
    ) -> WorkCalendar:
        """Seed from ``holidays.VN(years=...)`` then apply administrators' entries.

        Package days off = every weekday the package lists (public holidays, observed days, "29 Tết" style
        observed Tết days and substituted days off such as 2025-05-02); package make-up days =
        ``holidays.VN.weekend_workdays`` (e.g. 2025-04-26). Administrators' entries override the package:
        ``extra_off`` removes a package make-up day, ``extra_work`` removes a package day off. A date may not
        be in both ``extra_off`` and ``extra_work``.
        """
        extra_off_set = _date_set(extra_off, "extra_off")
        extra_work_set = _date_set(extra_work, "extra_work")
        clash = extra_off_set & extra_work_set
        if clash:
            raise ValueError(f"dates both off and working: {sorted(clash)}")
        vn = holidays.VN(years=list(years))
        package_off = {d for d in vn.keys() if d.weekday() < 5}
        package_work = {d for d in vn.weekend_workdays if d.weekday() >= 5}
        return cls(
            off_days=frozenset((package_off - extra_work_set) | extra_off_set),
            extra_workdays=frozenset((package_work - extra_off_set) | extra_work_set),
        )


def _date_set(values: Iterable[date], label: str) -> frozenset[date]:
    result = set()
    for value in values:
        if isinstance(value, datetime):
            raise TypeError(f"{label} must contain dates, not datetimes")
        if not isinstance(value, date):
            raise TypeError(f"{label} must contain dates, got {type(value).__name__}")
        result.add(value)
    return frozenset(result)


def vn_holiday_names(years: Iterable[int], *, language: str = "vi") -> dict[date, str]:
    """Name of each date ``holidays.VN`` lists for ``years`` (holidays, observed and substituted days off).

    The language is explicit (default Vietnamese): without it ``holidays`` picks the language from the
    process locale. Weekend dates are included (e.g. a holiday on a Sunday) for display.
    """
    vn = holidays.VN(years=list(years), language=language)
    return dict(sorted(vn.items()))


# ---------------------------------------------------------------------------------------------------------
# Scalar engine
# ---------------------------------------------------------------------------------------------------------


def _clock_start_parts(day: date, tod: Seconds, calendar: WorkCalendar, hours: OfficeHours):
    """(day, seconds since midnight, session index) at which the clock starts."""
    if calendar.is_working(day):
        for index, (start, end) in enumerate(hours.bounds):
            if tod < end:
                return day, (tod if tod > start else start), index
    return calendar.next_working_day(day), hours.first_start, 0


def _processing_seconds(processing, unit: str, hours: OfficeHours) -> Fraction:
    amount = to_fraction(processing)
    if amount < 0:
        raise ValueError(f"processing time must not be negative, got {processing!r}")
    if unit == "days":
        return amount * hours.seconds_per_day
    if unit == "hours":
        return amount * _SECONDS_PER_HOUR
    raise ValueError(f"unit must be 'days' or 'hours', got {unit!r}")


def _advance(
    day: date, pos: Seconds, index: int, remaining: Seconds, calendar: WorkCalendar, hours: OfficeHours
) -> tuple[date, Seconds]:
    """Walk ``remaining`` (> 0) office seconds forward from (day, pos) inside session ``index``."""
    bounds = hours.bounds
    per_day = hours.seconds_per_day
    while True:
        for start, end in bounds[index:]:
            begin = pos if pos > start else start
            available = end - begin
            if remaining <= available:
                return day, begin + remaining
            remaining -= available
        day = calendar.next_working_day(day)
        index, pos = 0, 0
        # Skip whole working days; strictly greater so that an exact fit lands on this day's last end.
        while remaining > per_day:
            remaining -= per_day
            day = calendar.next_working_day(day)


def clock_start(received: datetime, calendar: WorkCalendar, hours: OfficeHours = DEFAULT_HOURS) -> datetime:
    """Instant at which the clock starts for a receipt (aware, Asia/Ho_Chi_Minh, not rounded)."""
    day, tod = _split(received)
    start_day, pos, _ = _clock_start_parts(day, tod, calendar, hours)
    return _instant(start_day, pos)


def compute_due(
    received: datetime,
    processing: Decimal | int | float | str | Fraction,
    calendar: WorkCalendar,
    hours: OfficeHours = DEFAULT_HOURS,
    *,
    unit: str = "days",
    cutoff: time | None = None,
) -> datetime:
    """Due instant of a dossier (aware, Asia/Ho_Chi_Minh, rounded to the nearest second half up).

    ``received``: aware datetime, or naive meaning Asia/Ho_Chi_Minh wall-clock time.
    ``processing``: working days (``unit="days"``, × ``hours.seconds_per_day``) or working hours
    (``unit="hours"``); fractional values allowed; negative raises ``ValueError``.
    ``cutoff``: same-day cut-off of the procedure. When set and the clock starts strictly after it, the due
    instant is the end of the next working day; it never makes a due instant earlier than the ordinary rule
    (with a long processing time the ordinary due instant stands).
    """
    seconds = _normalise(_processing_seconds(processing, unit, hours))
    day, tod = _split(received)
    start_day, pos, index = _clock_start_parts(day, tod, calendar, hours)
    if seconds == 0:
        due_day, due_pos = start_day, hours.last_end
    else:
        due_day, due_pos = _advance(start_day, pos, index, seconds, calendar, hours)
    if cutoff is not None and pos > _time_seconds(cutoff):
        next_day = calendar.next_working_day(start_day)
        if (next_day, hours.last_end) > (due_day, due_pos):
            due_day, due_pos = next_day, hours.last_end
    return _instant(due_day, _round_half_up(due_pos))


def working_seconds_between(
    start: datetime, end: datetime, calendar: WorkCalendar, hours: OfficeHours = DEFAULT_HOURS
) -> Seconds:
    """Office time (seconds) inside sessions on working days between two instants; 0 if ``end <= start``."""
    start_day, start_tod = _split(start)
    end_day, end_tod = _split(end)
    if (end_day, end_tod) <= (start_day, start_tod):
        return 0
    per_day = hours.seconds_per_day
    total: Seconds = 0
    day = start_day
    while day <= end_day:
        if calendar.is_working(day):
            if start_day < day < end_day:
                total += per_day
            else:
                low = start_tod if day == start_day else 0
                high = end_tod if day == end_day else 86400
                for s, e in hours.bounds:
                    lo = low if low > s else s
                    hi = high if high < e else e
                    if hi > lo:
                        total += hi - lo
        day += timedelta(days=1)
    return _normalise(Fraction(total)) if isinstance(total, Fraction) else total


def is_due_within(
    due: datetime,
    now: datetime,
    working_hours: Decimal | int | float | str | Fraction,
    calendar: WorkCalendar,
    hours: OfficeHours = DEFAULT_HOURS,
) -> bool:
    """True when ``due`` is not yet past at ``now`` and at most ``working_hours`` of office time remain.

    An overdue instant (``due < now``) returns False: lateness is a separate state.
    """
    limit = to_fraction(working_hours)
    if limit < 0:
        raise ValueError(f"working_hours must not be negative, got {working_hours!r}")
    if _local_naive(due) < _local_naive(now):
        return False
    return working_seconds_between(now, due, calendar, hours) <= limit * _SECONDS_PER_HOUR


def days_between(
    start: date | datetime, due: date | datetime, calendar: WorkCalendar
) -> list[tuple[date, bool]]:
    """Every local date from ``start`` to ``due`` (inclusive) with its working flag, for display."""
    first, last = _as_date(start), _as_date(due)
    days = (first + timedelta(days=i) for i in range(max((last - first).days + 1, 0)))
    return [(d, calendar.is_working(d)) for d in days]


def working_days_crossed(start: date | datetime, due: date | datetime, calendar: WorkCalendar) -> list[date]:
    """Working dates from ``start`` to ``due`` (inclusive, local dates)."""
    return [d for d, working in days_between(start, due, calendar) if working]


def span_contains_date(received: datetime, due: datetime, changed: date) -> bool:
    """Whether a calendar change on ``changed`` can move a due instant computed from ``received``.

    The span runs from the receipt's local date (the clock start can move when that date changes) to the
    due instant's local date, both inclusive.
    """
    return _as_date(received) <= changed <= _as_date(due)


# ---------------------------------------------------------------------------------------------------------
# Vectorised engine
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SegmentTable:
    """Office sessions on working days over ``[start, end]`` as a flat, sorted timeline (epoch seconds).

    ``cum_before[k]``/``cum_end[k]``: office seconds elapsed since the table start at the start/end of
    session ``k``. Per-session lookups: local midnight of its day, end of its day's last session, end of the
    next working day's last session (-1 when beyond the table).
    """

    start: date
    end: date
    first_instant: int
    seg_start: np.ndarray
    seg_end: np.ndarray
    cum_before: np.ndarray
    cum_end: np.ndarray
    seg_midnight: np.ndarray
    day_last_end: np.ndarray
    next_day_last_end: np.ndarray

    @property
    def size(self) -> int:
        return int(self.seg_start.size)


@lru_cache(maxsize=16)
def build_segment_table(calendar: WorkCalendar, hours: OfficeHours, start: date, end: date) -> SegmentTable:
    """Precompute the per-day arrays used by :func:`compute_due_bulk` (cached per arguments)."""
    if end < start:
        raise ValueError("table end must not be before its start")
    working = calendar.working_days(start, end)
    if not working:
        raise ValueError(f"no working day between {start} and {end}")
    # Local midnight of each working day (the zone has a constant offset within each day).
    midnights = np.fromiter(
        (int(datetime.combine(d, time(0), tzinfo=LOCAL_TZ).timestamp()) for d in working),
        dtype=np.int64,
        count=len(working),
    )
    bounds = np.asarray(hours.bounds, dtype=np.int64)
    n_sessions = bounds.shape[0]
    seg_start = (midnights[:, None] + bounds[None, :, 0]).ravel()
    seg_end = (midnights[:, None] + bounds[None, :, 1]).ravel()
    cum_end = np.cumsum(seg_end - seg_start)
    cum_before = cum_end - (seg_end - seg_start)
    day_last = midnights + bounds[-1, 1]
    next_day_last = np.empty_like(day_last)
    next_day_last[:-1] = day_last[1:]
    next_day_last[-1] = -1
    first_instant = int(datetime.combine(start, time(0), tzinfo=LOCAL_TZ).timestamp())
    table = SegmentTable(
        start=start,
        end=end,
        first_instant=first_instant,
        seg_start=seg_start,
        seg_end=seg_end,
        cum_before=cum_before,
        cum_end=cum_end,
        seg_midnight=np.repeat(midnights, n_sessions),
        day_last_end=np.repeat(day_last, n_sessions),
        next_day_last_end=np.repeat(next_day_last, n_sessions),
    )
    for array in (table.seg_start, table.seg_end, table.cum_before, table.cum_end):
        array.setflags(write=False)
    return table


def compute_due_bulk(
    received_epoch: np.ndarray,
    processing_seconds: np.ndarray,
    calendar: WorkCalendar,
    hours: OfficeHours,
    start: date,
    end: date,
    *,
    cutoff: time | None = None,
) -> np.ndarray:
    """Vectorised :func:`compute_due` over arrays (no per-row Python loop).

    ``received_epoch``: int64 receipt instants, seconds since the Unix epoch (UTC).
    ``processing_seconds``: int64 office seconds, i.e. processing days × ``hours.seconds_per_day`` (or hours
    × 3600) rounded to whole seconds by the caller beforehand. When that product is a whole number (always the
    case for days with up to two decimals and the default hours: 28800 / 100 = 288) the result equals
    :func:`compute_due` for every row; otherwise the pre-rounding may shift a due instant that falls within
    one second of a session boundary.
    ``start``/``end``: the local dates covered by the precomputed table (cached per arguments); a receipt
    before ``start`` or a due instant after ``end`` raises ``ValueError``.
    ``cutoff``: as in :func:`compute_due`, applied to every row.

    Returns int64 due instants in epoch seconds (same shape as the broadcast inputs).
    """
    table = build_segment_table(calendar, hours, start, end)
    received, processing = np.broadcast_arrays(
        np.asarray(received_epoch, dtype=np.int64), np.asarray(processing_seconds, dtype=np.int64)
    )
    if received.size == 0:
        return np.empty(received.shape, dtype=np.int64)
    if processing.min() < 0:
        raise ValueError("processing time must not be negative")
    if received.min() < table.first_instant:
        raise ValueError(f"a receipt is before the table start {start}")
    n_segments = table.size

    # Clock start: first session whose end is strictly after the receipt (a session end is outside).
    k = np.searchsorted(table.seg_end, received, side="right")
    if k.max() >= n_segments:
        raise ValueError(f"a clock start is after the table end {end}")
    seg_start_k = table.seg_start[k]
    clock = np.maximum(received, seg_start_k)
    target = table.cum_before[k] + (clock - seg_start_k) + processing

    # Due: first session whose cumulative end reaches the target (an exact fit lands on that session's end).
    j = np.searchsorted(table.cum_end, target, side="left")
    if j.max() >= n_segments:
        raise ValueError(f"a due instant is after the table end {end}")
    due = table.seg_start[j] + (target - table.cum_before[j])
    due = np.where(processing == 0, table.day_last_end[k], due)

    if cutoff is not None:
        cutoff_us = int(_time_seconds(cutoff) * _MICRO)
        late = (clock - table.seg_midnight[k]) * _MICRO > cutoff_us
        if late.any():
            next_end = table.next_day_last_end[k]
            if (next_end[late] < 0).any():
                raise ValueError(f"a due instant is after the table end {end}")
            due = np.where(late, np.maximum(due, next_end), due)
    return due
