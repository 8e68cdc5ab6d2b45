"""The inspection page: team, the checklist filled on site (result, note, evidence, the live figures
beside the items), findings (strengths and shortcomings, recurrences), and the conclusion notice (DOCX, PDF,
issue)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core import indicators
from cchc.core.errors import DomainError
from cchc.core.permissions import can
from cchc.core.selectors import object_history
from cchc.inspections import documents, selectors, services
from cchc.inspections.checklist import FIGURE_LABELS
from cchc.inspections.forms import CheckForm, EvidenceForm, FindingForm, FreeItemForm, NoticeForm
from cchc.inspections.models import (
    ChecklistItem,
    Finding,
    FindingKind,
    Inspection,
    ItemEvidence,
    ItemResult,
    ItemSource,
    MemberRole,
    TeamMember,
)
from cchc.inspections.views.common import (
    can_plan,
    download,
    form_error,
    is_htmx,
    plan_visible,
    visible_inspection,
)
from cchc.inspections.views.remediation import remediation_forms
from cchc.plans import conf as plans_conf
from cchc.plans.evidence import file_response

HUNDRED = Decimal(100)
#: the timeline verbs of a finding, in the reader's language
EVENT_LABELS = {
    "recorded": gettext_lazy("Recorded"),
    "fix_reported": gettext_lazy("Fix reported"),
    "verified": gettext_lazy("Verified and closed"),
    "reopened": gettext_lazy("Reopened"),
}


@dataclass
class Figure:
    """A live figure as the checklist shows it: "12 hồ sơ đúng hạn / 15 hồ sơ đã giải quyết — 80,00%"."""

    name: str
    label: str
    numerator: object = None
    denominator: object = None
    numerator_label: str = ""
    denominator_label: str = ""
    percent: Decimal | None = None
    url: str = ""
    missing: bool = False


def figure_of(name: str, ratio: indicators.Ratio | None) -> Figure:
    try:
        label = str(indicators.get(name).label)
    except KeyError:
        label = name
    if ratio is None:
        return Figure(name, label, missing=True)
    numerator_label, denominator_label = FIGURE_LABELS.get(name, ("", ""))
    percent = None
    if ratio.value is not None:
        percent = (ratio.value * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Figure(
        name,
        label,
        ratio.numerator,
        ratio.denominator,
        numerator_label,
        denominator_label,
        percent,
        ratio.records_url,
    )


def one_figure(inspection: Inspection, name: str) -> Figure:
    """The figure of one item (the same evaluation as :func:`selectors.live_figures`)."""
    try:
        ratio = indicators.evaluate(name, inspection.unit, inspection.plan.year)
    except KeyError:
        ratio = None
    return figure_of(name, ratio)


@dataclass
class ItemView:
    item: ChecklistItem
    figure: Figure | None = None
    findings: list = field(default_factory=list)
    evidence: list = field(default_factory=list)


@dataclass
class Group:
    title: str
    items: list[ItemView] = field(default_factory=list)


def _items(inspection: Inspection, queryset=None) -> list[ChecklistItem]:
    queryset = queryset if queryset is not None else inspection.checklist.all()
    return list(
        queryset.prefetch_related(
            Prefetch("evidence", queryset=ItemEvidence.objects.order_by("uploaded_at", "pk")),
            Prefetch("finding_set", queryset=Finding.objects.order_by("kind", "position", "pk")),
        ).order_by("position", "pk")
    )


def item_view(item: ChecklistItem, figures: dict) -> ItemView:
    figure = None
    if item.figure:
        figure = figure_of(item.figure, figures.get(item.figure))
    return ItemView(item, figure, list(item.finding_set.all()), list(item.evidence.all()))


def checklist_groups(inspection: Inspection, items: list[ChecklistItem], figures: dict) -> list[Group]:
    areas = {}
    if inspection.framework_id:
        areas = dict(inspection.framework.criteria.filter(parent__isnull=True).values_list("code", "name"))
    groups: dict[tuple, Group] = {}
    for item in items:
        if item.source == ItemSource.CRITERION:
            area = item.code.split(".")[0]
            key, title = ("0", area), f"{area}. {areas.get(area, '')}".strip(". ")
        elif item.source == ItemSource.ONESTOP:
            key, title = ("1", ""), _("One-stop rules and PAR tasks")
        else:
            key, title = ("2", ""), _("Items added by the team")
        groups.setdefault(key, Group(title)).items.append(item_view(item, figures))
    return list(groups.values())


def record_links(finding: Finding) -> list[tuple[str, str]]:
    """``(label, url)`` of the dossiers and tasks behind a finding (no link when the code cannot be one)."""
    links = []
    for record in finding.records or []:
        try:
            if record.get("kind") == "dossier":
                links.append((str(record.get("code", "")), reverse("dossiers:detail", args=[record["code"]])))
            elif record.get("kind") == "task":
                links.append((f"#{record.get('id')}", reverse("plans:task-detail", args=[record["id"]])))
        except (NoReverseMatch, KeyError, TypeError):
            links.append((str(record.get("code") or record.get("id") or ""), ""))
    return links


def finding_views(inspection: Inspection) -> list[dict]:
    findings = inspection.findings.select_related(
        "item", "recurrence_of__inspection__plan", "recurrence_of__inspection__unit"
    ).order_by("kind", "position", "pk")
    return [{"finding": f, "links": record_links(f)} for f in findings]


def _team(inspection: Inspection) -> list[TeamMember]:
    order = {MemberRole.LEADER: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2, MemberRole.SECRETARY: 3}
    members = inspection.team.select_related("person__unit")
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.pk))


def _detail(request, inspection: Inspection, *, notice_form=None, free_form=None, status=200):
    user = request.user
    can_edit = not inspection.locked and can(user, "inspections.inspection.inspect", inspection)
    may_issue = not inspection.locked and can(user, "inspections.notice.issue", inspection)
    items = _items(inspection)
    figures = selectors.live_figures(inspection)
    team = _team(inspection)
    leader = next((m for m in team if m.role == MemberRole.LEADER), None)
    findings = finding_views(inspection)
    checked = sum(1 for i in items if i.result)
    context = {
        "inspection": inspection,
        "plan_visible": plan_visible(user, inspection.plan),
        "team": team,
        "groups": checklist_groups(inspection, items, figures),
        "item_count": len(items),
        "checked_count": checked,
        "shortcoming_items": sum(1 for i in items if i.result == ItemResult.SHORTCOMING),
        "strengths": [f for f in findings if f["finding"].kind == FindingKind.STRENGTH],
        "shortcomings": [f for f in findings if f["finding"].kind == FindingKind.SHORTCOMING],
        "can_edit": can_edit,
        "can_plan": can_plan(user, inspection.plan),
        "may_issue": may_issue,
        "results": ItemResult.choices[1:],
        "max_size": plans_conf.evidence_max_bytes(),
        "free_form": free_form or FreeItemForm(),
        "unchecked_count": len(items) - checked,
        "notice_form": notice_form
        or NoticeForm(
            initial={
                "notice_date": timezone.localdate(),
                "signer": leader.person.full_name if leader else "",
            },
            unchecked=len(items) - checked,
        ),
    }
    if inspection.locked:
        context["summary"] = selectors.remediation_summary(inspection)
    return render(request, "inspections/inspection_detail.html", context, status=status)


@login_required
def inspection_detail(request, pk):
    return _detail(request, visible_inspection(request, pk))


@login_required
@require_POST
def checklist_generate(request, pk):
    inspection = visible_inspection(request, pk)
    try:
        added = services.checklist_generate(inspection=inspection, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s items added to the checklist.") % {"n": added})
    return redirect("inspections:inspection-detail", pk=inspection.pk)


@login_required
@require_POST
def checklist_add(request, pk):
    inspection = visible_inspection(request, pk)
    form = FreeItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.checklist_add(
                inspection=inspection, text=form.cleaned_data["text"], actor=request.user
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect(
                f"{reverse('inspections:inspection-detail', args=[inspection.pk])}#item-{item.pk}"
            )
    return _detail(request, inspection, free_form=form, status=200)


def _visible_item(request, pk) -> ChecklistItem:
    items = ChecklistItem.objects.visible_to(request.user).select_related(
        "inspection__unit", "inspection__plan__unit"
    )
    return get_object_or_404(items, pk=pk)


def _item_response(request, item: ChecklistItem, *, error: str = "", posted=None):
    inspection = item.inspection
    item = _items(inspection, inspection.checklist.filter(pk=item.pk))[0]
    view = item_view(item, {})
    if item.figure:
        view.figure = one_figure(inspection, item.figure)
    return render(
        request,
        "inspections/_item.html",
        {
            "view": view,
            "inspection": inspection,
            "can_edit": not inspection.locked
            and can(request.user, "inspections.inspection.inspect", inspection),
            "results": ItemResult.choices[1:],
            "error": error,
            "posted": posted,
            "max_size": plans_conf.evidence_max_bytes(),
            "saved": not error,
        },
    )


@login_required
@require_POST
def item_check(request, pk):
    item = _visible_item(request, pk)
    form = CheckForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.checklist_check(
                item=item,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = _("Choose a result.")
    if is_htmx(request):
        return _item_response(request, item, error=error, posted=request.POST if error else None)
    if error:
        messages.error(request, f"{item.code}: {error}")
    else:
        messages.success(request, _("Item %(code)s saved.") % {"code": item.code})
    return redirect(f"{reverse('inspections:inspection-detail', args=[item.inspection_id])}#item-{item.pk}")


@login_required
@require_POST
def item_evidence(request, pk):
    item = _visible_item(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            evidence = services.item_evidence_add(
                item=item, uploaded=form.cleaned_data["file"], actor=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("File uploaded: %(name)s") % {"name": evidence.original_name})
    return redirect(f"{reverse('inspections:inspection-detail', args=[item.inspection_id])}#item-{item.pk}")


@login_required
def item_evidence_download(request, pk):
    """An evidence file of a checklist item, for users who may see the inspection (404 otherwise)."""
    return file_response(get_object_or_404(ItemEvidence.objects.visible_to(request.user), pk=pk))


@login_required
def finding_create(request, pk):
    inspection = visible_inspection(request, pk)
    items = inspection.checklist.order_by("position", "pk")
    item = None
    if request.GET.get("item", "").isdigit():
        item = items.filter(pk=int(request.GET["item"])).first()
    initial = {"kind": FindingKind.SHORTCOMING}
    if item is not None:
        initial.update(
            item=item.pk,
            text=item.note or item.text,
            criterion_code=item.code if item.source == ItemSource.CRITERION else "",
            kind=FindingKind.STRENGTH if item.result == ItemResult.MEETS else FindingKind.SHORTCOMING,
        )
    elif request.GET.get("kind") in FindingKind.values:
        initial["kind"] = request.GET["kind"]
    form = FindingForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_add(
                inspection=inspection,
                kind=data["kind"],
                text=data["text"],
                item=data["item"],
                criterion_code=data["criterion_code"],
                records=form.records(),
                request=data["request"],
                deadline=data["deadline"],
                actor=request.user,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if finding.recurrence_of_id:
                messages.warning(
                    request,
                    _("Recorded. The same shortcoming was found in %(year)s: it is marked as recurring.")
                    % {"year": finding.recurrence_of.inspection.plan.year},
                )
            else:
                messages.success(request, _("Finding recorded."))
            return redirect(f"{reverse('inspections:inspection-detail', args=[inspection.pk])}#findings")
    return render(
        request,
        "inspections/finding_form.html",
        {"form": form, "inspection": inspection, "item": item, "locked": inspection.locked},
    )


@login_required
def finding_detail(request, pk):
    findings = Finding.objects.visible_to(request.user).select_related(
        "inspection__unit",
        "inspection__plan__unit",
        "item",
        "recurrence_of__inspection__plan",
        "recurrence_of__inspection__unit",
    )
    finding = get_object_or_404(findings, pk=pk)
    row = None
    if finding.kind == FindingKind.SHORTCOMING:
        row = next(r for r in selectors.remediation_rows(finding.inspection) if r.finding.pk == finding.pk)
    recurrences = (
        Finding.objects.visible_to(request.user)
        .filter(recurrence_of=finding)
        .select_related("inspection__plan", "inspection__unit")
    )
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "inspection": finding.inspection,
            "links": record_links(finding),
            "row": row,
            "forms": remediation_forms(request, finding.inspection, [row] if row else []),
            "recurrences": list(recurrences),
            "events": [(e, EVENT_LABELS.get(e.verb, e.verb)) for e in object_history(finding)["events"]],
        },
    )


@login_required
@require_POST
def notice_issue(request, pk):
    inspection = visible_inspection(request, pk)
    form = NoticeForm(
        request.POST, unchecked=inspection.checklist.filter(result=ItemResult.UNCHECKED).count()
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_issue(
                inspection=inspection,
                number=data["number"],
                notice_date=data["notice_date"],
                signer=data["signer"],
                conclusion=data["conclusion"],
                confirm_unchecked=data.get("confirm_unchecked", False),
                actor=request.user,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The conclusion notice is issued; the inspection is locked."))
            return redirect("inspections:inspection-detail", pk=inspection.pk)
    inspection.refresh_from_db()
    return _detail(request, inspection, notice_form=form)


@login_required
def notice_document(request, pk, fmt):
    inspection = visible_inspection(request, pk)
    if fmt == "docx":
        data, content_type = documents.notice_docx(inspection), documents.DOCX
    elif fmt == "pdf":
        data, content_type = documents.notice_pdf(inspection), documents.PDF
    else:
        raise Http404
    return download(data, f"{documents.notice_filename(inspection)}.{fmt}", content_type)
