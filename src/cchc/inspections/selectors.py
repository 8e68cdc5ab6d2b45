"""Reads of the inspections app: the live figures of a checklist, the remediation summary of an inspection
(``cchc report remediation``) and the follow-up of open findings."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cchc.core import indicators
from cchc.core.numbers import json_number, percent
from cchc.inspections.models import Finding, FindingKind, Inspection, InspectionStatus
from cchc.plans.models import Task, TaskKind, TaskStatus
from cchc.plans.selectors import completion


def live_figures(inspection: Inspection) -> dict[str, indicators.Ratio | None]:
    """The figures named by the checklist's items, for the inspected unit's subtree and the plan's year,
    read through the indicator registry (the same functions the statistics and plans pages use)."""
    names = sorted(set(inspection.checklist.exclude(figure="").values_list("figure", flat=True)))
    figures = {}
    for name in names:
        try:
            figures[name] = indicators.evaluate(name, inspection.unit, inspection.plan.year)
        except KeyError:
            figures[name] = None
    return figures


def remediation_tasks(findings) -> "Task.objects":
    ids = [str(pk) for pk in findings.values_list("pk", flat=True)]
    return Task.objects.filter(
        kind=TaskKind.REMEDIATION, source_type=ContentType.objects.get_for_model(Finding), source_id__in=ids
    )


def remediation_summary(inspection: Inspection, *, on: date | None = None) -> dict:
    """The contract's figures: ``inspection``, ``unit``, ``findings``, ``items_total``, ``items_closed``,
    ``items_overdue``, ``percent_closed``.

    ``findings`` counts the shortcomings (each becomes one remediation item when the notice is issued);
    closed = verified by the inspector (the task is done); overdue = not closed and past its deadline (moved
    to the next working day when it falls on a day off), judged on ``on`` (default today).
    """
    shortcomings = inspection.findings.filter(kind=FindingKind.SHORTCOMING)
    figures = completion(remediation_tasks(shortcomings), on=on or timezone.localdate())
    return {
        "inspection": inspection.pk,
        "unit": inspection.unit.code,
        "findings": shortcomings.count(),
        "items_total": figures.total,
        "items_closed": figures.done,
        "items_overdue": figures.overdue,
        "percent_closed": json_number(percent(figures.done, figures.total)),
    }


@dataclass
class OpenFinding:
    finding: Finding
    task: Task | None
    age_days: int
    overdue: bool


def open_findings(inspections, *, on: date | None = None) -> list[OpenFinding]:
    """Shortcomings of issued inspections whose remediation is not closed, oldest notice first."""
    on = on or timezone.localdate()
    findings = (
        Finding.objects.filter(
            inspection__in=inspections,
            inspection__status=InspectionStatus.ISSUED,
            kind=FindingKind.SHORTCOMING,
        )
        .select_related("inspection__unit", "inspection__plan", "recurrence_of")
        .order_by("inspection__notice_date", "inspection__unit__code", "position")
    )
    tasks = {t.source_id: t for t in remediation_tasks(findings).select_related("owner", "unit")}
    from cchc.plans.deadlines import Calendars, is_overdue

    calendars = Calendars()
    result = []
    for finding in findings:
        task = tasks.get(str(finding.pk))
        if task is not None and task.status == TaskStatus.DONE:
            continue
        issued = finding.inspection.notice_date or finding.inspection.end_date
        overdue = task is not None and is_overdue(task.deadline, on, calendars.for_unit(task.unit))
        result.append(OpenFinding(finding, task, (on - issued).days, overdue))
    return result


# --- pages -------------------------------------------------------------------------------------------------


@dataclass
class RemediationRow:
    """A shortcoming with its remediation item (the plans task), the task's evidence and its state on a
    day."""

    finding: Finding
    task: Task | None
    evidence: list
    overdue: bool

    @property
    def state(self) -> str:
        """``closed`` (verified by the inspector), ``reported`` (fix reported, awaiting verification),
        ``open`` or ``none`` (no item: the notice is not issued)."""
        if self.task is None:
            return "none"
        if self.task.status == TaskStatus.DONE:
            return "closed"
        if self.finding.reported_at is not None:
            return "reported"
        return "open"

    @property
    def state_text(self) -> str:
        """The state as the remediation report writes it (Vietnamese, for the documents)."""
        if self.state == "closed":
            day = timezone.localtime(self.finding.verified_at).date() if self.finding.verified_at else None
            return "Đã khắc phục" + (f" (Đoàn kiểm tra xác nhận ngày {day:%d/%m/%Y})" if day else "")
        text = {
            "reported": "Đã báo cáo khắc phục, chờ Đoàn kiểm tra xác nhận",
            "open": "Chưa khắc phục",
            "none": "Chưa có nhiệm vụ khắc phục",
        }[self.state]
        return f"{text} - quá hạn" if self.overdue else text


def remediation_rows(inspection: Inspection, *, on: date | None = None) -> list[RemediationRow]:
    """The shortcomings of an inspection in the notice's order, each with its item and evidence (three
    queries)."""
    from django.db.models import Prefetch

    from cchc.plans.deadlines import Calendars, is_overdue
    from cchc.plans.models import Evidence

    on = on or timezone.localdate()
    findings = list(
        inspection.findings.filter(kind=FindingKind.SHORTCOMING)
        .select_related("recurrence_of__inspection__plan", "item")
        .order_by("position", "pk")
    )
    tasks = {
        t.source_id: t
        for t in Task.objects.filter(
            kind=TaskKind.REMEDIATION,
            source_type=ContentType.objects.get_for_model(Finding),
            source_id__in=[str(f.pk) for f in findings],
        )
        .select_related("unit", "owner")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")))
    }
    calendars = Calendars()
    rows = []
    for finding in findings:
        task = tasks.get(str(finding.pk))
        overdue = (
            task is not None
            and task.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
            and is_overdue(task.deadline, on, calendars.for_unit(task.unit))
        )
        rows.append(RemediationRow(finding, task, list(task.evidence.all()) if task else [], overdue))
    return rows


@dataclass(frozen=True)
class ItemFigures:
    total: int
    closed: int
    overdue: int


def remediation_by_inspection(inspections, *, on: date | None = None) -> dict[int, ItemFigures]:
    """Remediation items, closed and overdue per inspection of ``inspections`` (three queries in all)."""
    from cchc.plans.deadlines import Calendars, is_overdue

    on = on or timezone.localdate()
    inspection_of = dict(
        Finding.objects.filter(inspection__in=inspections, kind=FindingKind.SHORTCOMING).values_list(
            "pk", "inspection_id"
        )
    )
    tasks = Task.objects.filter(
        kind=TaskKind.REMEDIATION,
        source_type=ContentType.objects.get_for_model(Finding),
        source_id__in=[str(pk) for pk in inspection_of],
    ).exclude(status=TaskStatus.CANCELLED)
    calendars = Calendars()
    counts: dict[int, list[int]] = {}
    for task in tasks.select_related("unit"):
        figures = counts.setdefault(inspection_of[int(task.source_id)], [0, 0, 0])
        figures[0] += 1
        if task.status == TaskStatus.DONE:
            figures[1] += 1
        elif is_overdue(task.deadline, on, calendars.for_unit(task.unit)):
            figures[2] += 1
    return {pk: ItemFigures(*values) for pk, values in counts.items()}
