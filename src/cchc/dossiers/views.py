"""The one-stop desk pages: queues and search, intake, the dossier page and its transitions.

Everything goes through ``Dossier.objects.visible_to(user)`` (another unit's dossier is 404). Whether the user
may act is the permission door's answer (:mod:`cchc.dossiers.permissions`): the page shows the buttons that
``can`` allows, the services decide (a refusal is :class:`~cchc.core.permissions.Forbidden`, HTTP 403).
"""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.permissions import Forbidden, can, require
from cchc.dossiers import forms, selectors, services
from cchc.dossiers.exporting import export_rows
from cchc.dossiers.interchange import COLUMNS
from cchc.dossiers.models import Dossier
from cchc.dossiers.timeline import verb_label
from cchc.org.models import Unit
from cchc.org.selectors import current_unit

PAGE_SIZE = 50

#: (queue key, tab label) in the order of the tabs; "" is the whole list.
TABS = [
    ("", gettext_lazy("All")),
    ("pending", gettext_lazy("Pending")),
    ("due_today", gettext_lazy("Due today")),
    ("overdue", gettext_lazy("Overdue")),
    ("awaiting_supplement", gettext_lazy("Awaiting supplement")),
    ("apology_due", gettext_lazy("Apology due")),
    ("late_without_apology", gettext_lazy("Late without apology")),
]


def _list_params(request) -> tuple[str, str]:
    queue = request.GET.get("queue", "")
    return (queue if queue in selectors.QUEUES else ""), request.GET.get("q", "").strip()


@login_required
def dossier_list(request):
    queue, text = _list_params(request)
    now = timezone.now()
    counts = selectors.queue_counts(selectors.search(Dossier.objects.visible_to(request.user), text), now)
    rows = selectors.with_list_relations(selectors.desk_list(request.user, queue=queue, text=text, now=now))
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = counts[queue or "all"]  # known already: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    tabs = []
    for key, label in TABS:
        params = {k: v for k, v in (("queue", key), ("q", text)) if v}
        count = counts[key or "all"]
        alert = key in ("overdue", "apology_due", "late_without_apology") and count > 0
        tabs.append(
            {"key": key, "label": label, "count": count, "href": "?" + urlencode(params), "alert": alert}
        )
    page.object_list = list(page.object_list)
    selectors.mark_overdue(page.object_list, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dossiers/list.html",
        {
            "page": page,
            "tabs": tabs,
            "queue": queue,
            "text": text,
            "total": counts[queue or "all"],
            "query": query.urlencode(),
            "now": now,
            "can_receive": bool(selectors.intake_units(request.user, current_unit(request))),
        },
    )


@login_required
def dossier_export(request):
    """The list as it is filtered, in the interchange format (``cchc export dossiers``)."""
    queue, text = _list_params(request)
    rows = selectors.desk_list(request.user, queue=queue, text=text)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(export_rows(rows))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"dossiers-{queue or 'all'}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------------------


def _intake_units(request) -> list[Unit]:
    units = selectors.intake_units(request.user, current_unit(request))
    if not units:
        raise Forbidden(_("You may not receive dossiers at any unit."))
    here = current_unit(request)
    return sorted(units, key=lambda u: (here is None or u.pk != here.pk, u.path))


@login_required
def dossier_new(request):
    units = _intake_units(request)
    form = forms.IntakeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.dossier_receive(actor=request.user, **data)
        except Forbidden:
            raise
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
            return redirect("dossiers:detail", code=dossier.code)
    unit = units[0]
    return render(
        request,
        "dossiers/intake.html",
        {
            "form": form,
            "procedures": selectors.procedures_for_intake(unit),
            "option": forms.procedure_option,
        },
    )


@login_required
def intake_preview(request):
    """htmx fragment of the intake form: the procedure's processing time, fee and the due instant if received
    now."""
    from cchc.dossiers import deadlines
    from cchc.procedures.models import Procedure

    units = {u.pk: u for u in _intake_units(request)}
    text = request.GET.get("procedure", "").strip()
    code = text.split(" — ")[0].split(" ")[0] if text else ""
    procedure = Procedure.objects.filter(code=code).first() if code else None
    unit_id = request.GET.get("receiving_unit", "")
    unit = units.get(int(unit_id)) if unit_id.isdigit() else None
    unit = unit or next(iter(units.values()))
    context = {"procedure": procedure}
    if procedure is not None:
        now = timezone.now()
        version = procedure.version_on(now)
        context["version"] = version
        try:
            context["due"] = deadlines.due_instant(unit, now, deadlines.processing_for(version))
        except DomainError as exc:
            context["due_error"] = exc.message
    return render(request, "dossiers/_intake_preview.html", context)


# ---------------------------------------------------------------------------------------------------------
# One dossier
# ---------------------------------------------------------------------------------------------------------

