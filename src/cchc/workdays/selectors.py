"""Reads of the working-day calendar: a unit's calendar and office hours, and due instants.

Stable API for other apps (the dossiers app calls these):

- :func:`calendar_for` ``(unit) -> WorkCalendar``;
- :func:`office_hours_for` ``(unit) -> OfficeHours``;
- :func:`due_for` ``(unit, received, days, *, unit_of_time="days", cutoff=None) -> datetime``;
- :func:`due_many` ``(unit, rows) -> list[datetime]`` (the vectorised engine where it applies);
- :func:`span_warning` ``(spans) -> str`` (a due date that touches a year whose official notice is not
  confirmed).

Caching: the calendar table and office hours are read once per process and kept with the token of
:class:`~cchc.workdays.models.CalendarVersion`, which every change replaces in its own transaction. Each call
reads that token (one small query) and reloads when it differs, so a change made by another process (the
web server, the worker, the command line) is seen as soon as it commits. Inside a transaction that changed
the calendar, the new token is already visible, so recomputations in that transaction use the new calendar.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, Inexact, localcontext

import numpy as np

from cchc.core.errors import DomainError
from cchc.core.scoping import role_paths
from cchc.org.models import Unit
from cchc.workdays.engine import (
    DEFAULT_HOURS,
    LOCAL_TZ,
    OfficeHours,
    WorkCalendar,
    compute_due,
    compute_due_bulk,
)
from cchc.workdays.models import (
    CALENDAR_CHANGE_ROLES,
    CONFIRMATION_FROM,
    SEEDED_YEARS,
    CalendarEntry,
    CalendarVersion,
    ConfirmedYear,
    UnitOfficeHours,
)
from cchc.workdays.resolution import DayRule, ancestor_paths, national_rules, resolve, work_calendar

#: The largest processing time accepted from people and files (working days; hours × 8 likewise).
MAX_PROCESSING_DAYS = 3650

UNITS_OF_TIME = ("days", "hours")


# ---------------------------------------------------------------------------------------------------------
# Per-process snapshot of the calendar table, keyed by the version token
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Snapshot:
    token: str
    national: dict[date, DayRule]
    local: dict[str, dict[date, DayRule]]
    hours: dict[str, tuple[OfficeHours, str, str]]  # unit path -> (hours, unit code, legal basis)
    rules_by_path: dict[str, dict[date, DayRule]] = field(default_factory=dict)
    calendars_by_path: dict[str, WorkCalendar] = field(default_factory=dict)


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def current_token() -> str:
    return CalendarVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def _load(token: str) -> _Snapshot:
    national: list[DayRule] = []
    local: dict[str, dict[date, DayRule]] = {}
    rows = CalendarEntry.objects.values_list(
        "date", "kind", "name", "source", "unit__path", "unit__code", "legal_basis"
    ).order_by()
    for day, kind, name, source, path, code, basis in rows:
        rule = DayRule(day, kind, name, source, path or "", code or "", basis)
        if path:
            local.setdefault(path, {})[day] = rule
        else:
            national.append(rule)
    hours = {
        path: (OfficeHours.parse(text), code, basis)
        for path, code, text, basis in UnitOfficeHours.objects.values_list(
            "unit__path", "unit__code", "sessions", "legal_basis"
        )
    }
    return _Snapshot(token, national_rules(national), local, hours)


def _current() -> _Snapshot:
    global _snapshot
    token = current_token()
    snap = _snapshot
    if snap is None or snap.token != token:
        with _lock:
            snap = _load(token)
            _snapshot = snap
    return snap


def forget_cache() -> None:
    """Drop this process's snapshot (tests; never needed for correctness)."""
    global _snapshot
    _snapshot = None


def _path(unit: Unit | None) -> str:
    return unit.path if unit is not None else ""


def _rules(snap: _Snapshot, path: str) -> dict[date, DayRule]:
    rules = snap.rules_by_path.get(path)
    if rules is None:
        rules = resolve(snap.national, snap.local, path)
        snap.rules_by_path[path] = rules
    return rules


def _calendar(snap: _Snapshot, path: str) -> WorkCalendar:
    calendar = snap.calendars_by_path.get(path)
    if calendar is None:
        calendar = work_calendar(_rules(snap, path))
        snap.calendars_by_path[path] = calendar
    return calendar


@dataclass(frozen=True)
class EffectiveHours:
    hours: OfficeHours
    unit_code: str  # where the setting sits; "" for the default hours
    legal_basis: str = ""

    @property
    def is_default(self) -> bool:
        return not self.unit_code


