"""The official notices shipped with CCHC (``data/official-notices.yaml``; pure, no database).

The ``holidays`` package knows the Labour Code's holidays and some swaps, but not every notice of the
Government on civil servants' days off (e.g. the New Year 2026 swap, Văn bản 12729/VPCP-KGVX). The shipped
file lists, per notice, the dates the package lacks or gets wrong, and the years whose schedule the notices
settle. ``cchc setup`` loads them (:func:`cchc.workdays.services.seed_official_notices`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "official-notices.yaml"

KINDS = ("day_off", "make_up_workday")


@dataclass(frozen=True)
class NoticeDay:
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class Notice:
    number: str
    date: date
    issuer: str
    subject: str
    source: str
    days: tuple[NoticeDay, ...] = ()

    @property
    def legal_basis(self) -> str:
        """``Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ``."""
        return f"Văn bản {self.number} ngày {self.date:%d/%m/%Y} của {self.issuer}"


@dataclass(frozen=True)
class OfficialNotices:
    notices: tuple[Notice, ...]
    years: dict[int, tuple[str, ...]]  # year -> numbers of the notices that settle it

    def rows(self) -> dict[date, tuple[str, str, str]]:
        """``{date: (kind, name, legal basis)}`` of every shipped day."""
        return {d.date: (d.kind, d.name, n.legal_basis) for n in self.notices for d in n.days}

    def year_notice(self, year: int) -> str:
        """The numbers of the notices that settle ``year``, as one text (``9441; 12729/VPCP-KGVX``)."""
        return "; ".join(self.years.get(year, ()))


class NoticeFileError(ValueError):
    """The shipped file of official notices is malformed (names the entry and the field)."""


def _date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise NoticeFileError(f"{where}: not a date: {value!r}") from None


def parse(data: dict) -> OfficialNotices:
    """Check and read the file's content; raises :class:`NoticeFileError` naming the faulty path."""
    notices, seen_days, numbers = [], set(), set()
    for i, raw in enumerate(data.get("notices") or []):
        where = f"notices[{i}]"
        for key in ("number", "date", "issuer", "subject", "source"):
            if not str(raw.get(key) or "").strip():
                raise NoticeFileError(f"{where}.{key}: missing")
        days = []
        for j, item in enumerate(raw.get("days") or []):
            here = f"{where}.days[{j}]"
            day = _date(item.get("date"), f"{here}.date")
            if item.get("kind") not in KINDS:
                raise NoticeFileError(f"{here}.kind: expected one of {', '.join(KINDS)}")
            if not str(item.get("name") or "").strip():
                raise NoticeFileError(f"{here}.name: missing")
            if day in seen_days:
                raise NoticeFileError(f"{here}.date: {day} is listed twice")
            seen_days.add(day)
            days.append(NoticeDay(day, item["kind"], str(item["name"]).strip()))
        number = str(raw["number"]).strip()
        numbers.add(number)
        notices.append(
            Notice(
                number=number,
                date=_date(raw["date"], f"{where}.date"),
                issuer=str(raw["issuer"]).strip(),
                subject=str(raw["subject"]).strip(),
                source=str(raw["source"]).strip(),
                days=tuple(days),
            )
        )
    years = {}
    for year, listed in (data.get("years") or {}).items():
        listed = tuple(str(n).strip() for n in listed or ())
        unknown = [n for n in listed if n not in numbers]
        if not listed or unknown:
            raise NoticeFileError(f"years.{year}: unknown notice {', '.join(unknown) or '(none)'}")
        years[int(year)] = listed
    return OfficialNotices(tuple(notices), years)


@cache
def official_notices() -> OfficialNotices:
    """The shipped notices (read once per process)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle) or {})
