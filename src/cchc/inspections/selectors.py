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


@dataclass
class RemediationRow:
    """A shortcoming with its remediation item (the plans task), the task's evidence and its state on a
    day. Every remediation figure and list (the summary, the command, the page, the follow-up, the plan's
    counts) is built from these rows (:func:`remediation_items`), so they never disagree."""

    finding: Finding
    task: Task | None
    evidence: list
    overdue: bool

    @property
    def state(self) -> str:
        """``closed`` (verified by the inspection team), ``cancelled`` (withdrawn by the team, with a reason:
        not counted), ``reported`` (fix reported, awaiting verification), ``open`` or ``none`` (no item: the
        notice is not issued)."""
        if self.task is None:
            return "none"
        if self.task.status == TaskStatus.DONE:
            return "closed"
        if self.task.status == TaskStatus.CANCELLED:
            return "cancelled"
        if self.finding.reported_at is not None:
            return "reported"
        return "open"

    @property
    def counted(self) -> bool:
        """An item of the closure figures: it exists and the team has not cancelled it."""
        return self.state not in ("none", "cancelled")

    @property
    def is_open(self) -> bool:
        """Still to be remediated (the follow-up lists it)."""
        return self.state in ("none", "open", "reported")

    @property
    def state_text(self) -> str:
        """The state as the remediation report writes it (Vietnamese, for the documents)."""
        if self.state == "closed":
            day = timezone.localtime(self.finding.verified_at).date() if self.finding.verified_at else None
            return "Đã khắc phục" + (f" (Đoàn kiểm tra xác nhận ngày {day:%d/%m/%Y})" if day else "")
        if self.state == "cancelled":
            return f"Đoàn kiểm tra hủy: {self.task.cancel_reason}"
        text = {
            "reported": "Đã báo cáo khắc phục, chờ Đoàn kiểm tra xác nhận",
            "open": "Chưa khắc phục",
            "none": "Chưa có nhiệm vụ khắc phục",
        }[self.state]
        return f"{text} - quá hạn" if self.overdue else text


def remediation_items(findings, *, on: date | None = None, evidence: bool = False) -> list[RemediationRow]:
    """The one remediation selector: each shortcoming of ``findings`` (a queryset or list, kept in its order)
    with its item and state on ``on`` (default today); overdue = open or reported and past the deadline
    (moved to the next working day when it falls on a day off). Two queries (three with ``evidence``)."""
    from django.db.models import Prefetch

    from cchc.plans.deadlines import Calendars, is_overdue
    from cchc.plans.models import Evidence

    on = on or timezone.localdate()
    findings = [f for f in findings if f.kind == FindingKind.SHORTCOMING]
    tasks = Task.objects.filter(
        kind=TaskKind.REMEDIATION,
        source_type=ContentType.objects.get_for_model(Finding),
        source_id__in=[str(f.pk) for f in findings],
    ).select_related("unit", "owner")
    if evidence:
        tasks = tasks.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
        )
    by_finding = {t.source_id: t for t in tasks}
    calendars = Calendars()
    rows = []
    for finding in findings:
        task = by_finding.get(str(finding.pk))
        row = RemediationRow(finding, task, list(task.evidence.all()) if task and evidence else [], False)
        row.overdue = row.state in ("open", "reported") and is_overdue(
            task.deadline, on, calendars.for_unit(task.unit)
        )
        rows.append(row)
    return rows


def summary_of(rows: list[RemediationRow]) -> tuple[int, int, int]:
    """``(items, closed, overdue)`` of remediation rows: cancelled items are not counted."""
    counted = [r for r in rows if r.counted]
    return len(counted), sum(r.state == "closed" for r in counted), sum(r.overdue for r in counted)


def remediation_summary(inspection: Inspection, *, on: date | None = None) -> dict:
    """The contract's figures: ``inspection``, ``unit``, ``findings``, ``items_total``, ``items_closed``,
    ``items_overdue``, ``percent_closed``.

    ``findings`` counts the shortcomings (each becomes one remediation item when the notice is issued);
    items = the remediation items not cancelled by the inspection team; closed = verified by the team (the
    task is done); overdue = not closed and past its deadline, judged on ``on`` (default today).
    """
    rows = remediation_items(inspection.findings.filter(kind=FindingKind.SHORTCOMING), on=on)
    total, closed, overdue = summary_of(rows)
    return {
        "inspection": inspection.pk,
        "unit": inspection.unit.code,
        "findings": len(rows),
        "items_total": total,
        "items_closed": closed,
        "items_overdue": overdue,
        "percent_closed": json_number(percent(closed, total)),
    }


@dataclass
class OpenFinding:
    finding: Finding
    task: Task | None
    age_days: int
    overdue: bool


def open_findings(inspections, *, on: date | None = None) -> list[OpenFinding]:
    """Shortcomings of issued inspections whose remediation is still open (neither verified nor cancelled by
    the team: :attr:`RemediationRow.is_open`), oldest notice first."""
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
    result = []
    for row in remediation_items(findings, on=on):
        if not row.is_open:
            continue
        issued = row.finding.inspection.notice_date or row.finding.inspection.end_date
        result.append(OpenFinding(row.finding, row.task, (on - issued).days, row.overdue))
    return result


# --- pages -------------------------------------------------------------------------------------------------


def remediation_rows(inspection: Inspection, *, on: date | None = None) -> list[RemediationRow]:
    """The shortcomings of an inspection in the notice's order, each with its item and evidence."""
    findings = (
        inspection.findings.filter(kind=FindingKind.SHORTCOMING)
        .select_related("recurrence_of__inspection__plan", "item")
        .order_by("position", "pk")
    )
    return remediation_items(findings, on=on, evidence=True)


@dataclass(frozen=True)
class ItemFigures:
    total: int
    closed: int
    overdue: int


def remediation_by_inspection(inspections, *, on: date | None = None) -> dict[int, ItemFigures]:
    """Remediation items, closed and overdue per inspection of ``inspections`` (the same rows as the
    summary)."""
    findings = Finding.objects.filter(inspection__in=inspections, kind=FindingKind.SHORTCOMING)
    grouped: dict[int, list[RemediationRow]] = {}
    for row in remediation_items(findings, on=on):
        grouped.setdefault(row.finding.inspection_id, []).append(row)
    figures = {pk: ItemFigures(*summary_of(rows)) for pk, rows in grouped.items()}
    return {pk: f for pk, f in figures.items() if f.total}