def _hours(snap: _Snapshot, path: str) -> EffectiveHours:
    for candidate in reversed(ancestor_paths(path)):
        if candidate in snap.hours:
            return EffectiveHours(*snap.hours[candidate])
    return EffectiveHours(DEFAULT_HOURS, "")


@dataclass(frozen=True)
class UnitCalendar:
    """Everything the deadline rule needs for one unit, read at one calendar version."""

    calendar: WorkCalendar
    effective_hours: EffectiveHours
    rules: dict[date, DayRule]

    @property
    def hours(self) -> OfficeHours:
        return self.effective_hours.hours


def unit_calendar(unit: Unit | None) -> UnitCalendar:
    """Calendar, office hours and deciding entries of ``unit`` in one read of the version token."""
    snap, path = _current(), _path(unit)
    return UnitCalendar(_calendar(snap, path), _hours(snap, path), _rules(snap, path))


def day_rules_for(unit: Unit | None) -> dict[date, DayRule]:
    """The deciding entry of every date that has one, for ``unit`` (``None``: nationwide)."""
    return _rules(_current(), _path(unit))


def calendar_for(unit: Unit | None) -> WorkCalendar:
    """Working days of ``unit``: the package calendar, nationwide entries and the entries set on the unit or
    its ancestors (``None``: the nationwide calendar). Cached per process; see the module docstring."""
    return _calendar(_current(), _path(unit))


def effective_office_hours(unit: Unit | None) -> EffectiveHours:
    """The office hours of ``unit``: its own setting, else its nearest ancestor's, else the default."""
    return _hours(_current(), _path(unit))


def office_hours_for(unit: Unit | None) -> OfficeHours:
    """Office sessions of ``unit`` (inherited down the unit tree; default 07:30–11:30, 13:00–17:00)."""
    return effective_office_hours(unit).hours


# ---------------------------------------------------------------------------------------------------------
# Due instants
# ---------------------------------------------------------------------------------------------------------


def check_processing(amount, unit_of_time: str = "days") -> Decimal:
    """A processing time as a ``Decimal``; raises ``DomainError`` when negative, too large or not a unit."""
    if unit_of_time not in UNITS_OF_TIME:
        raise DomainError(
            "invalid_unit_of_time", "Đơn vị thời gian phải là ngày hoặc giờ.", field="unit_of_time"
        )
    value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    if not value.is_finite():
        raise DomainError("invalid_processing_time", "Thời hạn phải là một số.", field="processing_days")
    if value < 0:
        raise DomainError(
            "negative_processing_time", f"Thời hạn không được âm: {amount}.", field="processing_days"
        )
    limit = MAX_PROCESSING_DAYS if unit_of_time == "days" else MAX_PROCESSING_DAYS * 8
    if value > limit:
        raise DomainError(
            "processing_time_too_large",
            f"Thời hạn quá lớn: {amount} (tối đa {limit}).",
            field="processing_days",
        )
    return value


def due_for(
    unit: Unit | None,
    received: datetime,
    days,
    *,
    unit_of_time: str = "days",
    cutoff: time | None = None,
) -> datetime:
    """Due instant (aware, Asia/Ho_Chi_Minh, to the second) of a receipt at ``unit``
    (``formats/deadlines.md``).

    ``days``: the processing time, in working days (``unit_of_time="days"``) or working hours (``"hours"``);
    ``cutoff``: the procedure's same-day cut-off, if any. Raises ``DomainError`` for a negative or too large
    processing time.
    """
    amount = check_processing(days, unit_of_time)
    uc = unit_calendar(unit)
    return compute_due(received, amount, uc.calendar, uc.hours, unit=unit_of_time, cutoff=cutoff)


#: Local dates covered by the vectorised engine's table (the seeded years).
BULK_START = date(SEEDED_YEARS.start, 1, 1)
BULK_END = date(SEEDED_YEARS.stop - 1, 12, 31)


