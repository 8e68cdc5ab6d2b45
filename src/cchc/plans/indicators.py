"""Figures of the plans app in the indicator registry (``cchc.core.indicators``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.indicators import Ratio, register
from cchc.plans.selectors import completion, plan_scope


@register("plan_completion_rate", _("PAR plan completion"))
def plan_completion_rate(unit, year: int) -> Ratio:
    """Done / counted tasks of the plans OF ``unit`` for ``year``.

    The annual plan and its component plans count, not the units below. The same figure as
    ``cchc report plan`` (its ``percent`` / 100).
    """
    figures = completion(plan_scope(unit, year))
    url = f"{reverse('plans:task-list')}?plan_unit={unit.code}&year={year}&counted=1"
    return figures.ratio(records_url=url)


@register("overdue_task_rate", _("Open PAR tasks past their deadline"))
def overdue_task_rate(unit, year: int) -> Ratio:
    """Overdue / counted open tasks of the plans of ``unit`` for ``year`` (today's view, working days)."""
    figures = completion(plan_scope(unit, year))
    url = f"{reverse('plans:task-list')}?plan_unit={unit.code}&year={year}&status=overdue"
    return Ratio(figures.overdue, figures.total - figures.done, url)
