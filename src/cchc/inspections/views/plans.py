"""Plan pages: the list per year (with the inspections the user can see), creating a plan, its detail, the
schedule (page and DOCX), scheduling an inspection and changing its team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.inspections import documents, selectors, services
from cchc.inspections.forms import InspectionForm, PlanForm, TeamForm
from cchc.inspections.models import Inspection, InspectionPlan, TeamMember
from cchc.inspections.views.common import (
    can_plan,
    download,
    form_error,
    inspecting_units,
    people_for,
    visible_inspection,
    visible_plan,
)
from cchc.org.models import Unit


def with_team(inspections):
    return inspections.select_related("unit", "plan__unit").prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.select_related("person").order_by("role", "pk"))
    )


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@login_required
def plan_list(request):
    year = _year(request)
    plans = InspectionPlan.objects.visible_to(request.user).select_related("unit")
    inspections = Inspection.objects.visible_to(request.user)
    if year:
        plans, inspections = plans.filter(year=year), inspections.filter(plan__year=year)
    plans = plans.annotate(inspection_count=Count("inspections"))
    inspections = list(with_team(inspections).order_by("-plan__year", "start_date", "unit__name", "pk"))
    figures = selectors.remediation_by_inspection([i.pk for i in inspections])
    years = sorted(
        set(InspectionPlan.objects.visible_to(request.user).values_list("year", flat=True))
        | set(Inspection.objects.visible_to(request.user).values_list("plan__year", flat=True)),
        reverse=True,
    )
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": list(plans),
            "rows": [(i, figures.get(i.pk)) for i in inspections],
            "year": year,
            "years": years,
            "can_create": inspecting_units(request.user).exists(),
        },
    )


@login_required
def plan_create(request):
    units = inspecting_units(request.user)
    first = units.order_by("path").first()
    form = PlanForm(
        request.POST or None,
        initial={"unit": first.code if first else "", "year": timezone.localdate().year},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                doc_number=form.cleaned_data["doc_number"],
                doc_date=form.cleaned_data["doc_date"],
                actor=request.user,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Inspection plan created."))
            return redirect("inspections:plan-detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


def _plan_inspections(request, plan):
    return list(
        with_team(Inspection.objects.visible_to(request.user).filter(plan=plan)).order_by(
            "start_date", "unit__name", "pk"
        )
    )


@login_required
def plan_detail(request, pk):
    plan = visible_plan(request, pk)
    inspections = _plan_inspections(request, plan)
    figures = selectors.remediation_by_inspection([i.pk for i in inspections])
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "rows": [(i, figures.get(i.pk)) for i in inspections],
            "can_plan": can_plan(request.user, plan),
        },
    )


@login_required
def plan_schedule(request, pk):
    plan = visible_plan(request, pk)
    inspections = _plan_inspections(request, plan)
    context = documents.schedule_context(plan, inspections)
    return render(
        request, "inspections/schedule.html", {"plan": plan, "doc": context, "inspections": inspections}
    )


@login_required
def plan_schedule_docx(request, pk):
    plan = visible_plan(request, pk)
    inspections = _plan_inspections(request, plan)
    filename = documents.schedule_context(plan, inspections)["filename"]
    data = documents.schedule_docx(plan, inspections)
    return download(data, f"{filename}.docx", documents.DOCX)


def _units_below(request, plan):
    return (
        Unit.objects.visible_to(request.user)
        .filter(path__startswith=plan.unit.path, valid_to__isnull=True)
        .exclude(pk=plan.unit.pk)
        .order_by("kind", "name")
    )


@login_required
def inspection_create(request, pk):
    plan = visible_plan(request, pk)
    if not can_plan(request.user, plan):
        raise PermissionDenied
    form = InspectionForm(
        request.POST or None,
        units=_units_below(request, plan),
        people=people_for(request.user, plan.unit),
        initial={"topics": _("PAR work and administrative procedure control; the one-stop desk.")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(
                plan=plan,
                unit=data["unit"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                topics=data["topics"],
                team=form.members_with_roles(),
                actor=request.user,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Inspection scheduled."))
            return redirect("inspections:inspection-detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "plan": plan})


@login_required
def inspection_team(request, pk):
    inspection = visible_inspection(request, pk)
    if not can_plan(request.user, inspection.plan):
        raise PermissionDenied
    form = TeamForm(
        request.POST or None,
        people=people_for(request.user, inspection.plan.unit),
        initial=TeamForm.initial_for(inspection),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_set(inspection=inspection, members=form.members_with_roles(), actor=request.user)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Team saved."))
            return redirect("inspections:inspection-detail", pk=inspection.pk)
    return render(request, "inspections/team_form.html", {"form": form, "inspection": inspection})
