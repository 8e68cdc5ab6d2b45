"""Pages of the statistics: the periodic report, the dossiers behind a figure, sub-units side by side,
the Decision 766 index and the targets. Every read goes through ``Dossier.objects.visible_to(user)``."""

import csv
import io
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.errors import DomainError
from cchc.core.permissions import can, require
from cchc.dossiers.exporting import export_rows
from cchc.dossiers.interchange import COLUMNS
from cchc.org.selectors import current_unit
from cchc.stats import services
from cchc.stats.bieu06 import report_workbook, vn_field_order
from cchc.stats.charts import ranking_bars
from cchc.stats.comparison import SORT_KEYS, compare_units
from cchc.stats.config import TARGET_INDICATORS
from cchc.stats.forms import ReportForm, TargetForm, bound_data, scope_query
from cchc.stats.models import Indicator, Target
from cchc.stats.overview import report_charts, target_rows
from cchc.stats.quality import quality_index
from cchc.stats.report import dossier_report
from cchc.stats.selectors import CELL_LABELS, cell_dossiers, dossier_list, period_counts, visible_dossiers
from cchc.stats.series import monthly_counts
from cchc.stats.targets import effective_targets

PAGE_SIZE = 100


def _form(request) -> ReportForm:
    here = current_unit(request)
    data = bound_data(request.GET, here, timezone.localdate())
    form = ReportForm(data, user=request.user, around=here)
    form.is_valid()
    return form


def _invalid(request, form, template: str, extra: dict | None = None):
    """The page with the form's errors: 404 when the unit is unknown or not visible, else 400."""
    status = 404 if "unit" in form.errors else 400
    return render(request, template, {"form": form, **(extra or {})}, status=status)


def _scope(form) -> dict:
    data = form.cleaned_data
    return {
        "unit": data["unit"],
        "subtree": data["subtree"],
        "date_from": data["range"].date_from,
        "date_to": data["range"].date_to,
    }


@login_required
def report(request):
    form = _form(request)
    if form.errors:
        return _invalid(request, form, "stats/report.html")
    scope, base = _scope(form), visible_dossiers(request.user)
    if request.GET.get("format") == "xlsx":
        return _form_download(request, form, scope, base)
    result = dossier_report(**scope, base=base)
    today = timezone.localdate()
    year = scope["date_to"].year
    counts = period_counts(**scope, base=base)
    months = monthly_counts(unit=scope["unit"], subtree=scope["subtree"], year=year, base=base)
    targets = effective_targets(scope["unit"], year)
    ranking = []
    if scope["subtree"] and scope["unit"].children.exists():
        ranking = compare_units(
            unit=scope["unit"], date_from=scope["date_from"], date_to=scope["date_to"], base=base
        )
    result["by_field"] = vn_field_order(result["by_field"])
    return render(
        request,
        "stats/report.html",
        {
            "form": form,
            "scope": scope,
            "span": form.cleaned_data["range"],
            "query": form.scope_query(),
            "report": result,
            "counts": counts,
            "targets": target_rows(counts, months, targets, date_to=scope["date_to"], today=today),
            "charts": report_charts(months, targets["on_time"].value, ranking, year),
            "year": year,
        },
    )


def _form_download(request, form, scope: dict, base):
    """The official form II.06a as the command line writes it (``by=unit``: one row per unit below)."""
    by_unit = request.GET.get("by") == "unit"
    if by_unit and not scope["subtree"]:
        form.add_error("subtree", _("The form by unit lists the units below: tick “with the units below”."))
        return _invalid(request, form, "stats/report.html")
    buffer = io.BytesIO()
    report_workbook(**scope, by_unit=by_unit, base=base).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    suffix = "-don-vi" if by_unit else ""
    name = f"bieu-II.06a-{scope['unit'].code}-{scope['date_from']}-{scope['date_to']}{suffix}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _field_param(request) -> str | None:
    """The ``by_field`` row a list is limited to: absent means every field, an empty value the blank one."""
    return request.GET["field"] if "field" in request.GET else None


