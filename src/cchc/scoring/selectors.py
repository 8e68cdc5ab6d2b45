"""Reads of the scoring pages: the framework list and tree, the ranking, a unit's assessment, its lost points.

Every unit-owned row goes through ``visible_to(user)``; frameworks are shared reference data. The figures come
from :mod:`cchc.scoring.report` and :mod:`cchc.scoring.analysis` (the same as ``cchc report par``), so a page,
its XLSX/DOCX and the command never disagree.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, Sum

from cchc.core import indicators
from cchc.core.concurrency import version_of
from cchc.core.models import ChangeLog
from cchc.core.permissions import can
from cchc.core.selectors import object_history
from cchc.org.models import Person, Unit
from cchc.scoring import analysis, report
from cchc.scoring.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Framework,
    Method,
    Review,
    Score,
    ScoreEvidence,
    ScoreSource,
)

HUNDRED = Decimal(100)


def cents(value: int) -> Decimal:
    return Decimal(value) / 100


def slug(code: str) -> str:
    """An HTML id fragment for a criterion code (``1.2.3`` → ``1-2-3``)."""
    return "".join(ch if ch.isalnum() else "-" for ch in code)


# --- frameworks --------------------------------------------------------------------------------------------


def framework_rows(user):
    """Every framework with its number of leaves, total points and the assessments the user can see."""
    frameworks = Framework.objects.annotate(
        leaf_count=Count("criteria", filter=Q(criteria__max_points__isnull=False)),
        points=Sum("criteria__max_points"),
    ).order_by("-year", "unit_level", "code")
    seen = dict(
        Assessment.objects.visible_to(user)
        .values("framework")
        .annotate(n=Count("pk"))
        .values_list("framework", "n")
    )
    rows = list(frameworks)
    for framework in rows:
        framework.visible_assessments = seen.get(framework.pk, 0)
    return rows


@dataclass
class TreeRow:
    node: Criterion
    max: Decimal
    leaves: int

    @property
    def is_leaf(self) -> bool:
        return self.node.max_points is not None


def framework_tree(framework: Framework) -> list[TreeRow]:
    """The criteria in file order, each node with the sum of its leaves (one query)."""
    nodes = list(framework.criteria.order_by("position"))
    by_id = {n.pk: n for n in nodes}
    totals: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    for node in nodes:
        if node.max_points is None:
            continue
        current = node
        while current is not None:
            totals[current.pk][0] += node.max_points
            totals[current.pk][1] += 1
            current = by_id.get(current.parent_id)
    return [TreeRow(n, totals[n.pk][0], totals[n.pk][1]) for n in nodes]


def areas_of(framework: Framework) -> list[Criterion]:
    return list(framework.criteria.filter(parent__isnull=True).order_by("position"))


# --- ranking -----------------------------------------------------------------------------------------------


@dataclass
class RankRow:
    unit: dict
    status_label: str
    previous: dict | None


@dataclass
class Ranking:
    framework: Framework
    areas: list[Criterion]
    rows: list[RankRow]
    units: list[dict]  # the visible units, as report.compute gives them (for the downloads)
    total: int  # units ranked in the whole framework
    previous: Framework | None


def ranking(framework: Framework, user) -> Ranking:
    """The framework-wide ranking, restricted to the assessments the user can see (ranks stay framework-wide),
    with last year's percent, band and rank per unit."""
    units = report.compute(framework)
    visible = set(
        Assessment.objects.visible_to(user).filter(framework=framework).values_list("pk", flat=True)
    )
    mine = [u for u in units if u["assessment"] in visible]
    previous = analysis.previous_framework(framework)
    yoy = analysis.year_over_year(framework, units) if previous is not None and mine else {}
    labels = dict(AssessmentStatus.choices)
    rows = [RankRow(u, str(labels.get(u["status"], u["status"])), yoy.get(u["unit"])) for u in mine]
    return Ranking(framework, areas_of(framework), rows, mine, len(units), previous)


def startable_units(framework: Framework, user):
    """Units of the framework's level the user may enter scores for and that have no assessment yet."""
    taken = Assessment.objects.filter(framework=framework).values("unit_id")
    units = (
        Unit.objects.visible_to(user)
        .filter(kind=framework.unit_level, valid_to__isnull=True)
        .exclude(pk__in=taken)
        .order_by("name")
    )
    return [u for u in units[:500] if can(user, "scoring.assessment.start", u)]


# --- one unit's assessment ---------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    label: str
    ratio: indicators.Ratio | None

    @property
    def percent(self) -> Decimal | None:
        if self.ratio is None or self.ratio.value is None:
            return None
        return self.ratio.value * HUNDRED


