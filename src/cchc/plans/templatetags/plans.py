"""Template helpers of the plans pages."""

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

EVENT_LABELS = {
    "created": pgettext_lazy("timeline", "created"),
    "assigned": pgettext_lazy("timeline", "assigned to"),
    "unassigned": pgettext_lazy("timeline", "owner removed"),
    "edited": pgettext_lazy("timeline", "edited"),
    "deadline_changed": pgettext_lazy("timeline", "deadline changed"),
    "progress": pgettext_lazy("timeline", "progress"),
    "done": pgettext_lazy("timeline", "done"),
    "cancelled": pgettext_lazy("timeline", "cancelled"),
    "reopened": pgettext_lazy("timeline", "reopened"),
    "commented": pgettext_lazy("timeline", "comment"),
    "evidence_added": pgettext_lazy("timeline", "file uploaded"),
    "issued": pgettext_lazy("timeline", "issued"),
    "amended": pgettext_lazy("timeline", "amended"),
}


@register.filter
def event_label(verb: str) -> str:
    """The timeline verb in the reader's language (unknown verbs as they are)."""
    return EVENT_LABELS.get(verb, verb)
