"""Who may do what with plans and tasks.

- Viewing: ``visible_to`` — the roles on the unit's subtree, plus the tasks a user's person owns or helps
  with.
- Managing (create plans, add, assign, edit, cancel or reopen tasks): the roles of :data:`MANAGE_ROLES`
  (administrator, Home Affairs inspector, unit leader, PAR officer) on the unit's subtree.
- Reporting on a task (progress, marking it done, evidence, comments): the managers, the task's owner and its
  collaborators — an owner reports on their own task even when their role is read-only (viewer, one-stop
  officer).
"""

from django.db.models import Q

from cchc.core.errors import DomainError
from cchc.core.scoping import CHANGE, holds_role_over, role_paths
from cchc.org.models import Person, Unit
from cchc.plans.models import MANAGE_ROLES, Plan, Task

FORBIDDEN = "Bạn không có quyền thực hiện việc này với đơn vị hoặc nhiệm vụ này."


def person_of(user) -> Person | None:
    """The person record linked to a user account, if any."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_cchc_person"):
        user._cchc_person = Person.objects.filter(user=user).select_related("unit").first()
    return user._cchc_person


def can_manage_unit(user, unit: Unit) -> bool:
    return holds_role_over(user, unit, MANAGE_ROLES)


def can_manage_plan(user, plan: Plan) -> bool:
    return Plan.objects.visible_to(user, CHANGE).filter(pk=plan.pk).exists()


def can_manage_task(user, task: Task) -> bool:
    return Task.objects.visible_to(user, CHANGE).filter(pk=task.pk).exists()


def is_on_task(user, task: Task) -> bool:
    """Whether the user's person owns the task or helps with it."""
    person = person_of(user)
    if person is None:
        return False
    return task.owner_id == person.pk or task.collaborators.filter(pk=person.pk).exists()


def can_report_task(user, task: Task) -> bool:
    return is_on_task(user, task) or can_manage_task(user, task)


def require(allowed: bool) -> None:
    if not allowed:
        raise DomainError("forbidden", FORBIDDEN)


def manageable_units(user):
    """Current units the user may draw up plans for (their management roles' units and below)."""
    units = Unit.objects.filter(valid_to__isnull=True)
    if user.is_superuser:
        return units
    paths = role_paths(user, MANAGE_ROLES)
    if not paths:
        return units.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)
