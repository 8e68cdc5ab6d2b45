"""The indicator registry (STYLE.md): figures owned by one app, read by others without importing it.

An owning app registers a function ``(unit, year) -> Ratio`` under a stable name (e.g. ``on_time_rate`` by
the statistics side, ``plan_completion_rate`` by plans); ``scoring`` evaluates rules over
:func:`evaluate`. A zero denominator means "not applicable", never 0.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal | int
    denominator: Decimal | int
    #: where the records behind the figure can be seen (a URL), if any
    records_url: str = ""

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    compute: Callable[..., Ratio]


_REGISTRY: dict[str, Indicator] = {}


def register(name: str, label: str):
    """Register ``f(unit, year) -> Ratio``: ``@register("plan_completion_rate", _("Plan completion"))``."""

    def wrap(func):
        _REGISTRY[name] = Indicator(name, str(label), func)
        return func

    return wrap


def names() -> list[str]:
    return sorted(_REGISTRY)


def get(name: str) -> Indicator:
    return _REGISTRY[name]


def evaluate(name: str, unit, year: int) -> Ratio:
    return _REGISTRY[name].compute(unit, year)
