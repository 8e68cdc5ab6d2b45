"""``cchc remind``: due-soon and overdue reminders on working days, idempotent per day, optional e-mail."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.core.models import Notification
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.reminders import remind
from tests.factories import PersonFactory, user_with_role
from tests.plans.conftest import d, make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def _texts(user):
    return sorted(
        Notification.objects.filter(user=user, key__startswith="plans.").values_list("text", flat=True)
    )


def test_due_soon_and_overdue_tasks_produce_notifications(plan, official):
    person = official.person
    make_task(plan, "Sắp đến hạn", owner=person, deadline=d("2026-12-01"))  # Tuesday
    make_task(plan, "Quá hạn", owner=person, deadline=d("2026-11-20"))
    make_task(plan, "Còn xa", owner=person, deadline=d("2026-12-31"))
    services.task_complete(
        task=make_task(plan, "Đã xong", owner=person, deadline=d("2026-11-20")), actor=SYSTEM
    )
    result = remind(on=d("2026-11-26"), days=3)  # Thursday
    assert (result.due_soon, result.overdue, result.created) == (1, 1, 2)
    # Mon 23, Wed 25 and Thu 26/11: Tuesday 24/11 is a public holiday from 2026 (Resolution 28/2026/QH16).
    assert _texts(official) == [
        "Nhiệm vụ quá hạn (hạn 20/11/2026, trễ 3 ngày làm việc): Quá hạn",
        "Nhiệm vụ sắp đến hạn (01/12/2026, còn 3 ngày làm việc): Sắp đến hạn",
    ]


def test_due_in_n_working_days_skips_the_weekend(plan, official):
    make_task(plan, "Hạn thứ Ba", owner=official.person, deadline=d("2026-12-01"))
    assert remind(on=d("2026-11-26"), days=2).due_soon == 0  # Fri and Mon left: 3 working days
    assert remind(on=d("2026-11-27"), days=2).due_soon == 1


def test_running_twice_on_a_day_adds_nothing(plan, official):
    make_task(plan, "Quá hạn", owner=official.person, deadline=d("2026-11-20"))
    first = remind(on=d("2026-11-26"), days=3)
    second = remind(on=d("2026-11-26"), days=3)
    assert (first.created, second.created, second.existing) == (1, 0, 1)
    assert Notification.objects.filter(user=official).count() == 2  # the assignment + one reminder
    assert remind(on=d("2026-11-27"), days=3).created == 1  # a new day, a new reminder


def test_no_reminder_on_a_day_off_of_the_units_calendar(plan, official):
    make_task(plan, "Quá hạn", owner=official.person, deadline=d("2026-11-20"))
    assert remind(on=d("2026-11-28"), days=3).created == 0  # Saturday
    assert remind(on=d("2026-09-02"), days=3).created == 0  # National Day


def test_a_deadline_on_a_weekend_is_due_not_overdue_on_monday(plan, official):
    make_task(plan, "Hạn thứ Bảy", owner=official.person, deadline=d("2026-11-28"))
    result = remind(on=d("2026-11-30"), days=0)
    assert (result.due_soon, result.overdue) == (1, 0)
    assert "hôm nay" in _texts(official)[0]
    assert remind(on=d("2026-12-01"), days=0).overdue == 1


def test_tasks_without_an_owner_go_to_the_units_leaders_and_par_officers(plan, ward_a):
    leader = user_with_role(ward_a, Role.LEADER)
    officer = user_with_role(ward_a, Role.PAR_OFFICER)
    viewer = user_with_role(ward_a, Role.VIEWER)
    make_task(plan, "Chưa giao", deadline=d("2026-11-20"))
    remind(on=d("2026-11-26"), days=3)
    assert len(_texts(leader)) == len(_texts(officer)) == 1
    assert _texts(viewer) == []


def test_email_goes_out_once_with_new_notifications(plan, official, django_capture_on_commit_callbacks):
    make_task(plan, "Quá hạn", owner=official.person, deadline=d("2026-11-20"))
    no_address = user_with_role(plan.unit, Role.PAR_OFFICER)
    make_task(
        plan,
        "Không có e-mail",
        owner=PersonFactory(unit=plan.unit, user=no_address),
        deadline=d("2026-11-20"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = remind(on=d("2026-11-26"), days=3, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind(on=d("2026-11-26"), days=3, email=True)
    assert result.emails == 1
    assert [m.to for m in mail.outbox] == [["motcua@example.vn"]]
    assert "Quá hạn" in mail.outbox[0].subject


def test_remind_command_prints_a_summary_and_rejects_bad_options(plan, official, capsys):
    make_task(plan, "Quá hạn", owner=official.person, deadline=d("2026-11-20"))
    out = StringIO()
    call_command("remind", "--date", "2026-11-26", "--days", "3", stdout=out)
    assert out.getvalue().strip() == (
        "2026-11-26: 0 tasks due soon, 1 overdue; 1 notifications created, 0 already sent"
    )
    with pytest.raises(SystemExit) as exc:
        call_command("remind", "--date", "26/11/2026", "--days", "ba")
    assert exc.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "cchc: --days: not a whole number: 'ba'",
        "cchc: --date: not a date: '26/11/2026' (expected YYYY-MM-DD)",
    ]
