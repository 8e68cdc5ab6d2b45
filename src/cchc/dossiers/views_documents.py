"""The one-stop forms of a dossier (DOCX/PDF) and the register of a unit for a period."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cchc.dossiers.documents import (
    DOSSIER_FORMS,
    FORMATS,
    FormNotApplicable,
    render_dossier_form,
    render_register,
)
from cchc.dossiers.documents.register import register_context, register_dossiers
from cchc.dossiers.models import Dossier
from cchc.dossiers.tool_forms import RegisterForm
from cchc.org.selectors import current_unit

#: The longest register printed at once (rows); a longer period is refused with a message.
REGISTER_MAX_ROWS = 3000


def _download(document, *, inline: bool) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    return response


@login_required
def dossier_document(request, code, form, ext):
    """``/dossiers/<code>/documents/<form>.pdf|.docx``: 404 for a dossier the user cannot see or a form that
    does not apply to it."""
    if form not in DOSSIER_FORMS or ext not in FORMATS:
        raise Http404
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related(
            "receiving_unit__parent", "competent_unit", "procedure", "procedure_version", "received_by"
        ),
        code=code,
    )
    try:
        document = render_dossier_form(dossier, form, ext, base_url=request.build_absolute_uri("/"))
    except FormNotApplicable:
        raise Http404 from None
    return _download(document, inline=ext == "pdf")


def _initial(request) -> dict:
    today = timezone.localdate()
    unit = current_unit(request)
    return {"unit": unit.code if unit else "", "date_from": today.replace(day=1), "date_to": today}


@login_required
def register(request):
    """The register page: a unit and a period; the rows on screen, DOCX and PDF to print (``?format=``)."""
    form = RegisterForm(request.GET or None, user=request.user, initial=_initial(request))
    context = {"form": form, "formats": list(FORMATS)}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rows = register_dossiers(
            Dossier.objects.visible_to(request.user),
            unit=data["unit"],
            subtree=data["subtree"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        count = rows.count()
        context["count"] = count
        if count > REGISTER_MAX_ROWS:
            context["too_many"] = REGISTER_MAX_ROWS
        else:
            fmt = request.GET.get("format", "")
            if fmt in FORMATS:
                document = render_register(
                    unit=data["unit"],
                    dossiers=Dossier.objects.visible_to(request.user),
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    subtree=data["subtree"],
                    fmt=fmt,
                )
                return _download(document, inline=fmt == "pdf")
            context["register"] = register_context(
                unit=data["unit"],
                dossiers=rows,
                date_from=data["date_from"],
                date_to=data["date_to"],
                subtree=data["subtree"],
                on=timezone.localdate(),
            )
            query = request.GET.copy()
            query.pop("format", None)
            context["query"] = query.urlencode()
    return render(request, "dossiers/documents/register.html", context)
