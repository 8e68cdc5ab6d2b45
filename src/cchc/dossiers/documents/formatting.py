"""Vietnamese text on the one-stop forms: processing times and the desk's name (dates, units and money are
worded by :mod:`cchc.org.wording`)."""

from decimal import Decimal

from cchc.org.models import UnitKind
from cchc.org.wording import (  # noqa: F401  (the forms' helpers, used through this module)
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


def desk_name(unit, form_set) -> str:
    """The second header line: the body that issues the form (the one-stop desk of the unit)."""
    if unit.kind == UnitKind.PROVINCE:
        return "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    return form_set.desk


def desk_text(unit, form_set) -> str:
    """The desk in running text: ``Bộ phận Một cửa Phường Phan Thiết``."""
    if unit.kind == UnitKind.PROVINCE:
        return f"Trung tâm Phục vụ hành chính công {running_name(unit)}"
    return f"{form_set.desk_text} {running_name(unit)}"
