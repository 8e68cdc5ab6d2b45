"""Template helpers of the scoring pages: Vietnamese points and percentages, labels of origins and events."""

from decimal import Decimal

from django import template
from django.utils.translation import pgettext_lazy

from cchc.core.templatetags.cchc import vn_number
from cchc.scoring.text import points_text

register = template.Library()

ORIGIN_LABELS = {
    "entered": pgettext_lazy("origin", "entered"),
    "imported": pgettext_lazy("origin", "imported"),
    "rule": pgettext_lazy("origin", "rule"),
    "none": pgettext_lazy("origin", "no score"),
    "not_applicable": pgettext_lazy("origin", "not applicable"),
}

EVENT_LABELS = {
    "started": pgettext_lazy("timeline", "started"),
    "scores_imported": pgettext_lazy("timeline", "scores imported"),
    "evidence_added": pgettext_lazy("timeline", "file uploaded"),
    "submitted": pgettext_lazy("timeline", "submitted for appraisal"),
    "returned": pgettext_lazy("timeline", "returned to the unit"),
    "accepted": pgettext_lazy("timeline", "accepted"),
    "adjusted": pgettext_lazy("timeline", "adjusted"),
    "appraised": pgettext_lazy("timeline", "appraisal closed"),
    "explained": pgettext_lazy("timeline", "explained"),
    "finalised": pgettext_lazy("timeline", "final"),
    "recovery_task": pgettext_lazy("timeline", "recovery task"),
    "evidence_rule": pgettext_lazy("timeline", "evidence rule changed"),
}


@register.filter
def slugcode(code: str) -> str:
    """The HTML id fragment of a criterion code (``1.2.3`` → ``1-2-3``), as the assessment rows use."""
    from cchc.scoring.selectors import slug

    return slug(code)


@register.filter
def points(value) -> str:
    """``8,5`` / ``10`` / ``—``."""
    if value is None or value == "":
        return "—"
    return points_text(Decimal(str(value)))


@register.filter
def pct(value) -> str:
    """``69,37%`` / ``—``."""
    if value is None or value == "":
        return "—"
    return f"{vn_number(value, 2)}%"


@register.filter
def delta(value) -> str:
    """A change in percentage points with its sign: ``+2,15`` / ``−0,40`` / ``0,00``."""
    if value is None or value == "":
        return "—"
    value = Decimal(str(value))
    text = vn_number(abs(value), 2)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


@register.filter
def origin_label(origin: str) -> str:
    return ORIGIN_LABELS.get(origin, origin)


@register.filter
def scoring_event(verb: str) -> str:
    return EVENT_LABELS.get(verb, verb)


@register.filter
def get(mapping, key):
    """``mapping|get:key`` (dicts only; ``None`` when absent)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
