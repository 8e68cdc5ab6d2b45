"""When a task is due and when it is overdue, on the working-day calendar of its unit.

Rule (adopted, documented in docs/plans.md): a task's deadline is a date. When that date is a day off of the
unit's calendar (weekend, holiday, local closure), the deadline moves to the end of the next working day, as
the Civil Code does for a period whose last day is a day off (Bộ luật Dân sự 2015, art. 148). A task that is
neither done nor cancelled is overdue on every date *after* that effective deadline — never on the deadline
date itself. "Due in N working days" counts the working days after today up to the effective deadline: 0 means
due today, 1 the next working day. Overdue is derived on read, never stored.
"""

from datetime import date, timedelta
from functools import lru_cache

from cchc.workdays.engine import WorkCalendar


def _lookup():
    """``cchc.workdays.selectors.calendar_for`` when the working-day app provides it."""
    try:
        from cchc.workdays.selectors import calendar_for
    except ImportError:  # pragma: no cover - only before the working-day calendar app exists
        return None
    return calendar_for


@lru_cache(maxsize=1)
def _national_calendar() -> WorkCalendar:
    return WorkCalendar.from_holidays(range(2015, 2036))


class Calendars:
    """Unit calendars, looked up once per unit for the duration of one request or command."""

    def __init__(self) -> None:
        self._by_unit: dict[int, WorkCalendar] = {}

    def for_unit(self, unit) -> WorkCalendar:
        calendar = self._by_unit.get(unit.pk)
        if calendar is None:
            lookup = _lookup()
            calendar = lookup(unit) if lookup is not None else _national_calendar()
            self._by_unit[unit.pk] = calendar
        return calendar


def effective_deadline(deadline: date, calendar: WorkCalendar) -> date:
    """The deadline itself when it is a working day, else the next working day."""
    return deadline if calendar.is_working(deadline) else calendar.next_working_day(deadline)


def is_overdue(deadline: date | None, on: date, calendar: WorkCalendar) -> bool:
    """Whether an open task with this deadline is overdue on the date ``on``."""
    return deadline is not None and on > effective_deadline(deadline, calendar)


def working_days_left(deadline: date | None, on: date, calendar: WorkCalendar) -> int | None:
    """Working days after ``on`` up to the effective deadline (0: due today).

    None when overdue or without a deadline.
    """
    if deadline is None:
        return None
    due = effective_deadline(deadline, calendar)
    if on > due:
        return None
    return len(calendar.working_days(on + timedelta(days=1), due))


def working_days_overdue(deadline: date | None, on: date, calendar: WorkCalendar) -> int:
    """Working days from the day after the effective deadline up to ``on`` (0 when not overdue)."""
    if deadline is None:
        return 0
    due = effective_deadline(deadline, calendar)
    if on <= due:
        return 0
    return len(calendar.working_days(due + timedelta(days=1), on))
