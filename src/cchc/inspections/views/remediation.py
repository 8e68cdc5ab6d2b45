"""Remediation: each shortcoming's item (a plans task) with the unit's account of cause and fix, the
inspection team's verification, reopening or cancelling; the unit's remediation report (page and DOCX); the
remediation summary; and the follow-up of open findings across units."""

import csv
from collections import OrderedDict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.parsing import ParseError, parse_date
from cchc.core.permissions import Forbidden, can
from cchc.core.text import vn_sort_key
from cchc.inspections import documents, selectors, services
from cchc.inspections.forms import CancelForm, ReopenForm, ReportForm, VerifyForm
from cchc.inspections.models import Finding, FindingKind, Inspection
from cchc.inspections.views.common import download, next_url, plan_visible, visible_inspection
from cchc.org.models import Unit


def remediation_forms(request, inspection: Inspection, rows, bound: dict | None = None) -> list[dict]:
    """Each row with the forms the user may use on it (asked of the permission door): ``report`` (the
    inspected unit: cause and fix), ``verify``, ``reopen`` and ``cancel`` (the inspection team). ``bound`` =
    ``{(finding pk, action): form}`` keeps a form with its errors."""
    bound = bound or {}
    entries = []
    for row in rows:
        finding = row.finding
        entry = {"row": row, "report": None, "verify": None, "reopen": None, "cancel": None}
        decides = row.task is not None and can(request.user, "inspections.remediation.decide", finding)
        if row.state in ("open", "reported") and not decides:
            if can(request.user, "inspections.remediation.report", finding):
                entry["report"] = bound.get(
                    (finding.pk, "report"), ReportForm(initial={"cause": finding.cause, "fix": finding.fix})
                )
        if decides and row.state == "reported":
            entry["verify"] = bound.get((finding.pk, "verify"), VerifyForm())
        if decides and row.state in ("reported", "closed", "cancelled"):
            entry["reopen"] = bound.get((finding.pk, "reopen"), ReopenForm())
        if decides and row.state in ("open", "reported"):
            entry["cancel"] = bound.get((finding.pk, "cancel"), CancelForm())
        entries.append(entry)
    return entries


def _remediation_page(request, inspection: Inspection, bound=None, status=200):
    rows = selectors.remediation_rows(inspection)
    return render(
        request,
        "inspections/remediation.html",
        {
            "inspection": inspection,
            "plan_visible": plan_visible(request.user, inspection.plan),
            "entries": remediation_forms(request, inspection, rows, bound),
            "summary": selectors.remediation_summary(inspection),
        },
        status=status,
    )


@login_required
def remediation(request, pk):
    return _remediation_page(request, visible_inspection(request, pk))


def _visible_finding(request, pk) -> Finding:
    findings = Finding.objects.visible_to(request.user).select_related(
        "inspection__unit", "inspection__plan__unit"
    )
    finding = get_object_or_404(findings, pk=pk)
    if finding.kind != FindingKind.SHORTCOMING:
        raise Http404
    return finding


ACTIONS = {"report": ReportForm, "verify": VerifyForm, "reopen": ReopenForm, "cancel": CancelForm}
DONE = {
    "report": gettext_lazy("The remediation report was sent to the inspection team."),
    "verify": gettext_lazy("The item is closed: the fix is verified."),
    "reopen": gettext_lazy("The item is open again."),
    "cancel": gettext_lazy("The item is cancelled."),
}


@login_required
@require_POST
def remediation_action(request, pk, action):
    """``report`` (cause and fix), ``verify`` (close), ``reopen`` or ``cancel`` (with the reason) one item.
    The services ask the permission door: a refusal is HTTP 403 and changes nothing."""
    if action not in ACTIONS:
        raise Http404
    finding = _visible_finding(request, pk)
    form = ACTIONS[action](request.POST)
    default = reverse("inspections:remediation", args=[finding.inspection_id])
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "report":
                services.remediation_report(
                    finding=finding, cause=data["cause"], fix=data["fix"], actor=request.user
                )
            elif action == "verify":
                services.remediation_verify(finding=finding, note=data["note"], actor=request.user)
            elif action == "reopen":
                services.remediation_reopen(finding=finding, reason=data["reason"], actor=request.user)
            else:
                services.remediation_cancel(finding=finding, reason=data["reason"], actor=request.user)
        except Forbidden:
            raise
        except DomainError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                messages.error(request, exc.message)
                return redirect(f"{next_url(request, default)}#finding-{finding.pk}")
        else:
            messages.success(request, DONE[action])
            return redirect(f"{next_url(request, default)}#finding-{finding.pk}")
    return _remediation_page(request, finding.inspection, bound={(finding.pk, action): form})


