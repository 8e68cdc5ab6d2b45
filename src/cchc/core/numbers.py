"""The arithmetic every report shares: a percentage rounded half up to 2 decimals, and a decimal written as a
JSON number without trailing zeros (``8``, ``87.5``)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def percent(part, whole) -> Decimal | None:
    """``part / whole × 100`` rounded half up to 2 decimals; ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def json_number(value) -> int | float | None:
    """A number with at most 2 decimals, as JSON writes it: ``8``, ``87.5``; ``None`` stays null."""
    if value is None:
        return None
    value = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)
