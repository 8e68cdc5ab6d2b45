"""Template helpers of the catalogue: processing time and fee in Vietnamese formats."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.templatetags.cchc import vn_number
from cchc.procedures.models import ProcessingUnit

register = template.Library()


def _plain(value) -> str:
    """``2.50`` → ``2,5``; ``3.00`` → ``3`` (no trailing zeros, Vietnamese separators)."""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    return vn_number(number, places)


@register.filter
def processing_time(version) -> str:
    if version is None or version.processing_days is None:
        return _("unknown")
    if version.processing_days == 0 and version.processing_unit == ProcessingUnit.DAYS:
        return _("within the day")
    unit = _("working hours") if version.processing_unit == ProcessingUnit.HOURS else _("working days")
    return f"{_plain(version.processing_days)} {unit}"


@register.filter
def fee(version) -> str:
    if version is None or version.fee_vnd is None:
        return _("unknown")
    if version.fee_vnd == 0:
        return _("free")
    return f"{vn_number(version.fee_vnd)} đ"


_EVENTS = {
    "added": gettext_lazy("added to the catalogue"),
    "updated": gettext_lazy("updated"),
    "version_added": gettext_lazy("new version"),
    "version_amended": gettext_lazy("version corrected"),
}


@register.filter
def event_label(verb: str) -> str:
    return str(_EVENTS.get(verb, verb))
