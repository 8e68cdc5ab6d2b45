"""The timeline verbs of procedures, for the core history page (:mod:`cchc.core.history_display`)."""

from django.utils.translation import pgettext_lazy

from cchc.procedures.templatetags.procedures import _EVENTS

#: "updated" alone is also a column heading ("ngày cập nhật"): the timeline's verb has its own context.
VERB_LABELS = {**_EVENTS, "updated": pgettext_lazy("timeline", "updated")}
