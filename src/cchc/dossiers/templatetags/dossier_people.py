"""``{{ user|person_name }}``: a user's name in the Vietnamese order (family name first), else the login."""

from django import template

from cchc.dossiers.selectors import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    return _person_name(user) if user is not None else ""
