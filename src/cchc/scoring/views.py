"""PAR index pages: frameworks, the ranking with its XLSX/DOCX, a unit's assessment (the yearly cycle, one
small POST form per step, each calling exactly one service) and its lost points with recovery tasks.

Every unit-owned row is read through ``visible_to(request.user)``: another unit's assessment is 404. The
rules (who may act, in which status, the score ranges) are the services'; their :class:`DomainError` is
shown next to the field it names, else as a message.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.concurrency import StaleEdit
from cchc.core.errors import DomainError
from cchc.core.permissions import Forbidden, can
from cchc.org.models import Unit
from cchc.plans import conf as plans_conf
from cchc.plans.evidence import file_response
from cchc.scoring import publication, selectors, services
from cchc.scoring.forms import (
    AppraiseForm,
    CloseAppraisalForm,
    EvidenceForm,
    EvidenceRuleForm,
    FinaliseForm,
    FinaliseManyForm,
    RecoveryTaskForm,
    RespondForm,
    ReturnForm,
    SelfAssessForm,
    StartForm,
    SubmitForm,
)
from cchc.scoring.frameworks import export_framework
from cchc.scoring.models import Assessment, AssessmentStatus, Criterion, Framework, Score, ScoreEvidence

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _framework(code: str) -> Framework:
    return get_object_or_404(Framework, code=code)


def _assessment(request, code: str, unit_code: str) -> Assessment:
    assessments = Assessment.objects.visible_to(request.user).select_related("unit", "framework")
    return get_object_or_404(assessments, framework__code=code, unit__code=unit_code)


def _leaf(assessment: Assessment, criterion_code: str) -> Criterion:
    return get_object_or_404(
        Criterion, framework=assessment.framework, code=criterion_code, max_points__isnull=False
    )


def _page_url(assessment: Assessment, criterion: Criterion | None = None) -> str:
    """The assessment page; after a leaf's form, with that leaf's details open and in view."""
    url = reverse("scoring:assessment", args=[assessment.framework.code, assessment.unit.code])
    if criterion is None:
        return url
    return f"{url}?{urlencode({'open': criterion.code})}#leaf-{selectors.slug(criterion.code)}"


# --- frameworks --------------------------------------------------------------------------------------------


@login_required
def framework_list(request):
    return render(
        request, "scoring/framework_list.html", {"frameworks": selectors.framework_rows(request.user)}
    )


@login_required
def framework_detail(request, code):
    framework = _framework(code)
    rows = selectors.framework_tree(framework)
    mine = (
        Assessment.objects.visible_to(request.user)
        .filter(framework=framework)
        .select_related("unit")
        .order_by("unit__code")[:20]
    )
    return render(
        request,
        "scoring/framework_detail.html",
        {
            "framework": framework,
            "rows": rows,
            "leaf_count": sum(1 for r in rows if r.is_leaf),
            "total": sum((r.max for r in rows if r.node.parent_id is None), start=0),
            "assessments": list(mine),
            "may_set_evidence_rule": can(request.user, "scoring.framework.set_evidence_rule", framework),
            "rule_changes": selectors.evidence_rule_changes(framework),
        },
    )


@login_required
@require_POST
def framework_evidence_rule(request, code):
    """The province makes evidence files mandatory (or not) for submitting under this framework."""
    framework = _framework(code)
    form = EvidenceRuleForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    framework = services.framework_set_evidence_rule(
        framework=framework, mandatory=form.cleaned_data["evidence_mandatory"], actor=request.user
    )
    if framework.evidence_mandatory:
        messages.success(request, _("Evidence is now mandatory for submitting under this framework."))
    else:
        messages.success(request, _("Evidence is no longer mandatory for submitting under this framework."))
    return redirect("scoring:framework-detail", code=framework.code)


@login_required
def framework_export(request, code):
    framework = _framework(code)
    return _download(export_framework(framework), f"{framework.code}.yaml", "application/yaml; charset=utf-8")


# --- ranking -----------------------------------------------------------------------------------------------


@login_required
def ranking(request, code):
    framework = _framework(code)
    data = selectors.ranking(framework, request.user)
    return render(
        request,
        "scoring/ranking.html",
        {
            "framework": framework,
            "ranking": data,
            "startable": selectors.startable_units(framework, request.user),
            "start_form": StartForm(user=request.user),
            "may_finalise": bool(selectors.finalise_choice(framework, request.user).ready),
        },
    )


@login_required
def ranking_xlsx(request, code):
    framework = _framework(code)
    data = selectors.ranking(framework, request.user)
    return _download(publication.ranking_xlsx(framework, data.units), f"xep-hang-{framework.code}.xlsx", XLSX)


@login_required
def ranking_docx(request, code):
    framework = _framework(code)
    data = selectors.ranking(framework, request.user)
    decisions = {
        a.decision_text
        for a in Assessment.objects.visible_to(request.user)
        .filter(framework=framework, status=AssessmentStatus.FINAL)
        .exclude(decision="")
        .only("decision", "decision_date")
        .distinct()
        .order_by()[:50]
    }
    decision = decisions.pop() if len(decisions) == 1 else ""
    return _download(
        publication.ranking_docx(framework, data.units, decision=decision),
        f"phu-luc-xep-hang-{framework.code}.docx",
        DOCX,
    )


@login_required
@require_POST
def assessment_start(request, code):
    framework = _framework(code)
    form = StartForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, form.errors["unit"][0])
        return redirect("scoring:ranking", code=framework.code)
    unit = form.cleaned_data["unit"]
    try:
        assessment = services.assessment_start(framework=framework, unit=unit, actor=request.user)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:ranking", code=framework.code)
    messages.success(request, _("The self-assessment of %(unit)s has started.") % {"unit": unit.name})
    return redirect(_page_url(assessment))


# --- one unit's assessment ---------------------------------------------------------------------------------


@login_required
def assessment(request, code, unit_code):
    framework = _framework(code)
    found = (
        Assessment.objects.visible_to(request.user)
        .select_related("unit", "framework")
        .filter(framework=framework, unit__code=unit_code)
        .first()
    )
    if found is None:
        unit = get_object_or_404(Unit.objects.visible_to(request.user), code=unit_code)
        return render(
            request,
            "scoring/assessment_missing.html",
            {
                "framework": framework,
                "unit": unit,
                "can_start": can(request.user, "scoring.assessment.start", unit),
            },
        )
    return _render_assessment(request, found)


def _render_assessment(
    request, assessment: Assessment, *, refused: dict | None = None, step: dict | None = None
):
    """The assessment page; ``refused``: a leaf form sent back with its errors; ``step``: a cycle step's form
    (submit, close, finalise) sent back with its errors and the posted values."""
    view = selectors.assessment_view(assessment, request.user)
    opened = request.GET.get("open", "")
    for row in view.leaves:
        row.open = row.node.code == opened
    if refused is not None:
        for row in view.leaves:
            if row.node.pk == refused["criterion"].pk:
                row.open, row.form, row.errors = True, refused["form"], refused["errors"]
                row.values = {**row.values, **refused["values"]}
                row.version = refused.get("version", row.version)
                row.changes = refused.get("changes", [])
    user, status = request.user, assessment.status
    may = {
        name: can(user, f"scoring.{action}", assessment)
        for name, action in (
            ("may_self_assess", "score.self_assess"),
            ("may_add_evidence", "score.add_evidence"),
            ("may_submit", "assessment.submit"),
            ("may_appraise", "score.appraise"),
            ("may_return", "assessment.return"),
            ("may_close", "assessment.close_appraisal"),
            ("may_respond", "score.respond"),
            ("may_finalise", "assessment.finalise"),
        )
    }
    return render(
        request,
        "scoring/assessment.html",
        {
            "view": view,
            "assessment": assessment,
            "framework": assessment.framework,
            "unit": assessment.unit,
            "draft": status == AssessmentStatus.DRAFT,
            "submitted": status == AssessmentStatus.SUBMITTED,
            "appraised": status == AssessmentStatus.APPRAISED,
            "final": status == AssessmentStatus.FINAL,
            **may,
            "without_evidence": selectors.leaves_without_evidence(assessment) if may["may_submit"] else [],
            "unreviewed": [c for c, _s in selectors.unreviewed_leaves(assessment)]
            if may["may_close"]
            else [],
            "step": step or {},
            "max_size": plans_conf.evidence_max_bytes(),
        },
    )


def _refuse(request, assessment, criterion, form_name: str, form, exc: DomainError | None = None):
    """After a refused leaf form: the page again with the errors next to their fields, or a message when the
    refusal names no field of the form (wrong status, no permission)."""
    if isinstance(exc, Forbidden):
        raise exc
    if exc is not None and exc.field not in form.fields:
        messages.error(request, exc.message)
        return redirect(_page_url(assessment, criterion))
    errors = {("form" if name == "__all__" else name): list(errs) for name, errs in form.errors.items()}
    if exc is not None:
        errors.setdefault(exc.field, []).append(exc.message)
    values = {key: form.data.get(key, "") for key in form.fields if key != "file"}
    if "not_applicable" in form.fields:
        values["not_applicable"] = bool(form.data.get("not_applicable"))
    if "responsible" in form.fields:
        values["responsible"] = (
            int(form.data["responsible"]) if form.data.get("responsible", "").isdigit() else None
        )
    refused = {"criterion": criterion, "form": form_name, "errors": errors, "values": values}
    if isinstance(exc, StaleEdit):  # what changed since the form was read; saving again overwrites knowingly
        errors.pop("version", None)
        errors["form"] = [exc.message]
        refused.update(version=exc.version, changes=exc.changes)
    return _render_assessment(request, assessment, refused=refused)


@login_required
@require_POST
def leaf_self_assess(request, code, unit_code, criterion_code):
    assessment = _assessment(request, code, unit_code)
    criterion = _leaf(assessment, criterion_code)
    form = SelfAssessForm(request.POST, people=selectors.people_of(request.user, assessment.unit))
    if not form.is_valid():
        return _refuse(request, assessment, criterion, "self", form)
    try:
        services.score_self_assess(
            assessment=assessment,
            criterion=criterion,
            self_score=form.cleaned_data["self_score"],
            applicable=not form.cleaned_data["not_applicable"],
            explanation=form.cleaned_data["explanation"],
            responsible=form.cleaned_data["responsible"],
            version=form.cleaned_data["version"],
            actor=request.user,
        )
    except DomainError as exc:
        return _refuse(request, assessment, criterion, "self", form, exc)
    messages.success(request, _("Criterion %(code)s saved.") % {"code": criterion.code})
    return redirect(_page_url(assessment, criterion))


def _score(request, assessment: Assessment, criterion: Criterion) -> Score | None:
    return Score.objects.visible_to(request.user).filter(assessment=assessment, criterion=criterion).first()


@login_required
@require_POST
def leaf_evidence(request, code, unit_code, criterion_code):
    assessment = _assessment(request, code, unit_code)
    criterion = _leaf(assessment, criterion_code)
    score = _score(request, assessment, criterion)
    if score is None:
        messages.error(request, _("Save the self score of this criterion first, then attach its evidence."))
        return redirect(_page_url(assessment, criterion))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refuse(request, assessment, criterion, "evidence", form)
    try:
        item = services.score_evidence_add(
            score=score, uploaded=form.cleaned_data["file"], actor=request.user
        )
    except DomainError as exc:
        return _refuse(request, assessment, criterion, "evidence", form, exc)
    messages.success(request, _("File uploaded: %(name)s") % {"name": item.original_name})
    return redirect(_page_url(assessment, criterion))


@login_required
@require_POST
def leaf_appraise(request, code, unit_code, criterion_code):
    assessment = _assessment(request, code, unit_code)
    criterion = _leaf(assessment, criterion_code)
    form = AppraiseForm(request.POST)
    if not form.is_valid():
        return _refuse(request, assessment, criterion, "appraise", form)
    adjust = form.cleaned_data["decision"] == "adjust"
    if adjust and not form.cleaned_data["appraised_score"].strip():
        form.add_error("appraised_score", _("Enter the appraised score, or accept the self score."))
        return _refuse(request, assessment, criterion, "appraise", form)
    try:
        services.score_appraise(
            assessment=assessment,
            criterion=criterion,
            appraised_score=form.cleaned_data["appraised_score"] if adjust else None,
            reason=form.cleaned_data["reason"] if adjust else "",
            actor=request.user,
        )
    except DomainError as exc:
        return _refuse(request, assessment, criterion, "appraise", form, exc)
    messages.success(request, _("Appraisal of criterion %(code)s saved.") % {"code": criterion.code})
    return redirect(_page_url(assessment, criterion))


@login_required
@require_POST
def leaf_respond(request, code, unit_code, criterion_code):
    assessment = _assessment(request, code, unit_code)
    criterion = _leaf(assessment, criterion_code)
    score = _score(request, assessment, criterion)
    form = RespondForm(request.POST)
    if score is None:
        raise Http404
    if not form.is_valid():
        return _refuse(request, assessment, criterion, "respond", form)
    try:
        services.score_respond(score=score, text=form.cleaned_data["text"], actor=request.user)
    except DomainError as exc:
        return _refuse(request, assessment, criterion, "respond", form, exc)
    messages.success(request, _("Explanation on criterion %(code)s saved.") % {"code": criterion.code})
    return redirect(_page_url(assessment, criterion))


def _step_refused(request, assessment: Assessment, name: str, form, exc: DomainError):
    """A refused cycle step: a permission refusal is a 403; otherwise the page again, the error by the step's
    form (the confirmation box, the decision's fields) and the posted values kept."""
    if isinstance(exc, Forbidden):
        raise exc
    step = {"name": name, "errors": {exc.field or "form": [exc.message]}, "values": form.data}
    return _render_assessment(request, assessment, step=step)


@login_required
@require_POST
def assessment_action(request, code, unit_code, action):
    """``submit`` (the unit), ``return`` / ``appraise`` (close the appraisal) / ``finalise`` (the council):
    one service each."""
    assessment = _assessment(request, code, unit_code)
    forms_by_action = {
        "submit": SubmitForm,
        "return": ReturnForm,
        "appraise": CloseAppraisalForm,
        "finalise": FinaliseForm,
    }
    if action not in forms_by_action:
        raise Http404
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return _step_refused(
            request, assessment, action, form, DomainError("invalid", errors[0], field=field)
        )
    data = form.cleaned_data
    try:
        if action == "submit":
            services.assessment_submit(
                assessment=assessment, confirm_missing_evidence=data["confirm"], actor=request.user
            )
            messages.success(request, _("The self-assessment was sent for appraisal."))
        elif action == "return":
            services.assessment_return(assessment=assessment, reason=data["reason"], actor=request.user)
            messages.success(request, _("The self-assessment was returned to the unit."))
        elif action == "appraise":
            services.assessment_close_appraisal(
                assessment=assessment, accept_unreviewed=data["accept_unreviewed"], actor=request.user
            )
            messages.success(
                request, _("The appraisal is closed; the unit may now explain adjusted criteria.")
            )
        else:
            result = services.assessments_finalise(
                framework=assessment.framework,
                assessments=[assessment],
                decision=data["decision"],
                decision_date=data["decision_date"],
                actor=request.user,
            )
            if not result.finalised:
                reason = result.not_ready[0][1]
                raise DomainError("not_ready", _("Not finalised: %(reason)s.") % {"reason": reason})
            messages.success(request, _("The result is final."))
    except DomainError as exc:
        return _step_refused(request, assessment, action, form, exc)
    return redirect(_page_url(assessment))


@login_required
def finalise_many(request, code):
    """The council finalises the results of many units under one decision (number and date): the units whose
    appraisal is closed are offered; those not ready are listed, and left unchanged if chosen anyway."""
    framework = _framework(code)
    choice = selectors.finalise_choice(framework, request.user)
    if not choice.ready and not choice.waiting and not choice.final:
        raise Forbidden(action="scoring.assessment.finalise")
    offered = choice.ready + choice.waiting
    form = FinaliseManyForm(request.POST or None, units=[a.unit for a in offered])
    result, errors = None, {}
    if request.method == "POST":
        if form.is_valid():
            chosen = [a for a in offered if a.unit.code in set(form.cleaned_data["units"])]
            try:
                result = services.assessments_finalise(
                    framework=framework,
                    assessments=chosen,
                    decision=form.cleaned_data["decision"],
                    decision_date=form.cleaned_data["decision_date"],
                    actor=request.user,
                )
            except Forbidden:
                raise
            except DomainError as exc:
                errors = {exc.field or "form": [exc.message]}
        else:
            errors = {name: list(errs) for name, errs in form.errors.items()}
        if result is not None:
            choice = selectors.finalise_choice(framework, request.user)
    picked = set(form.data.getlist("units")) if form.is_bound else {a.unit.code for a in choice.ready}
    return render(
        request,
        "scoring/finalise.html",
        {
            "framework": framework,
            "choice": choice,
            "form": form,
            "errors": errors,
            "picked": picked,
            "result": result,
        },
    )


@login_required
def evidence_download(request, pk):
    """Serve a score's evidence file to users who may see its assessment (404 otherwise)."""
    item = get_object_or_404(ScoreEvidence.objects.visible_to(request.user), pk=pk)
    return file_response(item)


# --- lost points -------------------------------------------------------------------------------------------


@login_required
def lost_points(request, code, unit_code):
    assessment = _assessment(request, code, unit_code)
    rows = selectors.lost_points(assessment, request.user)
    return render(
        request,
        "scoring/lost_points.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "unit": assessment.unit,
            "rows": rows,
            "total_lost": sum((r.item.lost for r in rows), start=0),
            "people": list(selectors.people_of(request.user, assessment.unit)),
            "can_enter": can(request.user, "scoring.recovery_task.create", assessment),
        },
    )


@login_required
@require_POST
def recovery_task(request, code, unit_code, criterion_code):
    assessment = _assessment(request, code, unit_code)
    criterion = _leaf(assessment, criterion_code)
    back = reverse("scoring:lost-points", args=[code, unit_code]) + f"#lost-{selectors.slug(criterion.code)}"
    form = RecoveryTaskForm(request.POST, people=selectors.people_of(request.user, assessment.unit))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    try:
        task = services.recovery_task_create(
            assessment=assessment,
            criterion=criterion,
            owner=form.cleaned_data["owner"],
            deadline=form.cleaned_data["deadline"],
            actor=request.user,
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Recovery task created: %(title)s") % {"title": task.title})
    return redirect(back)
