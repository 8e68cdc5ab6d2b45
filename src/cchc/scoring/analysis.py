"""Reading the results: where a unit lost its points, and how it compares with the year before.

Year-over-year matches the previous framework (same unit level, the latest earlier year) leaf by leaf by
criterion code, through :class:`~cchc.scoring.models.CriterionMapping` where a code changed.
"""

from dataclasses import dataclass
from decimal import Decimal

from cchc.scoring.models import Assessment, Criterion, CriterionMapping, Framework, Method, Score
from cchc.scoring.report import LeafResult, compute, unit_results


@dataclass
class LostLeaf:
    criterion: Criterion
    result: LeafResult
    score: Score | None
    lost: Decimal
    evidence_missing: bool

    @property
    def responsible(self):
        return self.score.responsible if self.score is not None else None


def lost_points(assessment: Assessment) -> list[LostLeaf]:
    """Applicable leaves that scored below their maximum, most points lost first (then in framework order).

    ``evidence_missing``: a self-assessed (manual) leaf without any evidence file.
    """
    results = unit_results(assessment)
    criteria = {c.pk: c for c in assessment.framework.criteria.filter(max_points__isnull=False)}
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(assessment=assessment)
        .select_related("responsible")
        .prefetch_related("evidence")
    }
    lost = []
    for position, result in enumerate(results):
        if not result.applicable or result.cents >= result.leaf.max_cents:
            continue
        score = scores.get(result.leaf.id)
        missing = result.leaf.method == Method.MANUAL and (score is None or not score.evidence.all())
        item = LostLeaf(
            criterion=criteria[result.leaf.id],
            result=result,
            score=score,
            lost=Decimal(result.leaf.max_cents - result.cents) / 100,
            evidence_missing=missing,
        )
        lost.append((-(result.leaf.max_cents - result.cents), position, item))
    return [item for *_key, item in sorted(lost, key=lambda t: (t[0], t[1]))]


def previous_framework(framework: Framework) -> Framework | None:
    return (
        Framework.objects.filter(unit_level=framework.unit_level, year__lt=framework.year)
        .order_by("-year", "-imported_at")
        .first()
    )


def code_map(framework: Framework, previous: Framework) -> dict[str, str]:
    """New criterion code → the code it had in ``previous`` (same code unless a mapping says otherwise)."""
    mapped = dict(
        CriterionMapping.objects.filter(new_framework=framework, old_framework=previous).values_list(
            "new_code", "old_code"
        )
    )
    old_codes = set(previous.criteria.values_list("code", flat=True))
    result = {}
    for code in framework.criteria.values_list("code", flat=True):
        old = mapped.get(code, code)
        if old in old_codes:
            result[code] = old
    return result


def year_over_year(framework: Framework, units: list[dict] | None = None) -> dict:
    """Per unit code: the previous framework's percent, band and rank, and the change in percent points;
    per area (matched by code): the previous percent. Empty when there is no previous framework."""
    previous = previous_framework(framework)
    if previous is None:
        return {}
    units = units if units is not None else compute(framework)
    before = {u["unit"]: u for u in compute(previous)}
    mapping = code_map(framework, previous)
    result = {}
    for unit in units:
        old = before.get(unit["unit"])
        if old is None:
            continue
        old_areas = {a["code"]: a for a in old["areas"]}
        delta = None
        if unit["percent"] is not None and old["percent"] is not None:
            delta = unit["percent"] - old["percent"]
        result[unit["unit"]] = {
            "framework": previous.code,
            "year": previous.year,
            "percent": old["percent"],
            "band": old["band"],
            "rank": old["rank"],
            "delta": delta,
            "areas": {
                a["code"]: old_areas[mapping[a["code"]]]["percent"]
                for a in unit["areas"]
                if a["code"] in mapping and mapping[a["code"]] in old_areas
            },
        }
    return result


def leaf_history(assessment: Assessment) -> dict[str, Decimal | None]:
    """Leaf code → last year's final points for the same unit (matched by code or mapping)."""
    previous = previous_framework(assessment.framework)
    if previous is None:
        return {}
    old = Assessment.objects.filter(framework=previous, unit=assessment.unit).first()
    if old is None:
        return {}
    by_old_code = {r.leaf.code: (Decimal(r.cents) / 100 if r.applicable else None) for r in unit_results(old)}
    return {
        new: by_old_code[old_code]
        for new, old_code in code_map(assessment.framework, previous).items()
        if old_code in by_old_code
    }
