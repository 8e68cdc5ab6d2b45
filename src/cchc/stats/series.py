"""Monthly figures of a calendar year (one aggregate query) and the year-end projection (dự báo).

Each month's figures are the report's own cells for that month (``report.cell_conditions`` of the month's
period, inside the month's scope), so they add up to the yearly report's new and resolved figures.

Projection of a rate for the running year: let M be the number of complete months so far (the months before
the current one). Each part of the rate (numerator and denominator) is projected as its sum over months
1..M plus (12 − M) times its average over the last three complete months (fewer when M < 3); the projected
rate is the projected numerator over the projected denominator. No projection for a year that has ended,
has not begun, or has no complete month yet (January).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from cchc.core.parsing import LOCAL_TZ
from cchc.stats.report import Period, cell_conditions, scoped_dossiers

#: Monthly counts: new by channel, new digitised / with a fee / paid online, resolved, early or on time,
#: late, and resolved with a dislike or complaint.
MONTH_KEYS = (
    "new",
    "online",
    "direct",
    "postal",
    "digitized",
    "with_fee",
    "paid_online",
    "resolved",
    "timely",
    "late",
    "disliked",
)


def monthly_counts(*, unit, subtree: bool, year: int, base=None) -> list[dict[str, int]]:
    """Twelve dicts of ``MONTH_KEYS`` counts (January first), in two aggregate queries grouped by the local
    month: new dossiers by the month of receipt, resolved ones by the month of their end. These are the
    report's cells of each month: a dossier resolved in a month was received before the month's end (an end
    before the receipt is rejected at input), so it is in that month's scope."""
    whole = Period.of_dates(date(year, 1, 1), date(year, 12, 31))
    c = cell_conditions(whole)
    scope = scoped_dossiers(unit, subtree, base).order_by()
    new_rows = (
        scope.filter(received_at__gte=whole.start, received_at__lt=whole.end)
        .annotate(month=ExtractMonth("received_at", tzinfo=LOCAL_TZ))
        .values("month")
        .annotate(
            new=Count("pk"),
            online=Count("pk", filter=Q(channel="online")),
            direct=Count("pk", filter=Q(channel="direct")),
            postal=Count("pk", filter=Q(channel="postal")),
            digitized=Count("pk", filter=Q(digitized=True)),
            with_fee=Count("pk", filter=Q(fee_vnd__gt=0)),
            paid_online=Count("pk", filter=Q(fee_vnd__gt=0, paid_online=True)),
        )
    )
    resolved_rows = (
        scope.filter(end_at__gte=whole.start, end_at__lt=whole.end)
        .filter(c["early"] | c["on_time"] | c["late"])
        .annotate(month=ExtractMonth("end_at", tzinfo=LOCAL_TZ))
        .values("month")
        .annotate(
            resolved=Count("pk"),
            timely=Count("pk", filter=Q(timeliness__in=("early", "on_time"))),
            late=Count("pk", filter=Q(timeliness="late")),
            disliked=Count("pk", filter=Q(disliked=True)),
        )
    )
    months = [dict.fromkeys(MONTH_KEYS, 0) for _ in range(12)]
    for row in [*new_rows, *resolved_rows]:
        months[row["month"] - 1].update({k: v for k, v in row.items() if k != "month"})
    return months


#: The rates with targets, as (numerator, denominator) of monthly counts; satisfaction (766, 5.4) is
#: 100% − (late rate + dislike rate) over resolved dossiers, i.e. (resolved − late − disliked) / resolved.
def rate_parts(indicator: str, counts: dict) -> tuple[Decimal, Decimal]:
    if indicator == "on_time":
        return Decimal(counts["timely"]), Decimal(counts["resolved"])
    if indicator == "online":
        return Decimal(counts["online"]), Decimal(counts["new"])
    if indicator == "digitized":
        return Decimal(counts["digitized"]), Decimal(counts["new"])
    if indicator == "satisfaction":
        resolved = Decimal(counts["resolved"])
        return resolved - counts["late"] - counts["disliked"], resolved
    raise KeyError(indicator)


def percent(numerator, denominator) -> Decimal | None:
    """numerator / denominator × 100, rounded half-up to 2 decimals, never below 0; None without data."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return max(value, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Projection:
    value: Decimal | None  # percent
    complete_months: int
    basis_months: tuple[int, ...]  # the months averaged


def project(indicator: str, months: list[dict], *, year: int, today: date) -> Projection | None:
    """The year-end projection of ``indicator`` (see the module docstring), or None when none applies."""
    if year != today.year or today.month == 1:
        return None
    complete = today.month - 1
    basis = tuple(range(max(1, complete - 2), complete + 1))
    parts = [rate_parts(indicator, months[m - 1]) for m in range(1, complete + 1)]
    so_far_num = sum((n for n, _ in parts), Decimal(0))
    so_far_den = sum((d for _, d in parts), Decimal(0))
    avg_num = sum((parts[m - 1][0] for m in basis), Decimal(0)) / len(basis)
    avg_den = sum((parts[m - 1][1] for m in basis), Decimal(0)) / len(basis)
    remaining = 12 - complete
    return Projection(
        percent(so_far_num + remaining * avg_num, so_far_den + remaining * avg_den), complete, basis
    )
