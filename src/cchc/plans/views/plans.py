"""Plan pages: list, create, detail (task tree with roll-up), issue/amend, import/export of the task sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.permissions import can
from cchc.org.selectors import current_unit
from cchc.plans import permissions, selectors, services
from cchc.plans.exporting import plan_sheet
from cchc.plans.forms import ComponentPlanForm, DocumentForm, ImportForm, PlanForm, TaskForm
from cchc.plans.importing import ImportRejected, import_tasks
from cchc.plans.models import Plan, Task
from cchc.plans.tasksheet import UnreadableFile, read_sheet, template_bytes
from cchc.plans.views.common import download, form_error, people_in


def _figures(user, plans) -> dict[int, selectors.Completion]:
    """Completion of each annual plan with its components (two queries for the whole list)."""
    scope = Task.objects.visible_to(user).filter(Q(plan__in=plans) | Q(plan__parent__in=plans))
    figures = selectors.completion_by(scope, Coalesce("plan__parent_id", "plan_id"))
    return {p.pk: figures.get(p.pk, selectors.Completion(0, 0, 0)) for p in plans}


@login_required
def plan_list(request):
    year = request.GET.get("year", "")
    plans = list(selectors.plans_for(request.user, year=int(year) if year.isdigit() else None))
    figures = _figures(request.user, plans)
    rows = [(p, figures[p.pk]) for p in plans]
    years = sorted(set(Plan.objects.visible_to(request.user).values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "plans/plan_list.html",
        {
            "rows": rows,
            "year": year,
            "years": years,
            "can_create": permissions.manageable_units(request.user).exists(),
        },
    )


@login_required
def plan_create(request):
    unit = current_unit(request)
    form = PlanForm(
        request.POST or None,
        initial={"unit": unit.code if unit else "", "year": timezone.localdate().year},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


def _visible_plan(request, pk) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("unit", "parent"), pk=pk)


def _managed_plan(request, pk) -> Plan:
    plan = _visible_plan(request, pk)
    if not can(request.user, "plans.plan.change", plan):
        raise PermissionDenied
    return plan


@login_required
def plan_detail(request, pk):
    plan = _visible_plan(request, pk)
    view = selectors.plan_view(plan)
    can_manage = can(request.user, "plans.plan.change", plan)
    context = {"plan": plan, "view": view, "can_manage": can_manage}
    if can_manage:
        context.update(
            document_form=DocumentForm(), import_form=ImportForm(), component_form=ComponentPlanForm()
        )
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_component_create(request, pk):
    plan = _managed_plan(request, pk)
    form = ComponentPlanForm(request.POST)
    if form.is_valid():
        try:
            component = services.plan_create(
                unit=plan.unit, year=plan.year, parent=plan, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("plans:plan-detail", pk=component.pk)
    else:
        messages.error(request, _("Enter the title of the component plan."))
    return redirect("plans:plan-detail", pk=plan.pk)


@login_required
@require_POST
def plan_document(request, pk, action):
    """Issue (``issue``) or amend (``amend``) a plan with its document."""
    if action not in ("issue", "amend"):
        raise Http404
    plan = _managed_plan(request, pk)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the document number, date and signer."))
        return redirect("plans:plan-detail", pk=plan.pk)
    data = form.cleaned_data
    try:
        if action == "issue":
            services.plan_issue(
                plan=plan,
                doc_number=data["doc_number"],
                doc_date=data["doc_date"],
                doc_signer=data["doc_signer"],
                actor=request.user,
            )
        else:
            services.plan_amend(plan=plan, actor=request.user, **data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The plan's document was recorded."))
    return redirect("plans:plan-detail", pk=plan.pk)


@login_required
def task_create(request, pk):
    plan = _managed_plan(request, pk)
    people = people_in(request.user, plan.unit)
    parents = Task.objects.filter(plan=plan).order_by("order", "pk")
    form = TaskForm(request.POST or None, people=people, parents=parents, initial={"weight": 1})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(plan=plan, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect("plans:task-detail", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan})


@login_required
def plan_export(request, pk):
    plan = _visible_plan(request, pk)
    data = plan_sheet(plan, on=selectors.today(), as_xlsx=True, tasks=Task.objects.visible_to(request.user))
    return download(data, f"ke-hoach-{plan.unit.code}-{plan.year}-{plan.pk}.xlsx")


@login_required
def plan_import(request, pk):
    plan = _managed_plan(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, header = read_sheet(upload, upload.name)
            result = import_tasks(plan=plan, rows=rows, header_problems=header, actor=request.user)
        except UnreadableFile as exc:
            problems = [f"{upload.name}: {exc}"]
        except ImportRejected as exc:
            problems = [p.format(upload.name) for p in exc.problems]
        except DomainError as exc:
            problems = [exc.message]
    return render(
        request,
        "plans/plan_import.html",
        {"plan": plan, "form": form, "problems": problems, "result": result},
    )


@login_required
def sheet_template(request):
    return download(template_bytes(), "mau-nhiem-vu-ke-hoach-cchc.xlsx")
