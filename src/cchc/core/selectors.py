"""Reads of the audit records."""

from django.contrib.contenttypes.models import ContentType

from cchc.core.models import ChangeLog, Event


def object_history(obj) -> dict:
    """The change log and the event timeline of one object, newest change first, events in order."""
    ct = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
    key = {"content_type": ct, "object_id": str(obj.pk)}
    return {
        "changes": ChangeLog.objects.filter(**key).select_related("actor").order_by("-at", "-id"),
        "events": Event.objects.filter(**key).select_related("actor").order_by("at", "id"),
    }
