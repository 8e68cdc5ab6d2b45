"""Forms of the inspections pages. They only parse input; the rules live in
:mod:`cchc.inspections.services`."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import DateInput
from cchc.inspections.models import FindingKind, ItemResult, MemberRole
from cchc.org.forms import UserFormMixin, VisibleUnitField
from cchc.org.models import Person


class PlanForm(UserFormMixin, forms.Form):
    unit = VisibleUnitField(label=_("Inspecting unit (code)"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Plan title"), max_length=300, required=False, widget=forms.TextInput(attrs={"size": 80})
    )
    doc_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    doc_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.title or obj.unit.name}" if obj.title else obj.full_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.title or obj.unit.name}" if obj.title else obj.full_name


class TeamForm(forms.Form):
    """The team: one leader, an optional deputy and secretary, any number of members."""

    leader = PersonChoice(queryset=Person.objects.none(), label=_("Team leader"))
    deputy = PersonChoice(queryset=Person.objects.none(), label=_("Deputy leader"), required=False)
    members = PeopleChoice(
        queryset=Person.objects.none(),
        label=_("Members"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    secretary = PersonChoice(queryset=Person.objects.none(), label=_("Secretary"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("leader", "deputy", "members", "secretary"):
            self.fields[name].queryset = people

    def members_with_roles(self) -> list[tuple[Person, str]]:
        data = self.cleaned_data
        team = [(data["leader"], MemberRole.LEADER)]
        if data.get("deputy"):
            team.append((data["deputy"], MemberRole.DEPUTY))
        team += [(person, MemberRole.MEMBER) for person in data.get("members") or ()]
        if data.get("secretary"):
            team.append((data["secretary"], MemberRole.SECRETARY))
        return team

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        seen = set()
        for person, _role in self.members_with_roles():
            if person.pk in seen:
                raise forms.ValidationError(
                    _("%(name)s is chosen twice: a person has one role in the team.") % {"name": person}
                )
            seen.add(person.pk)
        return data

    @staticmethod
    def initial_for(inspection) -> dict:
        initial: dict = {"members": []}
        for member in inspection.team.all():
            if member.role == MemberRole.MEMBER:
                initial["members"].append(member.person_id)
            else:
                initial[member.role] = member.person_id
        return initial


class InspectionForm(TeamForm):
    unit = forms.ModelChoiceField(queryset=None, label=_("Inspected unit"))
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput())
    topics = forms.CharField(
        label=_("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 70})
    )

    field_order = ["unit", "start_date", "end_date", "topics", "leader", "deputy", "members", "secretary"]

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, people=people, **kwargs)
        self.fields["unit"].queryset = units


class CheckForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ItemResult.choices, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class FreeItemForm(forms.Form):
    text = forms.CharField(label=_("Item to check"), max_length=500, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Photo or document"))


RECORD_SPLIT = re.compile(r"[\s,;]+")


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of finding"), choices=FindingKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Finding"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 70})
    )
    item = forms.ModelChoiceField(queryset=None, label=_("Checklist item"), required=False)
    criterion_code = forms.CharField(label=_("PAR criterion code"), max_length=30, required=False)
    dossiers = forms.CharField(
        label=_("Dossier codes"),
        required=False,
        help_text=_("Codes of the dossiers behind the finding, separated by commas or spaces."),
        widget=forms.TextInput(attrs={"size": 70}),
    )
    tasks = forms.CharField(
        label=_("Task numbers"),
        required=False,
        help_text=_("Ids of the PAR tasks behind the finding (the number in the task page's address)."),
    )
    request = forms.CharField(
        label=_("Request to the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items

    def clean_tasks(self):
        values = [v for v in RECORD_SPLIT.split(self.cleaned_data["tasks"].strip()) if v]
        bad = [v for v in values if not v.lstrip("#").isdigit()]
        if bad:
            raise forms.ValidationError(
                _("Task numbers are whole numbers: %(bad)s") % {"bad": ", ".join(bad)}
            )
        return [int(v.lstrip("#")) for v in values]

    def records(self) -> list[dict]:
        codes = [v for v in RECORD_SPLIT.split(self.cleaned_data["dossiers"].strip()) if v]
        return [{"kind": "dossier", "code": code} for code in codes] + [
            {"kind": "task", "id": pk} for pk in self.cleaned_data["tasks"]
        ]


class NoticeForm(forms.Form):
    number = forms.CharField(
        label=_("Notice number"), max_length=60, required=False, help_text=_("e.g. 514/TBKL-SNV")
    )
    notice_date = forms.DateField(label=_("Notice date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    conclusion = forms.CharField(
        label=_("General conclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )
    confirm_unchecked = forms.BooleanField(
        label=_("I confirm issuing the notice with checklist items still unchecked"), required=False
    )

    def __init__(self, *args, unchecked: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if not unchecked:
            del self.fields["confirm_unchecked"]


class ReportForm(forms.Form):
    cause = forms.CharField(
        label=_("Cause"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    fix = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=1000, required=False)
