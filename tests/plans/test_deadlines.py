"""Overdue detection and "due in N working days" on the unit's working-day calendar."""

from datetime import date

import pytest

from cchc.core.permissions import system_actor
from cchc.plans.deadlines import (
    Calendars,
    effective_deadline,
    is_overdue,
    working_days_left,
    working_days_overdue,
)
from cchc.plans.models import TaskStatus
from cchc.plans.selectors import completion, task_rows
from cchc.workdays.engine import WorkCalendar
from tests.plans.conftest import d

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

WEEKDAYS = WorkCalendar()  # Monday–Friday, no holidays


def test_task_is_not_overdue_on_its_deadline_day_but_is_the_next_day():
    deadline = d("2026-11-26")  # Thursday
    assert not is_overdue(deadline, d("2026-11-26"), WEEKDAYS)
    assert is_overdue(deadline, d("2026-11-27"), WEEKDAYS)


def test_deadline_on_a_saturday_moves_to_the_end_of_monday():
    saturday = d("2026-11-28")
    assert effective_deadline(saturday, WEEKDAYS) == d("2026-11-30")
    assert not is_overdue(saturday, d("2026-11-29"), WEEKDAYS)  # Sunday
    assert not is_overdue(saturday, d("2026-11-30"), WEEKDAYS)  # Monday: still in time
    assert is_overdue(saturday, d("2026-12-01"), WEEKDAYS)


def test_deadline_on_a_holiday_moves_past_the_whole_tet_break(calendar):
    # Tết Bính Ngọ 2026: the days off run from Monday 16/2 to Friday 20/2.
    assert not calendar.is_working(d("2026-02-17"))
    assert effective_deadline(d("2026-02-17"), calendar) == d("2026-02-23")
    assert not is_overdue(d("2026-02-17"), d("2026-02-23"), calendar)
    assert is_overdue(d("2026-02-17"), d("2026-02-24"), calendar)


def test_local_closure_of_a_unit_calendar_extends_its_deadline():
    closed = WorkCalendar(off_days=frozenset({d("2026-11-26")}))  # a storm closes the ward on Thursday
    assert not is_overdue(d("2026-11-26"), d("2026-11-27"), closed)
    assert is_overdue(d("2026-11-26"), d("2026-11-27"), WEEKDAYS)


def test_working_days_left_counts_working_days_after_today():
    deadline = d("2026-11-30")  # Monday
    assert working_days_left(deadline, d("2026-11-30"), WEEKDAYS) == 0
    assert working_days_left(deadline, d("2026-11-27"), WEEKDAYS) == 1  # Friday → Monday
    assert working_days_left(deadline, d("2026-11-26"), WEEKDAYS) == 2
    assert working_days_left(deadline, d("2026-12-01"), WEEKDAYS) is None
    assert working_days_left(None, d("2026-12-01"), WEEKDAYS) is None


def test_days_overdue_count_working_days_only():
    friday = d("2026-11-20")
    assert working_days_overdue(friday, d("2026-11-20"), WEEKDAYS) == 0
    assert working_days_overdue(friday, d("2026-11-22"), WEEKDAYS) == 0  # the weekend is not counted
    assert working_days_overdue(friday, d("2026-11-24"), WEEKDAYS) == 2


def test_made_up_saturday_counts_as_a_working_day():
    calendar = WorkCalendar(extra_workdays=frozenset({d("2026-11-28")}))
    assert effective_deadline(d("2026-11-28"), calendar) == d("2026-11-28")
    assert is_overdue(d("2026-11-28"), d("2026-11-29"), calendar)


def test_done_and_cancelled_tasks_are_never_overdue(task_of):
    late = task_of("Quá hạn", deadline=d("2026-03-02"))
    done = task_of("Xong", deadline=d("2026-03-02"))
    cancelled = task_of("Hủy", deadline=d("2026-03-02"))
    from cchc.plans import services

    services.task_complete(task=done, actor=SYSTEM)
    services.task_cancel(task=cancelled, reason="Không còn phù hợp", actor=SYSTEM)
    rows = {r.task.pk: r for r in task_rows(late.plan.tasks.all(), on=d("2026-03-10"))}
    assert rows[late.pk].overdue and rows[late.pk].days_overdue == 6
    assert not rows[done.pk].overdue
    assert not rows[cancelled.pk].overdue
    assert completion(late.plan.tasks.all(), on=d("2026-03-10")).overdue == 1


def test_overdue_uses_the_calendar_of_the_units_working_day_app(task_of, ward_a, monkeypatch):
    """The unit's calendar comes from ``cchc.workdays.selectors.calendar_for``."""
    task = task_of("Theo lịch riêng", deadline=d("2026-11-26"))
    seen = []

    def calendar_for(unit):
        seen.append(unit.code)
        return WorkCalendar(off_days=frozenset({date(2026, 11, 26), date(2026, 11, 27)}))

    import cchc.plans.deadlines as deadlines

    monkeypatch.setattr(deadlines, "_lookup", lambda: calendar_for)
    calendars = Calendars()
    assert completion(task.plan.tasks.all(), on=d("2026-11-30"), calendars=calendars).overdue == 0
    assert completion(task.plan.tasks.all(), on=d("2026-12-01"), calendars=calendars).overdue == 1
    assert seen == [ward_a.code]  # looked up once per unit
    assert task.status == TaskStatus.NOT_STARTED
