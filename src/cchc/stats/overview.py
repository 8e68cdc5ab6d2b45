"""What the report page shows beside the table: the figures against their targets with the year-end
projection, and the data of the charts. Reads only (aggregate queries through the other selectors)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.stats import charts
from cchc.stats.comparison import UnitRow
from cchc.stats.config import TARGET_INDICATORS, version_for
from cchc.stats.models import Indicator
from cchc.stats.series import percent, project, rate_parts
from cchc.stats.targets import STATE_LABELS, EffectiveTarget, target_state

#: The cells behind each target figure: (numerator cell, denominator cell) of the drill-down.
TARGET_CELLS = {
    "online": ("online", "new"),
    "on_time": ("timely", "resolved"),
    "digitized": ("digitized", "new"),
    "satisfaction": (None, "resolved"),
}
MONTH_LABELS = [f"T{m}" for m in range(1, 13)]


@dataclass
class TargetRow:
    indicator: str
    label: str
    numerator: Decimal
    denominator: Decimal
    numerator_cell: str | None
    denominator_cell: str
    rate: Decimal | None
    target: EffectiveTarget
    state: str
    projection: Decimal | None
    projection_state: str | None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def projection_state_label(self) -> str:
        return str(STATE_LABELS[self.projection_state]) if self.projection_state else ""


def target_rows(
    counts: dict, months: list[dict], targets: dict[str, EffectiveTarget], *, date_to: date, today: date
) -> list[TargetRow]:
    """Each targeted figure of the period with its target, state and the year-end projection."""
    year = date_to.year
    margin = version_for(year).at_risk_margin
    period_open = date_to >= today
    rows = []
    for indicator in TARGET_INDICATORS:
        numerator, denominator = rate_parts(indicator, counts)
        rate = percent(numerator, denominator)
        projected = project(indicator, months, year=year, today=today)
        projection = projected.value if projected else None
        target = targets[indicator]
        state = target_state(
            rate, target.value, period_open=period_open, projection=projection, margin=margin
        )
        projection_state = (
            target_state(projection, target.value, period_open=False) if projection is not None else None
        )
        numerator_cell, denominator_cell = TARGET_CELLS[indicator]
        rows.append(
            TargetRow(
                indicator,
                str(Indicator(indicator).label),
                numerator,
                denominator,
                numerator_cell,
                denominator_cell,
                rate,
                target,
                state,
                projection,
                projection_state,
            )
        )
    return rows


def report_charts(months: list[dict], on_time_target: Decimal, ranking: list[UnitRow], year: int) -> dict:
    on_time = [percent(m["timely"], m["resolved"]) for m in months]
    ranked = [(row.unit.name, row.on_time) for row in ranking if row.on_time is not None and row.subtree]
    return {
        "channels": charts.channel_bars(
            months, MONTH_LABELS, _("New dossiers by channel and month, %(year)d") % {"year": year}
        ),
        "on_time": charts.rate_line(
            on_time, MONTH_LABELS, on_time_target, _("On-time rate by month, %(year)d") % {"year": year}
        ),
        "ranking": charts.ranking_bars(ranked[:40], on_time_target, _("Units below ranked by on-time rate"))
        if ranked
        else "",
        "ranking_count": len(ranked),
    }
