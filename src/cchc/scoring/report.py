"""The PAR report (par-framework.md "The PAR report"): points, maximum, percent, band and rank per unit, and
the same per area.

All arithmetic is on whole hundredths of a point (scores have at most 2 decimals), so sums are exact on every
database; the percent is ``points / max × 100`` rounded half-up to 2 decimals. Scores are read with one query;
rule leaves without an imported or entered score are computed through the indicator registry, once per unit
and indicator.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from cchc.core import indicators
from cchc.core.numbers import json_number as number
from cchc.core.numbers import percent
from cchc.scoring import rules
from cchc.scoring.models import Assessment, Criterion, Framework, Method, Score

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Leaf:
    id: int
    code: str
    area: str
    max_cents: int
    method: str
    rule: str
    optional_area: bool


@dataclass
class LeafResult:
    """How one leaf scored for one unit (for the pages: where the figure comes from)."""

    leaf: Leaf
    applicable: bool
    cents: int  # final points in hundredths (0 when not applicable)
    origin: str  # "appraised" | "self" | "rule" | "none" | "not_applicable"
    figures: dict = field(default_factory=dict)  # rule leaves: indicator -> Ratio


def leaves_of(framework: Framework) -> tuple[list[Leaf], list[Criterion]]:
    areas = list(framework.criteria.filter(parent__isnull=True).order_by("position"))
    optional = {a.code for a in areas if a.optional}
    leaves = [
        Leaf(c.id, c.code, c.area_code, int(c.max_points * 100), c.method, c.rule, c.area_code in optional)
        for c in framework.criteria.filter(max_points__isnull=False).order_by("position")
    ]
    return leaves, areas


def _score_rows(framework: Framework, assessment_ids=None):
    """``(assessment id, criterion id, applicable, final cents or None, origin)`` for every score row."""
    table = connection.ops.quote_name(Score._meta.db_table)
    assessments = connection.ops.quote_name(Assessment._meta.db_table)
    sql = (
        f"SELECT s.assessment_id, s.criterion_id, s.applicable, "
        f"CAST(ROUND(COALESCE(s.appraised_score, s.self_score) * 100) AS INTEGER), "
        f"CASE WHEN s.appraised_score IS NOT NULL THEN 1 ELSE 0 END "
        f"FROM {table} s JOIN {assessments} a ON a.id = s.assessment_id WHERE a.framework_id = %s"
    )
    params = [framework.pk]
    if assessment_ids is not None and not assessment_ids:
        return []  # ``IN ()`` is an error on PostgreSQL
    if assessment_ids is not None:
        sql += f" AND s.assessment_id IN ({', '.join(['%s'] * len(assessment_ids))})"
        params += list(assessment_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class RuleFigures:
    """Indicator values per (unit, indicator) for the framework's year, computed once."""

    def __init__(self, year: int):
        self.year = year
        self.cache: dict[tuple[int, str], indicators.Ratio | None] = {}

    def get(self, unit, name: str) -> indicators.Ratio | None:
        key = (unit.pk, name)
        if key not in self.cache:
            try:
                self.cache[key] = indicators.evaluate(name, unit, self.year)
            except KeyError:  # not registered (yet): no figure
                self.cache[key] = None
        return self.cache[key]


def score_unit(leaves: list[Leaf], rows: dict[int, tuple], unit, figures: RuleFigures) -> list[LeafResult]:
    """Every leaf's result for one unit; ``rows``: criterion id → (applicable, cents or None, appraised)."""
    areas_with_rows = {leaf.area for leaf in leaves if leaf.id in rows}
    results = []
    for leaf in leaves:
        row = rows.get(leaf.id)
        if row is not None and not row[0]:
            results.append(LeafResult(leaf, False, 0, "not_applicable"))
            continue
        if row is not None and row[1] is not None:
            results.append(LeafResult(leaf, True, row[1], "appraised" if row[2] else "self"))
            continue
        if row is None and leaf.optional_area and leaf.area not in areas_with_rows:
            results.append(LeafResult(leaf, False, 0, "not_applicable"))
            continue
        if leaf.method == Method.RULE:
            used = {name: figures.get(unit, name) for name in rules.indicators_of(leaf.rule)}
            if any(r is None or r.value is None for r in used.values()):
                results.append(LeafResult(leaf, False, 0, "not_applicable", used))
                continue
            try:
                value = rules.evaluate(
                    leaf.rule, Decimal(leaf.max_cents) / 100, {k: r.value for k, r in used.items()}
                )
            except Exception:  # noqa: BLE001 - e.g. a division by zero for this unit's figures
                value = Decimal(0)
            results.append(LeafResult(leaf, True, int(value * 100), "rule", used))
            continue
        results.append(LeafResult(leaf, True, 0, "none"))
    return results


