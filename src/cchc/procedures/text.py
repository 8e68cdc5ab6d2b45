"""Text helpers of the catalogue: NFC normalisation, accent-insensitive search keys, Vietnamese sort order."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")

#: The Vietnamese alphabet order of base letters (Đ after D, Ă and Â after A, ...).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô"}
_LETTER_MARKS |= {("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


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


def vn_sort_key(value: str) -> tuple:
    """Sort key of the Vietnamese alphabet (a ă â b ... d đ ...), then tone marks; ``Hộ tịch`` < ``Hội``."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", (value or "").lower()):
        base, *marks = unicodedata.normalize("NFD", ch)
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                base = _LETTER_MARKS.get((base, mark), base)
        if base in _ORDER:
            letters.append(1000 + _ORDER[base])
        else:  # spaces and punctuation first, then digits, then other letters
            letters.append(ord(base) + (2000 if base.isalpha() else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones))
