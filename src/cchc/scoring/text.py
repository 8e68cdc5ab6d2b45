"""Points as the pages and documents write them (Vietnamese decimal comma)."""

from decimal import Decimal


def points_text(value: Decimal | None) -> str:
    """``2,25`` / ``3`` / ``—`` (Vietnamese decimal comma, no trailing zeros)."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
