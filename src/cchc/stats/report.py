"""The periodic dossier report (Biểu 06/VPCP/KSTT), exactly as ``formats/report-dossiers.md``.

One aggregate query grouped by field computes every cell in the database (no per-dossier Python loop); the
derived columns it reads (``end_at``, ``timeliness``, ``due_plus_pause_at``) are kept by every write.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers.models import Dossier
from cchc.org.models import Unit

RECEIVED_KEYS = ("total", "carried_over", "new", "online", "direct", "postal")
RESOLVED_KEYS = ("total", "early", "on_time", "late")
PENDING_KEYS = ("total", "within_deadline", "overdue")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive

    @classmethod
    def of_dates(cls, date_from: date, date_to: date) -> "Period":
        return cls(
            datetime.combine(date_from, time(), tzinfo=LOCAL_TZ),
            datetime.combine(date_to + timedelta(days=1), time(), tzinfo=LOCAL_TZ),
        )


def cell_conditions(period: Period) -> dict[str, Q]:
    """The Q condition of every counted cell, for dossiers already in the report's scope.

    Written without negations of nullable columns (``x < end`` is false on NULL), so that the database
    evaluates a few plain comparisons per row; ``within_deadline`` and ``overdue`` split ``pending`` exactly.
    """
    start, end = period.start, period.end
    ended = Q(end_at__lt=end)
    resolved = ended & ~Q(outcome="withdrawn")
    pending = Q(end_at__isnull=True) | Q(end_at__gte=end)
    supplement_back = Q(supplement_received_at__lt=end)  # supplement received before the period end
    supplement_not_back = Q(supplement_received_at__isnull=True) | Q(supplement_received_at__gte=end)
    open_supplement = Q(supplement_requested_at__lt=end) & supplement_not_back
    no_open_request = Q(supplement_requested_at__isnull=True) | Q(supplement_requested_at__gte=end)
    within = pending & (
        open_supplement
        | (supplement_back & Q(due_plus_pause_at__gte=end))
        | (supplement_not_back & Q(due_at__gte=end))
    )
    overdue = pending & (
        (supplement_back & Q(due_plus_pause_at__lt=end))
        | (supplement_not_back & no_open_request & Q(due_at__lt=end))
    )
    new = Q(received_at__gte=start)
    return {
        "carried_over": Q(received_at__lt=start),
        "new": new,
        "online": new & Q(channel="online"),
        "direct": new & Q(channel="direct"),
        "postal": new & Q(channel="postal"),
        "early": resolved & Q(timeliness="early"),
        "on_time": resolved & Q(timeliness="on_time"),
        "late": resolved & Q(timeliness="late"),
        "withdrawn": ended & Q(outcome="withdrawn"),
        "within_deadline": within,
        "overdue": overdue,
        "digitized": new & Q(digitized=True),
        "with_fee": new & Q(fee_vnd__gt=0),
        "paid_online": new & Q(fee_vnd__gt=0, paid_online=True),
    }


def counted_conditions(period: Period) -> dict[str, Q]:
    """What the report's query counts: every cell but ``overdue``, which is ``pending − within_deadline``
    (the two conditions split the pending dossiers), so one complex condition less per row."""
    conditions = cell_conditions(period)
    del conditions["overdue"]
    conditions["pending"] = Q(end_at__isnull=True) | Q(end_at__gte=period.end)
    return conditions


def in_scope(queryset, period: Period):
    """Carried over or new: received before the period end and not ended before the period start."""
    return queryset.filter(
        Q(received_at__lt=period.end) & (Q(end_at__isnull=True) | Q(end_at__gte=period.start))
    )


def scoped_dossiers(unit, subtree: bool, base=None):
    """Dossiers received by ``unit`` (or by any unit of its subtree). The subtree's unit ids are read first
    (one small query) and given to the database as a list: a ``path LIKE`` join would hide from the planner
    how many dossiers the subtree holds and lead it to a nested loop over the units on large tables."""
    queryset = base if base is not None else Dossier.objects.all()
    if subtree:
        ids = list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        return queryset.filter(receiving_unit_id__in=ids)
    return queryset.filter(receiving_unit=unit)


def _rate(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return float(
        (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def figures_block(counts: dict) -> dict:
    """The contract's received/resolved/withdrawn/pending block from the counts of ``counted_conditions``."""
    received = {
        "total": counts["carried_over"] + counts["new"],
        "carried_over": counts["carried_over"],
        "new": counts["new"],
        "online": counts["online"],
        "direct": counts["direct"],
        "postal": counts["postal"],
    }
    resolved = {
        "total": counts["early"] + counts["on_time"] + counts["late"],
        "early": counts["early"],
        "on_time": counts["on_time"],
        "late": counts["late"],
    }
    pending = {
        "total": counts["pending"],
        "within_deadline": counts["within_deadline"],
        "overdue": counts["pending"] - counts["within_deadline"],
    }
    return {"received": received, "resolved": resolved, "withdrawn": counts["withdrawn"], "pending": pending}


def dossier_report(*, unit, date_from: date, date_to: date, subtree: bool = False, base=None) -> dict:
    """The report as the contract's JSON object (``base`` narrows the dossiers, e.g. ``visible_to(user)``)."""
    period = Period.of_dates(date_from, date_to)
    conditions = counted_conditions(period)
    rows = (
        in_scope(scoped_dossiers(unit, subtree, base), period)
        .order_by()
        .values("field")
        .annotate(
            **{name: Count("receiving_unit", filter=condition) for name, condition in conditions.items()}
        )
    )
    by_field = sorted(rows, key=lambda r: r["field"])
    totals = {name: sum(r[name] for r in by_field) for name in conditions}
    report = {"unit": unit.code, "subtree": subtree, "from": date_from.isoformat(), "to": date_to.isoformat()}
    report.update(figures_block(totals))
    report["rates"] = {
        "on_time": _rate(totals["early"] + totals["on_time"], report["resolved"]["total"]),
        "online": _rate(totals["online"], totals["new"]),
        "digitized": _rate(totals["digitized"], totals["new"]),
        "paid_online": _rate(totals["paid_online"], totals["with_fee"]),
    }
    report["by_field"] = [{"field": r["field"], **figures_block(r)} for r in by_field]
    return report
