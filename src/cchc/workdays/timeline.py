"""The timeline verbs of the working-day calendar (the calendar log and the core history page)."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "added": _("Entry added"),
    "removed": _("Entry removed"),
    "office_hours_set": _("Office hours set"),
    "office_hours_cleared": _("Office hours removed"),
    "year_confirmed": _("Year confirmed"),
}
