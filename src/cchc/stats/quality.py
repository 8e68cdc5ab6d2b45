"""The service-quality index of Decision 766/QĐ-TTg (DOMAIN.md §6) over the dossiers of a unit and period.

For every indicator the system's data supports (configuration: ``data/quality.json``), the rate R comes from
the period's cells (``selectors.period_counts``); with a threshold T the indicator scores its maximum when
R ≥ T, else R × max / T; without a threshold R × max. A zero denominator makes it "not applicable" with the
reason, never 0 points. Points are rounded half-up to 2 decimals; the index is the points achieved over the
maximum of the applicable indicators, in percent.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from cchc.stats.config import version_for
from cchc.stats.series import percent

TWO = Decimal("0.01")

#: rate → (label, numerator cell, denominator cell, reason when not applicable). Satisfaction has no
#: numerator cell: it is 100% − (late + disliked) / resolved, shown with its parts.
RATES = {
    "progress": (
        _("Progress: resolved early or on time, or pending within the deadline / dossiers handled"),
        "progress_ok",
        "handled",
        _("No dossier was resolved or pending in the period."),
    ),
    "online": (
        _("Online dossiers / new dossiers"),
        "online",
        "new",
        _("No dossier was received in the period."),
    ),
    "paid_online": (
        _("Fees paid online / new dossiers with a fee"),
        "paid_online",
        "with_fee",
        _("No dossier with a fee was received in the period."),
    ),
    "e_result": (
        _("Electronic results / dossiers resolved with a result document"),
        "e_result",
        "result_required",
        _("No dossier was resolved with a result document in the period."),
    ),
    "digitized": (
        _("Digitised at intake / new dossiers"),
        "digitized",
        "new",
        _("No dossier was received in the period."),
    ),
    "satisfaction": (
        _("Satisfaction: 100% − (late rate + rate of dislikes and complaints) over resolved dossiers"),
        None,
        "resolved",
        _("No dossier was resolved in the period."),
    ),
}

GROUP_LABELS = {
    "1": _("Publicity and transparency"),
    "2": _("Progress and results"),
    "3": _("Online services and payment"),
    "4": _("Digitisation"),
    "5": _("Satisfaction"),
}


@dataclass
class IndicatorScore:
    code: str
    group: str
    rate_key: str
    label: str
    max: Decimal
    threshold: Decimal | None
    numerator: Decimal | None
    denominator: int
    numerator_cell: str | None
    denominator_cell: str
    rate: Decimal | None = None  # percent
    points: Decimal | None = None
    reason: str = ""
    parts: dict = field(default_factory=dict)  # satisfaction: late and disliked counts

    @property
    def applicable(self) -> bool:
        return self.rate is not None


@dataclass
class QualityIndex:
    year: int
    basis: str
    indicators: list[IndicatorScore]
    groups: list[dict]

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.indicators if i.applicable), Decimal(0))

    @property
    def applicable_max(self) -> Decimal:
        return sum((i.max for i in self.indicators if i.applicable), Decimal(0))

    @property
    def percent(self) -> Decimal | None:
        if not self.applicable_max:
            return None
        return (self.points * 100 / self.applicable_max).quantize(TWO, rounding=ROUND_HALF_UP)


def score(rate: Decimal, maximum: Decimal, threshold: Decimal | None) -> Decimal:
    """Points of a rate (percent): full at or above the threshold, else proportional (DOMAIN.md §6)."""
    if threshold is not None and threshold > 0:
        points = maximum if rate >= threshold else rate * maximum / threshold
    else:
        points = rate * maximum / 100
    return points.quantize(TWO, rounding=ROUND_HALF_UP)


def quality_index(counts: dict[str, int], year: int) -> QualityIndex:
    """The index from a period's cell counts (``selectors.period_counts``) under the year's configuration."""
    version = version_for(year)
    scores = []
    for indicator in version.indicators:
        label, numerator_cell, denominator_cell, reason = RATES[indicator.rate]
        denominator = counts[denominator_cell]
        if indicator.rate == "satisfaction":
            numerator = Decimal(denominator - counts["late"] - counts["disliked"])
            parts = {"late": counts["late"], "disliked": counts["disliked"]}
        else:
            numerator, parts = Decimal(counts[numerator_cell]), {}
        item = IndicatorScore(
            code=indicator.code,
            group=indicator.group,
            rate_key=indicator.rate,
            label=str(label),
            max=indicator.max,
            threshold=indicator.threshold,
            numerator=numerator,
            denominator=denominator,
            numerator_cell=numerator_cell,
            denominator_cell=denominator_cell,
            parts=parts,
        )
        if denominator:
            item.rate = percent(numerator, denominator)
            item.points = score(item.rate, indicator.max, indicator.threshold)
        else:
            item.reason = str(reason)
        scores.append(item)
    groups = []
    for code, group_max in version.groups.items():
        members = [s for s in scores if s.group == code]
        groups.append(
            {
                "code": code,
                "label": str(GROUP_LABELS.get(code, code)),
                "max": group_max,
                "supported_max": sum((s.max for s in members), Decimal(0)),
                "applicable_max": sum((s.max for s in members if s.applicable), Decimal(0)),
                "points": sum((s.points for s in members if s.applicable), Decimal(0)),
            }
        )
    return QualityIndex(year=year, basis=version.basis, indicators=scores, groups=groups)
