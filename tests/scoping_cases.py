"""The cross-unit cases: one entry per scoped model. Every model whose manager has ``visible_to`` must be
listed here (``test_every_scoped_model_is_covered`` enforces it); the generic suite in
``tests/core/test_cross_unit.py`` then proves that a user of unit A cannot see, list, export or change
unit B's objects.

Each case gives:
- ``build(unit)``: create an object that belongs to ``unit``;
- ``detail_urls(obj)``: pages of the object (each must be 404 for another unit's user);
- ``list_urls(unit)``: list/export pages run by the user of A (another unit's object must be absent);
- ``marker(obj)``: the text that would show the object in a list.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from tests.factories import (
    PersonFactory,
    PositionAssignmentFactory,
    PositionFactory,
    RoleAssignmentFactory,
    UnitFactory,
)


@dataclass
class ScopeCase:
    build: Callable[[Any], Any]
    detail_urls: Callable[[Any], list[str]] = lambda obj: []
    list_urls: Callable[[Any], list[str]] = lambda unit: []
    marker: Callable[[Any], str] = str
    extra: dict = field(default_factory=dict)


def _history(obj) -> str:
    return reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


CASES: dict[str, ScopeCase] = {
    "org.unit": ScopeCase(
        build=lambda unit: UnitFactory(parent=unit, name=f"Phòng bí mật {unit.code}"),
        detail_urls=lambda obj: [reverse("org:unit-detail", args=[obj.code]), _history(obj)],
        list_urls=lambda unit: [reverse("org:unit-list"), reverse("org:unit-list") + "?history=1&q=bí mật"],
        marker=lambda obj: obj.name,
    ),
    "org.person": ScopeCase(
        build=lambda unit: PersonFactory(unit=unit, full_name=f"Người Phạm Vi {unit.code}"),
        detail_urls=lambda obj: [
            reverse("org:person-detail", args=[obj.pk]),
            reverse("org:person-edit", args=[obj.pk]),
            _history(obj),
        ],
        list_urls=lambda unit: [reverse("org:unit-detail", args=[unit.code]), reverse("home")],
        marker=lambda obj: obj.full_name,
    ),
    "org.position": ScopeCase(
        build=lambda unit: PositionFactory(unit=unit, title=f"Chức danh {unit.code}"),
        detail_urls=lambda obj: [_history(obj)],
        list_urls=lambda unit: [reverse("org:unit-detail", args=[unit.code])],
        marker=lambda obj: obj.title,
    ),
    "org.positionassignment": ScopeCase(
        build=lambda unit: PositionAssignmentFactory(
            position=PositionFactory(unit=unit, title=f"Vị trí kiêm nhiệm {unit.code}"),
            person=PersonFactory(unit=unit, full_name=f"Người Kiêm Nhiệm {unit.code}"),
            concurrent=True,
        ),
        detail_urls=lambda obj: [_history(obj)],
        list_urls=lambda unit: [reverse("org:unit-detail", args=[unit.code])],
        marker=lambda obj: obj.person.full_name,
    ),
    "org.roleassignment": ScopeCase(
        build=lambda unit: RoleAssignmentFactory(unit=unit),
        detail_urls=lambda obj: [_history(obj)],
        marker=lambda obj: obj.user.username,
    ),
}