@dataclass
class Row:
    """One line of the assessment tree: an area/criterion with its subtotal, or a leaf with its figures."""

    node: Criterion
    slug: str
    points: Decimal | None  # final points (leaf) or the sum over applicable leaves (node)
    max: Decimal  # leaf max, or the sum of the applicable leaves' max
    result: report.LeafResult | None = None
    score: Score | None = None
    origin: str = ""
    last_year: Decimal | None = None
    has_last_year: bool = False
    figures: list[Figure] = field(default_factory=list)
    evidence: list[ScoreEvidence] = field(default_factory=list)
    tasks: list = field(default_factory=list)
    # forms shown for this leaf, their values and errors (after a refused POST)
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    open: bool = False
    form: str = ""
    version: str = "0"  # the score's version (cchc.core.concurrency) the self-assessment form is read at
    changes: list = field(default_factory=list)  # what changed since the user's form (a refused save)

    @property
    def is_leaf(self) -> bool:
        return self.node.max_points is not None

    @property
    def applicable(self) -> bool:
        return self.result.applicable if self.result is not None else self.max > 0

    @property
    def adjusted(self) -> bool:
        s = self.score
        return s is not None and s.appraised_score is not None and s.appraised_score != s.self_score

    @property
    def lost(self) -> Decimal:
        return self.max - (self.points or 0) if self.applicable else Decimal(0)


@dataclass
class AssessmentView:
    assessment: Assessment
    rows: list[Row]
    summary: dict
    band: str | None
    areas: list[dict]
    people: list[Person]
    events: list
    previous: Framework | None
    adjusted: int = 0
    evidence_count: int = 0

    @property
    def leaves(self) -> list[Row]:
        return [r for r in self.rows if r.is_leaf]


def origin_of(result: report.LeafResult, score: Score | None) -> str:
    if result.origin in ("appraised", "self"):
        return "imported" if score is not None and score.source == ScoreSource.IMPORT else "entered"
    return result.origin


def people_of(user, unit: Unit):
    """Active people of the unit's subtree that the user can see (responsible official, task owner)."""
    return (
        Person.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, active=True)
        .select_related("unit")
        .order_by("full_name", "pk")
    )


def recovery_tasks(user, score_ids) -> dict[int, list]:
    """Remediation tasks created from scores (``Task.source``), by score id, visible to the user."""
    from cchc.plans.models import Task

    if not score_ids:
        return {}
    ct = ContentType.objects.get_for_model(Score)
    found: dict[int, list] = defaultdict(list)
    tasks = (
        Task.objects.visible_to(user)
        .filter(source_type=ct, source_id__in=[str(i) for i in score_ids])
        .order_by("pk")
    )
    for task in tasks:
        found[int(task.source_id)].append(task)
    return found


def assessment_view(assessment: Assessment, user) -> AssessmentView:
    framework = assessment.framework
    results = {r.leaf.id: r for r in report.unit_results(assessment)}
    nodes = list(framework.criteria.order_by("position"))
    by_id = {n.pk: n for n in nodes}
    scores = {
        s.criterion_id: s
        for s in Score.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("responsible")
        .prefetch_related("evidence")
    }
    history = analysis.leaf_history(assessment)
    labels = {name: indicators.get(name).label for name in indicators.names()}
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for leaf_id, result in results.items():
        if not result.applicable:
            continue
        current = by_id[leaf_id]
        while current is not None:
            sums[current.pk][0] += result.cents
            sums[current.pk][1] += result.leaf.max_cents
            current = by_id.get(current.parent_id)
    rows = []
    for node in nodes:
        if node.max_points is None:
            points, maximum = sums[node.pk]
            rows.append(Row(node, slug(node.code), cents(points), cents(maximum)))
            continue
        result = results[node.pk]
        score = scores.get(node.pk)
        rows.append(
            Row(
                node,
                slug(node.code),
                cents(result.cents) if result.applicable else None,
                node.max_points,
                result=result,
                score=score,
                origin=origin_of(result, score),
                last_year=history.get(node.code),
                has_last_year=node.code in history,
                figures=[Figure(n, labels.get(n, n), r) for n, r in result.figures.items()],
                evidence=list(score.evidence.all()) if score is not None else [],
            )
        )
    areas = areas_of(framework)
    summary = report.totals(list(results.values()), areas)
    names = {a.code: a.name for a in areas}
    area_rows = [{**a, "name": names[a["code"]]} for a in summary["areas"]]
    view = AssessmentView(
        assessment=assessment,
        rows=rows,
        summary=summary,
        band=framework.band_for(summary["percent"]),
        areas=area_rows,
        people=list(people_of(user, assessment.unit)),
        events=list(object_history(assessment)["events"]),
        previous=analysis.previous_framework(framework),
    )
    view.adjusted = sum(1 for r in view.leaves if r.adjusted)
    view.evidence_count = sum(len(r.evidence) for r in view.leaves)
    versions = entry_versions([r.score.pk for r in view.leaves if r.score is not None])
    for row in view.leaves:
        row.values = stored_values(row.score)
        row.version = versions.get(row.score.pk, "0") if row.score is not None else "0"
    return view


