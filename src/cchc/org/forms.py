from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Person, Unit


class VisibleUnitField(forms.CharField):
    """A unit typed by its code, cleaned to the :class:`Unit` among those the form's user may see (the form
    sets ``field.user``); any other code is "No unit with this code in your scope."."""

    default_error_messages = {"not_visible": _("No unit with this code in your scope.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.user = None

    def clean(self, value) -> Unit:
        code = super().clean(value).strip()
        unit = Unit.objects.visible_to(self.user).filter(code=code).first() if self.user else None
        if unit is None:
            raise ValidationError(self.error_messages["not_visible"], code="not_visible")
        return unit


class UserFormMixin:
    """A form built for a user (``Form(data, user=request.user)``): its unit fields resolve in their scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, VisibleUnitField):
                field.user = user


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "title", "phone", "email", "active"]
