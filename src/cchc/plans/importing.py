"""Bulk import of tasks into a plan from the task sheet (:mod:`cchc.plans.tasksheet`), all or nothing.

A row whose ``number`` already exists in the plan updates that task (title, area, dates, weight, description,
parent, owner, unit, collaborators; never its status, progress or evidence), so importing the same file twice
changes nothing. Every problem of the file is reported as ``FILE:LINE: column: reason``; if there is one,
nothing is written.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from cchc.core.errors import DomainError
from cchc.core.parsing import ParseError, parse_decimal
from cchc.core.permissions import require
from cchc.org.models import Person, Unit
from cchc.plans import services
from cchc.plans.areas import ReformArea
from cchc.plans.models import Plan, Task
from cchc.plans.tasksheet import Problem

_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

#: Service error fields → sheet columns.
_FIELD_COLUMN = {
    "start_date": "start",
    "plan": "number",
    "reason": "number",
    None: "number",
    "kind": "number",
}


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0


@dataclass
class _Row:
    line: int
    number: str
    parent: str
    title: str
    area: str
    unit: Unit | None
    owner: Person | None
    collaborators: list[Person] = field(default_factory=list)
    start: date | None = None
    deadline: date | None = None
    weight: Decimal = Decimal(1)
    description: str = ""


def parse_day(text: str) -> date:
    """``dd/mm/yyyy`` (one or two digits for day and month) or ``yyyy-mm-dd``."""
    value = text.strip()
    match = _VN_DATE.match(value)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO_DATE.match(value)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"không có ngày này: {value!r}") from None
    raise ValueError(f"không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd): {value!r}")


class _People:
    """People of the plan's unit subtree, found by username, e-mail or full name."""

    def __init__(self, root: Unit):
        self.people = list(
            Person.objects.filter(unit__path__startswith=root.path, active=True).select_related(
                "user", "unit"
            )
        )
        self.root = root

    def find(self, text: str) -> Person:
        key = text.strip().casefold()
        by_login = [p for p in self.people if p.user and p.user.username.casefold() == key]
        by_mail = [p for p in self.people if p.email and p.email.casefold() == key]
        by_name = [p for p in self.people if p.full_name.casefold() == key]
        for matches in (by_login, by_mail, by_name):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValueError(
                    f"có {len(matches)} người trùng “{text}” tại {self.root.name}; "
                    "hãy ghi tên đăng nhập hoặc e-mail"
                )
        raise ValueError(f"không tìm thấy người “{text}” tại {self.root.name} hoặc đơn vị trực thuộc")


def _unit(text: str, root: Unit) -> Unit:
    code = text.strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None and code.isdigit():
        unit = (
            Unit.objects.filter(code=code.zfill(5)).first() or Unit.objects.filter(code=code.zfill(2)).first()
        )
    if unit is None:
        raise ValueError(f"không có đơn vị mã {code!r}")
    if not unit.path.startswith(root.path):
        raise ValueError(f"{unit.name} không thuộc {root.name}")
    return unit


def _validate(rows, plan: Plan, problems: list[Problem]) -> list[_Row]:
    people = _People(plan.unit)
    existing = set(Task.objects.filter(plan=plan).exclude(number="").values_list("number", flat=True))
    seen: set[str] = set()
    valid: list[_Row] = []
    for line, cells in rows:
        row_problems: list[Problem] = []

        def bad(column: str, reason: str, line=line, row_problems=row_problems) -> None:
            row_problems.append(Problem(line, column, reason))

        number = cells.get("number", "").strip()
        if not number:
            bad("number", "bắt buộc")
        elif number in seen:
            bad("number", f"số thứ tự {number} bị lặp lại trong tệp")
        seen.add(number)
        parent = cells.get("parent", "").strip()
        if parent and parent == number:
            bad("parent", "nhiệm vụ không thể là cha của chính nó")
        elif parent and parent not in seen and parent not in existing:
            bad("parent", f"không có nhiệm vụ số {parent} ở các dòng trên hoặc trong kế hoạch")
        title = cells.get("title", "").strip()
        if not title:
            bad("title", "bắt buộc")
        elif len(title) > 500:
            bad("title", f"dài hơn 500 ký tự ({len(title)})")
        area = cells.get("area", "").strip()
        if not area:
            bad("area", "bắt buộc")
        elif area not in ReformArea.values:
            bad("area", f"không phải mã lĩnh vực 1–8: {area!r}")
        unit = owner = None
        if cells.get("unit", "").strip():
            try:
                unit = _unit(cells["unit"], plan.unit)
            except ValueError as exc:
                bad("unit", str(exc))
        if cells.get("owner", "").strip():
            try:
                owner = people.find(cells["owner"])
            except ValueError as exc:
                bad("owner", str(exc))
        collaborators = []
        for name in filter(None, (n.strip() for n in cells.get("collaborators", "").split(";"))):
            try:
                collaborators.append(people.find(name))
            except ValueError as exc:
                bad("collaborators", str(exc))
        dates = {}
        for column in ("start", "deadline"):
            text = cells.get(column, "").strip()
            dates[column] = None
            if text:
                try:
                    dates[column] = parse_day(text[:10] if "T" in text else text)
                except ValueError as exc:
                    bad(column, str(exc))
        if dates["start"] and dates["deadline"] and dates["deadline"] < dates["start"]:
            bad("deadline", "hạn hoàn thành trước ngày bắt đầu")
        weight = Decimal(1)
        if cells.get("weight", "").strip():
            try:
                weight = parse_decimal(cells["weight"])
                if weight <= 0 or weight >= 10000:
                    bad("weight", f"phải lớn hơn 0 và nhỏ hơn 10000: {cells['weight']!r}")
            except ParseError:
                bad("weight", f"không phải số: {cells['weight']!r}")
        if row_problems:
            problems.extend(row_problems)
            continue
        valid.append(
            _Row(
                line,
                number,
                parent,
                title,
                area,
                unit,
                owner,
                collaborators,
                dates["start"],
                dates["deadline"],
                weight,
                cells.get("description", "").strip(),
            )
        )
    return valid


