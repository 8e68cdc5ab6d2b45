"""Plans and tasks: lifecycle, assignment within the subtree, permissions, timeline, notifications."""

import pytest

from cchc.core.errors import DomainError
from cchc.core.models import ChangeLog, Event, Notification
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.models import PlanStatus, Task, TaskKind, TaskStatus
from tests.factories import PersonFactory, user_with_role
from tests.plans.conftest import d, make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def _verbs(obj):
    return list(
        Event.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).values_list(
            "verb", flat=True
        )
    )


def test_one_annual_plan_per_unit_and_year(plan, ward_a):
    with pytest.raises(DomainError) as exc:
        services.plan_create(unit=ward_a, year=2026, title="Kế hoạch thứ hai", actor=SYSTEM)
    assert exc.value.field == "year" and "2026" in exc.value.message
    component = services.plan_create(
        unit=ward_a, year=2026, title="Kế hoạch tuyên truyền", parent=plan, actor=SYSTEM
    )
    assert component.is_component and component.unit == ward_a


def test_a_plan_is_issued_with_its_document_then_amended(plan):
    with pytest.raises(DomainError) as exc:
        services.plan_issue(
            plan=plan, doc_number="", doc_date=d("2026-01-12"), doc_signer="Chủ tịch", actor=SYSTEM
        )
    assert exc.value.field == "doc_number"
    with pytest.raises(DomainError):
        services.plan_amend(
            plan=plan, doc_number="2/KH", doc_date=d("2026-06-01"), doc_signer="Chủ tịch", actor=SYSTEM
        )
    plan = services.plan_issue(
        plan=plan, doc_number="15/KH-UBND", doc_date=d("2026-01-12"), doc_signer="Nguyễn Thị Hà", actor=SYSTEM
    )
    assert plan.status == PlanStatus.ISSUED
    with pytest.raises(DomainError):
        services.plan_issue(
            plan=plan, doc_number="16/KH-UBND", doc_date=d("2026-01-13"), doc_signer="X", actor=SYSTEM
        )
    plan = services.plan_amend(
        plan=plan,
        doc_number="112/KH-UBND",
        doc_date=d("2026-06-16"),
        doc_signer="Nguyễn Thị Hà",
        note="Bổ sung",
        actor=SYSTEM,
    )
    assert (plan.status, plan.doc_number, plan.amendment_number) == (
        PlanStatus.AMENDED,
        "15/KH-UBND",
        "112/KH-UBND",
    )
    assert _verbs(plan) == ["created", "issued", "amended"]


def test_plan_tasks_need_a_reform_area_from_the_fixed_list(plan):
    with pytest.raises(DomainError) as exc:
        services.task_create(plan=plan, title="Không lĩnh vực", actor=SYSTEM)
    assert exc.value.field == "area"
    with pytest.raises(DomainError) as exc:
        services.task_create(plan=plan, title="Sai lĩnh vực", area="9", actor=SYSTEM)
    assert "1–8" in exc.value.message


def test_task_unit_defaults_to_the_owners_unit_within_the_plans_subtree(plan, ward_a, ward_b):
    office = PersonFactory(unit=ward_a, full_name="Công chức phường")
    task = make_task(plan, owner=office)
    assert task.unit == ward_a
    outsider = PersonFactory(unit=ward_b, full_name="Người phường khác")
    with pytest.raises(DomainError) as exc:
        make_task(plan, "Giao ra ngoài", owner=outsider)
    assert exc.value.field == "unit"
    with pytest.raises(DomainError) as exc:
        make_task(plan, "Phối hợp ngoài", collaborators=[outsider])
    assert exc.value.field == "collaborators"


def test_deadline_cannot_be_before_the_start(plan):
    with pytest.raises(DomainError) as exc:
        make_task(plan, start_date=d("2026-05-01"), deadline=d("2026-04-30"))
    assert exc.value.field == "deadline"


def test_assigning_notifies_the_owner_and_writes_the_timeline(plan, official):
    task = make_task(plan)
    person = official.person
    services.task_assign(task=task, owner=person, deadline=d("2026-12-15"), actor=SYSTEM)
    task.refresh_from_db()
    assert task.owner == person and task.deadline == d("2026-12-15")
    note = Notification.objects.get(user=official)
    assert task.title in note.text and "15/12/2026" in note.text and note.url.endswith(f"/tasks/{task.pk}/")
    assert _verbs(task) == ["created", "assigned", "deadline_changed"]


