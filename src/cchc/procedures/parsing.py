"""Cell parsers of the catalogue file on top of :mod:`cchc.core.parsing` (decimals, booleans, dates).

Added here: the range checks of a processing time, whole VND with thousands separators (as ``fee_vnd`` of
``dossiers-csv.md``: ``50.000`` is fifty thousand), a blank-is-true boolean and a 24-hour ``HH:MM`` time.
Each parser returns the value (None for a blank cell) or raises ``ValueError`` with a one-line reason.
"""

import re
from datetime import time
from decimal import Decimal

from cchc.core.parsing import parse_boolean, parse_date, parse_decimal

__all__ = ["parse_date", "parse_days", "parse_time", "parse_true_unless_no", "parse_vnd"]

MAX_DAYS = Decimal("99999.99")
MAX_VND = 10**15
_THOUSANDS = re.compile(r"^\d{1,3}([.,\u00a0 ]\d{3})+$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_days(text: str) -> Decimal | None:
    """A processing time: ``2,5`` or ``2.5``; at most 2 decimals, not negative; blank → None (unknown)."""
    if not text.strip():
        return None
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(f"must not be negative: {text.strip()!r}")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"at most 2 decimal places: {text.strip()!r}")
    if value > MAX_DAYS:
        raise ValueError(f"too large (at most {MAX_DAYS}): {text.strip()!r}")
    return value


def parse_vnd(text: str) -> int | None:
    """Whole VND: ``50000``, ``50.000``, ``50,000`` or ``50 000``; blank → None (unknown)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError(f"must not be negative: {text!r}")
    if text.isdigit():
        value = int(text)
    elif _THOUSANDS.match(text):
        value = int(re.sub(r"\D", "", text))
    else:
        raise ValueError(f"not a whole number of VND: {text!r}")
    if value > MAX_VND:
        raise ValueError(f"too large: {text!r}")
    return value


def parse_true_unless_no(text: str) -> bool:
    """A boolean whose blank cell means yes (the column's default), else as :func:`parse_boolean`."""
    return True if not text.strip() else parse_boolean(text)


def parse_time(text: str) -> time | None:
    """``15:00`` (24-hour) → ``time(15, 0)``; blank → None."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"not a time HH:MM (24-hour): {text!r}")
    return time(int(match[1]), int(match[2]))
