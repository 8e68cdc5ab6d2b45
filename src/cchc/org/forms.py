from django import forms

from cchc.org.models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "title", "phone", "email", "active"]
