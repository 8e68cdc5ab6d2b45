"""Writes of the plans app: plans, tasks (one function per transition), comments and evidence.

Every function is keyword-only and atomic, writes the task's or plan's timeline (``record_event``) in the same
transaction, and raises :class:`~cchc.core.errors.DomainError` with a Vietnamese message. ``actor`` is a
required keyword: the user acting, or :func:`cchc.core.permissions.system_actor` for the command line and the
demo; each function asks the permission door (actions registered in :mod:`cchc.plans.permissions`).

Separation of duties (``docs/plans.md``): for a task assigned from above, the owner's side reports progress,
"done" with evidence and extension requests; the assigning unit decides the deadline, title and weight,
cancels, grants or refuses extensions and confirms "done" (until then the task is "chờ xác nhận" and does not
count as done). A remediation item is decided by its source (the inspection team).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cchc.core.audit import record_event
from cchc.core.concurrency import check_version
from cchc.core.errors import DomainError
from cchc.core.notifications import notify
from cchc.core.permissions import is_system, require
from cchc.core.text import nfc
from cchc.org.models import Person, RoleAssignment, Unit
from cchc.plans import evidence as evidence_checks
from cchc.plans.areas import ReformArea
from cchc.plans.models import (
    CLOSED_STATUSES,
    MANAGE_ROLES,
    Comment,
    Evidence,
    Plan,
    PlanStatus,
    Task,
    TaskKind,
    TaskStatus,
)


def _save(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("invalid", f"{field}: {' '.join(messages)}", field=field) from exc
    obj.save()


def _required(value: str, field: str, label: str) -> str:
    value = nfc(value)
    if not value:
        raise DomainError("required", f"Chưa nhập {label}.", field=field)
    return value


def _within(unit: Unit, root: Unit) -> bool:
    return unit.path.startswith(root.path)


# ---------------------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, unit: Unit, year: int, title: str, parent: Plan | None = None, note: str = "", actor
) -> Plan:
    """An annual plan of ``unit`` for ``year`` (one per unit and year), or a component plan under
    ``parent``."""
    require(actor, "plans.plan.create", unit)
    title = _required(title, "title", "tên kế hoạch")
    if parent is not None:
        if parent.parent_id is not None:
            raise DomainError(
                "nested_component", "Kế hoạch thành phần phải thuộc một kế hoạch năm.", field="parent"
            )
        unit, year = parent.unit, parent.year
    elif Plan.objects.filter(unit=unit, year=year, parent__isnull=True).exists():
        raise DomainError("duplicate_plan", f"{unit.name} đã có kế hoạch CCHC năm {year}.", field="year")
    plan = Plan(unit=unit, year=year, title=title, parent=parent, note=nfc(note))
    _save(plan)
    record_event(plan, "created", title, unit_code=unit.code)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, title: str, note: str = "", actor) -> Plan:
    require(actor, "plans.plan.change", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.title = _required(title, "title", "tên kế hoạch")
    plan.note = nfc(note)
    _save(plan)
    return plan


def _document(number: str, day: date | None, signer: str) -> tuple[str, date, str]:
    number = _required(number, "doc_number", "số hiệu văn bản")
    if day is None:
        raise DomainError("required", "Chưa nhập ngày ban hành văn bản.", field="doc_date")
    signer = _required(signer, "doc_signer", "người ký")
    return number, day, signer


@transaction.atomic
def plan_issue(*, plan: Plan, doc_number: str, doc_date: date | None, doc_signer: str, actor) -> Plan:
    """Draft → issued, with the issuing document (number, date, signer)."""
    require(actor, "plans.plan.change", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError("not_draft", "Kế hoạch đã được ban hành; hãy ghi nhận văn bản sửa đổi, bổ sung.")
    plan.doc_number, plan.doc_date, plan.doc_signer = _document(doc_number, doc_date, doc_signer)
    plan.status = PlanStatus.ISSUED
    _save(plan)
    record_event(
        plan,
        "issued",
        f"{plan.doc_number} ngày {plan.doc_date:%d/%m/%Y} — {plan.doc_signer}",
        unit_code=plan.unit.code,
        number=plan.doc_number,
        date=plan.doc_date.isoformat(),
        signer=plan.doc_signer,
    )
    return plan


@transaction.atomic
def plan_amend(
    *, plan: Plan, doc_number: str, doc_date: date | None, doc_signer: str, note: str = "", actor
) -> Plan:
    """Issued/amended → amended, with the amending document; earlier amendments stay on the timeline."""
    require(actor, "plans.plan.change", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.DRAFT:
        raise DomainError("draft", "Kế hoạch chưa ban hành nên chưa thể sửa đổi, bổ sung.")
    number, day, signer = _document(doc_number, doc_date, doc_signer)
    if day < plan.doc_date:
        raise DomainError(
            "amend_before_issue", "Văn bản sửa đổi không thể ban hành trước kế hoạch.", field="doc_date"
        )
    plan.amendment_number, plan.amendment_date, plan.amendment_signer = number, day, signer
    plan.status = PlanStatus.AMENDED
    _save(plan)
    record_event(
        plan,
        "amended",
        f"{number} ngày {day:%d/%m/%Y} — {signer}" + (f": {nfc(note)}" if nfc(note) else ""),
        unit_code=plan.unit.code,
        number=number,
        date=day.isoformat(),
        signer=signer,
    )
    return plan


# ---------------------------------------------------------------------------------------------------------
# Tasks: creation, assignment, editing
# ---------------------------------------------------------------------------------------------------------


def _scope_root(plan: Plan | None, unit: Unit) -> Unit:
    """People and units of a task come from the plan's unit subtree (or the task's unit without a plan)."""
    return plan.unit if plan is not None else unit


def _check_people(*, root: Unit, unit: Unit, owner: Person | None, collaborators) -> None:
    if not _within(unit, root):
        raise DomainError("unit_outside", f"{unit.name} không thuộc {root.name}.", field="unit")
    if owner is not None and not _within(owner.unit, unit):
        raise DomainError(
            "owner_outside",
            f"{owner.full_name} không công tác tại {unit.name} hoặc đơn vị trực thuộc.",
            field="owner",
        )
    for person in collaborators or ():
        if not _within(person.unit, root):
            raise DomainError(
                "collaborator_outside",
                f"{person.full_name} không công tác tại {root.name} hoặc đơn vị trực thuộc.",
                field="collaborators",
            )


def _check_dates(start: date | None, deadline: date | None) -> None:
    if start and deadline and deadline < start:
        raise DomainError(
            "deadline_before_start", "Hạn hoàn thành không thể trước ngày bắt đầu.", field="deadline"
        )


def _weight(value) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError("invalid_weight", f"Trọng số không hợp lệ: {value}.", field="weight") from None
    if not weight.is_finite() or weight <= 0 or weight >= 10000:
        raise DomainError("invalid_weight", "Trọng số phải lớn hơn 0 và nhỏ hơn 10.000.", field="weight")
    return weight


def _check_area(kind: str, area: str) -> str:
    area = (area or "").strip()
    if area and area not in ReformArea.values:
        raise DomainError("invalid_area", f"Lĩnh vực “{area}” không có trong danh mục (1–8).", field="area")
    if kind == TaskKind.PLAN_TASK and not area:
        raise DomainError("required", "Chưa chọn lĩnh vực cải cách của nhiệm vụ.", field="area")
    return area


def _task_url(task: Task) -> str:
    return reverse("plans:task-detail", args=[task.pk])


def _notify_owner(task: Task, text: str) -> None:
    owner = task.owner
    if owner is not None and owner.user_id and owner.user.is_active:
        notify(user=owner.user, text=text, url=_task_url(task))


def _deadline_text(task: Task) -> str:
    return f", hạn {task.deadline:%d/%m/%Y}" if task.deadline else ""


def _assigning_unit(plan: Plan | None, unit: Unit) -> Unit | None:
    """The plan's unit when it sets the task for a unit below it (a task "assigned from above")."""
    if plan is not None and plan.unit_id != unit.pk and _within(unit, plan.unit):
        return plan.unit
    return None


