"""Sub-units side by side: the report's figures of every unit right below a unit (each with its subtree).

One aggregate query grouped by receiving unit; the receiving units' counts are then added up under the child
of the chosen unit whose subtree they belong to (a sum of a few hundred rows, not a loop over dossiers).
Dossiers received by the chosen unit itself form a row of their own.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from cchc.core.text import vn_sort_key
from cchc.org.models import Unit
from cchc.stats.report import Period, in_scope, scoped_dossiers
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
    children = {
        child.path: UnitRow(child, True)
        for child in Unit.objects.filter(parent=unit).filter(
            Q(valid_to__isnull=True) | Q(pk__in=[pk for pk, p in paths.items() if p != unit.path])
        )
    }
    own = UnitRow(unit, False)
    for unit_id, row in by_unit.items():
        child = _child_path(unit.path, paths[unit_id])
        target = own if child is None else children.get(child)
        if target is None:  # below a child that is neither current nor listed: load it
            target = children[child] = UnitRow(Unit.objects.get(path=child), True)
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
