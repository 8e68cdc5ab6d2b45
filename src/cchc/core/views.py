from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

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
    return render(
        request,
        "core/history.html",
        {"object": obj, "model_name": model._meta.verbose_name, **object_history(obj)},
    )
