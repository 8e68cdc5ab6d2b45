"""Parsers for the values people and other systems hand us (``formats/dossiers-csv.md``).

Shared by every importer and command line (``cchc deadline``, ``cchc import dossiers`` …) so that an instant,
a decimal or a boolean reads the same everywhere. Each parser takes the cell text and returns a Python value
or raises :class:`ParseError` (a ``ValueError``) whose message names the value, e.g.
``not an instant: '31/02/2025 9:00' (day is out of range for month)``. Blank handling is the caller's
choice except for booleans, where a blank cell is false by contract.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

__all__ = ["LOCAL_TZ", "ParseError", "parse_boolean", "parse_date", "parse_decimal", "parse_instant"]

#: Local time of every instant without an offset (a fixed UTC+07:00 since 1975).
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"\s*(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_VIETNAMESE = re.compile(
    r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?$"
)
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

_TRUE = frozenset({"1", "true", "có", "x"})
_FALSE = frozenset({"0", "false", "không", ""})

INSTANT_HINT = "expected ISO 8601 like 2025-03-03T09:00 or d/m/yyyy H:MM"


class ParseError(ValueError):
    """A value that does not parse; ``str()`` is a one-line reason naming the value."""

    def __init__(self, kind: str, value: str, detail: str = ""):
        self.kind = kind
        self.value = value
        self.detail = detail
        suffix = f" ({detail})" if detail else ""
        super().__init__(f"not {kind}: {value!r}{suffix}")


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    return text.strip() if text.isascii() else unicodedata.normalize("NFC", text).strip()


def _offset(text: str | None, value: str) -> timezone | ZoneInfo:
    if not text:
        return LOCAL_TZ
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ParseError("an instant", value, f"offset {text} out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_instant(text: str) -> datetime:
    """An instant as an aware datetime in Asia/Ho_Chi_Minh.

    Accepted: ISO 8601 ``2025-03-03T09:00``, ``2025-03-03 09:00:00``, fractional seconds (``.`` or ``,``,
    rounded half up to the microsecond), an offset ``+07:00``/``+0700``/``+07`` or ``Z``; or Vietnamese
    ``d/m/yyyy H:MM[:SS]`` (one or two digits for day, month and hour). Without an offset the text is local
    time (Asia/Ho_Chi_Minh). A date without a time is not an instant.
    """
    value = _clean(text)
    size = len(value)
    if (
        (size == 16 or (size == 19 and value[16] == ":"))
        and value[4] == "-"
        and value[10] in "Tt "
        and value[13] == ":"
    ):
        # fast path for the common shapes 2025-03-03T09:00 and 2025-03-03 09:00:00 (local time)
        try:
            local = datetime.fromisoformat(value)
        except ValueError:
            pass  # the general parser below names the problem
        else:
            return datetime.combine(local.date(), local.time(), LOCAL_TZ)  # = replace(tzinfo=…), faster
    match = _ISO.match(value) or _VIETNAMESE.match(value)
    if match is None:
        detail = "no time of day" if _DATE.match(value) else INSTANT_HINT
        raise ParseError("an instant", value, detail if value else "blank")
    parts = match.groupdict()
    fraction = parts.get("fraction") or ""
    micro = 0
    if fraction:
        scaled = Decimal(f"0.{fraction}") * 1_000_000
        micro = int(scaled.to_integral_value(rounding="ROUND_HALF_UP"))
    try:
        moment = datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"]),
            int(parts["minute"]),
            int(parts["second"] or 0),
            tzinfo=_offset(parts.get("offset"), value),
        )
    except ValueError as exc:
        raise ParseError("an instant", value, str(exc)) from None
    return (moment + timedelta(microseconds=micro)).astimezone(LOCAL_TZ)


def parse_decimal(text: str) -> Decimal:
    """A decimal number with ``.`` or ``,`` as the decimal separator (``0,5`` = ``0.5``).

    No thousands separators, no exponent, no ``NaN``/``Infinity``; the sign is kept (callers reject
    negatives where they are not allowed).
    """
    value = _clean(text)
    if not _DECIMAL.match(value):
        raise ParseError("a number", value, "blank" if not value else "")
    return Decimal(value.replace(",", "."))


def parse_boolean(text: str) -> bool:
    """``1``/``0``, ``true``/``false``, ``có``/``không``, ``x``/blank (case-insensitive); blank is false."""
    value = _clean(text).casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ParseError("a boolean", _clean(text), "use 1/0, true/false, có/không or x/blank")


def parse_date(text: str) -> date:
    """A calendar date ``YYYY-MM-DD`` (the command-line ``--from``/``--to`` format)."""
    value = _clean(text)
    match = _DATE.match(value)
    if match is None:
        raise ParseError("a date", value, "expected YYYY-MM-DD")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise ParseError("a date", value, str(exc)) from None
