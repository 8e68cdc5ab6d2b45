"""Report periods picked on the pages: a month, a quarter, a year or custom dates (both inclusive)."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KINDS = (MONTH, QUARTER, YEAR, CUSTOM)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class DateRange:
    kind: str
    date_from: date
    date_to: date

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("Month %(month)d/%(year)d") % {
                "month": self.date_from.month,
                "year": self.date_from.year,
            }
        if self.kind == QUARTER:
            quarter = (self.date_from.month - 1) // 3 + 1
            return _("Quarter %(quarter)s/%(year)d") % {
                "quarter": ROMAN[quarter],
                "year": self.date_from.year,
            }
        if self.kind == YEAR:
            return _("Year %(year)d") % {"year": self.date_from.year}
        return f"{self.date_from:%d/%m/%Y} – {self.date_to:%d/%m/%Y}"

    @property
    def year(self) -> int:
        """The year the period ends in (targets and projections are per calendar year)."""
        return self.date_to.year


def month(year: int, month_number: int) -> DateRange:
    return DateRange(
        MONTH, date(year, month_number, 1), date(year, month_number, monthrange(year, month_number)[1])
    )


def quarter(year: int, quarter_number: int) -> DateRange:
    first = 3 * (quarter_number - 1) + 1
    return DateRange(QUARTER, date(year, first, 1), date(year, first + 2, monthrange(year, first + 2)[1]))


def year(year_number: int) -> DateRange:
    return DateRange(YEAR, date(year_number, 1, 1), date(year_number, 12, 31))


def custom(date_from: date, date_to: date) -> DateRange:
    return DateRange(CUSTOM, date_from, date_to)


def classify(date_from: date, date_to: date) -> DateRange:
    """The range as a month, quarter or year when it is exactly one, else custom."""
    for candidate in (
        month(date_from.year, date_from.month),
        quarter(date_from.year, (date_from.month - 1) // 3 + 1),
        year(date_from.year),
    ):
        if (candidate.date_from, candidate.date_to) == (date_from, date_to):
            return candidate
    return custom(date_from, date_to)
