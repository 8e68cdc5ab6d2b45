"""Text helpers of the scoring app: NFC input, Vietnamese number display."""

import unicodedata
from decimal import Decimal


def nfc(value) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def points_text(value: Decimal | None) -> str:
    """``2,25`` / ``3`` / ``—`` (Vietnamese decimal comma, no trailing zeros)."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
