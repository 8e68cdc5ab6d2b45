"""Official wording of dates and units in documents (Decree 30/2020/NĐ-CP): ``ngày 03 tháng 3 năm 2025``,
``Phường Phan Thiết`` / ``phường Phan Thiết``, the place in the date line, the governing body in the header.
Used by every app that prints an official document (the one-stop forms, the inspection notices)."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from cchc.core.parsing import LOCAL_TZ
from cchc.org.models import TERRITORIAL_KINDS, UnitKind


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


#: Division types a unit's name may start with, longest first (``Thành phố Huế``, ``Đặc khu Phú Quý``).
DIVISION_PREFIXES = ("thành phố", "đặc khu", "thị trấn", "thị xã", "phường", "huyện", "quận", "tỉnh", "xã")
#: The centrally-run cities (thành phố trực thuộc trung ương) after the 2025 reorganisation.
CENTRAL_CITIES = frozenset({"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"})


def division_type(unit) -> str:
    """The unit's division type in lower case (``tỉnh``, ``phường``): the stored one, else the one its name
    starts with, else the kind's usual one (a province ``tỉnh`` or, for the six cities, ``thành phố``; a
    commune ``xã``; a district ``huyện``); ``""`` for a non-territorial unit without one."""
    stored = nfc(unit.division_type).strip().lower()
    if stored:
        return stored
    name = nfc(unit.name).lower()
    for prefix in DIVISION_PREFIXES:
        if name.startswith(prefix + " "):
            return prefix
    if unit.kind == UnitKind.PROVINCE:
        return "thành phố" if name in CENTRAL_CITIES else "tỉnh"
    if unit.kind == UnitKind.COMMUNE:
        return "xã"
    if unit.kind == UnitKind.DISTRICT:
        return "huyện"
    return ""


def _bare_name(unit, kind: str) -> str:
    """The name without its division type (``Phan Thiết``)."""
    name = nfc(unit.name).strip()
    if kind and name.lower().startswith(kind + " "):
        return name[len(kind) + 1 :]
    return name


def full_name(unit) -> str:
    """``Phường Phan Thiết``, ``Tỉnh Lâm Đồng`` (the division type in front when the name lacks it)."""
    if unit.kind not in TERRITORIAL_KINDS:
        return nfc(unit.name)
    kind = division_type(unit)
    bare = _bare_name(unit, kind)
    return f"{kind[:1].upper()}{kind[1:]} {bare}" if kind else bare


def running_name(unit) -> str:
    """The name inside a sentence: the division type in lower case (``phường Phan Thiết``)."""
    if unit.kind not in TERRITORIAL_KINDS:
        return nfc(unit.name)
    kind = division_type(unit)
    bare = _bare_name(unit, kind)
    return f"{kind} {bare}" if kind else bare


def committee(unit) -> str:
    """The people's committee of a territorial unit in running text (``Ủy ban nhân dân tỉnh Lâm Đồng``),
    else the unit's own name."""
    return f"Ủy ban nhân dân {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else full_name(unit)


def committee_short(unit) -> str:
    """``UBND tỉnh Lâm Đồng``, ``UBND phường Phan Thiết`` (the official short form); a non-territorial unit
    keeps its name."""
    return f"UBND {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else full_name(unit)


def abbreviation(unit) -> str:
    """The issuing body's abbreviation after the document type in *Số: 12/TNHS-UBND* (Decree 30/2020/NĐ-CP,
    Appendix I): ``UBND`` for a people's committee, else the initials of the unit's name (``Sở Nội vụ`` →
    ``SNV``)."""
    if unit.kind in TERRITORIAL_KINDS:
        return "UBND"
    words = [w for w in nfc(unit.name).replace("-", " ").split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in words).upper()
    plain = unicodedata.normalize("NFD", initials.replace("Đ", "D"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def place_name(unit) -> str:
    """The place in the date line: the territorial unit where the body sits, without its division type."""
    territorial = unit
    while territorial is not None and territorial.kind not in TERRITORIAL_KINDS:
        territorial = territorial.parent
    if territorial is None:
        return nfc(unit.name)
    return _bare_name(territorial, division_type(territorial))


def governing_body(unit) -> str:
    """The first header line: the people's committee of a territorial unit, else the unit itself."""
    return upper(committee(unit))
