"""``remediation_closure_rate`` in the indicator registry: closed remediation items / items due."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.indicators import Ratio, register
from cchc.inspections.models import Finding, FindingKind, Inspection
from cchc.inspections.selectors import remediation_items


@register("remediation_closure_rate", _("Inspection shortcomings remediated"))
def remediation_closure_rate(unit, year: int) -> Ratio:
    """Items of the inspections of ``unit``'s subtree due in ``year`` (deadline in the year, or no deadline
    and inspected under that year's plan), closed (verified by the inspection team) / all of them. Read from
    the same rows as the remediation summary and the follow-up page (items cancelled by the team with a reason
    are not counted)."""
    findings = Finding.objects.filter(
        kind=FindingKind.SHORTCOMING,
        inspection__in=Inspection.objects.filter(unit__path__startswith=unit.path),
    ).select_related("inspection__plan")
    due = [
        row
        for row in remediation_items(findings)
        if row.counted
        and (row.task.deadline.year if row.task.deadline else row.finding.inspection.plan.year) == year
    ]
    url = f"{reverse('inspections:follow-up')}?unit={unit.code}"
    return Ratio(sum(row.state == "closed" for row in due), len(due), url)
