"""Task pages: detail (timeline, comments, evidence, progress), edit, assign, transitions (done, cancel,
reopen; for a task set from above: confirm or refuse "done", request an extension, grant or refuse it),
evidence download, and directives (a leader's conclusions, tasks without a plan).

Which buttons show is asked of the permission door (``can``); the services ask it again before they write,
so a refused post is HTTP 403 and changes nothing."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core.concurrency import StaleEdit, refuse_stale, version_of
from cchc.core.errors import DomainError
from cchc.core.permissions import can
from cchc.core.selectors import object_history
from cchc.org.selectors import current_unit
from cchc.plans import conf, selectors, services
from cchc.plans.evidence import file_response
from cchc.plans.forms import (
    AssignForm,
    CommentForm,
    EvidenceForm,
    ExtensionForm,
    ProgressForm,
    ReasonForm,
    TaskForm,
)
from cchc.plans.models import Evidence, Task, TaskKind
from cchc.plans.views.common import flash_error, form_error, people_in


def _visible_task(request, pk) -> Task:
    tasks = Task.objects.visible_to(request.user).select_related(
        "unit", "plan__unit", "owner__unit", "parent"
    )
    return get_object_or_404(tasks, pk=pk)


def _people_root(task: Task):
    return task.plan.unit if task.plan_id else task.unit


@login_required
def task_detail(request, pk):
    task = _visible_task(request, pk)
    calendars = selectors.Calendars()
    row = selectors.task_rows(Task.objects.filter(pk=task.pk), calendars=calendars)[0]
    children = selectors.task_rows(
        Task.objects.visible_to(request.user).filter(parent=task).order_by("order", "pk"), calendars=calendars
    )
    user = request.user
    may = {
        action: can(user, f"plans.task.{action}", task)
        for action in (
            "edit",
            "assign",
            "report",
            "complete",
            "cancel",
            "reopen",
            "confirm",
            "request_extension",
            "decide_extension",
        )
    }
    history = object_history(task)
    source = task.source if task.source_type_id else None
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "row": row,
            "children": children,
            "collaborators": task.collaborators.select_related("unit").order_by("full_name"),
            "evidence": task.evidence.all(),
            "comments": task.comments.select_related("author"),
            "events": history["events"],
            "may": may,
            "extension_form": ExtensionForm(),
            # what the task comes from (an inspection finding, a PAR score) and whether that side closes it
            "source": source,
            "source_closes": getattr(source, "task_completed_by_source", False),
            "progress_form": ProgressForm(initial={"progress": task.progress}),
            "evidence_form": EvidenceForm(),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "rolled_up": row.has_children,
            "max_size": conf.evidence_max_bytes(),
        },
    )


def _after(request, task: Task):
    return redirect("plans:task-detail", pk=task.pk)


@login_required
@require_POST
def task_progress(request, pk):
    task = _visible_task(request, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Progress is a whole number from 0 to 100."))
        return _after(request, task)
    try:
        services.task_report_progress(
            task=task,
            progress=form.cleaned_data["progress"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Progress updated."))
    return _after(request, task)


TRANSITIONS = {
    # action: (service, its text argument, message on success)
    "done": (services.task_complete, "note", gettext_lazy("The task is marked done.")),
    "cancel": (services.task_cancel, "reason", gettext_lazy("The task is cancelled.")),
    "reopen": (services.task_reopen, "reason", gettext_lazy("The task is reopened.")),
    "confirm": (
        services.task_confirm,
        "note",
        gettext_lazy("Completion confirmed: the task counts as done."),
    ),
    "refuse": (
        services.task_refuse_completion,
        "reason",
        gettext_lazy("Completion not confirmed: the task is in progress again."),
    ),
    "grant": (
        lambda **kw: services.task_decide_extension(grant=True, **kw),
        "note",
        gettext_lazy("Extension granted: the deadline is moved."),
    ),
    "deny": (
        lambda **kw: services.task_decide_extension(grant=False, **kw),
        "note",
        gettext_lazy("Extension refused."),
    ),
}


@login_required
@require_POST
def task_transition(request, pk, action):
    """One step of :data:`TRANSITIONS`, with the reason or note typed on the task page."""
    if action not in TRANSITIONS:
        raise Http404
    task = _visible_task(request, pk)
    service, argument, done = TRANSITIONS[action]
    try:
        service(task=task, actor=request.user, **{argument: request.POST.get("reason", "")})
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return _after(request, task)


@login_required
@require_POST
def task_extension(request, pk):
    """The owner's side asks the assigning unit for a new deadline (date and reason)."""
    task = _visible_task(request, pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new deadline (a date) and the reason."))
        return _after(request, task)
    try:
        services.task_request_extension(task=task, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Extension requested: the assigning unit will decide."))
    return _after(request, task)


@login_required
@require_POST
def task_comment(request, pk):
    task = _visible_task(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
        return _after(request, task)
    try:
        services.comment_add(task=task, text=form.cleaned_data["text"], actor=request.user)
    except DomainError as exc:
        flash_error(request, exc)
    return _after(request, task)


@login_required
@require_POST
def task_evidence(request, pk):
    task = _visible_task(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return _after(request, task)
    try:
        services.evidence_add(
            task=task, uploaded=upload, note=request.POST.get("note", ""), actor=request.user
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("File uploaded: %(name)s") % {"name": PurePath(upload.name).name})
    return _after(request, task)


@login_required
def evidence_download(request, pk):
    """Serve an evidence file to users who may see its task (404 otherwise); never from a public folder."""
    item = get_object_or_404(Evidence.objects.filter(task__in=Task.objects.visible_to(request.user)), pk=pk)
    return file_response(item)


@login_required
def task_edit(request, pk):
    """Edit the task (the deciding side). The form carries the version it was read at: saving over a newer
    version is refused with what changed in between, and the input is kept (:mod:`cchc.core.concurrency`)."""
    task = _visible_task(request, pk)
    if not can(request.user, "plans.task.edit", task):
        raise PermissionDenied
    parents = (
        Task.objects.filter(plan=task.plan).exclude(pk=task.pk).order_by("order", "pk")
        if task.plan_id
        else None
    )
    initial = {
        f: getattr(task, f)
        for f in ("number", "title", "area", "parent", "start_date", "deadline", "weight", "description")
    }
    initial["version"] = version_of(task)
    form = TaskForm(
        request.POST or None, people=None, parents=parents, with_people=False, versioned=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version") or None
        try:
            services.task_update(task=task, actor=request.user, version=version, **changes)
        except StaleEdit as exc:
            refuse_stale(form, exc)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return _after(request, task)
    return render(request, "plans/task_edit.html", {"form": form, "task": task})


@login_required
def task_assign(request, pk):
    task = _visible_task(request, pk)
    if not can(request.user, "plans.task.assign", task):
        raise PermissionDenied
    people = people_in(request.user, _people_root(task))
    initial = {
        "owner": task.owner,
        "collaborators": list(task.collaborators.all()),
        "deadline": task.deadline,
    }
    form = AssignForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_assign(task=task, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Task assigned."))
            return _after(request, task)
    return render(request, "plans/task_assign.html", {"form": form, "task": task})


@login_required
def directive_create(request):
    """A leader's directive or conclusion (ý kiến chỉ đạo, kết luận): a task of the current unit, no plan."""
    unit = current_unit(request)
    if unit is None or not can(request.user, "plans.task.create", unit):
        raise PermissionDenied
    form = TaskForm(request.POST or None, people=people_in(request.user, unit), initial={"weight": 1})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                kind=TaskKind.DIRECTIVE, unit=unit, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Directive recorded."))
            return _after(request, task)
    return render(request, "plans/directive_form.html", {"form": form, "unit": unit})
