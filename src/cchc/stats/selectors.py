"""Reads of the statistics: the dossiers behind every figure (drill-down) and the counts of a period.

A drill-down list is built from the very conditions the report counts with (``report.cell_conditions`` and
``report.in_scope``), so a list's count equals the number it was opened from by construction (the report
counts ``overdue`` as ``pending − within_deadline``: the two conditions split the pending dossiers, which the
tests check on generated data).
"""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.models import Dossier
from cchc.org.models import PositionAssignment, PositionCategory
from cchc.stats.report import Period, cell_conditions, in_scope, scoped_dossiers


def extra_conditions(period: Period) -> dict[str, Q]:
    """Conditions beyond the contract's cells: the 766 index and the targets need them."""
    base = cell_conditions(period)
    resolved = base["early"] | base["on_time"] | base["late"]
    pending = base["within_deadline"] | base["overdue"]
    return {
        "resolved": resolved,
        "pending": pending,
        "timely": base["early"] | base["on_time"],
        "handled": resolved | pending,
        "progress_ok": base["early"] | base["on_time"] | base["within_deadline"],
        "result_required": resolved & ~Q(outcome="refused"),
        "e_result": resolved & ~Q(outcome="refused") & Q(e_result=True),
        "disliked": resolved & Q(disliked=True),
    }


def all_conditions(period: Period) -> dict[str, Q]:
    return {**cell_conditions(period), **extra_conditions(period)}


#: Every cell a figure can be opened from, with the words the list page shows. ``received`` is the whole
#: scope (carried over + new); the others are conditions on it.
CELL_LABELS = {
    "received": _("Received (carried over + new)"),
    "carried_over": _("Carried over from before the period"),
    "new": _("New in the period"),
    "online": _("New, online"),
    "direct": _("New, direct"),
    "postal": _("New, by post"),
    "resolved": _("Resolved"),
    "early": _("Resolved early"),
    "on_time": _("Resolved on time"),
    "late": _("Resolved late"),
    "withdrawn": _("Withdrawn"),
    "pending": _("Pending at the end of the period"),
    "within_deadline": _("Pending, within the deadline"),
    "overdue": _("Pending, overdue"),
    "timely": _("Resolved early or on time"),
    "digitized": _("New, digitised at intake"),
    "with_fee": _("New, with a fee"),
    "paid_online": _("New, fee paid online"),
    "handled": _("Handled (resolved or pending)"),
    "progress_ok": _("Resolved early or on time, or pending within the deadline"),
    "result_required": _("Resolved with a result document (not refused)"),
    "e_result": _("Resolved with an electronic result"),
    "disliked": _("Resolved, rated unsatisfied or with a complaint"),
}
CELLS = tuple(CELL_LABELS)


def cell_condition(period: Period, cell: str) -> Q:
    if cell == "received":
        return Q()
    return all_conditions(period)[cell]


def cell_dossiers(
    *, unit, subtree: bool, date_from: date, date_to: date, cell: str, field: str | None = None, base=None
):
    """The dossiers counted in one cell of the report (``field``: one ``by_field`` row; ``None``: all)."""
    if cell not in CELL_LABELS:
        raise KeyError(cell)
    period = Period.of_dates(date_from, date_to)
    queryset = in_scope(scoped_dossiers(unit, subtree, base), period).filter(cell_condition(period, cell))
    if field is not None:
        queryset = queryset.filter(field=field)
    return queryset


def period_counts(*, unit, subtree: bool, date_from: date, date_to: date, base=None) -> dict[str, int]:
    """Every cell's count for the period in one aggregate query (``received`` is the whole scope)."""
    period = Period.of_dates(date_from, date_to)
    conditions = all_conditions(period)
    queryset = in_scope(scoped_dossiers(unit, subtree, base), period).order_by()
    return queryset.aggregate(
        received=Count("pk"),
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
    )


def dossier_list(queryset):
    """A drill-down list's rows with what the page shows (no query per row)."""
    return queryset.select_related("receiving_unit", "procedure").order_by("received_at", "code")


def visible_dossiers(user):
    return Dossier.objects.visible_to(user)


def unit_head(unit, on: date):
    """The person who signs the unit's reports on ``on``: the holder of its leader post that is not a deputy's
    (a title not starting with "Phó"), else whoever holds that post concurrently (kiêm nhiệm); None when the
    unit's data record no such holder."""
    assignment = (
        PositionAssignment.objects.filter(position__unit=unit, position__category=PositionCategory.LEADER)
        .filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))
        .filter(person__active=True)
        .exclude(position__title__istartswith="phó")
        .select_related("person")
        .order_by("concurrent", "position__title", "person__full_name")
        .first()
    )
    return assignment.person if assignment else None
