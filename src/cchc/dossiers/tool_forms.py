"""Forms of the register, web import and consistency audit pages (documents, import, audit)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import DateInput
from cchc.dossiers import webimport
from cchc.org.models import Unit

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class UnitScopedForm(forms.Form):
    """A unit code the user can see (a role on it or above it), with or without its subtree."""

    unit = forms.CharField(label=_("Unit code"), max_length=32)
    subtree = forms.BooleanField(label=_("Include the units below"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_unit(self):
        code = self.cleaned_data["unit"].strip()
        unit = Unit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("Unknown unit code or not one of your units: %(code)s") % {"code": code}
            )
        return unit


class RegisterForm(UnitScopedForm):
    date_from = forms.DateField(label=_("From"), input_formats=DATE_FORMATS, widget=DateInput())
    date_to = forms.DateField(label=_("To"), input_formats=DATE_FORMATS, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class AuditForm(UnitScopedForm):
    rule = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("All rules")), *rules]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Dossier file (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        limit = webimport.max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: %(size)s MB (at most %(limit)s MB).")
                % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the rejected ones"), required=False
    )
