"""Work lists: my work, the unit leader's board, Home Affairs' side-by-side completion, the task list."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Unit
from cchc.org.selectors import current_unit
from cchc.plans import selectors
from cchc.plans.areas import ReformArea
from cchc.plans.exporting import export_bytes, export_rows
from cchc.plans.models import Evidence, Task, TaskKind, TaskStatus
from cchc.plans.views.common import download, year_param


def _unit_param(request) -> Unit:
    """``?unit=CODE`` among the units the user can see, else the unit in context (404 if none)."""
    code = request.GET.get("unit", "")
    unit = Unit.objects.visible_to(request.user).filter(code=code).first() if code else current_unit(request)
    if unit is None:
        raise Http404
    return unit


@login_required
def my_work(request):
    return render(request, "plans/my_work.html", selectors.my_work(request.user))


@login_required
def unit_board(request):
    unit = _unit_param(request)
    year = year_param(request)
    board = selectors.unit_board(request.user, unit, year=year)
    return render(request, "plans/unit_board.html", {"unit": unit, "year": year, **board})


@login_required
def overview(request):
    unit = _unit_param(request)
    year = year_param(request)
    data = selectors.overview(request.user, unit, year=year)
    return render(request, "plans/overview.html", {"unit": unit, "year": year, **data})


@login_required
def task_list(request):
    """Every clickable number lands here: the same filter serves the page and its XLSX export."""
    for key in ("unit", "plan_unit"):  # a unit outside the user's scope is not found, as on the unit pages
        code = request.GET.get(key)
        if code and not Unit.objects.visible_to(request.user).filter(code=code).exists():
            raise Http404
    rows, applied = selectors.filter_rows(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        tasks = (
            Task.objects.filter(pk__in=[r.task.pk for r in rows])
            .select_related("parent", "unit", "owner")
            .prefetch_related("collaborators")
            .order_by("plan_id", "order", "pk")
        )
        counts = dict(Evidence.objects.filter(task__in=tasks).values_list("task").annotate(n=Count("pk")))
        overdue = {r.task.pk for r in rows if r.overdue}
        return download(
            export_bytes(export_rows(tasks, overdue_ids=overdue, evidence_counts=counts), as_xlsx=True),
            "nhiem-vu.xlsx",
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "plans/task_list.html",
        {
            "rows": rows,
            "applied": applied,
            "query": query.urlencode(),
            "params": request.GET,
            "areas": ReformArea.choices,
            "statuses": [*TaskStatus.choices, ("overdue", _("Overdue")), ("open", _("Open (not done)"))],
            "kinds": TaskKind.choices,
        },
    )
