"""Figures of the statistics in the indicator registry (``cchc.core.indicators``), registered in
``StatsConfig.ready``. Each is computed over the unit's subtree for a calendar year, as the periodic report
(``formats/report-dossiers.md``) computes it for the period 1/1 to 31/12.

``apology_compliance_rate`` = late dossiers whose apology letter was sent in time / late dossiers, where
*late dossiers* are those resolved late in the year (the report's ``resolved.late``) and *in time* means sent
at least one working day of office time before the due instant, pause included (``due_plus_pause_at``, which
is ``due_at`` when no supplement was received), counted on the receiving unit's calendar and office hours:
the rule of the desk (``cchc.dossiers.services.apology_deadline_met``, DOMAIN.md §4).
"""

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.indicators import Ratio, register
from cchc.stats.selectors import cell_dossiers, period_counts


def records_url(unit, year: int, cell: str) -> str:
    query = {"unit": unit.code, "subtree": "1", "from": f"{year}-01-01", "to": f"{year}-12-31", "cell": cell}
    return f"{reverse('stats:dossiers')}?{urlencode(query)}"


def _year_counts(unit, year: int) -> dict[str, int]:
    return period_counts(unit=unit, subtree=True, date_from=date(year, 1, 1), date_to=date(year, 12, 31))


@register("on_time_rate", _("Dossiers resolved on time"))
def on_time_rate(unit, year: int) -> Ratio:
    """(early + on time) / resolved: the report's ``rates.on_time``."""
    c = _year_counts(unit, year)
    return Ratio(c["timely"], c["resolved"], records_url(unit, year, "resolved"))


@register("online_rate", _("Online dossiers"))
def online_rate(unit, year: int) -> Ratio:
    """online / new: the report's ``rates.online``."""
    c = _year_counts(unit, year)
    return Ratio(c["online"], c["new"], records_url(unit, year, "new"))


@register("digitized_rate", _("Dossiers digitised at intake"))
def digitized_rate(unit, year: int) -> Ratio:
    """new dossiers digitised / new: the report's ``rates.digitized``."""
    c = _year_counts(unit, year)
    return Ratio(c["digitized"], c["new"], records_url(unit, year, "new"))


@register("paid_online_rate", _("Fees paid online"))
def paid_online_rate(unit, year: int) -> Ratio:
    """new dossiers with a fee paid online / new dossiers with a fee: the report's ``rates.paid_online``."""
    c = _year_counts(unit, year)
    return Ratio(c["paid_online"], c["with_fee"], records_url(unit, year, "with_fee"))


@register("overdue_pending_rate", _("Pending dossiers past their due date"))
def overdue_pending_rate(unit, year: int) -> Ratio:
    """pending overdue / pending at the end of the year, or today for the current year: the report's
    ``pending.overdue`` / ``pending.total`` for 1/1 to that day."""
    end = min(date(year, 12, 31), max(date.today(), date(year, 1, 1)))
    c = period_counts(unit=unit, subtree=True, date_from=date(year, 1, 1), date_to=end)
    query = {
        "unit": unit.code,
        "subtree": "1",
        "from": f"{year}-01-01",
        "to": end.isoformat(),
        "cell": "overdue",
    }
    return Ratio(
        c["pending"] - c["within_deadline"], c["pending"], f"{reverse('stats:dossiers')}?{urlencode(query)}"
    )


def apology_in_time(sent_at, due_at, unit_calendar) -> bool:
    """Sent at least one working day of office time before the due instant (see the module docstring)."""
    from cchc.workdays.engine import working_seconds_between

    if sent_at is None or sent_at >= due_at:
        return False
    hours = unit_calendar.hours
    return working_seconds_between(sent_at, due_at, unit_calendar.calendar, hours) >= hours.seconds_per_day


@register("apology_compliance_rate", _("Late dossiers with an apology sent in time"))
def apology_compliance_rate(unit, year: int) -> Ratio:
    from cchc.org.models import Unit
    from cchc.workdays.selectors import unit_calendar

    late = cell_dossiers(
        unit=unit, subtree=True, date_from=date(year, 1, 1), date_to=date(year, 12, 31), cell="late"
    ).order_by()
    total = late.count()
    rows = late.filter(apology_sent_at__isnull=False).values_list(
        "receiving_unit_id", "apology_sent_at", "due_plus_pause_at", "due_at"
    )
    calendars: dict[int, object] = {}
    in_time = 0
    for unit_id, sent_at, due_plus_pause_at, due_at in rows.iterator(chunk_size=2000):
        if unit_id not in calendars:
            calendars[unit_id] = unit_calendar(Unit.objects.get(pk=unit_id))
        in_time += apology_in_time(sent_at, due_plus_pause_at or due_at, calendars[unit_id])
    return Ratio(in_time, total, records_url(unit, year, "late"))
