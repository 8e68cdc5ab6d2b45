"""Reads of the inspections app: the live figures of a checklist, the remediation summary of an inspection
(``cchc report remediation``) and the follow-up of open findings."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cchc.core import indicators
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


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


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
        "percent_closed": _number(_percent(figures.done, figures.total)),
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
