"""The calendar table: seeded package rows, how entries combine per unit, office hours, due instants."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.workdays import selectors
from cchc.workdays.engine import DEFAULT_HOURS, LOCAL_TZ, OfficeHours, WorkCalendar
from cchc.workdays.models import SEEDED_YEARS, CalendarEntry, CalendarVersion, EntrySource
from cchc.workdays.notices import official_notices
from cchc.workdays.package import package_rows
from cchc.workdays.selectors import (
    calendar_for,
    day_rules_for,
    due_for,
    due_many,
    effective_office_hours,
    office_hours_for,
)
from cchc.workdays.services import seed_package_calendar
from tests.factories import CalendarEntryFactory, UnitOfficeHoursFactory
from tests.workdays.test_engine import WORKED_EXAMPLES

pytestmark = pytest.mark.django_db


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def test_migration_seeds_every_package_date_2015_to_2035():
    rows = package_rows(SEEDED_YEARS)
    stored = dict(
        CalendarEntry.objects.filter(source=EntrySource.PACKAGE).values_list("date", "kind").order_by("date")
    )
    assert stored == {d: kind for d, (kind, _) in rows.items()}
    assert min(stored).year == 2015 and max(stored).year == 2035
    assert stored[date(2025, 4, 26)] == "make_up_workday"
    assert stored[date(2025, 5, 2)] == "day_off"
    assert stored[date(2026, 11, 24)] == "day_off"


def test_package_rows_are_named_in_vietnamese_and_make_up_days_name_the_day_they_pay_for():
    rows = package_rows([2025])
    assert rows[date(2025, 9, 2)] == ("day_off", "Quốc khánh")
    assert rows[date(2025, 4, 26)] == ("make_up_workday", "Ngày làm việc bù (cho ngày nghỉ 02/05/2025)")


def test_seeding_again_changes_nothing():
    before = CalendarVersion.objects.get(pk=1).token
    result = seed_package_calendar(years=SEEDED_YEARS)
    assert result["created"] == result["updated"] == result["removed"] == 0
    assert result["total"] == CalendarEntry.objects.filter(source="package").count()
    assert CalendarVersion.objects.get(pk=1).token == before


def test_seeding_restores_a_lost_package_row_and_renames_a_changed_one():
    CalendarEntry.objects.filter(source="package", date=date(2025, 9, 2)).delete()
    CalendarEntry.objects.filter(source="package", date=date(2025, 9, 1)).update(name="tên cũ")
    result = seed_package_calendar(years=[2025])
    assert (result["created"], result["updated"]) == (1, 1)
    assert CalendarEntry.objects.get(source="package", date=date(2025, 9, 1)).name == "Quốc khánh"
    assert not calendar_for(None).is_working(date(2025, 9, 2))


def test_national_calendar_equals_the_package_calendar_plus_the_shipped_notices_over_the_seeded_years():
    from_package = WorkCalendar.from_holidays(SEEDED_YEARS)
    notices = official_notices().rows()
    from_table = calendar_for(None)
    day = date(2015, 1, 1)
    while day <= date(2035, 12, 31):
        expected = notices[day][0] != "day_off" if day in notices else from_package.is_working(day)
        assert from_table.is_working(day) == expected, day
        day = date.fromordinal(day.toordinal() + 1)


@pytest.mark.parametrize("received, days, expected", WORKED_EXAMPLES)
def test_worked_examples_hold_through_due_for_on_the_table_calendar(received, days, expected, ward_a):
    assert due_for(ward_a, local(received), Decimal(days)).isoformat() == expected


def test_worked_examples_hold_through_due_many_in_one_call(ward_a):
    rows = [(local(r), Decimal(d)) for r, d, _ in WORKED_EXAMPLES]
    assert [d.isoformat() for d in due_many(ward_a, rows)] == [e for _, _, e in WORKED_EXAMPLES]


def test_due_many_falls_back_to_the_scalar_engine_outside_the_table_and_for_fractions(ward_a):
    rows = [
        (local("2035-12-28T09:00"), Decimal(10)),  # due in 2036: beyond the table
        (local("2025-03-03T09:00:00.4"), Decimal("0.5")),  # a fraction of a second
        (local("2025-03-03T09:00"), Decimal("0.0001")),  # 2.88 office seconds
        (local("2025-03-03T09:00"), Decimal("1.0000000000000000000000000001")),  # rounds in 28 digits
    ]
    assert due_many(ward_a, rows) == [due_for(ward_a, r, d) for r, d in rows]


def test_due_for_applies_hours_and_the_cutoff(ward_a):
    assert due_for(ward_a, local("2025-03-03T09:00"), 4, unit_of_time="hours").isoformat() == (
        "2025-03-03T14:30:00+07:00"  # 2.5 h before 11:30, 1.5 h after 13:00
    )
    late = due_for(ward_a, local("2025-03-03T15:30"), 0, cutoff=time(15, 0))
    assert late.isoformat() == "2025-03-04T17:00:00+07:00"


@pytest.mark.parametrize(
    "days, code", [(-1, "negative_processing_time"), (3651, "processing_time_too_large")]
)
def test_due_for_rejects_negative_and_huge_processing_times(days, code, ward_a):
    with pytest.raises(DomainError) as caught:
        due_for(ward_a, local("2025-03-03T09:00"), days)
    assert caught.value.code == code


def test_a_local_closure_applies_to_the_unit_and_everything_below_only(province, ward_a, ward_b):
    monday = date(2031, 3, 10)
    CalendarEntryFactory(unit=ward_a, date=monday)
    assert not calendar_for(ward_a).is_working(monday)
    assert calendar_for(ward_b).is_working(monday)
    assert calendar_for(province).is_working(monday)
    CalendarEntryFactory(unit=province, date=date(2031, 3, 11))
    assert not calendar_for(ward_b).is_working(date(2031, 3, 11))
    assert calendar_for(None).is_working(date(2031, 3, 11))


def test_an_administrators_nationwide_entry_overrides_the_package_row():
    make_up_saturday = date(2025, 4, 26)
    assert calendar_for(None).is_working(make_up_saturday)
    CalendarEntryFactory(unit=None, date=make_up_saturday, kind="day_off")
    assert not calendar_for(None).is_working(make_up_saturday)
    assert day_rules_for(None)[make_up_saturday].source == "admin"
    holiday = date(2025, 9, 2)
    CalendarEntryFactory(unit=None, date=holiday, kind="make_up_workday")
    assert calendar_for(None).is_working(holiday)


def test_the_deepest_units_entry_wins_on_the_same_date(province, ward_a):
    day = date(2031, 3, 15)  # a Saturday
    CalendarEntryFactory(unit=None, date=day, kind="make_up_workday")
    CalendarEntryFactory(unit=province, date=day, kind="local_closure")
    CalendarEntryFactory(unit=ward_a, date=day, kind="make_up_workday")
    assert calendar_for(None).is_working(day)
    assert not calendar_for(province).is_working(day)
    assert calendar_for(ward_a).is_working(day)


def test_calendar_for_is_cached_until_the_version_token_changes(ward_a, django_assert_num_queries):
    first = calendar_for(ward_a)
    with django_assert_num_queries(1):  # the token only
        again = calendar_for(ward_a)
    assert again is first
    CalendarEntryFactory(unit=ward_a, date=date(2031, 3, 12))  # saving replaces the token
    assert not calendar_for(ward_a).is_working(date(2031, 3, 12))


def test_a_change_committed_by_another_process_is_seen_through_the_token(ward_a):
    day = date(2031, 3, 13)
    assert calendar_for(ward_a).is_working(day)
    # Another process writes the row and a new token without going through this process's signals.
    CalendarEntry.objects.bulk_create(
        [
            CalendarEntry(
                date=day, kind="local_closure", name="x", legal_basis="y", unit=ward_a, source="admin"
            )
        ]
    )
    assert calendar_for(ward_a).is_working(day)  # same token: this process's cached calendar
    CalendarVersion.objects.filter(pk=1).update(token="written-by-another-process")
    assert not calendar_for(ward_a).is_working(day)


def test_office_hours_are_inherited_from_the_nearest_ancestor(province, ward_a, ward_b):
    assert office_hours_for(ward_a) == DEFAULT_HOURS
    UnitOfficeHoursFactory(unit=province, sessions="07:00-11:00, 13:30-17:30")
    assert office_hours_for(ward_a) == OfficeHours.parse("07:00-11:00, 13:30-17:30")
    assert effective_office_hours(ward_a).unit_code == "68"
    UnitOfficeHoursFactory(unit=ward_a, sessions="08:00-12:00")
    assert office_hours_for(ward_a) == OfficeHours.parse("08:00-12:00")
    assert office_hours_for(ward_b).sessions[0][0] == time(7, 0)
    assert office_hours_for(None) == DEFAULT_HOURS


def test_due_for_uses_the_units_office_hours(ward_a):
    UnitOfficeHoursFactory(unit=ward_a, sessions="07:00-11:00, 13:30-17:30")
    # 8 office hours from 09:00 Monday: 2 h in the morning, 4 h in the afternoon, 2 h next morning.
    assert due_for(ward_a, local("2025-03-03T09:00"), 1).isoformat() == "2025-03-04T09:00:00+07:00"
    assert due_for(ward_a, local("2025-03-03T09:30"), 0).isoformat() == "2025-03-03T17:30:00+07:00"


def test_forget_cache_is_harmless(ward_a):
    first = calendar_for(ward_a)
    selectors.forget_cache()
    assert calendar_for(ward_a) == first
