"""Forms of the plans pages. They only parse input; the rules live in :mod:`cchc.plans.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.concurrency import VersionField
from cchc.core.forms import DateInput
from cchc.org.forms import UserFormMixin, VisibleUnitField
from cchc.org.models import Person
from cchc.plans.areas import ReformArea
from cchc.plans.models import Task


class PlanForm(UserFormMixin, forms.Form):
    unit = VisibleUnitField(label=_("Unit code"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Plan title"), max_length=300, widget=forms.TextInput(attrs={"size": 80}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ComponentPlanForm(forms.Form):
    title = forms.CharField(label=_("Plan title"), max_length=300, widget=forms.TextInput(attrs={"size": 80}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    """The issuing (or amending) document of a plan."""

    doc_number = forms.CharField(label=_("Document number"), max_length=60)
    doc_date = forms.DateField(label=_("Document date"), widget=DateInput())
    doc_signer = forms.CharField(label=_("Signed by"), max_length=150)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class TaskForm(forms.Form):
    """Adding or editing a task; ``people`` are the persons who may own or help (the plan's unit subtree)."""

    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(label=_("Task title"), max_length=500, widget=forms.TextInput(attrs={"size": 80}))
    area = forms.ChoiceField(label=_("Reform area"), choices=[("", "—"), *ReformArea.choices], required=False)
    parent = forms.ModelChoiceField(queryset=Task.objects.none(), label=_("Parent task"), required=False)
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Owner"), required=False)
    collaborators = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=_("Collaborators"), required=False
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, decimal_places=2, initial=1)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    version = VersionField()

    def __init__(self, *args, people, parents=None, with_people=True, versioned=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:
            del self.fields["version"]
        if with_people:
            self.fields["owner"].queryset = people
            self.fields["collaborators"].queryset = people
        else:
            del self.fields["owner"]
            del self.fields["collaborators"]
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Owner"), required=False)
    collaborators = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=_("Collaborators"), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["collaborators"].queryset = people


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ExtensionForm(forms.Form):
    """The owner's side asks the assigning unit for a new deadline."""

    new_deadline = forms.DateField(label=_("Requested new deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for the extension"), max_length=1000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Task sheet (XLSX)"))
