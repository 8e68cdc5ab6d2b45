"""The national list of current administrative units, from the ``vietnam-provinces`` package."""

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward


@dataclass(frozen=True)
class OfficialUnit:
    code: str
    name: str
    division_type: str
    parent_code: str | None


def province_code(value: int) -> str:
    return f"{int(value):02d}"


def commune_code(value: int) -> str:
    return f"{int(value):05d}"


@cache
def official_units() -> tuple[OfficialUnit, ...]:
    """The 34 provinces then the 3,321 commune-level units, codes zero-padded (2 and 5 digits)."""
    provinces = [
        OfficialUnit(province_code(p.code), p.name, p.division_type.value, None) for p in Province.iter_all()
    ]
    communes = [
        OfficialUnit(commune_code(w.code), w.name, w.division_type.value, province_code(w.province_code))
        for w in Ward.iter_all()
    ]
    return tuple(provinces + communes)


@cache
def official_codes() -> frozenset[str]:
    return frozenset(u.code for u in official_units())
