"""Targets (chỉ tiêu) in force for a unit and year, and the state of a figure against its target.

Inheritance: the unit's own target for the year, else the nearest ancestor's (the unit tree's ``path``), else
the national row of the year (no unit), else the package configuration's default for that year.

State of a figure (``rate`` and ``target`` in percent), documented in docs/statistics.md:

- **met**: the rate reaches the target (and, while the year is running, so does the year-end projection);
- **at risk**: not met, but the rate is less than ``at_risk_margin`` percentage points (configuration,
  5 by default) under the target, or the rate reaches the target while the year-end projection does not;
- **missed**: the rate is ``at_risk_margin`` points or more under the target. A period that has ended is
  only met or missed: nothing can be recovered any more;
- **no data**: the rate has no denominator (e.g. nothing was resolved).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.stats.config import TARGET_INDICATORS, version_for
from cchc.stats.models import Target

MET, AT_RISK, MISSED, NO_DATA = "met", "at_risk", "missed", "no_data"
STATE_LABELS = {MET: _("met"), AT_RISK: _("at risk"), MISSED: _("missed"), NO_DATA: _("no data")}

OWN, INHERITED, NATIONAL, DEFAULT = "own", "inherited", "national", "default"


@dataclass(frozen=True)
class EffectiveTarget:
    indicator: str
    value: Decimal  # percent
    source: str  # own, inherited, national or default
    source_unit: object = None  # the unit whose row applies (own or inherited)


def _ancestor_codes(unit) -> list[str]:
    return [code for code in unit.path.strip("/").split("/") if code]


def effective_targets(unit, year: int) -> dict[str, EffectiveTarget]:
    """The target of every indicator for ``unit`` in ``year`` (one query)."""
    codes = _ancestor_codes(unit)
    depth = {code: n for n, code in enumerate(codes)}
    rows = Target.objects.filter(year=year).filter(Q(unit__code__in=codes) | Q(unit__isnull=True))
    chosen: dict[str, tuple[int, Target]] = {}
    for row in rows.select_related("unit"):
        rank = -1 if row.unit is None else depth[row.unit.code]
        if row.indicator not in chosen or rank > chosen[row.indicator][0]:
            chosen[row.indicator] = (rank, row)
    defaults = version_for(year).targets
    result = {}
    for indicator in TARGET_INDICATORS:
        if indicator in chosen:
            rank, row = chosen[indicator]
            if row.unit is None:
                result[indicator] = EffectiveTarget(indicator, row.value, NATIONAL)
            else:
                source = OWN if row.unit.code == unit.code else INHERITED
                result[indicator] = EffectiveTarget(indicator, row.value, source, row.unit)
        else:
            result[indicator] = EffectiveTarget(indicator, defaults[indicator], DEFAULT)
    return result


def target_state(
    rate: Decimal | None,
    target: Decimal,
    *,
    period_open: bool,
    projection: Decimal | None = None,
    margin: Decimal | None = None,
) -> str:
    """met / at risk / missed / no data of a rate (percent) against its target (percent)."""
    if rate is None:
        return NO_DATA
    if not period_open:
        return MET if rate >= target else MISSED
    if margin is None:
        margin = Decimal(5)
    if rate >= target:
        return AT_RISK if projection is not None and projection < target else MET
    return AT_RISK if rate > target - margin else MISSED
