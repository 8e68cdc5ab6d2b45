"""Official wording of dates and units in documents (Decree 30/2020/NĐ-CP): ``ngày 03 tháng 3 năm 2025``,
``Phường Phan Thiết`` / ``phường Phan Thiết``, the place in the date line, the governing body in the header.
Used by every app that prints an official document (the one-stop forms, the inspection notices)."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from cchc.core.parsing import LOCAL_TZ
from cchc.org.models import TERRITORIAL_KINDS


def nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text or ""))


def upper(text) -> str:
    return nfc(text).upper()


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def day_month(day: date) -> tuple[str, str]:
    """Decree 30: days below 10 and the months 1 and 2 take a leading zero (``ngày 05 tháng 02``)."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month < 3 else str(day.month)


def long_date(day: date) -> str:
    """``ngày 03 tháng 3 năm 2025``."""
    d, m = day_month(day)
    return f"ngày {d} tháng {m} năm {day.year}"


def short_date(value) -> str:
    """``03/03/2025`` for a date or an instant (local date); ``""`` for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return value.strftime("%d/%m/%Y")


def short_instant(value: datetime | None) -> str:
    """``09:00 03/03/2025`` (24-hour local time, then the date)."""
    return "" if value is None else local(value).strftime("%H:%M %d/%m/%Y")


def long_instant(value: datetime | None) -> str:
    """``09 giờ 00 phút, ngày 03/03/2025`` as the forms write appointment times."""
    if value is None:
        return ""
    moment = local(value)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def vn_number(value, places: int = 0) -> str:
    """``1234.5`` → ``1.234,5``."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    text = f"{number:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value) -> str:
    return f"{vn_number(value or 0)} đồng"


def full_name(unit) -> str:
    """``Phường Phan Thiết``, ``Tỉnh Lâm Đồng`` (the division type in front when the name lacks it)."""
    name, kind = nfc(unit.name), nfc(unit.division_type)
    if unit.kind in TERRITORIAL_KINDS and kind and not name.lower().startswith(kind.lower()):
        return f"{kind[:1].upper()}{kind[1:]} {name}"
    return name


def running_name(unit) -> str:
    """The name inside a sentence: the division type in lower case (``phường Phan Thiết``)."""
    name, kind = full_name(unit), nfc(unit.division_type)
    if unit.kind in TERRITORIAL_KINDS and kind and name.lower().startswith(kind.lower() + " "):
        return kind.lower() + name[len(kind) :]
    return name


def place_name(unit) -> str:
    """The place in the date line: the territorial unit where the body sits, without its division type."""
    territorial = unit
    while territorial is not None and territorial.kind not in TERRITORIAL_KINDS:
        territorial = territorial.parent
    if territorial is None:
        return nfc(unit.name)
    name, kind = nfc(territorial.name), nfc(territorial.division_type)
    if kind and name.lower().startswith(kind.lower() + " "):
        return name[len(kind) + 1 :]
    return name


def governing_body(unit) -> str:
    """The first header line: the people's committee of a territorial unit, else the unit itself."""
    if unit.kind in TERRITORIAL_KINDS:
        return upper(f"Ủy ban nhân dân {full_name(unit)}")
    return upper(full_name(unit))
