"""Who may do what with plans and tasks, registered with the permission door (:mod:`cchc.core.permissions`).

- Viewing: ``visible_to`` — the roles on the unit's subtree, plus the tasks a user's person owns or helps
  with.
- Managers are the roles of :data:`MANAGE_ROLES` (administrator, Home Affairs inspector, unit leader, PAR
  officer) on a unit or above it.
- Separation of duties: the side that *decides* a task (its deadline, title, weight, cancelling, reopening,
  extensions, confirming "done") is
  - for a task whose source governs it (an inspection finding): whoever that source names (the inspection
    team), asked through ``source.task_decided_by(user)``;
  - for a task assigned from above (``assigned_by``): the managers of the assigning unit;
  - otherwise (a unit's own task): the managers of the responsible unit.
  The side that *reports* (progress, "done" with evidence, comments, an extension request) is the task's
  owner and collaborators and the managers of the responsible unit — an owner reports on their own task even
  when their role is read-only (viewer, one-stop officer).
"""

from django.db.models import Q

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over, role_paths
from cchc.org.models import Person, Unit
from cchc.plans.models import MANAGE_ROLES, Plan, Task


def person_of(user) -> Person | None:
    """The person record linked to a user account, if any."""
    if user is None or not user.is_authenticated or getattr(user, "is_system", False):
        return None
    if not hasattr(user, "_cchc_person"):
        user._cchc_person = Person.objects.filter(user=user).select_related("unit").first()
    return user._cchc_person


def manages(user, unit: Unit | None) -> bool:
    return unit is not None and holds_role_over(user, unit, MANAGE_ROLES)


def is_on_task(user, task: Task) -> bool:
    """Whether the user's person owns the task or helps with it."""
    person = person_of(user)
    if person is None:
        return False
    return task.owner_id == person.pk or task.collaborators.filter(pk=person.pk).exists()


def governing_source(task: Task):
    """The object that decides the task instead of the plans rules (an inspection finding), if any."""
    if not task.source_type_id:
        return None
    source = task.source
    return source if hasattr(source, "task_decided_by") else None


def decides(user, task: Task) -> bool:
    source = governing_source(task)
    if source is not None:
        return bool(source.task_decided_by(user))
    if task.assigned_by_id:
        return manages(user, task.assigned_by)
    return manages(user, task.unit)


def reports(user, task: Task) -> bool:
    return manages(user, task.unit) or is_on_task(user, task)


DECIDER = (
    "the inspection team for a remediation item; for a task assigned from above, the managers of the "
    "assigning unit; otherwise the managers of the responsible unit"
)


@permission("plans.plan.create", who="managers (admin, inspector, leader, PAR officer) of the unit or above")
def _may_create_plan(user, unit: Unit) -> bool:
    return manages(user, unit)


@permission("plans.plan.change", who="managers of the plan's unit or above")
def _may_change_plan(user, plan: Plan) -> bool:
    return manages(user, plan.unit)


@permission("plans.task.create", who="managers of the unit or above (the plan's unit and the task's unit)")
def _may_create_task(user, unit: Unit) -> bool:
    return manages(user, unit)


@permission("plans.task.edit", who=DECIDER)
def _may_edit(user, task: Task) -> bool:
    return decides(user, task)


@permission("plans.task.cancel", who=DECIDER + " (with a reason)")
def _may_cancel(user, task: Task) -> bool:
    return decides(user, task)


@permission("plans.task.reopen", who=DECIDER)
def _may_reopen(user, task: Task) -> bool:
    return decides(user, task)


@permission(
    "plans.task.assign",
    who="managers of the responsible unit (owner and collaborators); moving the deadline or the unit also "
    "needs plans.task.edit",
)
def _may_assign(user, task: Task) -> bool:
    return manages(user, task.unit)


@permission(
    "plans.task.report",
    who="the owner, the collaborators and the managers of the responsible unit",
)
def _may_report(user, task: Task) -> bool:
    return reports(user, task)


@permission(
    "plans.task.complete",
    who="the reporting side (owner, collaborators, managers of the responsible unit); a remediation item is "
    "closed by the inspection team",
)
def _may_complete(user, task: Task) -> bool:
    source = governing_source(task)
    if source is not None:
        return bool(source.task_decided_by(user))
    return reports(user, task)


@permission(
    "plans.task.confirm",
    who="managers of the unit that assigned the task from above (confirm or refuse a reported completion)",
)
def _may_confirm(user, task: Task) -> bool:
    return task.assigned_by_id is not None and manages(user, task.assigned_by)


@permission(
    "plans.task.request_extension",
    who="for a task assigned from above: the owner, collaborators and managers of the responsible unit",
)
def _may_request_extension(user, task: Task) -> bool:
    return task.assigned_by_id is not None and reports(user, task)


@permission(
    "plans.task.decide_extension",
    who="managers of the unit that assigned the task from above (grant or refuse an extension)",
)
def _may_decide_extension(user, task: Task) -> bool:
    return task.assigned_by_id is not None and manages(user, task.assigned_by)


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
