"""Service-quality configuration per year, read from the versioned ``data/quality.json`` of the package.

A version applies from its ``from_year`` until the next version: the Decision 766 index (groups with their
maximum points, the indicators the system's data supports with maximum points and thresholds), the national
default targets (chỉ tiêu) and the margin that makes a figure "at risk". Percentages throughout.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

CONFIG_PATH = Path(__file__).resolve().parent / "data" / "quality.json"

#: The rates the system can compute for the 766 index (see ``cchc.stats.quality``).
INDEX_RATES = ("progress", "online", "paid_online", "e_result", "digitized", "satisfaction")
#: The figures that have targets (chỉ tiêu).
TARGET_INDICATORS = ("online", "on_time", "digitized", "satisfaction")


@dataclass(frozen=True)
class IndexIndicator:
    code: str
    group: str
    rate: str
    max: Decimal
    threshold: Decimal | None  # percent


@dataclass(frozen=True)
class Version:
    from_year: int
    basis: str
    groups: dict[str, Decimal]
    indicators: tuple[IndexIndicator, ...]
    targets: dict[str, Decimal]
    at_risk_margin: Decimal


def _version(raw: dict, where: str) -> Version:
    try:
        groups = {str(g["code"]): Decimal(str(g["max"])) for g in raw["groups"]}
        indicators = tuple(
            IndexIndicator(
                code=str(i["code"]),
                group=str(i["group"]),
                rate=i["rate"],
                max=Decimal(str(i["max"])),
                threshold=None if i.get("threshold") is None else Decimal(str(i["threshold"])),
            )
            for i in raw["indicators"]
        )
        version = Version(
            from_year=int(raw["from_year"]),
            basis=str(raw.get("basis", "")),
            groups=groups,
            indicators=indicators,
            targets={k: Decimal(str(v)) for k, v in raw["targets"].items()},
            at_risk_margin=Decimal(str(raw["at_risk_margin"])),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ImproperlyConfigured(f"{CONFIG_PATH.name}: {where}: {exc!r}") from exc
    for indicator in version.indicators:
        if indicator.group not in version.groups:
            raise ImproperlyConfigured(f"{CONFIG_PATH.name}: {where}: unknown group {indicator.group!r}")
        if indicator.rate not in INDEX_RATES:
            raise ImproperlyConfigured(f"{CONFIG_PATH.name}: {where}: unknown rate {indicator.rate!r}")
    for code, group_max in version.groups.items():
        used = sum((i.max for i in version.indicators if i.group == code), Decimal(0))
        if used > group_max:
            raise ImproperlyConfigured(
                f"{CONFIG_PATH.name}: {where}: group {code} exceeds {group_max} points"
            )
    missing = set(TARGET_INDICATORS) - set(version.targets)
    if missing:
        raise ImproperlyConfigured(f"{CONFIG_PATH.name}: {where}: targets missing {sorted(missing)}")
    return version


@lru_cache(maxsize=1)
def versions() -> tuple[Version, ...]:
    raw = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    found = tuple(_version(v, f"versions[{n}]") for n, v in enumerate(raw["versions"]))
    return tuple(sorted(found, key=lambda v: v.from_year))


def version_for(year: int) -> Version:
    """The version in force in ``year`` (the first one for years before it)."""
    chosen = versions()[0]
    for version in versions():
        if version.from_year <= year:
            chosen = version
    return chosen
