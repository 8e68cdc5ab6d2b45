"""Helpers shared by the inspections pages: the one door to the objects (``visible_to``), who may plan (asked
of the permission door), and small response helpers."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from cchc.core.errors import DomainError
from cchc.core.permissions import Forbidden, can
from cchc.core.scoping import role_paths
from cchc.inspections.models import INSPECT_ROLES, Inspection, InspectionPlan
from cchc.org.models import Person, Unit


def visible_plan(request, pk) -> InspectionPlan:
    return get_object_or_404(InspectionPlan.objects.visible_to(request.user).select_related("unit"), pk=pk)


def visible_inspection(request, pk) -> Inspection:
    inspections = Inspection.objects.visible_to(request.user).select_related(
        "unit__parent", "plan__unit__parent", "framework"
    )
    return get_object_or_404(inspections, pk=pk)


def can_plan(user, plan: InspectionPlan) -> bool:
    """The inspecting body over the plan's unit (Home Affairs inspector, administrator): which buttons to
    show; the services ask the door again before they write."""
    return can(user, "inspections.plan.manage", plan.unit)


def plan_visible(user, plan: InspectionPlan) -> bool:
    return InspectionPlan.objects.visible_to(user).filter(pk=plan.pk).exists()


def inspecting_units(user):
    """Current units the user may draw up inspection plans for (their inspecting roles' units)."""
    units = Unit.objects.filter(valid_to__isnull=True)
    if user.is_superuser:
        return units.filter(parent__isnull=True)
    return units.filter(path__in=role_paths(user, INSPECT_ROLES))


def people_for(user, unit: Unit):
    """Active people of ``unit``'s subtree the user can see (team choices)."""
    return (
        Person.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, active=True)
        .select_related("unit")
        .order_by("unit__path", "full_name", "pk")
    )


def form_error(form, exc: DomainError) -> None:
    """Show a domain error on the form; a refusal of the permission door stays a refusal (HTTP 403)."""
    if isinstance(exc, Forbidden):
        raise exc
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
