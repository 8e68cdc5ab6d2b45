"""Reads of the plans app: completion, weighted roll-up, deadlines on the unit calendar, work lists.

:func:`completion` takes *any* queryset of tasks, so that "42/56 = 75%" for a plan and "remediation 8/10
closed" for an inspection are the same selector. Counted tasks are those of ``TaskQuerySet.counted``: not
cancelled, and without a child that is not cancelled (a parent is the sum of its children, not one more task).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.core.indicators import Ratio
from cchc.core.numbers import percent
from cchc.core.text import vn_sort_key
from cchc.org.models import Person, Unit
from cchc.plans import conf
from cchc.plans.deadlines import (
    Calendars,
    effective_deadline,
    is_overdue,
    working_days_left,
    working_days_overdue,
)
from cchc.plans.models import CLOSED_STATUSES, DONE_COUNTED, DONE_PENDING, Plan, Task, TaskKind, TaskStatus


def today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# Completion over any set of tasks
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """``done`` counts only confirmed completions of tasks set from above (a unit's own tasks at once);
    ``pending`` are the ones reported done and awaiting the assigning unit's confirmation (chờ xác nhận)."""

    total: int
    done: int
    overdue: int
    pending: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.done, self.total)

    def ratio(self, records_url: str = "") -> Ratio:
        return Ratio(self.done, self.total, records_url)


def overdue_task_ids(tasks: QuerySet, *, on: date, calendars: Calendars | None = None) -> set[int]:
    """Ids of the open tasks of ``tasks`` that are overdue on ``on`` (unit calendars; one query)."""
    calendars = calendars or Calendars()
    candidates = tasks.exclude(status__in=CLOSED_STATUSES).filter(deadline__lt=on).select_related("unit")
    return {t.pk for t in candidates if is_overdue(t.deadline, on, calendars.for_unit(t.unit))}


def completion(tasks: QuerySet, *, on: date | None = None, calendars: Calendars | None = None) -> Completion:
    """Counted, done and overdue tasks of any task queryset (plan tasks, remediation items...)."""
    counted = tasks.counted()
    figures = counted.aggregate(
        total=Count("pk"), done=Count("pk", filter=DONE_COUNTED), pending=Count("pk", filter=DONE_PENDING)
    )
    overdue = overdue_task_ids(counted, on=on or today(), calendars=calendars)
    return Completion(figures["total"], figures["done"], len(overdue), figures["pending"])


def completion_by(
    tasks: QuerySet, key, *, on: date | None = None, calendars: Calendars | None = None
) -> dict[object, Completion]:
    """:func:`completion` per group (``key``: a lookup such as ``"plan__unit"`` or an expression).

    Two queries whatever the number of groups.
    """
    on = on or today()
    calendars = calendars or Calendars()
    counted = tasks.counted().annotate(group_key=F(key) if isinstance(key, str) else key)
    rows = counted.values("group_key").annotate(
        total=Count("pk"), done=Count("pk", filter=DONE_COUNTED), pending=Count("pk", filter=DONE_PENDING)
    )
    overdue: dict[object, int] = defaultdict(int)
    candidates = counted.exclude(status__in=CLOSED_STATUSES).filter(deadline__lt=on).select_related("unit")
    for task in candidates:
        if is_overdue(task.deadline, on, calendars.for_unit(task.unit)):
            overdue[task.group_key] += 1
    return {
        r["group_key"]: Completion(r["total"], r["done"], overdue[r["group_key"]], r["pending"])
        for r in rows.order_by()
    }


def plan_scope(unit: Unit, year: int) -> QuerySet:
    """The tasks of the plans OF ``unit`` for ``year``: its annual plan and the component plans under it."""
    return Task.objects.filter(plan__unit=unit, plan__year=year)


# ---------------------------------------------------------------------------------------------------------
# One task's state on a date, and the weighted roll-up
# ---------------------------------------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    depth: int = 0
    progress: Decimal = Decimal(0)
    has_children: bool = False
    overdue: bool = False
    days_left: int | None = None
    days_overdue: int = 0
    done_late: bool = False
    helping: bool = False  # the viewer helps with the task rather than owning it (my work)
    children: list["TaskRow"] = field(default_factory=list)

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and self.days_left <= conf.remind_days() and not self.task.is_closed


