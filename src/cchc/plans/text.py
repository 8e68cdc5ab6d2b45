"""Text helpers: NFC input and the Vietnamese sort order of names (Đ after D, tones after letters).

The procedures app has the same sort key; plans cannot import it (dependencies point one way), so the
two should move to ``cchc.core`` together.
"""

import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def nfc(value: str) -> str:
    """NFC, trimmed."""
    return unicodedata.normalize("NFC", value or "").strip()


def vn_sort_key(value: str) -> tuple:
    """Sort key of the Vietnamese alphabet, then tone marks.

    ``Đặng`` sorts after ``Dung``, ``Hộ`` before ``Hội``.
    """
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
        letters.append(1000 + _ORDER[base] if base in _ORDER else ord(base) + (2000 if base.isalpha() else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones))
