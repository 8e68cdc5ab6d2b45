"""Forms of the desk pages. They only parse what the officer typed; the rules live in
:mod:`cchc.dossiers.services`."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.parsing import ParseError, parse_instant
from cchc.dossiers.models import Channel, Outcome, ReturnMethod
from cchc.org.models import Unit
from cchc.procedures.models import Procedure


class InstantField(forms.CharField):
    """An instant typed as ``dd/mm/yyyy HH:MM`` or sent by a ``datetime-local`` input (ISO)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_instant(text)
        except ParseError:
            raise forms.ValidationError(
                _("Enter a date and time like 26/11/2026 14:30."), code="invalid"
            ) from None


class UnitCodeField(forms.CharField):
    """A unit given by its code (``22945``), as the officer types it or picks it from the list.

    The text is validated as text first (length), then looked up: the lookup is in :meth:`clean`, after the
    validators, since the length validator cannot measure a :class:`Unit`. Any unit of the country may be
    named (a dossier may be resolved or handled outside the desk's own units); the service checks the rest.
    """

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        code = text.split(" ")[0].strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("No unit has the code %(code)s.") % {"code": code}, code="unknown")
        return unit


def procedure_option(procedure) -> str:
    """How a procedure is offered in the type-ahead list and read back: ``<code> — <name>``."""
    return f"{procedure.code} — {procedure.name}"


class IntakeForm(forms.Form):
    """The intake form the officer fills for the citizen ("công dân không viết")."""

    procedure = forms.CharField(
        label=_("Procedure"),
        max_length=400,
        widget=forms.TextInput(
            attrs={"list": "procedure-options", "autofocus": True, "autocomplete": "off", "size": 70}
        ),
        help_text=_("Type the code or words of the name; the procedures this unit receives most come first."),
    )
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=200)
    applicant_phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    applicant_address = forms.CharField(
        label=_("Address"), max_length=300, required=False, widget=forms.TextInput(attrs={"size": 60})
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.DIRECT, widget=forms.RadioSelect
    )
    digitized = forms.BooleanField(label=_("Components digitised at intake"), required=False)
    receiving_unit = forms.TypedChoiceField(label=_("Receiving unit"), coerce=int)
    competent_unit = UnitCodeField(
        label=_("Competent unit (code)"),
        required=False,
        max_length=40,
        help_text=_("Only when another unit resolves the dossier."),
    )
    received_at = InstantField(label=_("Received at"), required=False, help_text=_("Leave blank for now."))
    fee_vnd = forms.CharField(
        label=_("Fee (VND)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leave blank for the catalogue's fee."),
    )
    processing_days = forms.CharField(
        label=_("Processing time (working days)"),
        required=False,
        max_length=10,
        help_text=_("Only when the catalogue has none."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].choices = [(u.pk, u.name) for u in units]
        if len(units) == 1:
            self.fields["receiving_unit"].widget = forms.HiddenInput()
            self.fields["receiving_unit"].initial = units[0].pk
        self.units = {u.pk: u for u in units}
        self.fields["procedure"].widget.attrs.update(
            {
                "hx-get": reverse("dossiers:intake-preview"),
                "hx-trigger": "change, input changed delay:500ms",
                "hx-target": "#intake-preview",
                "hx-include": "[name=receiving_unit]",
            }
        )

    def clean_procedure(self):
        text = self.cleaned_data["procedure"].strip()
        code = text.split(" — ")[0].split(" ")[0].strip()
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(
                _("No procedure with the code “%(code)s” in the catalogue.") % {"code": code}, code="unknown"
            )
        return procedure

    def clean_receiving_unit(self):
        return self.units[self.cleaned_data["receiving_unit"]]

    def clean_fee_vnd(self):
        text = self.cleaned_data["fee_vnd"].strip()
        if not text:
            return None
        digits = text.replace(".", "").replace(",", "").replace(" ", "").removesuffix("đ")
        if not digits.isdigit():
            raise forms.ValidationError(_("Enter the fee in whole đồng, e.g. 50.000."), code="invalid")
        return int(digits)

    def clean_processing_days(self):
        text = self.cleaned_data["processing_days"].strip().replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Enter a number of working days, e.g. 3 or 0,5."), code="invalid"
            ) from None
        if not value.is_finite() or value < 0:
            raise forms.ValidationError(_("Enter a number of working days, e.g. 3 or 0,5."), code="invalid")
        return value


class ActionForm(forms.Form):
    """A form of the dossier page: built for one dossier (``dossier=``), which some forms need for their
    choices."""

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "cols": 50}))


class SupplementForm(ActionForm):
    reason = forms.CharField(
        label=_("What the applicant must supplement"), widget=forms.Textarea(attrs={"rows": 2, "cols": 50})
    )


class OptionalReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 50})
    )


class EmptyForm(ActionForm):
    """An action that takes no input beyond the button (e.g. approve, return the result)."""


class TransferForm(ActionForm):
    to_unit = UnitCodeField(
        label=_("To unit (code)"), max_length=40, widget=forms.TextInput(attrs={"list": "unit-options"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class FinishForm(ActionForm):
    e_result = forms.BooleanField(label=_("Electronic result issued"), required=False)


class ReturnForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How the result was returned"),
        choices=ReturnMethod.choices,
        initial=ReturnMethod.COUNTER,
        widget=forms.RadioSelect,
    )


class ApologyForm(ActionForm):
    new_due_at = InstantField(label=_("New return date"))
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2, "cols": 50})
    )


class RateForm(ActionForm):
    satisfied = forms.TypedChoiceField(
        label=_("The applicant is"),
        choices=[("1", _("Satisfied")), ("0", _("Not satisfied"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class AssignForm(ActionForm):
    """The desk picks the specialist among the officers of the competent unit."""

    specialist = forms.TypedChoiceField(label=_("Specialist"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.dossiers.selectors import person_name, specialists_for

        self.people = {u.pk: u for u in specialists_for(self.dossier)} if self.dossier is not None else {}
        self.fields["specialist"].choices = [("", "—")] + [
            (pk, person_name(u)) for pk, u in self.people.items()
        ]

    def clean_specialist(self):
        return self.people[self.cleaned_data["specialist"]]


class ProposeForm(ActionForm):
    outcome = forms.ChoiceField(
        label=_("Proposed result"),
        choices=[(Outcome.APPROVED, _("Resolve (issue the result)")), (Outcome.REFUSED, _("Refuse"))],
        initial=Outcome.APPROVED,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (the reason when refusing)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
    )


class ApproveForm(ActionForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Send back to the specialist"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (the reason when sending back)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
    )