def task_state(task: Task, *, on: date, calendars: Calendars) -> TaskRow:
    row = TaskRow(task=task, progress=Decimal(100 if task.status == TaskStatus.DONE else task.progress))
    if task.deadline is None or task.status == TaskStatus.CANCELLED:
        return row
    calendar = calendars.for_unit(task.unit)
    if task.status == TaskStatus.DONE:
        done_on = timezone.localtime(task.done_at).date() if task.done_at else None
        row.done_late = done_on is not None and done_on > effective_deadline(task.deadline, calendar)
        return row
    row.overdue = is_overdue(task.deadline, on, calendar)
    row.days_left = working_days_left(task.deadline, on, calendar)
    row.days_overdue = working_days_overdue(task.deadline, on, calendar)
    return row


def _weighted(rows: list[TaskRow]) -> Decimal | None:
    live = [r for r in rows if r.task.status != TaskStatus.CANCELLED]
    weight = sum((r.task.weight for r in live), Decimal(0))
    if not weight:
        return None
    return sum((r.progress * r.task.weight for r in live), Decimal(0)) / weight


def build_tree(tasks: list[Task], *, on: date, calendars: Calendars) -> list[TaskRow]:
    """Rows of a task forest with rolled-up progress: a parent is the weighted mean of its children that
    are not cancelled (done = 100 %); a task without such children keeps its own progress."""
    rows = {t.pk: task_state(t, on=on, calendars=calendars) for t in tasks}
    roots: list[TaskRow] = []
    for task in tasks:
        parent = rows.get(task.parent_id)
        (parent.children if parent else roots).append(rows[task.pk])

    def roll(row: TaskRow, depth: int) -> None:
        row.depth = depth
        for child in row.children:
            roll(child, depth + 1)
        rolled = _weighted(row.children)
        if rolled is not None:
            row.has_children = True
            if row.task.status != TaskStatus.DONE:
                row.progress = rolled

    for root in roots:
        roll(root, 0)
    return roots


def flatten(rows: list[TaskRow]) -> list[TaskRow]:
    out: list[TaskRow] = []
    for row in rows:
        out.append(row)
        out.extend(flatten(row.children))
    return out


def _plan_tasks(plans) -> list[Task]:
    return list(
        Task.objects.filter(plan__in=plans)
        .select_related("unit", "owner", "plan")
        .order_by("plan_id", "order", "id")
    )


@dataclass
class PlanView:
    plan: Plan
    rows: list[TaskRow]
    progress: Decimal | None
    completion: Completion
    components: list["PlanView"] = field(default_factory=list)


def plan_view(plan: Plan, *, on: date | None = None, calendars: Calendars | None = None) -> PlanView:
    """A plan with its task tree, its component plans, weighted progress and completion (the plan and its
    components)."""
    on = on or today()
    calendars = calendars or Calendars()
    components = list(plan.components.select_related("unit").order_by("id"))
    tasks = _plan_tasks([plan, *components])
    by_plan: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_plan[task.plan_id].append(task)

    def view(p: Plan, scope: QuerySet, extra_roots=()) -> PlanView:
        roots = build_tree(by_plan[p.pk], on=on, calendars=calendars)
        figures = completion(scope, on=on, calendars=calendars)
        return PlanView(p, flatten(roots), _weighted([*roots, *extra_roots]), figures)

    parts = [view(c, Task.objects.filter(plan=c)) for c in components]
    component_roots = [r for part in parts for r in part.rows if r.depth == 0]
    main = view(plan, Task.objects.filter(Q(plan=plan) | Q(plan__parent=plan)), component_roots)
    main.components = parts
    return main


