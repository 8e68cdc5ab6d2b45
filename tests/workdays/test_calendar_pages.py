"""The calendar page, its forms and change log, and the "tính hạn giải quyết" page."""

from datetime import date

import pytest
from django.urls import reverse

from cchc.org.models import Role
from cchc.workdays.models import CalendarEntry, UnitOfficeHours
from cchc.workdays.selectors import calendar_for
from tests.factories import CalendarEntryFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

CALENDAR = reverse("workdays:calendar")
DEADLINE = reverse("workdays:deadline")
ADD = reverse("workdays:entry-add")


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, username="quantri-trang"))
    return client


def entry_post(**values):
    data = {"year": "2031", "page_unit": "", "entry-kind": "make_up_workday", "entry-name": "Làm bù"}
    data |= {"entry-legal_basis": "Thông báo 1/TB-BNV", "entry-unit": "", "entry-date": "2031-03-08"}
    data |= {f"entry-{k}": v for k, v in values.items()}
    return data


def test_pages_need_a_login(client):
    for url in (CALENDAR, DEADLINE, reverse("workdays:log")):
        assert client.get(url).status_code == 302


def test_year_page_shows_twelve_months_holidays_and_entries_in_vietnamese(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    response = client.get(CALENDAR, {"year": 2025})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<table class="month">') == 12
    assert 'data-date="2025-09-02" title="Quốc khánh"' in body
    assert 'class="makeup" data-date="2025-04-26"' in body
    assert 'class="weekend" data-date="2025-03-08"' in body
    assert "Lịch làm việc" in body and "02/09/2025" in body
    assert 'data-testid="entry-form"' not in body  # one-stop officers only read


def test_year_page_rejects_a_year_out_of_range_and_an_invisible_unit(client, ward_a, ward_b):
    client.force_login(user_with_role(ward_a, Role.ADMIN))
    assert client.get(CALENDAR, {"year": "abc"}).status_code == 404
    assert client.get(CALENDAR, {"year": 1900}).status_code == 404
    assert client.get(CALENDAR, {"unit": ward_b.code}).status_code == 404


def test_ward_user_sees_the_provinces_closure_on_their_calendar(client, province, ward_a):
    CalendarEntryFactory(unit=province, date=date(2031, 3, 10), name="Bão cả tỉnh")
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    body = client.get(CALENDAR, {"year": 2031}).content.decode()
    assert "Bão cả tỉnh" in body
    assert 'class="closure" data-date="2031-03-10"' in body


def test_superuser_adds_a_nationwide_make_up_day_from_the_page(superuser_client):
    response = superuser_client.post(ADD, entry_post())
    assert response.status_code == 302
    assert response["Location"].startswith(CALENDAR + "?year=2031")
    entry = CalendarEntry.objects.get(source="admin", date=date(2031, 3, 8))
    assert entry.unit is None and entry.entered_by.username == "quantri-trang"
    body = superuser_client.get(response["Location"]).content.decode()
    assert 'class="makeup" data-date="2031-03-08"' in body


def test_add_form_errors_name_the_field_and_keep_the_input(superuser_client):
    response = superuser_client.post(ADD, entry_post(date="2031-03-10", legal_basis=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in body
    response = superuser_client.post(ADD, entry_post(date="2031-03-10"))
    assert "đã là ngày làm việc" in response.content.decode()
    response = superuser_client.post(ADD, entry_post(unit="99999"))
    assert "99999" in response.content.decode()
    assert not CalendarEntry.objects.filter(source="admin").exists()


def test_roles_without_calendar_rights_cannot_post(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.LEADER))
    assert client.post(ADD, entry_post(kind="local_closure", unit=ward_a.code)).status_code == 403


def test_inspector_adds_and_removes_a_closure_for_a_commune(client, province, ward_a):
    client.force_login(user_with_role(province, Role.INSPECTOR))
    data = entry_post(kind="local_closure", unit=ward_a.code, date="2031-03-10", name="Lũ quét")
    assert client.post(ADD, data).status_code == 302
    entry = CalendarEntry.objects.get(name="Lũ quét")
    assert not calendar_for(ward_a).is_working(date(2031, 3, 10))
    body = client.get(CALENDAR, {"year": 2031, "unit": "68"}).content.decode()
    assert "Lũ quét" in body and reverse("workdays:entry-remove", args=[entry.pk]) in body
    response = client.post(reverse("workdays:entry-remove", args=[entry.pk]), {"page_unit": "68"})
    assert response.status_code == 302 and response["Location"] == CALENDAR + "?year=2031&unit=68"
    assert not CalendarEntry.objects.filter(pk=entry.pk).exists()
    log = client.get(reverse("workdays:log"), {"year": 2031}).content.decode()
    assert log.split('data-testid="calendar-log"')[1].count("Lũ quét") == 2  # added, removed


def test_remove_is_404_for_package_rows_of_non_superusers_and_for_other_units(client, province, ward_b):
    client.force_login(user_with_role(province, Role.INSPECTOR))
    package = CalendarEntry.objects.get(source="package", date=date(2025, 9, 2))
    assert client.post(reverse("workdays:entry-remove", args=[package.pk])).status_code == 404
    other = CalendarEntryFactory(unit=ward_b)
    client.force_login(user_with_role(ward_b.parent.children.exclude(pk=ward_b.pk).first(), Role.ADMIN))
    assert client.post(reverse("workdays:entry-remove", args=[other.pk])).status_code == 404
    assert client.get(reverse("workdays:entry-remove", args=[other.pk])).status_code == 405


def test_superuser_removing_a_package_row_gets_a_message_not_a_deletion(superuser_client):
    package = CalendarEntry.objects.get(source="package", date=date(2025, 9, 2))
    response = superuser_client.post(reverse("workdays:entry-remove", args=[package.pk]), follow=True)
    assert "không xoá được" in response.content.decode()
    assert CalendarEntry.objects.filter(pk=package.pk).exists()


def test_admin_sets_and_clears_office_hours_of_their_unit(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ADMIN))
    url = reverse("workdays:office-hours")
    data = {"year": "2031", "page_unit": ward_a.code, "hours-unit": ward_a.code}
    response = client.post(url, data | {"hours-sessions": "7:00-11:00", "hours-legal_basis": ""})
    assert response.status_code == 400 and "7:00-11:00" in response.content.decode()
    response = client.post(
        url, data | {"hours-sessions": "07:00-11:00, 13:30-17:30", "hours-legal_basis": "QĐ 7"}
    )
    assert response.status_code == 302
    assert UnitOfficeHours.objects.get(unit=ward_a).sessions == "07:00-11:00, 13:30-17:30"
    body = client.get(CALENDAR, {"unit": ward_a.code}).content.decode()
    assert "07:00-11:00, 13:30-17:30" in body and "QĐ 7" in body
    assert client.post(url, data | {"hours-sessions": "x", "clear": "1"}).status_code == 302
    assert not UnitOfficeHours.objects.filter(unit=ward_a).exists()


def test_office_hours_of_another_unit_cannot_be_set(client, ward_a, ward_b, province):
    client.force_login(user_with_role(ward_a, Role.ADMIN))
    data = {"hours-unit": ward_b.code, "hours-sessions": "07:00-11:00"}
    assert client.post(reverse("workdays:office-hours"), data).status_code == 404
    client.force_login(user_with_role(ward_a, Role.ADMIN))
    data = {"hours-unit": province.code, "hours-sessions": "07:00-11:00"}
    assert client.post(reverse("workdays:office-hours"), data).status_code == 404
    assert not UnitOfficeHours.objects.exists()


def test_deadline_page_prefills_the_current_unit_and_now(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    body = client.get(DEADLINE).content.decode()
    assert 'value="22945"' in body and "autofocus" in body
    assert "Tính hạn giải quyết" in body


def test_deadline_page_answers_without_javascript_naming_the_days_off(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    params = {"received": "29/4/2025 10:00", "amount": "2", "unit_of_time": "days", "unit": "22945"}
    response = client.get(DEADLINE, params)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body
    assert 'data-iso="2025-05-06T10:00:00+07:00"' in body
    assert "06/05/2025 10:00" in body
    for name in ("Ngày Chiến thắng", "Ngày Quốc tế Lao động", "Ngày nghỉ (thay cho ngày 26/04/2025)"):
        assert name in body


def test_deadline_page_returns_only_the_fragment_to_htmx(client, ward_a, django_assert_max_num_queries):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    params = {"received": "2025-03-03T09:00", "amount": "0,5", "unit_of_time": "days", "unit": "22945"}
    with django_assert_max_num_queries(12):
        response = client.get(DEADLINE, params, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'data-iso="2025-03-03T14:30:00+07:00"' in body


def test_deadline_page_counts_hours(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    params = {"received": "2025-03-03T09:00", "amount": "4", "unit_of_time": "hours", "unit": "22945"}
    assert 'data-iso="2025-03-03T14:30:00+07:00"' in client.get(DEADLINE, params).content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("received", "31/02/2025 9:00", "31/02/2025 9:00"),
        ("amount", "abc", "abc"),
        ("amount", "-1", "không được âm"),
        ("unit", "22933", "22933"),
    ],
)
def test_deadline_page_errors_name_the_value(client, ward_a, field, value, message):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    params = {"received": "2025-03-03T09:00", "amount": "1", "unit_of_time": "days", "unit": "22945"}
    body = client.get(DEADLINE, params | {field: value}).content.decode()
    assert message in body and 'data-testid="due-answer"' not in body
    assert f'id="id_{field}-errors"' in body


def test_log_shows_nationwide_changes_to_everyone_and_local_ones_in_scope(client, ward_a, ward_b):
    from cchc.workdays.services import calendar_entry_add

    calendar_entry_add(
        day=date(2031, 3, 8), kind="make_up_workday", name="Làm bù toàn quốc", legal_basis="TB"
    )
    calendar_entry_add(
        day=date(2031, 3, 10), kind="local_closure", name="Bão B", legal_basis="CĐ", unit=ward_b
    )
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    body = client.get(reverse("workdays:log")).content.decode()
    assert "Làm bù toàn quốc" in body and "Bão B" not in body
