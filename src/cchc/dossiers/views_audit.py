"""The consistency audit page: dossiers whose records contradict reality or the rules."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.permissions import Forbidden, require
from cchc.core.scoping import CHANGE
from cchc.dossiers.consistency import RULES, audit_dossiers, counts_by_rule, dossiers_of
from cchc.dossiers.due_reasons import due_reason_record
from cchc.dossiers.models import Dossier
from cchc.dossiers.tool_forms import AuditForm
from cchc.org.selectors import current_unit

#: Findings listed on the page (all of them are counted and exported).
PAGE_LIMIT = 500


def dossier_url(code: str) -> str:
    try:
        return reverse("dossiers:detail", args=[code])
    except NoReverseMatch:
        return ""


@login_required
def audit(request):
    """``/dossiers/audit/?unit=CODE&subtree=on&rule=CODE`` (``&export=csv`` for the whole list as CSV)."""
    rules = [(r.code, r.title) for r in RULES]
    data = request.GET if "unit" in request.GET else None
    unit = current_unit(request)
    if data is None and unit is not None:  # first visit: the unit in context
        data = QueryDict(mutable=True)
        data["unit"] = unit.code
    form = AuditForm(data, user=request.user, rules=rules)
    context = {"form": form, "rules": RULES}
    if form.is_valid():
        scope = dossiers_of(
            form.cleaned_data["unit"],
            subtree=form.cleaned_data["subtree"],
            base=Dossier.objects.visible_to(request.user),
        )
        rule = form.cleaned_data["rule"]
        findings = audit_dossiers(scope, rules=[rule] if rule else None)
        if request.GET.get("export") == "csv":
            return _csv(findings)
        # Where the "explain" form is offered: the scope door's "change" answer, which for dossiers is the
        # same rule as ``dossiers.dossier.explain_due`` (the desk roles of the dossier's units), in one query.
        changeable = set(
            Dossier.objects.visible_to(request.user, CHANGE)
            .filter(pk__in=[f.dossier_id for f in findings if f.rule == "DUE_MISMATCH"])
            .values_list("pk", flat=True)
        )
        query = data.copy()
        query.pop("export", None)
        context.update(
            findings=[(f, dossier_url(f.code), f.dossier_id in changeable) for f in findings[:PAGE_LIMIT]],
            total=len(findings),
            limited=len(findings) > PAGE_LIMIT,
            limit=PAGE_LIMIT,
            counts=[(r, counts_by_rule(findings)[r.code]) for r in RULES],
            dossier_count=scope.count(),
            query=query.urlencode(),
            back=request.get_full_path(),
        )
    return render(request, "dossiers/audit/audit.html", context)


def _csv(findings) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-dossiers.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["rule", "title", "dossier", "unit_code", "received_at", "message"])
    for f in findings:
        writer.writerow([f.rule, f.title, f.code, f.unit_code, f.as_json()["received_at"], f.message])
    return response


@login_required
@require_POST
def explain_due(request, code):
    """Record why a dossier's due instant differs from the rule (removes it from the DUE_MISMATCH list)."""
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related(
            "receiving_unit", "competent_unit", "handling_unit"
        ),
        code=code,
    )
    require(request.user, "dossiers.dossier.explain_due", dossier)
    try:
        due_reason_record(dossier=dossier, reason=request.POST.get("reason", ""), actor=request.user)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, f"{dossier.code}: {exc.message}")
    else:
        messages.success(
            request, _("%(code)s: the reason for the due date was recorded.") % {"code": dossier.code}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("dossiers:audit")
    return redirect(target)