def task_rows(
    tasks: QuerySet, *, on: date | None = None, calendars: Calendars | None = None
) -> list[TaskRow]:
    """Flat rows (no tree) with each task's deadline state; parents' progress is rolled up from their
    children."""
    on = on or today()
    calendars = calendars or Calendars()
    items = list(tasks.select_related("unit", "owner", "plan"))
    rows = [task_state(t, on=on, calendars=calendars) for t in items]
    parent_ids = _parent_ids(items)
    parents = [r for r in rows if r.task.pk in parent_ids]
    if parents:
        subtree = _plan_tasks({r.task.plan_id for r in parents if r.task.plan_id})
        tree = {r.task.pk: r for r in flatten(build_tree(subtree, on=on, calendars=calendars))}
        for row in parents:
            if row.task.pk in tree:
                row.progress, row.has_children = tree[row.task.pk].progress, True
    return rows


def _parent_ids(tasks: list[Task]) -> set[int]:
    ids = [t.pk for t in tasks]
    return set(Task.objects.filter(parent_id__in=ids).values_list("parent_id", flat=True))


def due_order(row: TaskRow) -> tuple:
    """Due soon first: open tasks by deadline (none last), then closed ones."""
    task = row.task
    return (task.is_closed, task.deadline is None, task.deadline or date.max, task.order, task.pk)


# ---------------------------------------------------------------------------------------------------------
# Work lists
# ---------------------------------------------------------------------------------------------------------


def my_work(user, *, on: date | None = None, done_days: int = 30) -> dict:
    """The tasks the user's person owns or helps with: open ones due soon first, then those done lately."""
    on = on or today()
    person = Person.objects.filter(user=user).first()
    if person is None:
        return {"person": None, "open": [], "done": []}
    mine = Task.objects.visible_to(user).filter(Q(owner=person) | Q(collaborators=person)).distinct()
    calendars = Calendars()
    open_rows = sorted(
        task_rows(mine.exclude(status__in=CLOSED_STATUSES), on=on, calendars=calendars), key=due_order
    )
    since = timezone.now() - timedelta(days=done_days)
    done_rows = task_rows(
        mine.filter(status=TaskStatus.DONE, done_at__gte=since).order_by("-done_at"),
        on=on,
        calendars=calendars,
    )
    for row in open_rows + done_rows:
        row.helping = row.task.owner_id != person.pk
    return {"person": person, "open": open_rows, "done": done_rows}


STATUS_COLUMNS = ("not_started", "in_progress", "overdue", "done", "cancelled")


def year_filter(year: int) -> Q:
    """Tasks of a year: of that year's plans, or (without a plan) due that year or with no deadline."""
    return (
        Q(plan__year=year)
        | Q(plan__isnull=True, deadline__year=year)
        | Q(plan__isnull=True, deadline__isnull=True)
    )


def display_status(row: TaskRow) -> str:
    """``overdue`` for an open task past its deadline, else the stored status."""
    return "overdue" if row.overdue else row.task.status


def unit_board(user, unit: Unit, *, year: int, on: date | None = None) -> dict:
    """A unit leader's view: the tasks of the unit (and below) by owner and status."""
    on = on or today()
    tasks = Task.objects.visible_to(user).filter(unit__path__startswith=unit.path).filter(year_filter(year))
    rows = task_rows(tasks.leaves(), on=on)
    by_person: dict[int | None, dict] = {}
    for row in rows:
        owner = row.task.owner
        entry = by_person.setdefault(
            owner.pk if owner else None,
            {"person": owner, "counts": dict.fromkeys(STATUS_COLUMNS, 0), "total": 0},
        )
        entry["counts"][display_status(row)] += 1
        entry["total"] += 1
    people = sorted(
        by_person.values(),
        key=lambda e: (e["person"] is None, vn_sort_key(e["person"].full_name if e["person"] else "")),
    )
    totals = dict.fromkeys(STATUS_COLUMNS, 0)
    for entry in people:
        for key, value in entry["counts"].items():
            totals[key] += value
    return {"people": people, "totals": totals, "total": len(rows)}


