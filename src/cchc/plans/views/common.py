"""Helpers shared by the plans pages."""

from django.contrib import messages
from django.http import HttpResponse
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.core.permissions import Forbidden
from cchc.org.models import Person, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_param(request) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def people_in(user, unit: Unit):
    """Active people of ``unit``'s subtree that the user can see (owner and collaborator choices)."""
    return (
        Person.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, active=True)
        .select_related("unit")
        .order_by("full_name", "pk")
    )


def form_error(form, exc: DomainError) -> None:
    """Show a domain error on the form; a refusal of the permission door stays a refusal (HTTP 403)."""
    if isinstance(exc, Forbidden):
        raise exc
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def flash_error(request, exc: DomainError) -> None:
    if isinstance(exc, Forbidden):
        raise exc
    messages.error(request, exc.message)


def download(data: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
