"""What the calendar pages show: the year grid, the year's entries, the change log and the due-date answer."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from cchc.core.models import Event
from cchc.core.scoping import role_paths
from cchc.org.models import Unit
from cchc.workdays.engine import OfficeHours, clock_start, compute_due, days_between
from cchc.workdays.models import CalendarEntry, ConfirmedYear, EntryKind, EntrySource, UnitOfficeHours
from cchc.workdays.resolution import DayRule, ancestor_paths
from cchc.workdays.selectors import (
    UnitCalendar,
    can_manage_calendar,
    check_processing,
    span_warning,
    unit_calendar,
)


def _css(day: date, working: bool, rule: DayRule | None) -> str:
    if rule is not None and rule.kind == EntryKind.LOCAL_CLOSURE:
        return "closure"
    if working:
        return "makeup" if day.weekday() >= 5 else ""
    if rule is not None:
        return "off"
    return "weekend"


@dataclass(frozen=True)
class DayCell:
    date: date
    working: bool
    css: str
    label: str


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[DayCell | None]]


def year_grid(uc: UnitCalendar, year: int) -> list[Month]:
    """Twelve months of a unit's calendar, weeks starting on Monday (cells are ``None`` outside the month)."""
    cal, rules = uc.calendar, uc.rules
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[DayCell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                working, rule = cal.is_working(day), rules.get(day)
                row.append(DayCell(day, working, _css(day, working, rule), rule.name if rule else ""))
            weeks.append(row)
        months.append(Month(month, weeks))
    return months


@dataclass(frozen=True)
class EntryRow:
    entry: CalendarEntry
    applies: bool  # to the unit shown (nationwide, the unit itself or an ancestor)
    in_force: bool  # it is the entry that decides its date for the unit shown
    can_remove: bool


def year_entries(user, unit: Unit | None, uc: UnitCalendar, year: int) -> list[EntryRow]:
    """Entries of ``year`` that apply to ``unit`` or to units below it, as far as ``user`` may see them."""
    paths = ancestor_paths(unit.path if unit else "")
    scope = Q(unit__isnull=True) | Q(unit__path__in=paths)
    if unit is not None:
        scope |= Q(unit__path__startswith=unit.path)
    entries = (
        CalendarEntry.objects.visible_to(user)
        .filter(scope, date__year=year)
        .select_related("unit", "entered_by")
        .order_by("date", "source", "id")
    )
    rules = uc.rules
    rows = []
    for entry in entries:
        entry_path = entry.unit.path if entry.unit_id else ""
        applies = entry_path == "" or entry_path in paths
        rule = rules.get(entry.date)
        in_force = (
            applies and rule is not None and (rule.source, rule.unit_path) == (entry.source, entry_path)
        )
        removable = entry.source == EntrySource.ADMIN and can_manage_calendar(user, entry.unit)
        rows.append(EntryRow(entry, applies, in_force, removable))
    return rows


def own_office_hours(unit: Unit) -> UnitOfficeHours | None:
    return UnitOfficeHours.objects.filter(unit=unit).first()


def calendar_log(user, *, year: int | None = None, limit: int = 300) -> list[Event]:
    """The calendar's change events (entries added/removed, office hours set/cleared, years confirmed), newest
    first: the nationwide ones and those of units the user may see or that lie above the user's units."""
    types = ContentType.objects.get_for_models(
        CalendarEntry, UnitOfficeHours, ConfirmedYear, for_concrete_models=False
    )
    events = Event.objects.filter(content_type__in=list(types.values())).select_related("actor")
    if not user.is_superuser:
        visible = Unit.objects.visible_to(user).values("code")
        above = sorted({code for path in role_paths(user) for code in path.strip("/").split("/")})
        events = events.filter(Q(unit_code="") | Q(unit_code__in=visible) | Q(unit_code__in=above))
    if year is not None:
        events = events.filter(
            Q(data__date__startswith=f"{year}-") | Q(verb__startswith="office_hours") | Q(data__year=year)
        )
    return list(events.order_by("-at", "-id")[:limit])


# ---------------------------------------------------------------------------------------------------------
# The due-date answer ("tính hạn giải quyết")
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossedDay:
    date: date
    working: bool
    css: str
    label: str


@dataclass(frozen=True)
class DueAnswer:
    unit: Unit
    received: datetime
    amount: Decimal
    unit_of_time: str
    hours: OfficeHours
    clock_start: datetime
    due: datetime
    days: list[CrossedDay]
    warning: str = ""  # the span touches a year whose official notice is not confirmed

    @property
    def working_days(self) -> int:
        return sum(1 for d in self.days if d.working)

    @property
    def days_off(self) -> list[CrossedDay]:
        return [d for d in self.days if not d.working]


def explain_due(unit: Unit, received: datetime, amount: Decimal, unit_of_time: str = "days") -> DueAnswer:
    """The due instant of a receipt at ``unit`` and every date from the receipt to the due date, named."""
    amount = check_processing(amount, unit_of_time)
    uc = unit_calendar(unit)
    cal, rules = uc.calendar, uc.rules
    due = compute_due(received, amount, cal, uc.hours, unit=unit_of_time)
    days = []
    for day, working in days_between(received, due, cal):
        rule = rules.get(day)
        days.append(CrossedDay(day, working, _css(day, working, rule), rule.name if rule else ""))
    return DueAnswer(
        unit=unit,
        received=timezone.localtime(received),
        amount=amount,
        unit_of_time=unit_of_time,
        hours=uc.hours,
        clock_start=clock_start(received, cal, uc.hours),
        due=due,
        days=days,
        warning=span_warning([(received, due)]),
    )