def totals(results: list[LeafResult], areas: list[Criterion]) -> dict:
    points = sum(r.cents for r in results if r.applicable)
    maximum = sum(r.leaf.max_cents for r in results if r.applicable)
    by_area = {a.code: [0, 0] for a in areas}
    for r in results:
        if r.applicable:
            by_area[r.leaf.area][0] += r.cents
            by_area[r.leaf.area][1] += r.leaf.max_cents
    return {
        "points": Decimal(points) / 100,
        "max": Decimal(maximum) / 100,
        "percent": percent(points, maximum),
        "areas": [
            {
                "code": code,
                "points": Decimal(p) / 100,
                "max": Decimal(m) / 100,
                "percent": percent(p, m),
            }
            for code, (p, m) in by_area.items()
        ],
    }


def rank(units: list[dict]) -> list[dict]:
    """Competition ranking by percent (1, 2, 2, 4); units without a percent last, unranked."""
    ranked = sorted((u for u in units if u["percent"] is not None), key=lambda u: (-u["percent"], u["unit"]))
    previous, place = None, 0
    for index, unit in enumerate(ranked, start=1):
        if unit["percent"] != previous:
            place, previous = index, unit["percent"]
        unit["rank"] = place
    unranked = sorted((u for u in units if u["percent"] is None), key=lambda u: u["unit"])
    for unit in unranked:
        unit["rank"] = None
    return ranked + unranked


def compute(framework: Framework, *, assessments=None) -> list[dict]:
    """Each unit's figures as Decimals, ranked: ``unit``, ``name``, ``points``, ``max``, ``percent``,
    ``band``, ``rank``, ``areas``, ``assessment`` (its id) and ``status``."""
    leaves, areas = leaves_of(framework)
    if assessments is None:
        assessments = Assessment.objects.filter(framework=framework)
    assessments = list(assessments.select_related("unit"))
    by_assessment: dict[int, dict[int, tuple]] = defaultdict(dict)
    for assessment_id, criterion_id, applicable, cents, appraised in _score_rows(
        framework, None if len(assessments) > 500 else [a.pk for a in assessments]
    ):
        by_assessment[assessment_id][criterion_id] = (bool(applicable), cents, bool(appraised))
    figures = RuleFigures(framework.year)
    units = []
    for assessment in assessments:
        results = score_unit(leaves, by_assessment.get(assessment.pk, {}), assessment.unit, figures)
        summary = totals(results, areas)
        units.append(
            {
                "unit": assessment.unit.code,
                "name": assessment.unit.name,
                **summary,
                "band": framework.band_for(summary["percent"]),
                "assessment": assessment.pk,
                "status": assessment.status,
            }
        )
    return rank(units)


def as_json(framework: Framework, units: list[dict]) -> dict:
    """The contract's JSON document."""
    return {
        "framework": framework.code,
        "year": framework.year,
        "units": [
            {
                "unit": u["unit"],
                "name": u["name"],
                "points": number(u["points"]),
                "max": number(u["max"]),
                "percent": number(u["percent"]),
                "band": u["band"],
                "rank": u["rank"],
                "areas": [
                    {
                        "code": a["code"],
                        "points": number(a["points"]),
                        "max": number(a["max"]),
                        "percent": number(a["percent"]),
                    }
                    for a in u["areas"]
                ],
            }
            for u in units
        ],
    }


def par_report(framework: Framework) -> dict:
    return as_json(framework, compute(framework))


def unit_results(assessment: Assessment) -> list[LeafResult]:
    """The leaf-by-leaf results of one unit (its assessment page, the lost points)."""
    leaves, _areas = leaves_of(assessment.framework)
    rows = {
        criterion_id: (bool(applicable), cents, bool(appraised))
        for _a, criterion_id, applicable, cents, appraised in _score_rows(
            assessment.framework, [assessment.pk]
        )
    }
    return score_unit(leaves, rows, assessment.unit, RuleFigures(assessment.framework.year))
