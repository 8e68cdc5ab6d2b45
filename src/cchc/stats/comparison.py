"""Sub-units side by side: the report's figures of every unit right below a unit (each with its subtree).

One aggregate query grouped by receiving unit; the receiving units' counts are then added up under the child
of the chosen unit whose subtree they belong to (a sum of a few hundred rows, not a loop over dossiers).
Dossiers received by the chosen unit itself form a row of their own. ``report_by_unit`` gives the same rows
with the contract's figures, for the per-unit form II.06a.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from cchc.core.text import vn_sort_key
from cchc.org.models import Unit
from cchc.org.wording import full_name
from cchc.stats.report import Period, counted_conditions, figures_block, in_scope, scoped_dossiers
from cchc.stats.selectors import all_conditions
from cchc.stats.series import percent

COUNT_KEYS = (
    "received",
    "new",
    "online",
    "digitized",
    "with_fee",
    "paid_online",
    "resolved",
    "timely",
    "late",
    "withdrawn",
    "pending",
    "overdue",
    "disliked",
)
SORT_KEYS = ("name", "received", "resolved", "on_time", "online", "digitized", "overdue", "satisfaction")


@dataclass
class UnitRow:
    unit: Unit
    subtree: bool  # False for the chosen unit's own row
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))

    @property
    def on_time(self):
        return percent(self.counts["timely"], self.counts["resolved"])

    @property
    def online(self):
        return percent(self.counts["online"], self.counts["new"])

    @property
    def digitized(self):
        return percent(self.counts["digitized"], self.counts["new"])

    @property
    def satisfaction(self):
        c = self.counts
        return percent(c["resolved"] - c["late"] - c["disliked"], c["resolved"])

    @property
    def received(self):
        return self.counts["received"]

    @property
    def resolved(self):
        return self.counts["resolved"]

    @property
    def overdue(self):
        return self.counts["overdue"]


def _child_path(parent_path: str, path: str) -> str | None:
    """The path of the child of ``parent_path`` that ``path`` lies under (None: the parent itself)."""
    rest = path[len(parent_path) :]
    if not rest:
        return None
    return parent_path + rest.split("/", 1)[0] + "/"


def units_below(unit: Unit, receiving_paths) -> dict[str, Unit]:
    """The units right below ``unit`` that are current or hold one of ``receiving_paths`` in their subtree
    (a former unit keeps its row for the dossiers it received), by path."""
    held = {_child_path(unit.path, path) for path in receiving_paths} - {None}
    below = Unit.objects.filter(parent=unit).filter(Q(valid_to__isnull=True) | Q(path__in=held))
    return {child.path: child for child in below}


def compare_units(
    *, unit: Unit, date_from: date, date_to: date, base=None, sort: str = "on_time", descending: bool = True
) -> list[UnitRow]:
    """One row per unit right below ``unit`` that is current or has dossiers in the period's scope."""
    period = Period.of_dates(date_from, date_to)
    conditions = all_conditions(period)
    wanted = {key: conditions[key] for key in COUNT_KEYS if key != "received"}
    grouped = (
        in_scope(scoped_dossiers(unit, True, base), period)
        .order_by()
        .values("receiving_unit_id")
        .annotate(received=Count("pk"), **{k: Count("pk", filter=c) for k, c in wanted.items()})
    )
    by_unit = {row["receiving_unit_id"]: row for row in grouped}
    paths = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "path"))
    children = {path: UnitRow(child, True) for path, child in units_below(unit, paths.values()).items()}
    own = UnitRow(unit, False)
    for unit_id, row in by_unit.items():
        child = _child_path(unit.path, paths[unit_id])
        target = own if child is None else children[child]
        for key in COUNT_KEYS:
            target.counts[key] += row[key]
    rows = list(children.values())
    if own.received:
        rows.append(own)
    return sort_rows(rows, sort, descending)


def sort_rows(rows: list[UnitRow], sort: str, descending: bool) -> list[UnitRow]:
    """Sort by a figure (rows without the figure last, whatever the direction), then by Vietnamese name."""
    if sort not in SORT_KEYS:
        sort = "on_time"
    rows = sorted(rows, key=lambda r: vn_sort_key(r.unit.name))
    if sort == "name":
        return list(reversed(rows)) if descending else rows
    present = [r for r in rows if getattr(r, sort) is not None]
    absent = [r for r in rows if getattr(r, sort) is None]
    present.sort(key=lambda r: getattr(r, sort), reverse=descending)
    return present + absent


def report_by_unit(*, unit: Unit, date_from: date, date_to: date, base=None) -> list[tuple[Unit, bool, dict]]:
    """The contract's figures per unit right below ``unit`` (each with its subtree; current units without
    dossiers get zeros), in Vietnamese name order, then ``unit``'s own dossiers when it received any:
    (unit, whole subtree?, block). The rows add up to ``dossier_report(unit=unit, subtree=True)``."""
    period = Period.of_dates(date_from, date_to)
    conditions = counted_conditions(period)
    grouped = (
        in_scope(scoped_dossiers(unit, True, base), period)
        .order_by()
        .values("receiving_unit_id")
        .annotate(**{name: Count("receiving_unit", filter=c) for name, c in conditions.items()})
    )
    by_unit = {row.pop("receiving_unit_id"): row for row in grouped}
    paths = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "path"))
    children = units_below(unit, paths.values())
    sums = {path: dict.fromkeys(conditions, 0) for path in [*children, unit.path]}
    for unit_id, row in by_unit.items():
        target = sums[_child_path(unit.path, paths[unit_id]) or unit.path]
        for key in conditions:
            target[key] += row[key]
    ordered = sorted(children.values(), key=lambda child: vn_sort_key(full_name(child)))
    rows = [(child, True, figures_block(sums[child.path])) for child in ordered]
    if any(sums[unit.path].values()):
        rows.append((unit, False, figures_block(sums[unit.path])))
    return rows
