"""Due instants of dossiers received at the desk, and the calendar-change hook (``formats/deadlines.md``).

A dossier stores its processing time in working days (``processing_days``; a time in working hours is
converted with the receiving unit's office hours per day) and the procedure version it was received under.
When a calendar entry is added or removed, :func:`recompute_for_calendar_change` computes again every
*computed* due instant (not imported, not set by hand) of the changed unit subtree whose span (receipt date →
due date) contains the changed date, saves the dossiers that moved (change log) and writes a
``due_recomputed`` event with the instants before and after.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.core.parsing import LOCAL_TZ

DAYS, HOURS = "days", "hours"


@dataclass(frozen=True)
class Processing:
    """A processing time as the deadline rule reads it."""

    amount: Decimal
    unit_of_time: str = DAYS
    cutoff: time | None = None

    def in_days(self, seconds_per_day: int) -> Decimal:
        """The value stored on the dossier (working days, three decimals like the import)."""
        if self.unit_of_time == HOURS:
            return (self.amount * 3600 / seconds_per_day).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        return self.amount


def processing_for(version, override_days=None) -> Processing:
    """The processing time of a new dossier: ``override_days`` (working days) when given, else the version's.

    Raises ``DomainError`` when neither gives one."""
    cutoff = version.cutoff_time if version is not None else None
    if override_days is not None and override_days != "":
        return Processing(Decimal(override_days), DAYS, cutoff)
    if version is None or version.processing_days is None:
        raise DomainError(
            "no_processing_time",
            "Thủ tục này chưa có thời hạn giải quyết trong danh mục; hãy nhập thời hạn (ngày làm việc).",
            field="processing_days",
        )
    return Processing(Decimal(version.processing_days), version.processing_unit or DAYS, cutoff)


def processing_of(dossier, seconds_per_day: int) -> Processing | None:
    """The processing time a stored dossier was computed with: its version's own value (days or hours) when
    the stored days still match it, else the stored days. ``None`` without a processing time."""
    if dossier.processing_days is None:
        return None
    version = dossier.procedure_version
    cutoff = version.cutoff_time if version is not None else None
    if version is not None and version.processing_days is not None:
        own = Processing(Decimal(version.processing_days), version.processing_unit or DAYS, cutoff)
        if own.in_days(seconds_per_day) == Decimal(dossier.processing_days):
            return own
    return Processing(Decimal(dossier.processing_days), DAYS, cutoff)


def due_instant(unit, received_at: datetime, processing: Processing) -> datetime:
    from cchc.workdays.selectors import due_for

    return due_for(
        unit, received_at, processing.amount, unit_of_time=processing.unit_of_time, cutoff=processing.cutoff
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)


def recompute_for_calendar_change(*, changed: date, unit_path: str | None) -> int:
    """Recompute the computed due instants that a calendar change on ``changed`` can move (see the module
    docstring); returns how many moved. Runs inside the calendar service's transaction."""
    from cchc.dossiers.models import Dossier, DueSource
    from cchc.workdays.selectors import office_hours_for

    candidates = Dossier.objects.filter(
        due_source=DueSource.COMPUTED,
        processing_days__isnull=False,
        received_at__lt=_midnight(changed + timedelta(days=1)),
        due_at__gte=_midnight(changed),
    ).select_related("receiving_unit", "procedure_version")
    if unit_path:
        candidates = candidates.filter(receiving_unit__path__startswith=unit_path)
    moved = 0
    per_day: dict[int, int] = {}
    for dossier in candidates.order_by("pk"):
        unit = dossier.receiving_unit
        if unit.pk not in per_day:
            per_day[unit.pk] = office_hours_for(unit).seconds_per_day
        processing = processing_of(dossier, per_day[unit.pk])
        if processing is None:
            continue
        before = dossier.due_at
        after = due_instant(unit, dossier.received_at, processing)
        if after == before:
            continue
        dossier.due_at = after
        dossier.save()
        record_event(
            dossier,
            "due_recomputed",
            f"Lịch làm việc thay đổi ngày {changed:%d/%m/%Y}: hạn trả "
            f"{before.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M} → {after.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}",
            unit_code=unit.code,
            date=changed.isoformat(),
            before=before.astimezone(LOCAL_TZ).isoformat(),
            after=after.astimezone(LOCAL_TZ).isoformat(),
        )
        moved += 1
    return moved


def on_calendar_changed(sender, *, date, unit_path=None, **kwargs) -> int:
    """Receiver of :data:`cchc.workdays.signals.calendar_changed` (connected in ``DossiersConfig.ready``)."""
    return recompute_for_calendar_change(changed=date, unit_path=unit_path)
