"""Template helpers: Vietnamese number formats and history links."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def vn_number(value, places: int = 0):
    """``1234.5`` → ``1.234,5`` (Vietnamese thousands and decimal separators)."""
    if value is None or value == "":
        return ""
    quant = Decimal(1).scaleb(-int(places))
    number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    text = f"{number:,.{int(places)}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.simple_tag
def history_url(obj) -> str:
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])
