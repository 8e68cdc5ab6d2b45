"""Adding and removing calendar entries, office hours, permissions, the change log and the recompute hook."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver

from cchc.core.audit import acting_as
from cchc.core.errors import DomainError
from cchc.core.models import ChangeLog, Event
from cchc.org.models import Role
from cchc.workdays.models import CalendarEntry, EntryKind, UnitOfficeHours
from cchc.workdays.selectors import calendar_for, office_hours_for
from cchc.workdays.services import (
    calendar_entry_add,
    calendar_entry_remove,
    office_hours_clear,
    office_hours_set,
)
from cchc.workdays.signals import calendar_changed
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

SATURDAY = date(2031, 3, 8)
MONDAY = date(2031, 3, 10)


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, username="quantri-test")


@pytest.fixture
def calls():
    """Receivers' calls of ``calendar_changed`` during the test."""
    seen = []

    @receiver(calendar_changed, dispatch_uid="test_calendar_changed_calls")
    def record(sender, **kwargs):
        seen.append(kwargs)
        return 2

    yield seen
    calendar_changed.disconnect(dispatch_uid="test_calendar_changed_calls")


def add(**kwargs):
    values = {"name": "Làm bù", "legal_basis": "Thông báo 1/TB-BNV", "unit": None, **kwargs}
    return calendar_entry_add(**values)


def test_superuser_adds_a_nationwide_make_up_saturday(superuser):
    assert not calendar_for(None).is_working(SATURDAY)
    entry = add(day=SATURDAY, kind=EntryKind.MAKE_UP_WORKDAY, actor=superuser)
    assert (entry.source, entry.entered_by, entry.unit) == ("admin", superuser, None)
    assert calendar_for(None).is_working(SATURDAY)


def test_registered_receiver_is_called_with_the_date_and_the_unit_subtree(calls, superuser, province):
    entry = add(day=MONDAY, kind=EntryKind.LOCAL_CLOSURE, unit=province, actor=superuser, name="Bão số 5")
    assert calls == [
        {"signal": calendar_changed, "date": MONDAY, "unit_path": "/68/", "action": "added", "entry": entry}
    ]
    add(day=SATURDAY, kind=EntryKind.MAKE_UP_WORKDAY, actor=superuser)
    assert calls[-1]["unit_path"] is None and calls[-1]["date"] == SATURDAY
    calendar_entry_remove(entry=entry, actor=superuser)
    assert (calls[-1]["action"], calls[-1]["date"], calls[-1]["unit_path"]) == ("removed", MONDAY, "/68/")


def test_receivers_see_the_new_calendar_inside_the_change(superuser, province, ward_a):
    seen = []

    @receiver(calendar_changed, dispatch_uid="test_receiver_sees_new_calendar")
    def check(sender, *, date, **kwargs):
        seen.append(calendar_for(ward_a).is_working(date))

    try:
        entry = add(day=MONDAY, kind=EntryKind.LOCAL_CLOSURE, unit=province, actor=superuser)
        calendar_entry_remove(entry=entry, actor=superuser)
    finally:
        calendar_changed.disconnect(dispatch_uid="test_receiver_sees_new_calendar")
    assert seen == [False, True]


def test_a_failing_receiver_rolls_the_change_back(superuser):
    @receiver(calendar_changed, dispatch_uid="test_failing_receiver")
    def fail(sender, **kwargs):
        raise RuntimeError("recompute failed")

    try:
        with pytest.raises(RuntimeError):
            add(day=SATURDAY, kind=EntryKind.MAKE_UP_WORKDAY, actor=superuser)
    finally:
        calendar_changed.disconnect(dispatch_uid="test_failing_receiver")
    assert not CalendarEntry.objects.filter(date=SATURDAY).exists()
    assert not calendar_for(None).is_working(SATURDAY)


def test_changes_are_logged_with_the_actor_and_the_number_recomputed(calls, superuser, ward_a):
    with acting_as(superuser):
        entry = add(day=MONDAY, kind=EntryKind.LOCAL_CLOSURE, unit=ward_a, actor=superuser, name="Lũ")
        calendar_entry_remove(entry=entry, actor=superuser)
    ct = ContentType.objects.get_for_model(CalendarEntry)
    events = list(Event.objects.filter(content_type=ct, object_id=str(entry.pk)).order_by("id"))
    assert [e.verb for e in events] == ["added", "removed"]
    assert events[0].unit_code == ward_a.code and events[0].actor == superuser
    assert events[0].data["date"] == "2031-03-10" and events[0].data["recomputed"] == 2
    assert "10/03/2031" in events[0].message and "Lũ" in events[0].message
    actions = ChangeLog.objects.filter(content_type=ct, object_id=str(entry.pk)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "delete"]


