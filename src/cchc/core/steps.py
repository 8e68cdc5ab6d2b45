"""Setup and demo steps that apps register, so that ``cchc setup`` / ``cchc demo`` need not import them.

A setup step returns a short summary line; a demo step returns lines to print (e.g. logins).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    run: Callable[[], object]


_SETUP: dict[str, Step] = {}
_DEMO: dict[str, Step] = {}


def setup_step(order: int, name: str):
    def wrap(func):
        _SETUP[name] = Step(order, name, func)
        return func

    return wrap


def demo_step(order: int, name: str):
    def wrap(func):
        _DEMO[name] = Step(order, name, func)
        return func

    return wrap


def setup_steps() -> list[Step]:
    return sorted(_SETUP.values(), key=lambda s: (s.order, s.name))


def demo_steps() -> list[Step]:
    return sorted(_DEMO.values(), key=lambda s: (s.order, s.name))
