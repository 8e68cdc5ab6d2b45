"""Official notices shipped with CCHC (data/official-notices.yaml): loaded by `cchc setup`, followed by every
due date on a fresh setup, never overwriting an administrator's entries; years confirmed against the notice,
and the warning when a due date touches a year nobody confirmed (docs/calendar.md)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import execute_from_command_line
from django.db import connections
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.core.models import Event
from cchc.org.models import Role
from cchc.workdays.models import CalendarEntry, ConfirmedYear, EntrySource
from cchc.workdays.notices import NoticeFileError, official_notices, parse
from cchc.workdays.package import package_rows
from cchc.workdays.selectors import calendar_for, due_for, due_many, span_warning
from cchc.workdays.services import (
    calendar_entry_add,
    calendar_entry_remove,
    calendar_year_confirm,
    seed_official_notices,
)
from tests.dossiers.desk_support import at, receive
from tests.factories import UserFactory, user_with_role
from tests.workdays.test_engine import local

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "calendar.md"
CALENDAR = reverse("workdays:calendar")
CONFIRM = reverse("workdays:year-confirm")
DEADLINE = reverse("workdays:deadline")
WARNING_2027 = "Lịch nghỉ năm 2027 chưa được xác nhận theo thông báo chính thức"

#: The worked examples of docs/calendar.md, "Official notices shipped with CCHC" (received, days, due).
NOTICE_EXAMPLES = [
    ("2025-12-31T10:00", "1", "2026-01-05T10:00:00+07:00"),
    ("2025-12-30T16:00", "2", "2026-01-05T16:00:00+07:00"),
    ("2026-01-09T10:00", "1", "2026-01-10T10:00:00+07:00"),
    ("2026-01-08T09:00", "3", "2026-01-12T09:00:00+07:00"),
]


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, username="quantri-notice")


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    """A command run from the command line closes the connections at its end; keep the test's open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def deadline_cli(capsys, *args):
    code = 0
    try:
        execute_from_command_line(["cchc", "deadline", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------------------------------
# The shipped data and the fresh setup
# ---------------------------------------------------------------------------------------------------------


def test_a_fresh_setup_follows_the_new_year_2026_swap_without_any_administrator_entry(ward_a):
    assert not CalendarEntry.objects.filter(source=EntrySource.ADMIN).exists()
    national = calendar_for(None)
    assert not national.is_working(date(2026, 1, 2)) and national.is_working(date(2026, 1, 10))
    assert due_for(ward_a, local("2025-12-31T10:00"), Decimal(1)).isoformat() == "2026-01-05T10:00:00+07:00"
    row = CalendarEntry.objects.get(source=EntrySource.NOTICE, date=date(2026, 1, 2))
    assert row.legal_basis == "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"


@pytest.mark.parametrize("received, days, expected", NOTICE_EXAMPLES)
def test_worked_examples_hold_through_due_for_due_many_and_the_command(
    capsys, ward_a, received, days, expected
):
    assert due_for(ward_a, local(received), Decimal(days)).isoformat() == expected
    assert due_many(ward_a, [(local(received), Decimal(days))])[0].isoformat() == expected
    assert deadline_cli(capsys, "--unit", ward_a.code, "--received", received, "--days", days) == (
        0,
        expected + "\n",
        "",
    )


def test_the_worked_examples_are_those_of_the_documentation():
    text = DOCS.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\d\S+)` \| (\S+) \| `(\S+)` \|", text, flags=re.MULTILINE)
    assert documented == NOTICE_EXAMPLES


def test_every_shipped_day_changes_the_package_calendar():
    """Only what holidays.VN lacks or gets wrong ships: each day's kind differs from the package's day."""
    rows = official_notices().rows()
    assert {date(2026, 1, 2), date(2026, 1, 10)} <= set(rows)
    for day, (kind, _name, _basis) in rows.items():
        package = package_rows([day.year]).get(day)
        package_off = package[0] == "day_off" if package else day.weekday() >= 5
        assert package_off != (kind == "day_off"), day


def test_seeding_again_changes_nothing_and_keeps_an_administrators_entry(superuser):
    override = calendar_entry_add(
        day=date(2026, 1, 2),
        kind="make_up_workday",
        name="Làm việc (thông báo của tỉnh)",
        legal_basis="Thông báo 1/TB-UBND",
        actor=superuser,
    )
    assert seed_official_notices() == {"created": 0, "updated": 0, "removed": 0, "total": 2, "years": 0}
    assert CalendarEntry.objects.filter(pk=override.pk).exists()
    assert calendar_for(None).is_working(date(2026, 1, 2))
    assert CalendarEntry.objects.filter(source=EntrySource.NOTICE, date=date(2026, 1, 2)).count() == 1


def test_seeding_keeps_a_year_an_administrator_confirmed(superuser):
    ConfirmedYear.objects.filter(year=2026).delete()
    calendar_year_confirm(year=2026, notice="Thông báo 1/TB-UBND", actor=superuser)
    assert seed_official_notices()["years"] == 0
    assert ConfirmedYear.objects.get(year=2026).notice == "Thông báo 1/TB-UBND"


def test_a_notice_shipped_with_an_upgrade_recomputes_the_due_dates_it_crosses(ward_a, superuser):
    CalendarEntry.objects.filter(source=EntrySource.NOTICE).delete()  # as before the upgrade
    dossier = receive(ward_a, days=1, received_at=at(2025, 12, 31, 10, 0), actor=superuser)
    assert dossier.due_at == at(2026, 1, 2, 10, 0)
    result = seed_official_notices()
    assert (result["created"], result["total"]) == (2, 2)
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 1, 5, 10, 0)


def test_a_notice_an_administrator_enters_later_recomputes_the_due_dates_it_crosses(ward_a, superuser):
    dossier = receive(ward_a, days=2, received_at=at(2026, 3, 5, 9, 0), actor=superuser)  # due Mon 09/03
    assert dossier.due_at == at(2026, 3, 9, 9, 0)
    calendar_entry_add(
        day=date(2026, 3, 6),
        kind="day_off",
        name="Nghỉ theo thông báo",
        legal_basis="Văn bản 9/VPCP-KGVX",
        actor=superuser,
    )
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 10, 9, 0)


def test_notice_rows_cannot_be_removed(superuser):
    row = CalendarEntry.objects.get(source=EntrySource.NOTICE, date=date(2026, 1, 10))
    with pytest.raises(DomainError) as exc:
        calendar_entry_remove(entry=row, actor=superuser)
    assert exc.value.code == "notice_entry"
    assert CalendarEntry.objects.filter(pk=row.pk).exists()


def test_the_file_is_checked_and_names_the_faulty_path():
    notice = {"number": "1/X", "date": "2026-01-01", "issuer": "A", "subject": "B", "source": "https://x"}
    with pytest.raises(NoticeFileError, match=r"notices\[0\]\.days\[0\]\.kind"):
        parse({"notices": [notice | {"days": [{"date": "2026-01-02", "kind": "holiday", "name": "n"}]}]})
    with pytest.raises(NoticeFileError, match=r"years\.2027: unknown notice 2/X"):
        parse({"notices": [notice], "years": {2027: ["2/X"]}})
    with pytest.raises(NoticeFileError, match=r"notices\[0\]\.issuer: missing"):
        parse({"notices": [notice | {"issuer": ""}]})


# ---------------------------------------------------------------------------------------------------------
# Confirmed years and the warning
# ---------------------------------------------------------------------------------------------------------


def test_shipped_years_count_as_confirmed_and_others_warn():
    assert set(ConfirmedYear.objects.values_list("year", "source")) >= {(2025, "shipped"), (2026, "shipped")}
    assert ConfirmedYear.objects.get(year=2026).notice == "9441; 12729/VPCP-KGVX"
    assert span_warning([(local("2026-12-30T09:00"), local("2026-12-31T09:00"))]) == ""
    assert span_warning([(local("2026-12-31T09:00"), local("2027-01-04T09:00"))]) == WARNING_2027
    assert span_warning([(local("2024-12-31T09:00"), local("2025-01-02T09:00"))]) == ""  # settled history
    assert span_warning([(local("2027-12-31T09:00"), local("2028-01-03T09:00"))]) == (
        "Lịch nghỉ năm 2027, 2028 chưa được xác nhận theo thông báo chính thức"
    )


def test_the_command_warns_on_stderr_only(capsys, ward_a):
    args = ("--unit", ward_a.code, "--received", "2026-12-31T10:00", "--days", "1")
    assert deadline_cli(capsys, *args) == (0, "2027-01-04T10:00:00+07:00\n", WARNING_2027 + "\n")
    calendar_year_confirm(year=2027, notice="Thông báo 1/TB-BNV")
    assert deadline_cli(capsys, *args) == (0, "2027-01-04T10:00:00+07:00\n", "")


def test_the_batch_warns_once_and_its_output_is_unchanged(capsys, ward_a, tmp_path):
    path = tmp_path / "receipts.csv"
    path.write_text(
        "received_at,processing_days\n2025-12-31T10:00,1\n2027-03-04T09:00,2\n03/05/2027 9:00,0\n"
    )
    code, out, err = deadline_cli(capsys, "--unit", ward_a.code, "--batch", str(path))
    assert (code, err) == (0, WARNING_2027 + "\n")
    assert out == (
        "received_at,processing_days,due_at\n"
        "2025-12-31T10:00,1,2026-01-05T10:00:00+07:00\n"
        "2027-03-04T09:00,2,2027-03-08T09:00:00+07:00\n"
        "03/05/2027 9:00,0,2027-05-04T17:00:00+07:00\n"  # 03/05: Labour Day observed
    )


def test_a_rejected_input_gets_no_warning(capsys, ward_a):
    code, out, err = deadline_cli(capsys, "--unit", ward_a.code, "--received", "2027-13-01", "--days", "1")
    assert (code, out) == (1, "") and "chưa được xác nhận" not in err


def test_the_deadline_page_warns_when_the_span_touches_an_unconfirmed_year(client, ward_a):
    ASK = {"unit": ward_a.code, "amount": "1", "unit_of_time": "days"}
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    body = client.get(DEADLINE, {**ASK, "received": "31/12/2026 10:00"}).content
    assert 'data-testid="due-warning"' in body.decode() and WARNING_2027 in body.decode()
    body = client.get(DEADLINE, {**ASK, "received": "31/12/2025 10:00"}).content
    assert 'data-testid="due-warning"' not in body.decode() and 'data-iso="2026-01-05T10:00:00+07:00"' in (
        body.decode()
    )


def test_the_calendar_page_shows_the_confirmation_or_the_warning(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    body = client.get(CALENDAR, {"year": 2026}).content.decode()
    assert 'data-testid="year-confirmed"' in body and "12729/VPCP-KGVX" in body
    assert 'class="off" data-date="2026-01-02"' in body and 'class="makeup" data-date="2026-01-10"' in body
    body = client.get(CALENDAR, {"year": 2027}).content.decode()
    assert WARNING_2027 in body and 'data-testid="confirm-form"' not in body  # only superusers confirm


def test_a_superuser_confirms_the_year_in_one_action(client, superuser):
    client.force_login(superuser)
    assert 'data-testid="confirm-form"' in client.get(CALENDAR, {"year": 2027}).content.decode()
    response = client.post(CONFIRM, {"year": "2027", "page_unit": "", "confirm-notice": " 1234/TB-BNV "})
    assert response.status_code == 302 and response.url.startswith(f"{CALENDAR}?year=2027")
    confirmation = ConfirmedYear.objects.get(year=2027)
    assert (confirmation.notice, confirmation.source, confirmation.confirmed_by) == (
        "1234/TB-BNV",
        "admin",
        superuser,
    )
    ct = ContentType.objects.get_for_model(ConfirmedYear)
    assert Event.objects.filter(
        content_type=ct, object_id=str(confirmation.pk), verb="year_confirmed"
    ).exists()
    body = client.get(CALENDAR, {"year": 2027}).content.decode()
    assert WARNING_2027 not in body and "1234/TB-BNV" in body
    assert "1234/TB-BNV" in client.get(reverse("workdays:log"), {"year": 2027}).content.decode()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.INSPECTOR, Role.ONESTOP_OFFICER])
def test_others_are_refused_and_nothing_changes(client, province, role):
    client.force_login(user_with_role(province, role))
    before = list(ConfirmedYear.objects.values_list("year", "notice"))
    response = client.post(CONFIRM, {"year": "2027", "page_unit": "", "confirm-notice": "1234/TB-BNV"})
    assert response.status_code == 403
    assert list(ConfirmedYear.objects.values_list("year", "notice")) == before


def test_a_confirmation_needs_a_number_and_a_year_not_yet_confirmed(client, superuser):
    client.force_login(superuser)
    before = list(ConfirmedYear.objects.values_list("year", "notice"))
    response = client.post(CONFIRM, {"year": "2027", "page_unit": "", "confirm-notice": "  "})
    assert response.status_code == 400 and "confirm-notice" in response.content.decode()
    response = client.post(CONFIRM, {"year": "2026", "page_unit": "", "confirm-notice": "1/TB-BNV"})
    assert response.status_code == 400
    assert "Lịch nghỉ năm 2026 đã được xác nhận theo thông báo 9441; 12729/VPCP-KGVX." in (
        response.content.decode()
    )
    assert client.post(CONFIRM, {"year": "1900", "confirm-notice": "1/TB-BNV"}).status_code == 404
    assert list(ConfirmedYear.objects.values_list("year", "notice")) == before