@login_required
def dossiers(request):
    form = _form(request)
    cell = request.GET.get("cell", "received")
    if cell not in CELL_LABELS:
        form.add_error(None, _("Unknown report cell “%(cell)s”.") % {"cell": cell})
    if form.errors:
        return _invalid(request, form, "stats/dossiers.html")
    scope, field = _scope(form), _field_param(request)
    queryset = cell_dossiers(**scope, cell=cell, field=field, base=visible_dossiers(request.user))
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(export_rows(queryset))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"ho-so-{scope['unit'].code}-{cell}-{scope['date_from']}-{scope['date_to']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = Paginator(dossier_list(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    own = {"cell": cell, **({"field": field} if field is not None else {})}
    return render(
        request,
        "stats/dossiers.html",
        {
            "form": form,
            "scope": scope,
            "span": form.cleaned_data["range"],
            "query": form.scope_query(),
            "list_query": f"{form.scope_query()}&{urlencode(own)}",
            "cell": cell,
            "cell_label": CELL_LABELS[cell],
            "field": field,
            "page": page,
            "total": page.paginator.count,
        },
    )


@login_required
def compare(request):
    form = _form(request)
    if form.errors:
        return _invalid(request, form, "stats/compare.html")
    scope = _scope(form)
    sort = request.GET.get("sort", "on_time")
    sort = sort if sort in SORT_KEYS else "on_time"
    descending = request.GET.get("dir", "desc" if sort != "name" else "asc") != "asc"
    rows = compare_units(
        unit=scope["unit"],
        date_from=scope["date_from"],
        date_to=scope["date_to"],
        base=visible_dossiers(request.user),
        sort=sort,
        descending=descending,
    )
    span = form.cleaned_data["range"]
    for row in rows:
        row.query = scope_query(row.unit, row.subtree, span)
    year = scope["date_to"].year
    on_time_target = effective_targets(scope["unit"], year)["on_time"].value
    ranked = [(r.unit.name, r.on_time) for r in rows if r.subtree and r.on_time is not None]
    ranked.sort(key=lambda pair: -pair[1])
    return render(
        request,
        "stats/compare.html",
        {
            "form": form,
            "scope": scope,
            "span": form.cleaned_data["range"],
            "query": form.scope_query(),
            "rows": rows,
            "sort": sort,
            "descending": descending,
            "chart": ranking_bars(ranked[:40], on_time_target, _("Units below ranked by on-time rate"))
            if ranked
            else "",
            "on_time_target": on_time_target,
        },
    )


@login_required
def quality(request):
    form = _form(request)
    if form.errors:
        return _invalid(request, form, "stats/quality.html")
    scope = _scope(form)
    counts = period_counts(**scope, base=visible_dossiers(request.user))
    index = quality_index(counts, scope["date_to"].year)
    return render(
        request,
        "stats/quality.html",
        {
            "form": form,
            "scope": scope,
            "span": form.cleaned_data["range"],
            "query": form.scope_query(),
            "index": index,
            "counts": counts,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    form = _form(request)
    if "unit" in form.errors or "year" in form.errors:
        raise Http404
    unit = form.cleaned_data["unit"]
    year = form.cleaned_data.get("year") or timezone.localdate().year
    may_change = can(request.user, "stats.target.set", unit)
    target_form = TargetForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "stats.target.set", unit)
        if target_form.is_valid():
            data = target_form.cleaned_data
            try:
                if request.POST.get("action") == "clear":
                    services.target_clear(
                        unit=unit, year=year, indicator=data["indicator"], actor=request.user
                    )
                else:
                    services.target_set(
                        unit=unit,
                        year=year,
                        indicator=data["indicator"],
                        value=data["value"],
                        legal_basis=data["legal_basis"],
                        actor=request.user,
                    )
            except DomainError as exc:
                target_form.add_error(exc.field if exc.field in target_form.fields else None, exc.message)
            else:
                return redirect(f"{request.path}?{urlencode({'unit': unit.code, 'year': year})}")
    own = {t.indicator: t for t in Target.objects.visible_to(request.user).filter(unit=unit, year=year)}
    effective = effective_targets(unit, year)
    rows = [
        {"indicator": key, "label": Indicator(key).label, "effective": effective[key], "own": own.get(key)}
        for key in TARGET_INDICATORS
    ]
    return render(
        request,
        "stats/targets.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "rows": rows,
            "may_change": may_change,
            "target_form": target_form,
        },
        status=400 if target_form.errors else 200,
    )
