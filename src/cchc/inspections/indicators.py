"""``remediation_closure_rate`` in the indicator registry: closed remediation items / items due."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.indicators import Ratio, register
from cchc.inspections.models import Finding, FindingKind, Inspection
from cchc.plans.models import Task, TaskKind, TaskStatus


@register("remediation_closure_rate", _("Inspection shortcomings remediated"))
def remediation_closure_rate(unit, year: int) -> Ratio:
    """Items of the inspections of ``unit``'s subtree due in ``year`` (deadline in the year, or no deadline
    and inspected under that year's plan), closed (verified by the inspector) / all of them."""
    findings = Finding.objects.filter(
        kind=FindingKind.SHORTCOMING,
        inspection__in=Inspection.objects.filter(unit__path__startswith=unit.path),
    )
    tasks = Task.objects.filter(
        kind=TaskKind.REMEDIATION,
        source_type=ContentType.objects.get_for_model(Finding),
        source_id__in=[str(pk) for pk in findings.values_list("pk", flat=True)],
    ).exclude(status=TaskStatus.CANCELLED)
    by_year = Q(deadline__year=year) | Q(
        deadline__isnull=True,
        source_id__in=[
            str(pk) for pk in findings.filter(inspection__plan__year=year).values_list("pk", flat=True)
        ],
    )
    due = tasks.filter(by_year)
    from django.urls import reverse

    url = f"{reverse('inspections:follow-up')}?unit={unit.code}"
    return Ratio(due.filter(status=TaskStatus.DONE).count(), due.count(), url)
