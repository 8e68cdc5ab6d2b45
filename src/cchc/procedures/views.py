import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc.core.selectors import object_history
from cchc.procedures import selectors
from cchc.procedures.interchange import export_row, write_csv, write_xlsx
from cchc.procedures.models import OnlineLevel

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    online = request.GET.get("online", "")
    valid_online = {c.value for c in OnlineLevel} | {selectors.UNKNOWN}
    return {
        "q": request.GET.get("q", "").strip(),
        "field": request.GET.get("field", "").strip(),
        "online_level": online if online in valid_online else "",
    }


@login_required
def procedure_list(request):
    filters = _filters(request)
    rows = selectors.with_version_in_force(selectors.catalogue(**filters))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "fields": selectors.field_choices(),
            "online_levels": OnlineLevel.choices,
            "unknown": selectors.UNKNOWN,
            "can_change": selectors.can_change_catalogue(request.user),
        },
    )


@login_required
def procedure_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    pairs = selectors.with_latest_version(selectors.catalogue(**_filters(request)))
    rows = [export_row(procedure, version) for procedure, version in pairs]
    name = f"procedures-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(buffer, rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        write_xlsx(buffer, rows)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def procedure_detail(request, code):
    procedure = selectors.procedure_detail(code)
    if procedure is None:
        raise Http404
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "version": procedure.current_version,
            "versions": list(procedure.versions.all()),
            "events": object_history(procedure)["events"],
            "can_change": selectors.can_change_catalogue(request.user),
        },
    )
