"""Text helpers of the catalogue: NFC normalisation and accent-insensitive search keys (the Vietnamese sort
order is :func:`cchc.core.text.vn_sort_key`)."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(value: str) -> str:
    """NFC, trimmed, runs of spaces collapsed (line breaks kept)."""
    text = unicodedata.normalize("NFC", value or "")
    lines = [
        _SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip()


def one_line(value: str) -> str:
    return " ".join(clean(value).split())


def fold(value: str) -> str:
    """Lower case without diacritics (``Đăng ký`` → ``dang ky``): the search key."""
    text = unicodedata.normalize("NFD", (value or "").lower().replace("đ", "d"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())