def filter_rows(user, params, *, on: date | None = None) -> tuple[list[TaskRow], dict]:
    """The task list behind every clickable number: one filter for the list page and its export.

    Parameters (all optional): ``plan_unit`` + ``year`` (tasks of the plans of that unit and year),
    ``unit`` (responsible unit and below), ``year``, ``area``, ``person`` (owner id, ``none`` for no owner),
    ``status`` (a status, ``overdue`` or ``open``; "not started"/"in progress" leave out the overdue ones, as
    the boards count them), ``kind``, ``plan``; ``counted=1`` keeps the counted tasks, ``leaves=1`` the tasks
    without live children.
    """
    on = on or today()
    tasks = Task.objects.visible_to(user)
    applied: dict = {}
    year = params.get("year", "")
    plan_unit = params.get("plan_unit", "")
    if plan_unit and year.isdigit():
        unit = Unit.objects.visible_to(user).filter(code=plan_unit).first()
        tasks = tasks.filter(plan__unit=unit, plan__year=int(year)) if unit else tasks.none()
        applied.update(plan_unit=unit, year=int(year))
    elif year.isdigit():
        tasks = tasks.filter(year_filter(int(year)))
        applied["year"] = int(year)
    if params.get("unit"):
        unit = Unit.objects.visible_to(user).filter(code=params["unit"]).first()
        tasks = tasks.filter(unit__path__startswith=unit.path) if unit else tasks.none()
        applied["unit"] = unit
    if params.get("plan", "").isdigit():
        tasks = tasks.filter(plan_id=int(params["plan"]))
    if params.get("area"):
        tasks = tasks.filter(area=params["area"])
        applied["area"] = params["area"]
    person = params.get("person", "")
    if person == "none":
        tasks = tasks.filter(owner__isnull=True)
    elif person.isdigit():
        tasks = tasks.filter(owner_id=int(person))
        applied["person"] = Person.objects.visible_to(user).filter(pk=int(person)).first()
    if params.get("kind") in TaskKind.values:
        tasks = tasks.filter(kind=params["kind"])
    if params.get("counted") == "1":
        tasks = tasks.counted()
    elif params.get("leaves") == "1":
        tasks = tasks.leaves()
    status = params.get("status", "")
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    elif status == "open":
        tasks = tasks.exclude(status__in=CLOSED_STATUSES)
    applied["status"] = status
    rows = task_rows(tasks.distinct().order_by("plan_id", "order", "id"), on=on)
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    elif status in ("not_started", "in_progress"):  # as on the boards: an overdue task counts as overdue
        rows = [r for r in rows if not r.overdue]
    return rows, applied


# ---------------------------------------------------------------------------------------------------------
# Home Affairs: completion of every unit below, side by side
# ---------------------------------------------------------------------------------------------------------


@dataclass
class UnitCompletion:
    unit: Unit
    completion: Completion
    plan: Plan | None


def overview(user, unit: Unit, *, year: int, on: date | None = None) -> dict:
    """Completion of each unit in ``unit``'s subtree that has a plan for ``year``, best first; and the current
    units directly below ``unit`` that have none."""
    on = on or today()
    calendars = Calendars()
    plans = list(
        Plan.objects.visible_to(user)
        .filter(year=year, parent__isnull=True, unit__path__startswith=unit.path)
        .select_related("unit")
    )
    scope = Task.objects.visible_to(user).filter(plan__year=year, plan__unit__in=[p.unit for p in plans])
    figures = completion_by(scope, "plan__unit", on=on, calendars=calendars)
    rows = [UnitCompletion(p.unit, figures.get(p.unit_id, Completion(0, 0, 0)), p) for p in plans]
    rows.sort(
        key=lambda r: (r.completion.percent is None, -(r.completion.percent or 0), vn_sort_key(r.unit.name))
    )
    with_plan = {p.unit_id for p in plans}
    missing = [
        u
        for u in Unit.objects.visible_to(user).filter(parent=unit, valid_to__isnull=True).order_by("name")
        if u.pk not in with_plan
    ]
    missing.sort(key=lambda u: vn_sort_key(u.name))
    return {"rows": rows, "missing": missing}


def plans_for(user, *, year: int | None = None, unit: Unit | None = None) -> QuerySet:
    plans = Plan.objects.visible_to(user).filter(parent__isnull=True).select_related("unit")
    if year:
        plans = plans.filter(year=year)
    if unit is not None:
        plans = plans.filter(unit__path__startswith=unit.path)
    return plans.prefetch_related(Prefetch("components", queryset=Plan.objects.order_by("id")))
