"""Tasks set by a higher unit: the owner's side reports, the assigning unit decides and confirms.

The ward may report progress, "done" and ask for an extension; the province (which assigned the task) moves
the deadline, edits, cancels, grants or refuses the extension and confirms "done", which counts only then. A
unit's own tasks stay self-managed. Edit forms carry their version: a save over a newer version is refused.
"""

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.indicators import evaluate
from cchc.core.models import ChangeLog, Event, Notification
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.models import Task, TaskStatus
from cchc.plans.selectors import completion, plan_scope
from tests.factories import PersonFactory, user_with_role
from tests.plans.conftest import d

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("test")


@pytest.fixture
def province_officer(province):
    user = user_with_role(province, Role.PAR_OFFICER, username="cchc.tinh")
    PersonFactory(unit=province, full_name="Trần Văn Tỉnh", user=user)
    return user


@pytest.fixture
def ward_officer(ward_a):
    user = user_with_role(ward_a, Role.PAR_OFFICER, username="cchc.phuong")
    PersonFactory(unit=ward_a, full_name="Lê Minh Phường", user=user)
    return user


@pytest.fixture
def province_task(province, ward_a, ward_officer):
    plan = services.plan_create(unit=province, year=2026, title="Kế hoạch CCHC tỉnh 2026", actor=SYSTEM)
    return services.task_create(
        plan=plan,
        title="Rà soát TTHC cấp xã",
        area="3",
        unit=ward_a,
        owner=ward_officer.person,
        deadline=d("2027-01-29"),
        actor=SYSTEM,
    )


def _state(task: Task) -> tuple:
    task.refresh_from_db()
    return (task.deadline, task.title, task.weight, task.status, task.extension_deadline, task.confirmed_at)


def test_a_task_of_the_province_plan_for_a_ward_is_assigned_by_the_province(province, province_task):
    assert province_task.assigned_by == province and province_task.set_from_above


def test_the_ward_cannot_move_edit_or_cancel_a_province_task(client, ward_officer, province_task):
    before = _state(province_task)
    logged = ChangeLog.objects.count()
    client.force_login(ward_officer)
    edit = reverse("plans:task-edit", args=[province_task.pk])
    assert client.get(edit).status_code == 403
    moved = {"title": "Tự đổi tên", "area": "3", "deadline": "2027-06-30", "weight": "5"}
    assert client.post(edit, moved).status_code == 403
    cancel = reverse("plans:task-transition", args=[province_task.pk, "cancel"])
    assert client.post(cancel, {"reason": "Không làm"}).status_code == 403
    assign = reverse("plans:task-assign", args=[province_task.pk])
    owner = ward_officer.person.pk
    assert client.post(assign, {"owner": owner, "deadline": "2027-06-30"}).status_code == 403
    for action in ("grant", "confirm"):
        assert (
            client.post(reverse("plans:task-transition", args=[province_task.pk, action])).status_code == 403
        )
    assert _state(province_task) == before and ChangeLog.objects.count() == logged


def test_extension_requested_by_the_ward_and_granted_by_the_province(
    client, ward_officer, province_officer, province_task
):
    client.force_login(ward_officer)
    page = client.get(reverse("plans:task-detail", args=[province_task.pk])).content.decode()
    assert 'data-testid="extension-form"' in page and 'data-testid="edit"' not in page
    url = reverse("plans:task-extension", args=[province_task.pk])
    client.post(url, {"new_deadline": "2027-01-15", "reason": "Sớm hơn"})
    assert _state(province_task)[4] is None  # not later than the deadline: refused, nothing recorded
    client.post(url, {"new_deadline": "2027-06-30", "reason": "Chờ hướng dẫn của Bộ"})
    province_task.refresh_from_db()
    assert province_task.extension_deadline == d("2027-06-30") and province_task.deadline == d("2027-01-29")
    note = Notification.objects.get(user=province_officer)
    assert "30/06/2027" in note.text and "Chờ hướng dẫn của Bộ" in note.text

    client.force_login(province_officer)
    page = client.get(reverse("plans:task-detail", args=[province_task.pk])).content.decode()
    assert 'data-testid="extension-decision"' in page
    client.post(reverse("plans:task-transition", args=[province_task.pk, "grant"]))
    province_task.refresh_from_db()
    assert province_task.deadline == d("2027-06-30") and province_task.extension_deadline is None
    verbs = list(Event.objects.filter(object_id=str(province_task.pk)).values_list("verb", flat=True))
    assert verbs[-2:] == ["extension_requested", "extension_granted"]
    assert Notification.objects.filter(user=ward_officer, text__contains="30/06/2027").exists()


def test_a_refused_extension_needs_a_reason_and_keeps_the_deadline(
    client, ward_officer, province_officer, province_task
):
    services.task_request_extension(
        task=province_task, new_deadline=d("2027-03-31"), reason="Thiếu người", actor=ward_officer
    )
    client.force_login(province_officer)
    deny = reverse("plans:task-transition", args=[province_task.pk, "deny"])
    client.post(deny, {"reason": ""})
    province_task.refresh_from_db()
    assert province_task.extension_deadline == d("2027-03-31")
    client.post(deny, {"reason": "Nhiệm vụ trọng tâm, không gia hạn"})
    province_task.refresh_from_db()
    assert province_task.extension_deadline is None and province_task.deadline == d("2027-01-29")
    assert Event.objects.filter(object_id=str(province_task.pk), verb="extension_refused").exists()