def _notify_assigning_unit(task: Task, text: str) -> None:
    """Tell the managers of the unit that assigned the task (an extension request, a reported completion)."""
    assignments = RoleAssignment.objects.filter(
        unit_id=task.assigned_by_id, role__in=MANAGE_ROLES, user__is_active=True
    ).select_related("user")
    for user in {a.user for a in assignments}:
        notify(user=user, text=text, url=_task_url(task))


@transaction.atomic
def task_create(
    *,
    title: str,
    kind: str = TaskKind.PLAN_TASK,
    plan: Plan | None = None,
    unit: Unit | None = None,
    parent: Task | None = None,
    area: str = "",
    owner: Person | None = None,
    collaborators=(),
    start_date: date | None = None,
    deadline: date | None = None,
    weight=Decimal(1),
    number: str = "",
    description: str = "",
    source=None,
    actor,
) -> Task:
    """Add a task to a plan (``plan``), or a directive/remediation item of a unit (``unit``, ``source``).

    The responsible unit defaults to the owner's unit, else the parent's, else the plan's.
    """
    if kind not in TaskKind.values:
        raise DomainError("invalid_kind", f"Loại nhiệm vụ không hợp lệ: {kind}.", field="kind")
    if kind == TaskKind.PLAN_TASK and plan is None:
        raise DomainError("required", "Nhiệm vụ theo kế hoạch phải thuộc một kế hoạch.", field="plan")
    if parent is not None and parent.plan_id != (plan.pk if plan else None):
        raise DomainError("parent_plan", "Nhiệm vụ cha phải thuộc cùng kế hoạch.", field="parent")
    unit = (
        unit
        or (owner.unit if owner else None)
        or (parent.unit if parent else None)
        or (plan.unit if plan else None)
    )
    if unit is None:
        raise DomainError("required", "Chưa chọn đơn vị chủ trì.", field="unit")
    root = _scope_root(plan, unit)
    collaborators = list(collaborators or ())
    _check_people(root=root, unit=unit, owner=owner, collaborators=collaborators)
    require(actor, "plans.task.create", root)
    require(actor, "plans.task.create", unit)
    _check_dates(start_date, deadline)
    number = nfc(number)
    if number and plan is not None and Task.objects.filter(plan=plan, number=number).exists():
        raise DomainError("duplicate_number", f"Kế hoạch đã có nhiệm vụ số {number}.", field="number")
    order = (Task.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1 if plan else 0
    task = Task(
        kind=kind,
        unit=unit,
        plan=plan,
        parent=parent,
        number=number,
        title=_required(title, "title", "tên nhiệm vụ"),
        description=nfc(description),
        area=_check_area(kind, area),
        owner=owner,
        start_date=start_date,
        deadline=deadline,
        weight=_weight(weight),
        order=order,
        assigned_by=_assigning_unit(plan, unit),
    )
    if source is not None:
        task.source = source
    _save(task)
    if collaborators:
        task.collaborators.set(collaborators)
    record_event(task, "created", task.title, unit_code=unit.code, kind=kind)
    if owner is not None:
        record_event(task, "assigned", owner.full_name, unit_code=unit.code, owner=owner.pk)
        _notify_owner(task, f"Bạn được giao nhiệm vụ: {task.title}{_deadline_text(task)}.")
    return task


@transaction.atomic
def task_assign(
    *,
    task: Task,
    owner: Person | None,
    unit: Unit | None = None,
    collaborators=None,
    deadline: date | None = None,
    actor,
) -> Task:
    """Give the task to a person (and/or a unit), optionally with collaborators and a deadline.

    The responsible unit's managers pick the owner and collaborators; moving the task to another unit or
    moving its deadline is the deciding side's (``plans.task.edit``).
    """
    require(actor, "plans.task.assign", task)
    task = Task.objects.select_for_update(of=("self",)).select_related("plan__unit", "unit").get(pk=task.pk)
    if task.is_closed:
        raise DomainError("closed", "Nhiệm vụ đã kết thúc; hãy mở lại trước khi giao.")
    unit = unit or (owner.unit if owner else task.unit)
    root = _scope_root(task.plan, unit)
    collaborators = list(collaborators) if collaborators is not None else None
    _check_people(root=root, unit=unit, owner=owner, collaborators=collaborators)
    moves_unit = unit.pk != task.unit_id
    moves_deadline = deadline is not None and deadline != task.deadline
    if moves_unit or moves_deadline:
        require(actor, "plans.task.edit", task)
    if moves_unit:
        require(actor, "plans.task.create", unit)
    previous, old_deadline = task.owner, task.deadline
    task.owner, task.unit = owner, unit
    if moves_unit:
        task.assigned_by = _assigning_unit(task.plan, unit)
    if moves_deadline:
        _check_dates(task.start_date, deadline)
        task.deadline = deadline
    _save(task)
    if collaborators is not None:
        task.collaborators.set(collaborators)
    if owner is not None and owner != previous:
        record_event(task, "assigned", owner.full_name, unit_code=unit.code, owner=owner.pk)
        _notify_owner(task, f"Bạn được giao nhiệm vụ: {task.title}{_deadline_text(task)}.")
    elif owner is None and previous is not None:
        record_event(task, "unassigned", previous.full_name, unit_code=unit.code)
    if moves_deadline:
        record_event(task, "deadline_changed", _dates(old_deadline, task.deadline), unit_code=unit.code)
    return task


TASK_EDITABLE = ("title", "description", "area", "start_date", "deadline", "weight", "number", "parent")


def _attname(field: str) -> str:
    return "parent_id" if field == "parent" else field


def _dates(old: date | None, new: date | None) -> str:
    return " → ".join(f"{d:%d/%m/%Y}" if d else "—" for d in (old, new))


def _descendant_ids(task: Task) -> set[int]:
    found: set[int] = set()
    frontier = [task.pk]
    while frontier:
        children = list(Task.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in children if pk not in found]
        found.update(frontier)
    return found


@transaction.atomic
def task_update(*, task: Task, actor, version: str | None = None, **changes) -> Task:
    """Edit the task's description fields (the deciding side). Status, progress and evidence have their own
    functions; an edit never touches the evidence files.

    ``version`` is the version the edit form was read at (:mod:`cchc.core.concurrency`): when one of the
    edited fields changed since, the edit is refused with what changed in between.
    """
    unknown = set(changes) - set(TASK_EDITABLE)
    if unknown:
        raise DomainError("invalid", f"Không sửa được trường: {', '.join(sorted(unknown))}")
    require(actor, "plans.task.edit", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    check_version(task, version, fields=changes)
    before = {f: getattr(task, _attname(f)) for f in TASK_EDITABLE}
    if "title" in changes:
        task.title = _required(changes["title"], "title", "tên nhiệm vụ")
    if "description" in changes:
        task.description = nfc(changes["description"])
    if "area" in changes:
        task.area = _check_area(task.kind, changes["area"])
    if "weight" in changes:
        task.weight = _weight(changes["weight"])
    if "number" in changes:
        number = nfc(changes["number"])
        if (
            number
            and task.plan_id
            and Task.objects.filter(plan_id=task.plan_id, number=number).exclude(pk=task.pk).exists()
        ):
            raise DomainError("duplicate_number", f"Kế hoạch đã có nhiệm vụ số {number}.", field="number")
        task.number = number
    if "parent" in changes:
        parent = changes["parent"]
        if parent is not None:
            if parent.plan_id != task.plan_id:
                raise DomainError("parent_plan", "Nhiệm vụ cha phải thuộc cùng kế hoạch.", field="parent")
            if parent.pk == task.pk or parent.pk in _descendant_ids(task):
                raise DomainError("parent_cycle", "Không thể đặt nhiệm vụ dưới chính nó.", field="parent")
        task.parent = parent
    task.start_date = changes.get("start_date", task.start_date)
    task.deadline = changes.get("deadline", task.deadline)
    _check_dates(task.start_date, task.deadline)
    _save(task)
    changed = [f for f in TASK_EDITABLE if before[f] != getattr(task, _attname(f))]
    if "deadline" in changed:
        record_event(
            task, "deadline_changed", _dates(before["deadline"], task.deadline), unit_code=task.unit.code
        )
        changed.remove("deadline")
    if changed:
        record_event(task, "edited", ", ".join(changed), unit_code=task.unit.code, fields=changed)
    return task


# ---------------------------------------------------------------------------------------------------------
# Tasks: progress and status transitions
# ---------------------------------------------------------------------------------------------------------


def _locked(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("unit", "owner__user", "assigned_by")
        .get(pk=task.pk)
    )


def _has_live_children(task: Task) -> bool:
    return task.children.exclude(status=TaskStatus.CANCELLED).exists()


def _require_open(task: Task) -> None:
    if task.status in CLOSED_STATUSES:
        raise DomainError("closed", "Nhiệm vụ đã kết thúc (hoàn thành hoặc hủy); hãy mở lại nếu cần.")


@transaction.atomic
def task_report_progress(*, task: Task, progress: int, note: str = "", actor) -> Task:
    """Report a leaf task's progress (0–100 %); 100 % marks it done. A parent's progress is rolled up."""
    require(actor, "plans.task.report", task)
    task = _locked(task)
    _require_open(task)
    if _has_live_children(task):
        raise DomainError(
            "rolled_up",
            "Tiến độ của nhiệm vụ có nhiệm vụ con được tính từ các nhiệm vụ con.",
            field="progress",
        )
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise DomainError("invalid_progress", "Tiến độ phải là số nguyên từ 0 đến 100.", field="progress")
    if progress == 100:
        return task_complete(task=task, note=note, actor=actor)
    old = task.progress
    task.progress = progress
    if progress > 0 and task.status == TaskStatus.NOT_STARTED:
        task.status = TaskStatus.IN_PROGRESS
    _save(task)
    record_event(
        task,
        "progress",
        f"{old}% → {progress}%" + (f": {nfc(note)}" if nfc(note) else ""),
        unit_code=task.unit.code,
        progress=progress,
    )
    return task


@transaction.atomic
def task_complete(*, task: Task, note: str = "", at=None, actor) -> Task:
    """Mark the task done (100 %). A parent can be done only when its children are closed.

    A task assigned from above is then "chờ xác nhận" until the assigning unit confirms it
    (:func:`task_confirm`), and its managers are notified; a unit's own task is done at once. A remediation
    item is completed only by its source's service (the inspection team verifies the fix).
    """
    require(actor, "plans.task.complete", task)
    task = _locked(task)
    _require_open(task)
    if task.children.exclude(status__in=CLOSED_STATUSES).exists():
        raise DomainError("children_open", "Còn nhiệm vụ con chưa hoàn thành.")
    task.status, task.progress, task.done_at = TaskStatus.DONE, 100, at or timezone.now()
    task.extension_deadline, task.extension_reason = None, ""
    _save(task)
    record_event(task, "done", nfc(note), unit_code=task.unit.code, at=task.done_at)
    if task.set_from_above:
        _notify_assigning_unit(
            task, f"{task.unit.name} báo cáo hoàn thành nhiệm vụ, chờ xác nhận: {task.title}."
        )
    return task


@transaction.atomic
def task_confirm(*, task: Task, note: str = "", actor) -> Task:
    """The assigning unit confirms a reported completion: the task counts as done from now on."""
    require(actor, "plans.task.confirm", task)
    task = _locked(task)
    if not task.awaiting_confirmation:
        raise DomainError("not_pending", "Nhiệm vụ không ở trạng thái chờ xác nhận hoàn thành.")
    task.confirmed_at, task.confirmed_by = timezone.now(), actor.get_username()
    _save(task)
    record_event(task, "done_confirmed", nfc(note), unit_code=task.assigned_by.code)
    _notify_owner(task, f"Đơn vị giao nhiệm vụ đã xác nhận hoàn thành: {task.title}.")
    return task


@transaction.atomic
def task_refuse_completion(*, task: Task, reason: str, actor) -> Task:
    """The assigning unit does not accept a reported completion: the task is in progress again (reason
    required)."""
    require(actor, "plans.task.confirm", task)
    task = _locked(task)
    if not task.awaiting_confirmation:
        raise DomainError("not_pending", "Nhiệm vụ không ở trạng thái chờ xác nhận hoàn thành.")
    reason = _required(reason, "reason", "lý do chưa xác nhận")
    task.status, task.done_at = TaskStatus.IN_PROGRESS, None
    task.progress = min(task.progress, 99)
    _save(task)
    record_event(task, "done_refused", reason, unit_code=task.assigned_by.code)
    _notify_owner(task, f"Đơn vị giao nhiệm vụ chưa xác nhận hoàn thành: {task.title} — {reason}")
    return task


@transaction.atomic
def task_request_extension(*, task: Task, new_deadline: date | None, reason: str, actor) -> Task:
    """The owner's side asks the assigning unit to move the deadline of a task set from above."""
    require(actor, "plans.task.request_extension", task)
    task = _locked(task)
    _require_open(task)
    if new_deadline is None:
        raise DomainError("required", "Chưa nhập hạn hoàn thành đề nghị.", field="new_deadline")
    if task.deadline is not None and new_deadline <= task.deadline:
        raise DomainError(
            "not_later",
            f"Hạn đề nghị phải sau hạn hiện tại ({task.deadline:%d/%m/%Y}).",
            field="new_deadline",
        )
    _check_dates(task.start_date, new_deadline)
    task.extension_deadline = new_deadline
    task.extension_reason = _required(reason, "reason", "lý do đề nghị gia hạn")
    _save(task)
    record_event(
        task,
        "extension_requested",
        f"{_dates(task.deadline, new_deadline)}: {task.extension_reason}",
        unit_code=task.unit.code,
        deadline=new_deadline.isoformat(),
    )
    _notify_assigning_unit(
        task,
        f"{task.unit.name} đề nghị gia hạn nhiệm vụ “{task.title}” đến {new_deadline:%d/%m/%Y}: "
        f"{task.extension_reason}",
    )
    return task


@transaction.atomic
def task_decide_extension(*, task: Task, grant: bool, note: str = "", actor) -> Task:
    """The assigning unit grants (the deadline becomes the requested date) or refuses (reason required) a
    pending extension request."""
    require(actor, "plans.task.decide_extension", task)
    task = _locked(task)
    if not task.extension_requested:
        raise DomainError("no_request", "Nhiệm vụ không có đề nghị gia hạn đang chờ.")
    requested, old = task.extension_deadline, task.deadline
    if not grant:
        note = _required(note, "note", "lý do không đồng ý gia hạn")
    task.extension_deadline, task.extension_reason = None, ""
    if grant:
        task.deadline = requested
    _save(task)
    if grant:
        record_event(
            task,
            "extension_granted",
            _dates(old, requested) + (f": {nfc(note)}" if nfc(note) else ""),
            unit_code=task.assigned_by.code,
            deadline=requested.isoformat(),
        )
        _notify_owner(task, f"Nhiệm vụ “{task.title}” được gia hạn đến {requested:%d/%m/%Y}.")
    else:
        record_event(task, "extension_refused", nfc(note), unit_code=task.assigned_by.code)
        _notify_owner(task, f"Đề nghị gia hạn nhiệm vụ “{task.title}” không được đồng ý: {nfc(note)}")
    return task


@transaction.atomic
def task_cancel(*, task: Task, reason: str, actor) -> Task:
    """Cancel an open task (the deciding side), with a reason; cancelled tasks do not count in completion
    figures."""
    require(actor, "plans.task.cancel", task)
    task = _locked(task)
    _require_open(task)
    task.cancel_reason = _required(reason, "reason", "lý do hủy")
    task.status = TaskStatus.CANCELLED
    task.extension_deadline, task.extension_reason = None, ""
    _save(task)
    record_event(task, "cancelled", task.cancel_reason, unit_code=task.unit.code)
    return task


@transaction.atomic
def task_reopen(*, task: Task, reason: str = "", actor) -> Task:
    """Reopen a done or cancelled task (in progress again), the deciding side."""
    require(actor, "plans.task.reopen", task)
    task = _locked(task)
    if task.status not in CLOSED_STATUSES:
        raise DomainError("not_closed", "Nhiệm vụ đang thực hiện, không cần mở lại.")
    task.status, task.done_at, task.cancel_reason = TaskStatus.IN_PROGRESS, None, ""
    task.confirmed_at, task.confirmed_by = None, ""
    task.progress = min(task.progress, 99)
    _save(task)
    record_event(task, "reopened", nfc(reason), unit_code=task.unit.code)
    return task


# ---------------------------------------------------------------------------------------------------------
# Comments and evidence
# ---------------------------------------------------------------------------------------------------------


def _actor_label(actor) -> str:
    return actor.get_username()


def _user(actor):
    """The user account to store as author/uploader (none for the system actor)."""
    return None if is_system(actor) else actor


@transaction.atomic
def comment_add(*, task: Task, text: str, actor) -> Comment:
    require(actor, "plans.task.report", task)
    comment = Comment(
        task=task,
        author=_user(actor),
        author_label=_actor_label(actor),
        text=_required(text, "text", "nội dung ý kiến"),
    )
    _save(comment)
    record_event(task, "commented", comment.text[:200], unit_code=task.unit.code, comment=comment.pk)
    return comment


@transaction.atomic
def evidence_add(*, task: Task, uploaded, note: str = "", actor) -> Evidence:
    """Store an output/evidence file of a task after the size and type checks (:mod:`cchc.plans.evidence`)."""
    require(actor, "plans.task.report", task)
    item = Evidence(
        task=task, note=nfc(note)[:300], uploaded_by=_user(actor), uploaded_by_label=_actor_label(actor)
    )
    evidence_checks.store(item, uploaded, save=lambda: _save(item))
    record_event(task, "evidence_added", item.original_name, unit_code=task.unit.code, evidence=item.pk)
    return item
