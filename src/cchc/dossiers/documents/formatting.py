"""Vietnamese text on the one-stop forms: processing times and the desk's name (dates, units and money are
worded by :mod:`cchc.org.wording`)."""

from decimal import Decimal

from cchc.dossiers.documents.catalogue import desk_on
from cchc.org.models import TERRITORIAL_KINDS, UnitKind
from cchc.org.wording import (  # noqa: F401  (the forms' helpers, used through this module)
    abbreviation,
    committee,
    day_month,
    full_name,
    governing_body,
    local,
    long_date,
    long_instant,
    money,
    nfc,
    place_name,
    running_name,
    short_date,
    short_instant,
    upper,
    vn_number,
)


def days_text(value) -> str:
    """A processing time in working days: ``3 ngày làm việc``, ``0,5 ngày làm việc``, ``trong ngày``."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    if number == 0:
        return "trong ngày"
    places = max(-number.as_tuple().exponent, 0)
    return f"{vn_number(number, places)} ngày làm việc"


def desk_name(unit, day) -> str:
    """The issuing desk's header line on ``day``: the one-stop desk of the unit (a province's is its public
    administration service centre)."""
    if unit.kind == UnitKind.PROVINCE:
        return "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    return desk_on(day).header


def desk_text(unit, day) -> str:
    """The desk in running text: ``Bộ phận Một cửa phường Phan Thiết``."""
    if unit.kind == UnitKind.PROVINCE:
        return f"Trung tâm Phục vụ hành chính công {running_name(unit)}"
    return f"{desk_on(day).text} {running_name(unit)}"


def desk_lines(unit, day) -> dict:
    """The header's agency block of a form the desk issues: the governing body (regular) above the desk
    (bold), Decree 30/2020/NĐ-CP Appendix I; the number's body abbreviation is the governing body's."""
    body = "TTPVHCC" if unit.kind == UnitKind.PROVINCE else abbreviation(unit)
    return {
        "governing_body": governing_body(unit),
        "issuer": desk_name(unit, day),
        "issuer_2": "",
        "body": body,
    }


def body_lines(unit) -> dict:
    """The header's agency block of a document the body itself issues (the apology letter, the stop notice):
    ``ỦY BAN NHÂN DÂN`` / ``PHƯỜNG PHAN THIẾT`` in bold for a people's committee; a department under its
    governing committee (``ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`` / **``SỞ NỘI VỤ``**)."""
    if unit.kind in TERRITORIAL_KINDS:
        return {
            "governing_body": "",
            "issuer": "ỦY BAN NHÂN DÂN",
            "issuer_2": upper(full_name(unit)),
            "body": abbreviation(unit),
        }
    parent = unit.parent
    return {
        "governing_body": governing_body(parent) if parent is not None else "",
        "issuer": upper(full_name(unit)),
        "issuer_2": "",
        "body": abbreviation(unit),
    }
