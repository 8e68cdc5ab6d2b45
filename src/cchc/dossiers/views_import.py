"""The dossier import from the web: upload, preview of the problems, confirm, progress, result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.dossiers import webimport
from cchc.dossiers.interchange import COLUMNS, REQUIRED
from cchc.dossiers.models import WebImportState
from cchc.dossiers.tool_forms import ConfirmForm, UploadForm

RECENT = 20


def _require_importer(request) -> None:
    if not webimport.can_import(request.user):
        raise PermissionDenied


def _own(request, pk):
    """The user's own upload, marked failed first if its check or import was interrupted."""
    web_import = get_object_or_404(webimport.imports_of(request.user).select_related("user", "batch"), pk=pk)
    if web_import.state in webimport.WORKING_STATES:
        web_import = webimport.web_import_mark_interrupted(web_import=web_import)
    return web_import


@login_required
def import_page(request):
    """Upload a file; the user's recent uploads below."""
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = webimport.web_import_upload(user=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            webimport.start_check(web_import=upload)
            return redirect("dossiers:import-detail", pk=upload.pk)
    return render(
        request,
        "dossiers/import/upload.html",
        {
            "form": form,
            "recent": webimport.mark_interrupted(webimport.imports_of(request.user)[:RECENT]),
            "max_mb": round(webimport.max_upload_bytes() / 1048576),
            "columns": [(name, name in REQUIRED) for name in COLUMNS],
        },
    )


def _detail_context(web_import) -> dict:
    valid = max(web_import.rows - web_import.rejected_rows, 0)
    return {
        "item": web_import,
        "active": web_import.state in webimport.ACTIVE_STATES,
        "rows_done": webimport.rows_done(web_import),
        "valid_rows": valid,
        "rejects_available": webimport.rejects_path(web_import).is_file(),
        "problems_shown": len(web_import.problems),
        "interrupted": web_import.error == webimport.INTERRUPTED,
    }


@login_required
def import_detail(request, pk):
    _require_importer(request)
    web_import = _own(request, pk)
    return render(request, "dossiers/import/detail.html", _detail_context(web_import))


@login_required
def import_status(request, pk):
    """The progress row, polled by htmx while the file is checked or imported; a full reload when done."""
    _require_importer(request)
    web_import = _own(request, pk)
    context = _detail_context(web_import)
    if not context["active"] and request.headers.get("HX-Request"):
        response = HttpResponse("")
        response["HX-Redirect"] = reverse("dossiers:import-detail", args=[web_import.pk])
        return response
    return render(request, "dossiers/import/_status.html", context)


@login_required
@require_POST
def import_confirm(request, pk):
    _require_importer(request)
    web_import = _own(request, pk)
    form = ConfirmForm(request.POST)
    skip_invalid = form.is_valid() and form.cleaned_data["skip_invalid"]
    try:
        web_import = webimport.web_import_confirm(web_import=web_import, skip_invalid=skip_invalid)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:import-detail", pk=web_import.pk)
    web_import = webimport.start_import(web_import=web_import)
    if web_import.state == WebImportState.DONE:
        messages.success(request, _("The file was imported."))
    return redirect("dossiers:import-detail", pk=web_import.pk)


@login_required
@require_POST
def import_retry(request, pk):
    """Run an interrupted or failed check or import again (nothing of the failed run was written)."""
    _require_importer(request)
    web_import = _own(request, pk)
    try:
        web_import = webimport.start_retry(web_import=web_import)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("dossiers:import-detail", pk=web_import.pk)


@login_required
def import_rejects(request, pk):
    """The rejected rows of an import made with "skip the rejected rows" (``FILE.rejected.csv``)."""
    _require_importer(request)
    web_import = _own(request, pk)
    path = webimport.rejects_path(web_import)
    if not path.is_file():
        raise Http404
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115 (closed by the response)
        as_attachment=True,
        filename=f"{web_import.file_name}.rejected.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_POST
def import_discard(request, pk):
    _require_importer(request)
    web_import = _own(request, pk)
    try:
        webimport.web_import_discard(web_import=web_import)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:import-detail", pk=web_import.pk)
    messages.success(request, _("The uploaded file was deleted."))
    return redirect("dossiers:import")
