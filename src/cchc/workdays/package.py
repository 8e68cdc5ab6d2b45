"""The rows that the ``holidays`` package gives for the calendar table (pure; no database).

Days off: every date ``holidays.VN`` lists (public holidays, observed days such as "29 Tết", substituted
days off such as 2025-05-02), weekends included so that a holiday on a Sunday is still named on the
calendar page. Make-up working days: the package's ``weekend_workdays`` (e.g. 2025-04-26), named after the
day off they pay for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays

from cchc.workdays.engine import vn_holiday_names

DAY_OFF = "day_off"
MAKE_UP_WORKDAY = "make_up_workday"


def package_version() -> str:
    return holidays.__version__


def package_legal_basis() -> str:
    return f"Bộ luật Lao động 2019, Điều 112; thông báo nghỉ lễ hằng năm (gói holidays {package_version()})"


def package_rows(years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """``{date: (kind, Vietnamese name)}`` of the package for ``years``."""
    years = sorted(set(years))
    names = vn_holiday_names(years)
    rows: dict[date, tuple[str, str]] = {d: (DAY_OFF, name) for d, name in names.items()}
    wanted = set(years)
    for day in sorted(holidays.VN(years=years).weekend_workdays):
        if day.year not in wanted or day.weekday() < 5:
            continue
        token = f"{day:%d/%m/%Y}"
        paid = next((d for d, name in names.items() if token in name), None)
        label = f"Ngày làm việc bù (cho ngày nghỉ {paid:%d/%m/%Y})" if paid else "Ngày làm việc bù"
        rows[day] = (MAKE_UP_WORKDAY, label)
    return dict(sorted(rows.items()))