def test_done_waits_for_the_provinces_confirmation_before_it_counts(
    client, ward_officer, province_officer, province_task, province
):
    client.force_login(ward_officer)
    client.post(reverse("plans:task-transition", args=[province_task.pk, "done"]), {"reason": "Đã rà soát"})
    province_task.refresh_from_db()
    assert province_task.status == TaskStatus.DONE and province_task.awaiting_confirmation
    figures = completion(plan_scope(province, 2026))
    assert (figures.total, figures.done, figures.pending) == (1, 0, 1)
    assert evaluate("plan_completion_rate", province, 2026).numerator == 0
    assert Notification.objects.filter(user=province_officer, text__contains="chờ xác nhận").exists()
    confirm = reverse("plans:task-transition", args=[province_task.pk, "confirm"])
    assert client.post(confirm).status_code == 403

    client.force_login(province_officer)
    plan_page = client.get(reverse("plans:plan-detail", args=[province_task.plan_id])).content.decode()
    assert 'data-testid="plan-pending"' in plan_page
    task_page = client.get(reverse("plans:task-detail", args=[province_task.pk])).content.decode()
    assert 'data-testid="awaiting-confirmation"' in task_page and 'data-testid="confirm-done"' in task_page
    client.post(confirm)
    province_task.refresh_from_db()
    assert province_task.confirmed_at is not None and province_task.confirmed_by == "cchc.tinh"
    figures = completion(plan_scope(province, 2026))
    assert (figures.done, figures.pending) == (1, 0)
    assert evaluate("plan_completion_rate", province, 2026).numerator == 1


def test_the_province_may_refuse_a_reported_completion(client, ward_officer, province_officer, province_task):
    services.task_complete(task=province_task, actor=ward_officer)
    client.force_login(province_officer)
    refuse = reverse("plans:task-transition", args=[province_task.pk, "refuse"])
    client.post(refuse, {"reason": ""})
    province_task.refresh_from_db()
    assert province_task.status == TaskStatus.DONE
    client.post(refuse, {"reason": "Thiếu biên bản rà soát"})
    province_task.refresh_from_db()
    assert province_task.status == TaskStatus.IN_PROGRESS and province_task.done_at is None
    assert Event.objects.filter(object_id=str(province_task.pk), verb="done_refused").exists()


def test_a_wards_own_task_stays_self_managed(client, ward_officer, ward_a):
    plan = services.plan_create(unit=ward_a, year=2026, title="Kế hoạch phường", actor=SYSTEM)
    task = services.task_create(plan=plan, title="Việc của phường", area="1", actor=SYSTEM)
    assert task.assigned_by is None
    client.force_login(ward_officer)
    response = client.post(
        reverse("plans:task-edit", args=[task.pk]),
        {"title": "Việc của phường", "area": "1", "deadline": "2026-12-31", "weight": "1"},
    )
    assert response.status_code == 302
    client.post(reverse("plans:task-transition", args=[task.pk, "done"]))
    task.refresh_from_db()
    assert task.deadline == d("2026-12-31") and task.counts_as_done
    assert completion(plan_scope(ward_a, 2026)).done == 1
    assert client.post(reverse("plans:task-extension", args=[task.pk]), {}).status_code == 302


def test_a_save_over_a_newer_version_is_refused_with_the_changes_and_keeps_the_input(
    client, province_officer, province_task, province
):
    edit = reverse("plans:task-edit", args=[province_task.pk])
    client.force_login(province_officer)
    form = client.get(edit).context["form"]
    version = form.initial["version"]
    other = Client()
    other.force_login(user_with_role(province, Role.LEADER, username="lanhdao.tinh"))
    theirs = {"title": "Rà soát TTHC cấp xã (đợt 2)", "area": "3", "deadline": "2027-01-29", "weight": "1"}
    assert other.post(edit, {**theirs, "version": version}).status_code == 302

    mine = {
        "title": "Rà soát toàn bộ TTHC",
        "area": "3",
        "deadline": "2027-02-28",
        "weight": "2",
        "version": version,
    }
    response = client.post(edit, mine)
    assert response.status_code == 200
    body = response.content.decode()
    assert "đã được người khác sửa" in body
    assert "Rà soát TTHC cấp xã (đợt 2)" in body and "lanhdao.tinh" in body
    assert 'value="Rà soát toàn bộ TTHC"' in body and 'value="2027-02-28"' in body
    province_task.refresh_from_db()
    assert province_task.title == "Rà soát TTHC cấp xã (đợt 2)" and province_task.deadline == d("2027-01-29")

    # saving again from the refused page (which now carries the current version) is a deliberate overwrite
    mine["version"] = response.context["form"].data["version"]
    assert client.post(edit, mine).status_code == 302
    province_task.refresh_from_db()
    assert province_task.title == "Rà soát toàn bộ TTHC" and province_task.deadline == d("2027-02-28")


def test_a_change_to_other_fields_does_not_block_the_edit(
    client, province_officer, ward_officer, province_task
):
    edit = reverse("plans:task-edit", args=[province_task.pk])
    client.force_login(province_officer)
    version = client.get(edit).context["form"].initial["version"]
    services.task_report_progress(task=province_task, progress=40, actor=ward_officer)
    response = client.post(
        edit,
        {"title": "Rà soát TTHC", "area": "3", "deadline": "2027-01-29", "weight": "1", "version": version},
    )
    assert response.status_code == 302
