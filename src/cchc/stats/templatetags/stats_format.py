"""Template filters of the statistics pages: percentages the Vietnamese way."""

from decimal import Decimal

from django import template

from cchc.core.templatetags.cchc import vn_number

register = template.Library()


@register.filter
def vn_percent(value, places: int = 2) -> str:
    """A percentage ``69.37`` → ``69,37%``; ``None`` → ``–``."""
    if value is None or value == "":
        return "–"
    return f"{vn_number(value, places)}%"


@register.filter
def fraction_percent(value, places: int = 2) -> str:
    """A fraction ``0.6937`` (the report's rates) → ``69,37%``; ``None`` → ``–``."""
    if value is None or value == "":
        return "–"
    return vn_percent(Decimal(str(value)) * 100, places)