def test_leaders_assign_only_within_their_subtree(plan, ward_b):
    other_leader = user_with_role(ward_b, Role.LEADER)
    task = make_task(plan)
    with pytest.raises(DomainError) as exc:
        services.task_assign(task=task, owner=None, actor=other_leader)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.task_create(plan=plan, title="Chen ngang", area="1", actor=other_leader)


def test_owner_with_a_read_only_role_reports_progress_but_cannot_cancel(plan, viewer):
    task = make_task(plan, owner=viewer.person)
    services.task_report_progress(task=task, progress=60, note="Đã xong phần lớn", actor=viewer)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS
    with pytest.raises(DomainError):
        services.task_cancel(task=task, reason="Không muốn làm", actor=viewer)
    other = make_task(plan, "Việc của người khác")
    with pytest.raises(DomainError):
        services.task_report_progress(task=other, progress=10, actor=viewer)
    services.task_complete(task=task, actor=viewer)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_collaborators_see_and_report_on_tasks_they_help_with(plan, ward_a):
    helper_user = user_with_role(ward_a, Role.VIEWER)
    helper = PersonFactory(unit=ward_a, user=helper_user)
    task = make_task(plan, collaborators=[helper])
    assert Task.objects.visible_to(helper_user).filter(pk=task.pk).exists()
    services.comment_add(task=task, text="Tôi đã gửi số liệu", actor=helper_user)
    assert task.comments.get().author_label == helper_user.username


def test_owner_sees_their_task_even_outside_their_role_units(plan, ward_b):
    """A person of the ward whose only role is on another unit still sees the tasks assigned to them."""
    user = user_with_role(ward_b, Role.PAR_OFFICER)
    person = PersonFactory(unit=plan.unit, user=user)
    mine = make_task(plan, "Của tôi", owner=person)
    make_task(plan, "Không phải của tôi")
    assert list(Task.objects.visible_to(user).filter(plan=plan)) == [mine]


def test_cancel_needs_a_reason_and_reopen_restores_the_task(plan):
    task = make_task(plan)
    with pytest.raises(DomainError) as exc:
        services.task_cancel(task=task, reason="  ", actor=SYSTEM)
    assert exc.value.field == "reason"
    task = services.task_cancel(task=task, reason="Trùng với nhiệm vụ 3", actor=SYSTEM)
    assert task.status == TaskStatus.CANCELLED and task.cancel_reason == "Trùng với nhiệm vụ 3"
    with pytest.raises(DomainError):
        services.task_report_progress(task=task, progress=10, actor=SYSTEM)
    task = services.task_reopen(task=task, reason="Cần làm lại", actor=SYSTEM)
    assert task.status == TaskStatus.IN_PROGRESS and task.cancel_reason == ""
    assert _verbs(task) == ["created", "cancelled", "reopened"]


def test_edit_records_the_deadline_change_and_the_change_log(plan):
    task = make_task(plan, deadline=d("2026-06-30"))
    services.task_update(task=task, deadline=d("2026-07-31"), title="Tên mới", actor=SYSTEM)
    events = list(Event.objects.filter(object_id=str(task.pk), content_type__model="task").order_by("id"))
    assert [(e.verb, e.message) for e in events[-2:]] == [
        ("deadline_changed", "30/06/2026 → 31/07/2026"),
        ("edited", "title"),
    ]
    assert ChangeLog.objects.filter(
        object_id=str(task.pk), content_type__model="task", action="update"
    ).exists()


def test_a_task_cannot_become_its_own_ancestor(plan):
    parent = make_task(plan, "Cha")
    child = make_task(plan, "Con", parent=parent)
    with pytest.raises(DomainError) as exc:
        services.task_update(task=parent, parent=child, actor=SYSTEM)
    assert exc.value.field == "parent"


def test_numbers_are_unique_within_a_plan(plan):
    make_task(plan, number="1.2")
    with pytest.raises(DomainError) as exc:
        make_task(plan, number="1.2")
    assert exc.value.field == "number"


def test_a_directive_is_a_task_of_a_unit_without_a_plan(ward_a, leader, official):
    directive = services.task_create(
        kind=TaskKind.DIRECTIVE,
        unit=ward_a,
        title="Rà soát hồ sơ trễ hẹn",
        owner=official.person,
        actor=leader,
    )
    assert directive.plan is None and directive.unit == ward_a
    assert Task.objects.visible_to(official).filter(pk=directive.pk).exists()
