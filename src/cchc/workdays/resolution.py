"""How calendar entries combine into one unit's calendar (pure; no database).

For a date and a unit, the entry that decides is, first match wins:

1. an administrator's entry on the unit itself or on its nearest ancestor (the deepest unit wins: a commune's
   make-up day beats its province's closure on the same date);
2. an administrator's nationwide entry (it overrides the notice and package rows of the same date, e.g. a
   make-up day that cancels a package day off, or a day off that cancels a package make-up Saturday);
3. the row of an official notice shipped with CCHC (:mod:`cchc.workdays.notices`; it overrides the package);
4. the ``holidays`` package row;
5. otherwise Monday–Friday work and weekends are off.

``day_off`` and ``local_closure`` make the date off; ``make_up_workday`` makes it working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from cchc.workdays.engine import WorkCalendar

OFF = frozenset({"day_off", "local_closure"})
WORKING = frozenset({"make_up_workday"})


@dataclass(frozen=True)
class DayRule:
    """The entry that decides one date: its kind, name and where it comes from."""

    date: date
    kind: str
    name: str
    source: str  # "package", "notice" or "admin"
    unit_path: str = ""  # "" for nationwide entries
    unit_code: str = ""
    legal_basis: str = ""

    @property
    def is_off(self) -> bool:
        return self.kind in OFF


def ancestor_paths(path: str) -> list[str]:
    """``/68/22945/`` → ``["/68/", "/68/22945/"]`` (shallowest first); ``""`` or ``"/"`` → ``[]``."""
    codes = [c for c in (path or "").split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


#: Which nationwide row decides a date when several exist: the highest rank.
SOURCE_RANK = {"package": 0, "notice": 1, "admin": 2}


def national_rules(rules: Iterable[DayRule]) -> dict[date, DayRule]:
    """Nationwide rules per date: an administrator's row replaces the notice row, which replaces the package
    row of the same date."""
    result: dict[date, DayRule] = {}
    for rule in rules:
        if rule.unit_path:
            raise ValueError("national_rules takes nationwide rules only")
        current = result.get(rule.date)
        if current is None or SOURCE_RANK[rule.source] > SOURCE_RANK[current.source]:
            result[rule.date] = rule
    return result


def resolve(
    national: Mapping[date, DayRule], local: Mapping[str, Mapping[date, DayRule]], unit_path: str
) -> dict[date, DayRule]:
    """The deciding rule of every date that has one, for the unit at ``unit_path``."""
    merged = dict(national)
    for path in ancestor_paths(unit_path):
        merged.update(local.get(path, {}))
    return merged


def work_calendar(rules: Mapping[date, DayRule]) -> WorkCalendar:
    """The engine's calendar from resolved rules (only dates that change the weekday default matter)."""
    off = frozenset(d for d, r in rules.items() if r.kind in OFF and d.weekday() < 5)
    extra = frozenset(d for d, r in rules.items() if r.kind in WORKING and d.weekday() >= 5)
    return WorkCalendar(off_days=off, extra_workdays=extra)
