from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError
from cchc.core.forms import DateInput
from cchc.core.parsing import ParseError, parse_decimal, parse_instant
from cchc.org.models import Unit
from cchc.workdays.models import EntryKind
from cchc.workdays.selectors import check_processing


class _UnitCodeMixin:
    """A ``unit`` text field holding a unit code, looked up among the units the user may see."""

    user = None
    unit_required = True

    def clean_unit(self):
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            if self.unit_required:
                raise forms.ValidationError(_("Enter a unit code."))
            return None
        unit = Unit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("No unit with code %(code)s in your scope."), params={"code": code})
        return unit


class EntryForm(_UnitCodeMixin, forms.Form):
    prefix = "entry"
    unit_required = False

    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Notice 6150/TB-BNV")}),
    )
    unit = forms.CharField(
        label=_("Unit code (empty: nationwide)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"list": "calendar-units", "autocomplete": "off"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ConfirmYearForm(forms.Form):
    """Confirm the year shown on the calendar page against the official notice (the year travels as
    ``year``, outside the prefix, like the page's other forms)."""

    prefix = "confirm"
    notice = forms.CharField(
        label=_("Notice number"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 12729/VPCP-KGVX")}),
    )


class OfficeHoursForm(_UnitCodeMixin, forms.Form):
    prefix = "hours"
    unit = forms.CharField(widget=forms.HiddenInput)
    sessions = forms.CharField(
        label=_("Office hours"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "07:30-11:30, 13:00-17:00"}),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class DeadlineForm(_UnitCodeMixin, forms.Form):
    received = forms.CharField(
        label=_("Received at"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "dd/mm/yyyy hh:mm", "autofocus": True, "inputmode": "numeric"}
        ),
    )
    amount = forms.CharField(
        label=_("Processing time"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit_of_time = forms.ChoiceField(
        label=_("In"), choices=[("days", _("working days")), ("hours", _("working hours"))], initial="days"
    )
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        widget=forms.TextInput(attrs={"list": "deadline-units", "autocomplete": "off"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_received(self):
        text = self.cleaned_data["received"]
        try:
            return parse_instant(text)
        except ParseError:
            raise forms.ValidationError(
                _("Cannot read “%(value)s” as a date and time: use dd/mm/yyyy hh:mm (or yyyy-mm-ddThh:mm)."),
                params={"value": text},
            ) from None

    def clean_amount(self):
        text = self.cleaned_data["amount"]
        try:
            return parse_decimal(text)
        except ParseError:
            raise forms.ValidationError(
                _("“%(value)s” is not a number (use 3, 0,5 or 0.5)."), params={"value": text}
            ) from None

    def clean(self):
        data = super().clean()
        if "amount" in data and "unit_of_time" in data:
            try:
                check_processing(data["amount"], data["unit_of_time"])
            except DomainError as exc:
                self.add_error("amount", exc.message)
        return data