@pytest.mark.parametrize(
    "kwargs, field, code",
    [
        ({"day": SATURDAY, "kind": "make_up_workday", "name": " "}, "name", "required"),
        ({"day": SATURDAY, "kind": "make_up_workday", "legal_basis": ""}, "legal_basis", "required"),
        ({"day": MONDAY, "kind": "local_closure"}, "unit", "unit_required"),
        ({"day": MONDAY, "kind": "holiday"}, "kind", "invalid_kind"),
        ({"day": MONDAY, "kind": "make_up_workday"}, "date", "already_working"),
        ({"day": date(2031, 9, 2), "kind": "day_off"}, "date", "already_off"),
        ({"day": SATURDAY, "kind": "day_off"}, "date", "already_off"),
    ],
)
def test_invalid_entries_are_refused_naming_the_field(kwargs, field, code, superuser):
    with pytest.raises(DomainError) as caught:
        add(actor=superuser, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not CalendarEntry.objects.filter(source="admin").exists()


def test_a_day_off_on_a_holiday_names_the_holiday(superuser):
    with pytest.raises(DomainError, match="Quốc khánh"):
        add(day=date(2031, 9, 2), kind="day_off", actor=superuser)


def test_a_second_entry_for_the_same_date_and_scope_is_refused(superuser, ward_a):
    add(day=MONDAY, kind="local_closure", unit=ward_a, actor=superuser, name="Bão")
    with pytest.raises(DomainError) as caught:
        add(day=MONDAY, kind="day_off", unit=ward_a, actor=superuser)
    assert caught.value.code == "duplicate" and "Bão" in caught.value.message


def test_package_rows_cannot_be_removed(superuser):
    package = CalendarEntry.objects.get(source="package", date=date(2025, 9, 2))
    with pytest.raises(DomainError) as caught:
        calendar_entry_remove(entry=package, actor=superuser)
    assert caught.value.code == "package_entry"
    assert CalendarEntry.objects.filter(pk=package.pk).exists()


def test_home_affairs_inspector_manages_closures_in_their_subtree_only(province, ward_a):
    inspector = user_with_role(province, Role.INSPECTOR)
    entry = add(day=MONDAY, kind="local_closure", unit=ward_a, actor=inspector)
    assert entry.entered_by == inspector
    with pytest.raises(DomainError) as caught:
        add(day=SATURDAY, kind="make_up_workday", actor=inspector)  # nationwide: superusers only
    assert caught.value.code == "forbidden"
    from cchc.org.models import Unit

    other_province = Unit.objects.get(code="01")
    with pytest.raises(DomainError):
        add(day=MONDAY, kind="local_closure", unit=other_province, actor=inspector)


@pytest.mark.parametrize("role", [Role.LEADER, Role.PAR_OFFICER, Role.ONESTOP_OFFICER, Role.VIEWER])
def test_other_roles_cannot_change_the_calendar(role, ward_a):
    user = user_with_role(ward_a, role)
    with pytest.raises(DomainError, match="không có quyền"):
        add(day=MONDAY, kind="local_closure", unit=ward_a, actor=user)
    entry = add(day=MONDAY, kind="local_closure", unit=ward_a, actor=None)
    with pytest.raises(DomainError):
        calendar_entry_remove(entry=entry, actor=user)
    with pytest.raises(DomainError):
        office_hours_set(unit=ward_a, sessions="07:00-11:00", actor=user)


def test_office_hours_set_normalises_logs_and_clears(ward_a, province):
    admin = user_with_role(province, Role.ADMIN)
    setting = office_hours_set(
        unit=ward_a, sessions="07:00–11:00,13:30-17:30", legal_basis="QĐ 5", actor=admin
    )
    assert setting.sessions == "07:00-11:00, 13:30-17:30"
    assert office_hours_for(ward_a).seconds_per_day == 8 * 3600
    assert str(office_hours_for(ward_a)) == "07:00-11:00, 13:30-17:30"
    assert office_hours_clear(unit=ward_a, actor=admin) is True
    assert office_hours_clear(unit=ward_a, actor=admin) is False
    assert str(office_hours_for(ward_a)) == "07:30-11:30, 13:00-17:00"
    ct = ContentType.objects.get_for_model(UnitOfficeHours)
    assert list(Event.objects.filter(content_type=ct).values_list("verb", flat=True).order_by("id")) == [
        "office_hours_set",
        "office_hours_cleared",
    ]


@pytest.mark.parametrize("text", ["", "7h30-11h30", "13:00-11:30", "07:30-11:30, 11:00-17:00"])
def test_invalid_office_hours_are_refused_naming_the_value(text, ward_a):
    with pytest.raises(DomainError) as caught:
        office_hours_set(unit=ward_a, sessions=text)
    assert caught.value.field == "sessions" and text in caught.value.message
    assert not UnitOfficeHours.objects.filter(unit=ward_a).exists()


def test_package_resync_announces_each_changed_date(calls):
    from cchc.workdays.services import seed_package_calendar

    CalendarEntry.objects.filter(source="package", date=date(2025, 9, 2)).delete()
    seed_package_calendar(years=[2025])
    assert [(c["date"], c["unit_path"], c["action"]) for c in calls] == [(date(2025, 9, 2), None, "package")]
