"""Forms of the scoring pages. They only parse input; the rules (ranges, decimals, status, who may act)
live in :mod:`cchc.scoring.services`, whose :class:`~cchc.core.errors.DomainError` the views show next to
the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.concurrency import VersionField
from cchc.core.forms import DateInput
from cchc.org.forms import UserFormMixin, VisibleUnitField
from cchc.org.models import Person


class SelfAssessForm(forms.Form):
    """The unit's own score of a leaf; the score is text so that ``2,5`` and ``2.5`` reach the service."""

    self_score = forms.CharField(label=_("Self score"), max_length=20, required=False)
    not_applicable = forms.BooleanField(label=_("Does not arise (not applicable)"), required=False)
    explanation = forms.CharField(label=_("Explanation"), required=False, max_length=4000)
    responsible = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("Responsible official"), required=False
    )
    #: the entry's version when the page was read (no silent overwrite)
    version = VersionField(required=True)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class AppraiseForm(forms.Form):
    """``decision``: ``accept`` (the self score stands) or ``adjust`` (the council's score and a reason)."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("adjust", _("Adjust"))])
    appraised_score = forms.CharField(label=_("Appraised score"), max_length=20, required=False)
    reason = forms.CharField(label=_("Reason for the adjustment"), required=False, max_length=2000)


class RespondForm(forms.Form):
    text = forms.CharField(label=_("The unit's explanation"), max_length=4000)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=2000)


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(label=_("Send although these criteria have no evidence"), required=False)


class CloseAppraisalForm(forms.Form):
    accept_unreviewed = forms.BooleanField(
        label=_("Accept the criteria not reviewed as self-assessed"), required=False
    )


class FinaliseForm(forms.Form):
    """One decision (number and date) for the chosen units; the rules on both are the service's."""

    decision = forms.CharField(label=_("Decision number"), required=False, max_length=200)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())


class FinaliseManyForm(FinaliseForm):
    units = forms.MultipleChoiceField(label=_("Units"), required=False, choices=[])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.code, u.name) for u in units]


class EvidenceRuleForm(forms.Form):
    evidence_mandatory = forms.BooleanField(label=_("Evidence mandatory"), required=False)


class StartForm(UserFormMixin, forms.Form):
    unit = VisibleUnitField(label=_("Unit code"))


class RecoveryTaskForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Owner"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
