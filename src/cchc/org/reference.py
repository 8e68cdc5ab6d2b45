"""The official list of current administrative units, shipped with the package (``data/units-2025.csv``).

The list is the one of the statistics office (Công văn 1027/CTK-CSCL ngày 25/6/2025 của Cục Thống kê). The
``vietnam-provinces`` package differs from it for 124 communes and is no longer the source of current units.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

UNITS_FILE = Path(__file__).resolve().parent / "data" / "units-2025.csv"
UNITS_DOCUMENT = "Công văn 1027/CTK-CSCL ngày 25/6/2025 của Cục Thống kê"
UNITS_HEADER = ("code", "name", "kind", "province_code", "province_name")

#: The ``kind`` column of the list: province rows, then commune-level rows.
PROVINCE_KINDS = ("Tỉnh", "Thành phố")
COMMUNE_KINDS = ("Xã", "Phường", "Đặc khu")


@dataclass(frozen=True)
class OfficialUnit:
    code: str
    name: str
    division_type: str  # the list's ``kind`` in lower case: tỉnh, thành phố, xã, phường, đặc khu
    parent_code: str | None


def province_code(value: int) -> str:
    return f"{int(value):02d}"


def commune_code(value: int) -> str:
    return f"{int(value):05d}"


def read_official_units(path: Path = UNITS_FILE) -> tuple[OfficialUnit, ...]:
    """The rows of a units file in the shape of ``units-2025.csv`` (already checked), provinces first."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [
            OfficialUnit(
                row["code"],
                nfc_spaces(row["name"]),
                row["kind"].strip().lower(),
                row["province_code"] or None,
            )
            for row in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda u: u.parent_code is not None))


@cache
def official_units() -> tuple[OfficialUnit, ...]:
    """The 34 provinces then the 3,321 commune-level units, codes zero-padded (2 and 5 digits)."""
    return read_official_units()


@cache
def official_codes() -> frozenset[str]:
    return frozenset(u.code for u in official_units())


def nfc_spaces(text: str) -> str:
    """NFC with runs of whitespace collapsed: how a name is stored."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# Old-style tone placement (``Hoà``, ``Thuỷ``) and the new style (``Hòa``, ``Thủy``): one key for both.
_TONE_MOVES = {
    old: new
    for vowel, glide in (("a", "o"), ("e", "o"), ("y", "u"))
    for old, new in zip(
        [glide + unicodedata.normalize("NFC", vowel + m) for m in "\u0300\u0301\u0309\u0303\u0323"],
        [unicodedata.normalize("NFC", glide + m) + vowel for m in "\u0300\u0301\u0309\u0303\u0323"],
        strict=True,
    )
}
_TONE_RE = re.compile("|".join(_TONE_MOVES))
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


def name_key(name: str) -> str:
    """A name for matching two spellings of the same unit: NFC, one tone placement, one apostrophe and dash,
    whitespace collapsed, lower case (``Xã  Giao Thuỷ`` and ``Xã Giao Thủy`` give the same key)."""
    text = nfc_spaces(name).lower().translate(_PUNCTUATION)
    text = re.sub(r"\s*-\s*", " - ", text)
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], text)