def entry_versions(score_ids) -> dict[int, str]:
    """:func:`cchc.core.concurrency.version_of` for many scores in one query (the latest change-log id)."""
    if not score_ids:
        return {}
    rows = (
        ChangeLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Score, for_concrete_model=False),
            object_id__in=[str(i) for i in score_ids],
        )
        .values("object_id")
        .annotate(latest=Max("id"))
    )
    return {int(r["object_id"]): str(r["latest"]) for r in rows}


def entry_version(score: Score | None) -> str:
    return "0" if score is None else version_of(score)


def evidence_rule_changes(framework: Framework) -> list[dict]:
    """The framework's evidence setting over time, from its change log (newest first): when, who, value."""
    rows = object_history(framework)["changes"]
    return [
        {"at": row.at, "who": row.actor_label, "mandatory": row.after["evidence_mandatory"]}
        for row in rows
        if row.before is not None
        and row.after is not None
        and row.before.get("evidence_mandatory") != row.after.get("evidence_mandatory")
    ]


# --- what a step leaves open -------------------------------------------------------------------------------


def leaves_without_evidence(assessment: Assessment) -> list[Criterion]:
    """Leaves the unit scored itself (manual method, arising, a self score) without any evidence file: what
    submitting lists for confirmation, and refuses when the framework makes evidence mandatory."""
    return [
        s.criterion
        for s in Score.objects.filter(
            assessment=assessment,
            criterion__method=Method.MANUAL,
            applicable=True,
            self_score__isnull=False,
            evidence__isnull=True,
        )
        .select_related("criterion")
        .order_by("criterion__position")
    ]


def unreviewed_leaves(assessment: Assessment) -> list[tuple[Criterion, Score | None]]:
    """Leaves the council has not decided on (neither accepted nor adjusted), with their score if any: what
    closing the appraisal lists for confirmation. Leaves of an optional area the unit left out entirely are
    not part of its assessment and are not listed."""
    leaves = list(assessment.framework.criteria.filter(max_points__isnull=False).order_by("position"))
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    areas = assessment.framework.criteria.filter(parent__isnull=True, optional=True)
    optional = set(areas.values_list("code", flat=True))
    scored_areas = {leaf.area_code for leaf in leaves if leaf.pk in scores}
    return [
        (leaf, scores.get(leaf.pk))
        for leaf in leaves
        if (leaf.pk in scores or leaf.area_code not in optional or leaf.area_code in scored_areas)
        and (leaf.pk not in scores or scores[leaf.pk].review == Review.NONE)
    ]


@dataclass
class FinaliseChoice:
    """The units a council member may finalise under one decision: ready (appraisal closed) or not yet."""

    ready: list[Assessment]
    waiting: list[Assessment]
    final: list[Assessment]


def finalise_choice(framework: Framework, user) -> FinaliseChoice:
    """The assessments of ``framework`` whose units ``user`` judges, by where they stand."""
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(framework=framework)
        .select_related("unit")
        .order_by("unit__code")
    )
    mine = [a for a in assessments if can(user, "scoring.assessment.finalise", a.unit)]
    return FinaliseChoice(
        [a for a in mine if a.status == AssessmentStatus.APPRAISED],
        [a for a in mine if a.status in (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED)],
        [a for a in mine if a.status == AssessmentStatus.FINAL],
    )


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f").replace(".", ",")


def stored_values(score: Score | None) -> dict:
    """What the forms of a leaf show: the stored entry (replaced by the posted values after a refusal)."""
    if score is None:
        return {"self_score": "", "not_applicable": False, "explanation": "", "responsible": None}
    return {
        "self_score": _text(score.self_score),
        "not_applicable": not score.applicable,
        "explanation": score.explanation,
        "responsible": score.responsible_id,
        "appraised_score": _text(score.appraised_score),
        "reason": score.appraisal_note,
        "text": score.unit_response,
    }


# --- lost points -------------------------------------------------------------------------------------------


@dataclass
class LostRow:
    item: analysis.LostLeaf
    slug: str
    tasks: list

    @property
    def final(self) -> Decimal:
        return cents(self.item.result.cents)


def lost_points(assessment: Assessment, user) -> list[LostRow]:
    items = analysis.lost_points(assessment)
    tasks = recovery_tasks(user, [i.score.pk for i in items if i.score is not None])
    return [
        LostRow(item, slug(item.criterion.code), tasks.get(item.score.pk, []) if item.score else [])
        for item in items
    ]
