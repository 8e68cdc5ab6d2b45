"""Writes of the working-day calendar. Keyword-only, atomic, audited; every change tells the other apps
through :data:`cchc.workdays.signals.calendar_changed`.

The calendar version token (:mod:`cchc.workdays.selectors`) is replaced on every save or delete of an
entry or an office-hours setting by the receivers connected in ``WorkdaysConfig.ready`` (so no write path
can forget it); bulk writes, which send no such signal, call :func:`bump_calendar_version` themselves."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.org.models import Unit
from cchc.workdays.engine import OfficeHours
from cchc.workdays.models import (
    SEEDED_YEARS,
    CalendarEntry,
    CalendarVersion,
    ConfirmationSource,
    ConfirmedYear,
    EntryKind,
    EntrySource,
    UnitOfficeHours,
)
from cchc.workdays.notices import OfficialNotices, official_notices
from cchc.workdays.package import package_legal_basis, package_rows
from cchc.workdays.selectors import calendar_for, can_manage_calendar, day_rules_for
from cchc.workdays.signals import calendar_changed, total_moved

_FORBIDDEN = "Bạn không có quyền sửa lịch làm việc của phạm vi này."


def bump_calendar_version() -> str:
    """Give the calendar a new version token (inside the caller's transaction)."""
    token = uuid.uuid4().hex
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": token})
    return token


def _scope_label(unit: Unit | None) -> str:
    return unit.name if unit is not None else "toàn quốc"


def _notify(entry: CalendarEntry, unit: Unit | None, action: str) -> int:
    responses = calendar_changed.send(
        sender=CalendarEntry,
        date=entry.date,
        unit_path=unit.path if unit is not None else None,
        action=action,
        entry=entry,
    )
    return total_moved(responses)


def _event_data(entry: CalendarEntry, unit: Unit | None) -> dict:
    return {
        "date": entry.date.isoformat(),
        "kind": entry.kind,
        "name": entry.name,
        "legal_basis": entry.legal_basis,
        "unit": unit.code if unit is not None else "",
    }


@transaction.atomic
def calendar_entry_add(
    *,
    day: date,
    kind: str,
    name: str,
    legal_basis: str,
    unit: Unit | None = None,
    actor=None,
) -> CalendarEntry:
    """Add an administrator's entry: a day off, a make-up working day (nationwide when ``unit`` is None, else
    for the unit's subtree) or a local closure (a unit's subtree). The entry must change the calendar of its
    scope: a day off on a date that is already off (or a make-up day on a working date) is refused."""
    if not can_manage_calendar(actor, unit):
        raise DomainError("forbidden", _FORBIDDEN, field="unit")
    if kind not in EntryKind.values:
        raise DomainError("invalid_kind", f"Loại ngày không hợp lệ: {kind}.", field="kind")
    name, legal_basis = (name or "").strip(), (legal_basis or "").strip()
    if not name:
        raise DomainError("required", "Nhập tên ngày (ví dụ: Nghỉ Tết Nguyên đán).", field="name")
    if not legal_basis:
        raise DomainError("required", "Nhập căn cứ (số, ký hiệu văn bản).", field="legal_basis")
    if kind == EntryKind.LOCAL_CLOSURE and unit is None:
        raise DomainError("unit_required", "Nghỉ cục bộ phải chọn đơn vị được nghỉ.", field="unit")
    existing = CalendarEntry.objects.filter(date=day, unit=unit, source=EntrySource.ADMIN).first()
    if existing is not None:
        raise DomainError(
            "duplicate",
            f"Ngày {day:%d/%m/%Y} đã có mục “{existing.name}” cho {_scope_label(unit)}; xoá mục đó trước.",
            field="date",
        )
    working = calendar_for(unit).is_working(day)
    if kind == EntryKind.MAKE_UP_WORKDAY and working:
        raise DomainError("already_working", f"Ngày {day:%d/%m/%Y} đã là ngày làm việc.", field="date")
    if kind != EntryKind.MAKE_UP_WORKDAY and not working:
        rule = day_rules_for(unit).get(day)
        reason = rule.name if rule is not None else ("Thứ Bảy" if day.weekday() == 5 else "Chủ nhật")
        raise DomainError("already_off", f"Ngày {day:%d/%m/%Y} đã là ngày nghỉ ({reason}).", field="date")
    entry = CalendarEntry.objects.create(
        date=day,
        kind=kind,
        name=name,
        legal_basis=legal_basis,
        unit=unit,
        source=EntrySource.ADMIN,
        entered_by=actor,
    )
    moved = _notify(entry, unit, "added")
    record_event(
        entry,
        "added",
        f"{day:%d/%m/%Y} {entry.get_kind_display()}: {name} — {_scope_label(unit)} ({legal_basis})",
        unit_code=unit.code if unit is not None else "",
        recomputed=moved,
        **_event_data(entry, unit),
    )
    return entry


@transaction.atomic
def calendar_entry_remove(*, entry: CalendarEntry, actor=None) -> int:
    """Remove an administrator's entry; returns how many due instants the other apps moved.

    Package and shipped-notice rows cannot be removed: an administrator's entry on the same date overrides
    them."""
    entry = CalendarEntry.objects.select_related("unit").select_for_update(of=("self",)).get(pk=entry.pk)
    if entry.source == EntrySource.PACKAGE:
        raise DomainError(
            "package_entry",
            "Ngày lấy từ danh mục ngày lễ (gói holidays) không xoá được; hãy thêm một mục của quản trị "
            "cho ngày đó để thay thế.",
        )
    if entry.source == EntrySource.NOTICE:
        raise DomainError(
            "notice_entry",
            "Ngày theo thông báo chính thức kèm theo CCHC không xoá được; hãy thêm một mục của quản trị "
            "cho ngày đó để thay thế.",
        )
    unit = entry.unit
    if not can_manage_calendar(actor, unit):
        raise DomainError("forbidden", _FORBIDDEN)
    data = _event_data(entry, unit)
    label = f"{entry.date:%d/%m/%Y} {entry.get_kind_display()}: {entry.name} — {_scope_label(unit)}"
    pk = entry.pk
    entry.delete()
    entry.pk = pk  # the timeline keeps the deleted entry's id
    moved = _notify(entry, unit, "removed")
    record_event(entry, "removed", label, unit_code=unit.code if unit else "", recomputed=moved, **data)
    return moved


@transaction.atomic
def seed_package_calendar(*, years: Iterable[int] = SEEDED_YEARS) -> dict[str, int]:
    """Create or refresh the package rows for ``years`` from ``holidays.VN``. Idempotent.

    A date the package changed (a new version of ``holidays``) is announced like an administrator's change."""
    years = sorted(set(years))
    wanted = package_rows(years)
    basis = package_legal_basis()
    existing = {
        e.date: e
        for e in CalendarEntry.objects.filter(
            source=EntrySource.PACKAGE, date__year__gte=years[0], date__year__lte=years[-1]
        )
    }
    had_rows = bool(existing)
    created, changed = [], []
    for day, (kind, name) in wanted.items():
        entry = existing.pop(day, None)
        if entry is None:
            created.append(CalendarEntry(date=day, kind=kind, name=name, legal_basis=basis, source="package"))
        elif (entry.kind, entry.name) != (kind, name):
            entry.kind, entry.name, entry.legal_basis = kind, name, basis
            entry.save()
            changed.append(entry)
    CalendarEntry.objects.bulk_create(created, batch_size=500)
    removed = [e for e in existing.values() if e.date.year in set(years)]
    for entry in removed:
        pk = entry.pk
        entry.delete()
        entry.pk = pk
    if created or changed or removed:
        bump_calendar_version()
        if had_rows:  # the first seeding happens before any due instant exists
            for entry in [*created, *changed, *removed]:
                _notify(entry, None, "package")
    return {"created": len(created), "updated": len(changed), "removed": len(removed), "total": len(wanted)}


@transaction.atomic
def seed_official_notices(*, notices: OfficialNotices | None = None) -> dict[str, int]:
    """Create or refresh the rows of the official notices shipped with CCHC and the years they confirm.
    Idempotent.

    Every date created, changed or removed is announced like an administrator's change (``action="notice"``),
    so an upgrade that ships a new notice recomputes the due instants whose span contains its dates. Neither
    an administrator's entries (other rows, which keep overriding these) nor an administrator's confirmation
    of a year is touched."""
    notices = notices or official_notices()
    wanted = notices.rows()
    existing = {e.date: e for e in CalendarEntry.objects.filter(source=EntrySource.NOTICE, unit__isnull=True)}
    created, changed = [], []
    for day, (kind, name, basis) in sorted(wanted.items()):
        entry = existing.pop(day, None)
        if entry is None:
            created.append(
                CalendarEntry(date=day, kind=kind, name=name, legal_basis=basis, source=EntrySource.NOTICE)
            )
        elif (entry.kind, entry.name, entry.legal_basis) != (kind, name, basis):
            entry.kind, entry.name, entry.legal_basis = kind, name, basis
            entry.save()
            changed.append(entry)
    CalendarEntry.objects.bulk_create(created)
    removed = list(existing.values())
    for entry in removed:
        pk = entry.pk
        entry.delete()
        entry.pk = pk
    if created or changed or removed:
        bump_calendar_version()
        for entry in [*created, *changed, *removed]:
            _notify(entry, None, "notice")
    confirmed = 0
    taken = set(ConfirmedYear.objects.values_list("year", flat=True))
    for year in sorted(notices.years):
        number = notices.year_notice(year)
        if year in taken:
            confirmed += (
                ConfirmedYear.objects.filter(year=year, source=ConfirmationSource.SHIPPED)
                .exclude(notice=number)
                .update(notice=number)
            )
        else:
            ConfirmedYear.objects.create(year=year, notice=number, source=ConfirmationSource.SHIPPED)
            confirmed += 1
    return {
        "created": len(created),
        "updated": len(changed),
        "removed": len(removed),
        "total": len(wanted),
        "years": confirmed,
    }


@transaction.atomic
def calendar_year_confirm(*, year: int, notice: str, actor=None) -> ConfirmedYear:
    """Record that ``year``'s days off were checked against the official notice ``notice`` (its number).

    Nationwide, so superusers only (as nationwide entries). A year already confirmed is refused."""
    if not can_manage_calendar(actor, None):
        raise DomainError(
            "forbidden", "Chỉ quản trị hệ thống được xác nhận lịch nghỉ của cả nước.", field="notice"
        )
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError("invalid_year", f"Năm không hợp lệ: {year}.", field="year")
    notice = (notice or "").strip()
    if not notice:
        raise DomainError(
            "required", "Nhập số, ký hiệu thông báo chính thức (ví dụ: 12729/VPCP-KGVX).", field="notice"
        )
    if len(notice) > 300:
        raise DomainError("too_long", "Số, ký hiệu thông báo dài quá 300 ký tự.", field="notice")
    existing = ConfirmedYear.objects.filter(year=year).first()
    if existing is not None:
        raise DomainError(
            "already_confirmed",
            f"Lịch nghỉ năm {year} đã được xác nhận theo thông báo {existing.notice}.",
            field="notice",
        )
    confirmation = ConfirmedYear.objects.create(
        year=year, notice=notice, source=ConfirmationSource.ADMIN, confirmed_by=actor
    )
    record_event(
        confirmation, "year_confirmed", f"Xác nhận lịch nghỉ năm {year} theo thông báo {notice}", year=year
    )
    return confirmation


@transaction.atomic
def office_hours_set(*, unit: Unit, sessions: str, legal_basis: str = "", actor=None) -> UnitOfficeHours:
    """Set the office hours of ``unit`` (inherited by the units below it without a setting of their own).

    Existing due instants keep their value: office hours apply to receipts computed after the change."""
    if not can_manage_calendar(actor, unit):
        raise DomainError("forbidden", _FORBIDDEN, field="sessions")
    try:
        hours = OfficeHours.parse(sessions or "")
    except (ValueError, TypeError):
        raise DomainError(
            "invalid_office_hours",
            f"Giờ làm việc không hợp lệ: “{sessions}” (ví dụ: 07:30-11:30, 13:00-17:00).",
            field="sessions",
        ) from None
    setting, _ = UnitOfficeHours.objects.update_or_create(
        unit=unit, defaults={"sessions": str(hours), "legal_basis": (legal_basis or "").strip()}
    )
    record_event(
        setting, "office_hours_set", f"{unit.name}: {hours}", unit_code=unit.code, sessions=str(hours)
    )
    return setting


@transaction.atomic
def office_hours_clear(*, unit: Unit, actor=None) -> bool:
    """Remove ``unit``'s own setting (it then inherits again); False when it had none."""
    if not can_manage_calendar(actor, unit):
        raise DomainError("forbidden", _FORBIDDEN)
    setting = UnitOfficeHours.objects.filter(unit=unit).first()
    if setting is None:
        return False
    record_event(setting, "office_hours_cleared", f"{unit.name}: {setting.sessions}", unit_code=unit.code)
    setting.delete()
    return True