#: transition → (form, service, label of the success message)
ACTIONS = {
    "request_supplement": (
        forms.SupplementForm,
        services.dossier_request_supplement,
        gettext_lazy("Supplement requested."),
    ),
    "complete_supplement": (
        forms.EmptyForm,
        services.dossier_complete_supplement,
        gettext_lazy("Supplement received."),
    ),
    "assign": (forms.AssignForm, services.dossier_assign, gettext_lazy("Specialist assigned.")),
    "propose": (forms.ProposeForm, services.dossier_propose, gettext_lazy("Submitted for approval.")),
    "approve": (forms.ApproveForm, services.dossier_approve, gettext_lazy("Decision recorded.")),
    "transfer": (forms.TransferForm, services.dossier_transfer, gettext_lazy("Dossier handed over.")),
    "finish": (forms.FinishForm, services.dossier_finish, gettext_lazy("Result recorded as ready.")),
    "return": (forms.ReturnForm, services.dossier_return, gettext_lazy("Result recorded as returned.")),
    "refuse": (forms.ReasonForm, services.dossier_refuse, gettext_lazy("Dossier refused.")),
    "withdraw": (forms.OptionalReasonForm, services.dossier_withdraw, gettext_lazy("Dossier withdrawn.")),
    "apologise": (
        forms.ApologyForm,
        services.dossier_apologise,
        gettext_lazy("Apology and new date recorded."),
    ),
    "mark_paid_online": (
        forms.EmptyForm,
        services.dossier_mark_paid_online,
        gettext_lazy("Online payment recorded."),
    ),
    "rate": (forms.RateForm, services.dossier_rate, gettext_lazy("Rating recorded.")),
}


#: The button of each transition on the dossier page.
ACTION_LABELS = {
    "request_supplement": gettext_lazy("Request a supplement"),
    "complete_supplement": gettext_lazy("Supplement received"),
    "assign": gettext_lazy("Assign the specialist"),
    "propose": gettext_lazy("Submit for approval"),
    "approve": gettext_lazy("Approve or send back"),
    "transfer": gettext_lazy("Hand over"),
    "finish": gettext_lazy("Result ready"),
    "return": gettext_lazy("Return the result"),
    "refuse": gettext_lazy("Refuse"),
    "withdraw": gettext_lazy("Withdraw"),
    "apologise": gettext_lazy("Send apology and new date"),
    "mark_paid_online": gettext_lazy("Paid online"),
    "rate": gettext_lazy("Record the rating"),
}


def _visible(request, code: str) -> Dossier:
    return get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related(
            "procedure",
            "procedure_version",
            "receiving_unit",
            "competent_unit",
            "handling_unit",
            "received_by",
            "specialist",
        ),
        code=code,
    )


def _receipt_url(dossier) -> str:
    """The receipt (form 01) when the documents pages are installed."""
    try:
        return reverse("dossiers:document", args=[dossier.code, "receipt"])
    except NoReverseMatch:
        return ""


def _transfer_targets(dossier) -> list[Unit]:
    """Units offered in the hand-over list: the current units of the receiving unit's province."""
    root = dossier.receiving_unit.path.strip("/").split("/")[0]
    return list(
        Unit.objects.filter(path__startswith=f"/{root}/", valid_to__isnull=True)
        .exclude(pk=dossier.holder.pk)
        .only("code", "name")
        .order_by("name")
    )


@login_required
def dossier_detail(request, code):
    dossier = _visible(request, code)
    may = {name for name, t in services.TRANSITIONS.items() if can(request.user, t.permission, dossier)}
    actions = [
        (name, ACTION_LABELS[name], ACTIONS[name][0](prefix=name, dossier=dossier))
        for name in services.allowed_actions(dossier)
        if name in may
    ]
    events = [(e, verb_label(e.verb)) for e in selectors.events_of(dossier)]
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "remaining": selectors.remaining(dossier),
            "events": events,
            "transfers": selectors.transfers_of(dossier),
            "steps": selectors.steps_of(dossier),
            "can_act": bool(may),
            "actions": actions,
            "unit_options": _transfer_targets(dossier) if any(a[0] == "transfer" for a in actions) else [],
            "receipt_url": _receipt_url(dossier),
            "public_url": request.build_absolute_uri(reverse("lookup:qr", args=[dossier.public_token])),
        },
    )


@login_required
@require_POST
def dossier_action(request, code, action):
    if action not in ACTIONS:
        raise Http404
    dossier = _visible(request, code)
    require(request.user, services.TRANSITIONS[action].permission, dossier)  # 403 before reading the form
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST, prefix=action, dossier=dossier)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("dossiers:detail", code=dossier.code)
    try:
        dossier = service(dossier=dossier, actor=request.user, **form.cleaned_data)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
        for warning in getattr(dossier, "warnings", []):
            messages.warning(request, warning)
    return redirect("dossiers:detail", code=dossier.code)