def _epoch(moment: datetime) -> int:
    """Whole epoch seconds of an instant (naive = local time); -1 when it has a fraction of a second."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return int(moment.timestamp()) if moment.microsecond == 0 else -1


def _whole_seconds(amount: Decimal, per_day: int) -> int | None:
    """Office seconds of a processing time in days if a whole number, else None (the scalar engine)."""
    try:
        with localcontext() as exact:
            exact.traps[Inexact] = True  # a product that would round is left to the scalar engine
            seconds = amount * per_day
    except Inexact:
        return None
    return int(seconds) if seconds == seconds.to_integral_value() else None


def due_many(unit: Unit | None, rows: Sequence[tuple[datetime, Decimal]]) -> list[datetime]:
    """Due instants of many (receipt, processing days) pairs of one unit, in order (:func:`due_many_on`)."""
    return due_many_on(unit_calendar(unit), rows) if rows else []


def due_many_on(uc: UnitCalendar, rows: Sequence[tuple[datetime, Decimal]]) -> list[datetime]:
    """Due instants of many (receipt, processing days) pairs under a unit's calendar already read, in order.

    Uses the vectorised engine when every processing time is a whole number of office seconds and every row
    falls within the seeded years; otherwise (or when a due instant would leave the table) the scalar engine,
    which gives the same results. Each distinct processing time is checked and converted once. No query.
    """
    if not rows:
        return []
    calendar, hours = uc.calendar, uc.hours
    per_day = hours.seconds_per_day
    checked: dict = {}  # processing time -> (checked amount, whole office seconds or None)
    amounts, seconds = [], []
    for _, days in rows:
        try:
            amount, whole = checked[days]
        except (KeyError, TypeError):  # TypeError: unhashable (a signalling NaN), which the check refuses
            amount = check_processing(days)
            whole = _whole_seconds(amount, per_day)
            checked[days] = amount, whole
        amounts.append(amount)
        seconds.append(whole)
    if None not in seconds:
        try:
            received = np.array([_epoch(r) for r, _ in rows], dtype=np.int64)
            if received.min() >= 0:
                processing = np.array(seconds, dtype=np.int64)
                due = compute_due_bulk(received, processing, calendar, hours, BULK_START, BULK_END)
                return [datetime.fromtimestamp(x, LOCAL_TZ) for x in due.tolist()]
        except (ValueError, OverflowError):
            pass  # outside the vectorised engine's range: the exact per-row engine below
    return [compute_due(r, a, calendar, hours) for (r, _), a in zip(rows, amounts, strict=True)]


# ---------------------------------------------------------------------------------------------------------
# Years confirmed against the official notice
# ---------------------------------------------------------------------------------------------------------


def _local_year(moment: datetime) -> int:
    if moment.tzinfo is None or moment.tzinfo is LOCAL_TZ:  # naive = local time
        return moment.year
    return moment.astimezone(LOCAL_TZ).year


def unconfirmed_years(years: Iterable[int]) -> list[int]:
    """Those of ``years`` (from :data:`CONFIRMATION_FROM` on) whose official notice nobody confirmed."""
    wanted = sorted({y for y in years if y >= CONFIRMATION_FROM})
    if not wanted:
        return []
    confirmed = set(ConfirmedYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in confirmed]


def unconfirmed_warning(years: Sequence[int]) -> str:
    """``Lịch nghỉ năm 2027 chưa được xác nhận theo thông báo chính thức`` ("" when ``years`` is empty)."""
    if not years:
        return ""
    return f"Lịch nghỉ năm {', '.join(str(y) for y in years)} chưa được xác nhận theo thông báo chính thức"


def span_warning(spans: Iterable[tuple[datetime, datetime]]) -> str:
    """The warning for due dates whose span (receipt → due, local dates) touches a year whose official notice
    is not confirmed; "" when there is none. One query."""
    years: set[int] = set()
    for received, due in spans:
        first, last = _local_year(received), _local_year(due)
        if first == last:
            years.add(first)
        else:
            years.update(range(first, last + 1))
    return unconfirmed_warning(unconfirmed_years(years))


def year_confirmation(year: int) -> ConfirmedYear | None:
    return ConfirmedYear.objects.filter(year=year).select_related("confirmed_by").first()


# ---------------------------------------------------------------------------------------------------------
# Who may change what
# ---------------------------------------------------------------------------------------------------------


def can_manage_calendar(user, unit: Unit | None) -> bool:
    """Whether ``user`` may add or remove entries (and set office hours) for ``unit``'s subtree.

    Nationwide entries (``unit`` None): superusers only. A unit: superusers, and administrators or Home
    Affairs inspectors holding their role on the unit or an ancestor. ``user`` None is the system (setup,
    demo).
    """
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(p) for p in role_paths(user, CALENDAR_CHANGE_ROLES))


def can_manage_any(user) -> bool:
    """Whether the calendar page should offer the forms at all."""
    return bool(user.is_superuser or role_paths(user, CALENDAR_CHANGE_ROLES))