def _unit_report(inspection: Inspection):
    rows = selectors.remediation_rows(inspection)
    summary = selectors.remediation_summary(inspection)
    return rows, summary


@login_required
def remediation_report(request, pk):
    """The inspected unit's report to the inspecting body: which items are fixed, which are not, and why."""
    inspection = visible_inspection(request, pk)
    if not inspection.locked:
        raise Http404
    rows, summary = _unit_report(inspection)
    return render(
        request,
        "inspections/remediation_report.html",
        {
            "inspection": inspection,
            "rows": rows,
            "summary": summary,
            "doc": documents.remediation_context(inspection, rows, summary),
        },
    )


@login_required
def remediation_report_docx(request, pk):
    inspection = visible_inspection(request, pk)
    if not inspection.locked:
        raise Http404
    rows, summary = _unit_report(inspection)
    data = documents.remediation_docx(inspection, rows, summary)
    return download(data, f"Bao-cao-khac-phuc_{inspection.unit.code}_{inspection.pk}.docx", documents.DOCX)


@login_required
def remediation_summary(request, pk):
    """Exactly :func:`selectors.remediation_summary` (``?date=`` judges "overdue" on that day;
    ``?format=json`` gives the same dict as JSON)."""
    inspection = visible_inspection(request, pk)
    on, problem = None, ""
    if request.GET.get("date"):
        try:
            on = parse_date(request.GET["date"])
        except ParseError as exc:
            problem = str(exc)
    summary = selectors.remediation_summary(inspection, on=on)
    if request.GET.get("format") == "json" and not problem:
        return JsonResponse(summary, json_dumps_params={"ensure_ascii": False})
    return render(
        request,
        "inspections/remediation_summary.html",
        {
            "inspection": inspection,
            "summary": summary,
            "on": on or timezone.localdate(),
            "date_text": request.GET.get("date", ""),
            "date_value": request.GET.get("date", "")
            if problem
            else (on or timezone.localdate()).isoformat(),
            "problem": problem,
        },
    )


@login_required
def follow_up(request):
    """Open findings of the issued inspections the user can see, by unit and age (``?unit=CODE``: the unit
    and the units below it)."""
    inspections = Inspection.objects.visible_to(request.user)
    unit = None
    code = request.GET.get("unit", "").strip()
    if code:
        unit = Unit.objects.visible_to(request.user).filter(code=code).first()
        if unit is None:
            raise Http404
        inspections = inspections.filter(unit__path__startswith=unit.path)
    on = timezone.localdate()
    rows = selectors.open_findings(inspections, on=on)
    rows.sort(key=lambda r: (vn_sort_key(r.finding.inspection.unit.name), -r.age_days, r.finding.position))
    if request.GET.get("format") == "csv":
        return _follow_up_csv(rows, on)
    units: OrderedDict = OrderedDict()
    for row in rows:
        u = row.finding.inspection.unit
        figures = units.setdefault(u.pk, {"unit": u, "open": 0, "overdue": 0, "recurring": 0, "oldest": 0})
        figures["open"] += 1
        figures["overdue"] += int(row.overdue)
        figures["recurring"] += int(row.finding.recurrence_of_id is not None)
        figures["oldest"] = max(figures["oldest"], row.age_days)
    return render(
        request,
        "inspections/follow_up.html",
        {
            "rows": rows,
            "units": list(units.values()),
            "unit": unit,
            "on": on,
            "overdue_count": sum(1 for r in rows if r.overdue),
        },
    )


def _follow_up_csv(rows, on: date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ton-tai-chua-khac-phuc-{on:%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "unit",
            "unit_name",
            "inspection",
            "notice",
            "finding",
            "deadline",
            "age_days",
            "overdue",
            "recurring",
        ]
    )
    for row in rows:
        f = row.finding
        writer.writerow(
            [
                f.inspection.unit.code,
                f.inspection.unit.name,
                f.inspection_id,
                f.inspection.notice_number,
                f.text,
                f.deadline.isoformat() if f.deadline else "",
                row.age_days,
                int(row.overdue),
                int(f.recurrence_of_id is not None),
            ]
        )
    return response
