"""Setup and demo steps of the working-day calendar (registered in ``WorkdaysConfig.ready``)."""

from datetime import date

from cchc.core.steps import demo_step, setup_step

#: The demo's local closure: a flood day in a highland commune of Lâm Đồng (illustrative, not official).
DEMO_CLOSURE_UNIT = "24853"  # Xã Đam Rông 4
DEMO_CLOSURE_DATE = date(2025, 11, 19)


@setup_step(20, "calendar")
def seed_calendar() -> str:
    from cchc.workdays.models import SEEDED_YEARS
    from cchc.workdays.services import seed_official_notices, seed_package_calendar

    result = seed_package_calendar(years=SEEDED_YEARS)
    notices = seed_official_notices()
    return (
        f"{result['total']} package dates {SEEDED_YEARS.start}-{SEEDED_YEARS.stop - 1} "
        f"({result['created']} created, {result['updated']} updated, {result['removed']} removed); "
        f"{notices['total']} dates of official notices ({notices['created']} created, "
        f"{notices['updated']} updated, {notices['removed']} removed), {notices['years']} years confirmed"
    )


@demo_step(30, "calendar")
def demo_calendar() -> list[str]:
    from django.contrib.auth import get_user_model

    from cchc.org.models import Unit
    from cchc.workdays.models import CalendarEntry, EntryKind
    from cchc.workdays.services import calendar_entry_add

    unit = Unit.objects.filter(code=DEMO_CLOSURE_UNIT).first()
    if unit is None or CalendarEntry.objects.filter(unit=unit, date=DEMO_CLOSURE_DATE).exists():
        return []
    calendar_entry_add(
        day=DEMO_CLOSURE_DATE,
        kind=EntryKind.LOCAL_CLOSURE,
        name="Nghỉ do mưa lũ, sạt lở (dữ liệu minh họa)",
        legal_basis="Công điện khẩn của Chủ tịch UBND tỉnh (dữ liệu minh họa)",
        unit=unit,
        actor=get_user_model().objects.filter(username="quantri").first(),
    )
    return []
