"""The unit-and-period form every statistics page shares, and the target form."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import DateInput
from cchc.org.models import Unit
from cchc.stats import periods
from cchc.stats.config import TARGET_INDICATORS
from cchc.stats.models import Indicator

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
PERIOD_CHOICES = [
    (periods.MONTH, _("Month")),
    (periods.QUARTER, _("Quarter")),
    (periods.YEAR, _("Year")),
    (periods.CUSTOM, _("From – to")),
]
MAX_UNIT_CHOICES = 400
INDENT = "\u00a0\u00a0"  # non-breaking spaces: an option keeps its indent


def unit_choices(user, around: Unit | None) -> list[tuple[str, str]]:
    """Current units the user can see in the subtree of ``around`` (the unit in context), by path."""
    units = Unit.objects.visible_to(user).filter(valid_to__isnull=True)
    if around is not None:
        units = units.filter(path__startswith=around.path)
    units = units.order_by("path").only("code", "name", "depth")[:MAX_UNIT_CHOICES]
    base = around.depth if around is not None else 0
    return [(u.code, f"{INDENT * max(u.depth - base, 0)}{u.name} ({u.code})") for u in units]


def default_data(current: Unit | None, today: date) -> dict:
    return {
        "unit": current.code if current else "",
        "subtree": "1",
        "period": periods.YEAR,
        "year": str(today.year),
        "month": str(today.month),
        "quarter": str((today.month - 1) // 3 + 1),
    }


def bound_data(query, current: Unit | None, today: date) -> dict:
    """The form's data: the defaults, overridden by the query. When the form was submitted (``period`` in
    the query), a missing ``subtree`` means unticked."""
    data = default_data(current, today)
    submitted = "period" in query
    if submitted:
        data.pop("subtree")
    data.update({key: query.get(key) for key in query})
    return data


class ReportForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), max_length=32)
    subtree = forms.BooleanField(label=_("with the units below"), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages={"invalid": _("Enter the year as a number, e.g. 2025.")},
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[(m, m) for m in range(1, 13)], coerce=int, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, periods.ROMAN[q]) for q in range(1, 5)], coerce=int, required=False
    )
    date_from = forms.DateField(
        label=_("From"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": _("Enter a valid date (dd/mm/yyyy).")},
        widget=DateInput(),
    )
    date_to = forms.DateField(
        label=_("To"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": _("Enter a valid date (dd/mm/yyyy).")},
        widget=DateInput(),
    )

    def __init__(self, *args, user, around: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = unit_choices(user, around)
        wanted = (self.data.get("unit") or "").strip()
        if wanted and wanted not in {code for code, _label in choices}:
            found = Unit.objects.visible_to(user).filter(code=wanted).first()
            if found is not None:
                choices.insert(0, (found.code, f"{found.name} ({found.code})"))
        self.fields["unit"].widget = forms.Select(choices=choices)

    def clean_unit(self) -> Unit:
        code = self.cleaned_data["unit"].strip()
        unit = Unit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("Unknown unit “%(code)s”: it does not exist or is not one of your units."),
                code="unknown_unit",
                params={"code": code},
            )
        return unit

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if kind in (periods.MONTH, periods.QUARTER, periods.YEAR) and data.get("year") is None:
            if "year" not in self.errors:
                self.add_error("year", _("Enter the year."))
            return data
        if kind == periods.MONTH:
            if data.get("month") is None:
                self.add_error("month", _("Choose the month."))
            else:
                data["range"] = periods.month(data["year"], data["month"])
        elif kind == periods.QUARTER:
            if data.get("quarter") is None:
                self.add_error("quarter", _("Choose the quarter."))
            else:
                data["range"] = periods.quarter(data["year"], data["quarter"])
        elif kind == periods.YEAR:
            data["range"] = periods.year(data["year"])
        elif kind == periods.CUSTOM:
            start, end = data.get("date_from"), data.get("date_to")
            for name in ("date_from", "date_to"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter the date (dd/mm/yyyy)."))
            if start and end:
                if start > end:
                    self.add_error(
                        "date_from",
                        _("The start date %(start)s is after the end date %(end)s.")
                        % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
                    )
                else:
                    data["range"] = periods.classify(start, end)
        return data

    def scope_query(self) -> str:
        """The query string that selects this unit, subtree and period (for links between the pages)."""
        data = self.cleaned_data
        return scope_query(data["unit"], data["subtree"], data["range"])


def scope_query(unit: Unit, subtree: bool, span: periods.DateRange) -> str:
    from urllib.parse import urlencode

    query = {"unit": unit.code}
    if subtree:
        query["subtree"] = "1"
    query["period"] = span.kind
    if span.kind == periods.MONTH:
        query.update(year=span.date_from.year, month=span.date_from.month)
    elif span.kind == periods.QUARTER:
        query.update(year=span.date_from.year, quarter=(span.date_from.month - 1) // 3 + 1)
    elif span.kind == periods.YEAR:
        query["year"] = span.date_from.year
    else:
        query.update(date_from=span.date_from.isoformat(), date_to=span.date_to.isoformat())
    return urlencode(query)


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(
        label=_("Indicator"), choices=[(k, Indicator(k).label) for k in TARGET_INDICATORS]
    )
    value = forms.CharField(label=_("Target (%)"), max_length=10, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
