"""Text helpers every app uses: NFC input and the Vietnamese sort order of names (Đ after D, tones after
letters)."""

import unicodedata

#: The Vietnamese alphabet order of base letters (Đ after D, Ă and Â after A, ...).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô"}
_LETTER_MARKS |= {("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def nfc(value) -> str:
    """NFC, trimmed."""
    return unicodedata.normalize("NFC", str(value or "")).strip()


def vn_sort_key(value: str) -> tuple:
    """Sort key of the Vietnamese alphabet (a ă â b ... d đ ...), then tone marks.

    ``Đặng`` sorts after ``Dung``, ``Hộ tịch`` before ``Hội``.
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
        if base in _ORDER:
            letters.append(1000 + _ORDER[base])
        else:  # spaces and punctuation first, then digits, then other letters
            letters.append(ord(base) + (2000 if base.isalpha() else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones))