def _apply(row: _Row, plan: Plan, actor, result: ImportResult) -> None:
    parent = Task.objects.get(plan=plan, number=row.parent) if row.parent else None
    task = Task.objects.filter(plan=plan, number=row.number).select_related("unit").first()
    if task is None:
        services.task_create(
            plan=plan,
            number=row.number,
            parent=parent,
            title=row.title,
            area=row.area,
            unit=row.unit,
            owner=row.owner,
            collaborators=row.collaborators,
            start_date=row.start,
            deadline=row.deadline,
            weight=row.weight,
            description=row.description,
            actor=actor,
        )
        result.created += 1
        return
    changes = {
        "title": row.title,
        "area": row.area,
        "start_date": row.start,
        "deadline": row.deadline,
        "weight": row.weight,
        "description": row.description,
        "parent": parent,
    }
    differs = {
        k: v
        for k, v in changes.items()
        if getattr(task, "parent_id" if k == "parent" else k) != (v.pk if k == "parent" and v else v)
    }
    unit = row.unit or (row.owner.unit if row.owner else task.unit)
    assignment = (
        task.owner_id != (row.owner.pk if row.owner else None)
        or task.unit_id != unit.pk
        or {p.pk for p in task.collaborators.all()} != {p.pk for p in row.collaborators}
    )
    if differs:
        services.task_update(task=task, actor=actor, **differs)
    if assignment:
        services.task_assign(
            task=task, owner=row.owner, unit=unit, collaborators=row.collaborators, actor=actor
        )
    if differs or assignment:
        result.updated += 1
    else:
        result.unchanged += 1


@transaction.atomic
def import_tasks(*, plan: Plan, rows, header_problems=(), actor) -> ImportResult:
    """Import the rows of a task sheet into ``plan``; raises :class:`ImportRejected` with every problem.
    ``actor`` is the user importing (or the command line's system actor); the plan's managers may."""
    require(actor, "plans.plan.change", plan)
    if header_problems:
        raise ImportRejected(list(header_problems))
    problems: list[Problem] = []
    valid = _validate(rows, plan, problems)
    if problems:
        raise ImportRejected(problems)
    result = ImportResult(rows=len(valid))
    for row in valid:
        try:
            with transaction.atomic():
                _apply(row, plan, actor, result)
        except DomainError as exc:
            problems.append(Problem(row.line, _FIELD_COLUMN.get(exc.field, exc.field), exc.message))
    if problems:  # raising out of the atomic block undoes the rows already written
        raise ImportRejected(problems)
    return result


def plan_by_options(*, unit_code: str | None, year: int | None, plan_id: int | None) -> Plan:
    """The target plan of the command line: ``--plan ID`` or the annual plan of ``--unit`` and ``--year``."""
    if plan_id is not None:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise LookupError(f"--plan: no plan {plan_id}")
        return plan
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise LookupError(f"--unit: unknown unit {unit_code}")
    plan = Plan.objects.filter(Q(unit=unit), year=year, parent__isnull=True).first()
    if plan is None:
        raise LookupError(f"--year: unit {unit_code} has no PAR plan for {year}")
    return plan
