"""Parents roll progress up from their children by weight; plans from their tasks and component plans."""

from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.core.permissions import system_actor
from cchc.plans import services
from cchc.plans.selectors import plan_view
from tests.plans.conftest import make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def _row(view, task):
    return next(r for r in view.rows if r.task.pk == task.pk)


def test_parent_progress_is_the_weighted_mean_of_its_children(plan):
    parent = make_task(plan, "Cha")
    a = make_task(plan, "Con A", parent=parent, weight=3)
    b = make_task(plan, "Con B", parent=parent, weight=1)
    services.task_report_progress(task=a, progress=40, actor=SYSTEM)
    services.task_complete(task=b, actor=SYSTEM)
    row = _row(plan_view(plan), parent)
    assert row.has_children
    assert row.progress == Decimal(55)  # (3 × 40 + 1 × 100) / 4


def test_cancelled_children_leave_the_roll_up(plan):
    parent = make_task(plan, "Cha")
    done = make_task(plan, "Xong", parent=parent)
    dropped = make_task(plan, "Bỏ", parent=parent, weight=5)
    services.task_complete(task=done, actor=SYSTEM)
    services.task_cancel(task=dropped, reason="Không còn phù hợp", actor=SYSTEM)
    assert _row(plan_view(plan), parent).progress == Decimal(100)


def test_roll_up_goes_through_several_levels(plan):
    top = make_task(plan, "Cấp 1")
    middle = make_task(plan, "Cấp 2", parent=top)
    leaf_a = make_task(plan, "Cấp 3 A", parent=middle)
    make_task(plan, "Cấp 3 B", parent=middle)
    sibling = make_task(plan, "Cấp 2 khác", parent=top)
    services.task_report_progress(task=leaf_a, progress=50, actor=SYSTEM)
    services.task_complete(task=sibling, actor=SYSTEM)
    view = plan_view(plan)
    assert _row(view, middle).progress == Decimal(25)
    assert _row(view, top).progress == Decimal("62.5")
    assert [r.depth for r in view.rows] == [0, 1, 2, 2, 1]


def test_plan_progress_weighs_its_root_tasks_and_component_plans(plan):
    services.task_complete(task=make_task(plan, "Nặng", weight=2), actor=SYSTEM)
    make_task(plan, "Nhẹ", weight=1)
    component = services.plan_create(
        unit=plan.unit, year=plan.year, title="Kế hoạch tuyên truyền", parent=plan, actor=SYSTEM
    )
    services.task_report_progress(
        task=make_task(component, "Tuyên truyền", weight=1), progress=50, actor=SYSTEM
    )
    view = plan_view(plan)
    assert view.progress == Decimal("62.5")  # (2 × 100 + 1 × 0 + 1 × 50) / 4
    assert (view.completion.done, view.completion.total) == (1, 3)
    assert view.components[0].completion.total == 1


def test_a_parents_own_progress_cannot_be_reported(plan):
    parent = make_task(plan, "Cha")
    make_task(plan, "Con", parent=parent)
    with pytest.raises(DomainError) as exc:
        services.task_report_progress(task=parent, progress=30, actor=SYSTEM)
    assert "nhiệm vụ con" in exc.value.message


def test_a_parent_is_done_only_when_its_children_are_closed(plan):
    parent = make_task(plan, "Cha")
    child = make_task(plan, "Con", parent=parent)
    with pytest.raises(DomainError):
        services.task_complete(task=parent, actor=SYSTEM)
    services.task_complete(task=child, actor=SYSTEM)
    assert services.task_complete(task=parent, actor=SYSTEM).status == "done"


def test_reporting_100_percent_marks_the_task_done(plan):
    task = services.task_report_progress(task=make_task(plan), progress=100, actor=SYSTEM)
    assert task.status == "done" and task.done_at is not None
