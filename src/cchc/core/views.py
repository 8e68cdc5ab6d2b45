from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from cchc.core import notifications
from cchc.core.history_display import present_changes, present_events
from cchc.core.selectors import object_history


@login_required
def history(request, app_label, model_name, pk):
    """History page of any scoped object: 404 unless the object is visible to the user."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    manager = getattr(model, "objects", None)
    if not hasattr(manager, "visible_to"):
        raise Http404
    obj = manager.visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    history = object_history(obj)
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "model_name": model._meta.verbose_name,
            "events": present_events(history["events"], model._meta.app_label),
            "changes": present_changes(history["changes"], model),
        },
    )


@login_required
def notification_list(request):
    """The user's notifications, newest first; POST marks one (``pk``) or all as read."""
    if request.method == "POST":
        pk = request.POST.get("pk")
        notifications.mark_read(user=request.user, pk=int(pk) if pk and pk.isdigit() else None)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("core:notifications")
    return render(request, "core/notifications.html", {"items": notifications.for_user(request.user)})
