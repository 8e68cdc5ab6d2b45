"""Reads of the organisation app."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q

from cchc.org.models import Person, Position, PositionAssignment, Unit


@dataclass
class TreeNode:
    unit: Unit
    children: list["TreeNode"] = field(default_factory=list)


def unit_tree(user, *, include_history: bool = False, query: str = "") -> list[TreeNode]:
    """The units the user can see, as a forest rooted at the user's role units (one query)."""
    units = Unit.objects.visible_to(user).order_by("path")
    if not include_history:
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date.today()))
    if query:
        matched = units.filter(Q(name__icontains=query) | Q(code__iexact=query))
        return [TreeNode(u) for u in matched[:200]]
    nodes: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in units.only("id", "code", "name", "kind", "division_type", "path", "valid_to", "parent_id"):
        node = TreeNode(unit)
        parent_path = unit.path[: unit.path.rstrip("/").rfind("/") + 1]
        parent = nodes.get(parent_path)
        (parent.children if parent else roots).append(node)
        nodes[unit.path] = node
    return roots


def units_for_switcher(user) -> list[Unit]:
    """The units a user holds roles on (what the unit switcher offers)."""
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("code")[:50])
    return list(Unit.objects.filter(role_assignments__user=user).distinct().order_by("path"))


def unit_people(unit: Unit):
    return Person.objects.filter(unit=unit).select_related("user").order_by("full_name")


@dataclass
class PositionStaffing:
    position: Position
    holders: list[PositionAssignment]
    concurrent: list[PositionAssignment]

    @property
    def vacant(self) -> int:
        return max(self.position.quota - len(self.holders), 0)


def unit_staffing(unit: Unit, on: date | None = None) -> list[PositionStaffing]:
    """Positions of a unit with their holders, concurrent holders (kiêm nhiệm) and vacancies."""
    on = on or date.today()
    active = PositionAssignment.objects.filter(Q(end__isnull=True) | Q(end__gte=on)).select_related("person")
    positions = Position.objects.filter(unit=unit).prefetch_related(Prefetch("assignments", queryset=active))
    result = []
    for position in positions:
        assignments = list(position.assignments.all())
        result.append(
            PositionStaffing(
                position,
                [a for a in assignments if not a.concurrent],
                [a for a in assignments if a.concurrent],
            )
        )
    return result


def vacancy_total(units) -> int:
    """Vacant posts summed over positions of the given units (one query)."""
    today = date.today()
    rows = Position.objects.filter(unit__in=units).annotate(
        held=Count(
            "assignments",
            filter=Q(assignments__concurrent=False)
            & (Q(assignments__end__isnull=True) | Q(assignments__end__gte=today)),
        )
    )
    return sum(max(p.quota - p.held, 0) for p in rows)


SESSION_UNIT_KEY = "cchc_unit"


def current_unit(request) -> Unit | None:
    """The unit in context: the one picked in the switcher if still visible, else the user's first unit."""
    if hasattr(request, "_cchc_current_unit"):
        return request._cchc_current_unit
    user = request.user
    unit = None
    unit_id = request.session.get(SESSION_UNIT_KEY)
    if unit_id:
        unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        choices = units_for_switcher(user)
        unit = choices[0] if choices else None
    request._cchc_current_unit = unit
    return unit
