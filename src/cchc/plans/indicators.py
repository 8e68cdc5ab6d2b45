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
