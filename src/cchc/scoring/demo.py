"""Demo data of the PAR index: every commune of the demo province 68 scored under the sample commune framework
for two years (MAU-XA-2024, a demo copy of MAU-XA-2025 in which one criterion had another code, and
MAU-XA-2025), deterministic (fixed seed) and fast (bulk writes, change-logged in bulk).

What is generated (figures are illustrative, not real results):

- a quality level per commune, drifting a little from 2024 to 2025, gives a realistic spread of indices (about
  55% to 97%); leaves score full, partial (quarter points) or nothing around it;
- some leaves do not arise ("không phát sinh": no legal document issued, no public investment capital, no
  feedback received), and about a third of the communes were not surveyed (survey leaves not applicable);
- the communes with demo dossiers leave their dossier-based rule leaves (on-time, apology, online, online
  payment, digitisation) to the rules in 2025; the other rule leaves carry imported figures;
- 2024: every assessment final. 2025: most final with council adjustments (with reasons) and the units'
  explanations, a few submitted or awaiting the explanation, and Phường Phan Thiết (22945) returned to draft
  with two criteria still to score (the browser test self-assesses them).

Loaded once: nothing happens when MAU-XA-2025 has assessments already.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import yaml
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.core.audit import acting_as
from cchc.core.models import Event
from cchc.core.permissions import system_actor
from cchc.org.demo import OTHER_WARD, PROVINCE, WARD
from cchc.org.models import Person, Unit, UnitKind
from cchc.scoring import services
from cchc.scoring.frameworks import export_framework, import_framework
from cchc.scoring.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionMapping,
    Framework,
    Method,
    Review,
    Score,
    ScoreSource,
)

SEED = 20260320
CURRENT = "MAU-XA-2025"
PREVIOUS = "MAU-XA-2024"
#: the criterion whose code changed: in 2024 the apology leaf sat under 3.1 as 3.1.3, in 2025 it is 3.3.2
MOVED = ("3.1.3", "3.3.2")
#: the communes with demo dossiers (cchc.dossiers.demo): their dossier-based rule leaves are computed
RULE_UNITS = frozenset({"22945", "22933", "22918", "22960", "23089"})
DOSSIER_INDICATORS = (
    "on_time_rate",
    "apology_compliance_rate",
    "online_rate",
    "paid_online_rate",
    "digitized_rate",
)
#: the two criteria the demo ward has not scored yet (left for the browser test)
WARD_TODO = ("1.2.1", "1.4.1")
#: leaf code → probability that it does not arise for a commune
NOT_ARISING = {"2.1.1": 0.12, "2.1.2": 0.3, "3.3.3": 0.15, "6.3.1": 0.25}
NOT_SURVEYED = 0.33

#: per year: cycle dates (started, submitted, appraised, final) and the number of the decision announcing the
#: results (illustrative), dated on the final day
CYCLES = {
    2024: (
        (2024, 12, 9),
        (2025, 1, 10),
        (2025, 2, 21),
        (2025, 3, 14),
        "512/QĐ-UBND",
    ),
    2025: (
        (2025, 12, 8),
        (2026, 1, 12),
        (2026, 2, 25),
        (2026, 3, 20),
        "689/QĐ-UBND",
    ),
}

REASONS = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ nội dung tiêu chí.",
    "Văn bản ban hành chậm so với thời hạn quy định.",
    "Không có tài liệu kiểm chứng kèm theo.",
    "Báo cáo gửi chậm, thiếu số liệu theo đề cương hướng dẫn.",
    "Kết quả thực hiện chưa đạt chỉ tiêu kế hoạch đề ra.",
    "Tài liệu kiểm chứng không đúng năm đánh giá.",
]
RESPONSES = [
    "Đơn vị đã bổ sung văn bản, đề nghị Hội đồng xem xét lại.",
    "Đơn vị tiếp thu, sẽ khắc phục trong năm tiếp theo.",
    "Văn bản ban hành chậm do sắp xếp đơn vị hành chính; đơn vị tiếp thu.",
    "Đơn vị thống nhất với kết quả thẩm định.",
]

#: the demo ward's people (cchc.org.demo) responsible per area
WARD_PEOPLE = {
    "1": "Lê Minh Tuấn",
    "2": "Huỳnh Văn Phúc",
    "3": "Phạm Thị Lan",
    "4": "Nguyễn Thị Thu Hà",
    "5": "Trương Thị Hồng",
    "6": "Lê Minh Tuấn",
    "7": "Ngô Quốc Bảo",
    "8": "Phạm Thị Lan",
}
OTHER_PEOPLE = {"1": "Võ Văn Bình", "5": "Đặng Thị Mai", "8": "Đặng Thị Mai"}

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
WARD_EVIDENCE = [
    ("1.1.1", "ke-hoach-cchc-2025.pdf"),
    ("3.1.1", "anh-niem-yet-tthc.pdf"),
    ("5.2.1", "quyet-dinh-xep-loai-cong-chuc-2025.pdf"),
]


def _moment(day: tuple[int, int, int], hour: int = 9, shift: int = 0) -> datetime:
    """A plausible instant, never in the future (the demo may be loaded on any day)."""
    moment = timezone.make_aware(datetime.combine(datetime(*day).date() + timedelta(days=shift), time(hour)))
    return min(moment, timezone.now())


def _quarter(value: float, maximum: Decimal) -> Decimal:
    """Round to a quarter point (at most 2 decimals), within [0, maximum]."""
    number = Decimal(round(value * 4)) / 4
    return min(max(number, Decimal(0)), maximum)


def _hundredth(value: float, maximum: Decimal) -> Decimal:
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(max(number, Decimal(0)), maximum)


def previous_version(current: Framework) -> Framework:
    """MAU-XA-2024: the 2025 sample exported, renamed for 2024, with the apology leaf under 3.1 (one code
    changed, recorded as a :class:`CriterionMapping`)."""
    existing = Framework.objects.filter(code=PREVIOUS).first()
    if existing is not None:
        return existing
    data = yaml.safe_load(export_framework(current))
    data.update(
        code=PREVIOUS,
        year=2024,
        name="Bộ tiêu chí mẫu xác định Chỉ số CCHC của UBND cấp xã năm 2024 (bản mẫu, dữ liệu minh họa)",
    )
    area = next(a for a in data["criteria"] if a["code"] == "3")
    publicity = next(c for c in area["children"] if c["code"] == "3.1")
    results = next(c for c in area["children"] if c["code"] == "3.3")
    moved = next(leaf for leaf in results["children"] if leaf["code"] == MOVED[1])
    results["children"].remove(moved)
    publicity["children"].append({**moved, "code": MOVED[0]})
    header = (
        "# MAU-XA-2024 — bản sao minh họa của MAU-XA-2025 cho năm 2024, do `cchc demo` tạo\n"
        "# để so sánh hai năm. Khác biệt duy nhất: tiêu chí xin lỗi khi trễ hạn năm 2024 là 3.1.3\n"
        "# (thuộc 3.1), năm 2025 là 3.3.2.\n"
        "# Điểm năm 2024 của các xã, phường là dữ liệu minh họa, chấm trên danh sách đơn vị hiện nay.\n#\n"
    )
    note = "".join(f"# {line}\n".replace("# \n", "#\n") for line in current.source_note.splitlines())
    framework, _replaced = import_framework(
        header + note + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110),
        actor=system_actor("demo"),
    )
    CriterionMapping.objects.create(
        old_framework=framework, old_code=MOVED[0], new_framework=current, new_code=MOVED[1]
    )
    return framework


def _communes() -> list[Unit]:
    return list(
        Unit.objects.filter(
            parent__code=PROVINCE, kind=UnitKind.COMMUNE, official=True, valid_to__isnull=True
        ).order_by("code")
    )


def _statuses(communes: list[Unit], rng: random.Random) -> dict[str, str]:
    """2025: a few submitted, a few awaiting the explanation, the demo ward in draft, the rest final."""
    others = [u.code for u in communes if u.code != WARD]
    rng.shuffle(others)
    status = dict.fromkeys(others, AssessmentStatus.FINAL)
    for code in others[:8]:
        status[code] = AssessmentStatus.SUBMITTED
    for code in others[8:12]:
        status[code] = AssessmentStatus.APPRAISED
    status[WARD] = AssessmentStatus.DRAFT
    return status


class _Year:
    """The rows of one framework year: assessments, scores and timeline events, written in bulk."""

    def __init__(self, framework: Framework, people: dict[str, Person]):
        self.framework = framework
        self.year = framework.year
        self.leaves = list(framework.criteria.filter(max_points__isnull=False).order_by("position"))
        self.people = people
        self.assessments: list[Assessment] = []
        self.scores: dict[str, list[Score]] = {}
        self.events: list[tuple[str, str, str, datetime, str]] = []  # unit, verb, message, at, actor

    def assess(self, unit: Unit, status: str, quality: float, rng: random.Random) -> None:
        started, submitted, appraised, final, decision = CYCLES[self.year]
        shift = rng.randint(0, 12)
        officer = {WARD: "cchc.phanthiet", OTHER_WARD: "cchc.hamthang"}.get(unit.code, f"cchc.{unit.code}")
        assessment = Assessment(framework=self.framework, unit=unit, status=status)
        self.events.append((unit.code, "started", "Bắt đầu tự đánh giá", _moment(started, 8), officer))
        if status != AssessmentStatus.DRAFT or unit.code == WARD:
            at = _moment(submitted, 10, shift)
            if status != AssessmentStatus.DRAFT:
                assessment.submitted_at, assessment.submitted_by = at, officer
            self.events.append((unit.code, "submitted", "Gửi kết quả tự đánh giá để thẩm định", at, officer))
        if unit.code == WARD and status == AssessmentStatus.DRAFT:
            self.events.append(
                (
                    unit.code,
                    "returned",
                    "Đề nghị bổ sung điểm và tài liệu kiểm chứng tiêu chí 1.2.1, 1.4.1.",
                    _moment(submitted, 15, shift + 20),
                    "noivu",
                )
            )
        if status in (AssessmentStatus.APPRAISED, AssessmentStatus.FINAL):
            assessment.appraised_at, assessment.appraised_by = (
                _moment(appraised, 16, rng.randint(0, 5)),
                "noivu",
            )
            self.events.append(
                (unit.code, "appraised", "Kết thúc thẩm định", assessment.appraised_at, "noivu")
            )
        if status == AssessmentStatus.FINAL:
            assessment.finalised_at, assessment.finalised_by = _moment(final, 14), "noivu"
            assessment.decision, assessment.decision_date = decision, date(*final)
            self.events.append(
                (unit.code, "finalised", assessment.decision_text, assessment.finalised_at, "noivu")
            )
        self.assessments.append(assessment)
        self.scores[unit.code] = self._scores(unit, status, quality, rng, officer)

    def _responsible(self, unit: Unit, area: str) -> Person | None:
        names = WARD_PEOPLE if unit.code == WARD else OTHER_PEOPLE if unit.code == OTHER_WARD else {}
        return self.people.get(names.get(area, ""))

    def _scores(
        self, unit: Unit, status: str, quality: float, rng: random.Random, officer: str
    ) -> list[Score]:
        surveyed = rng.random() >= NOT_SURVEYED
        satisfaction = rng.uniform(0.72, 0.96)
        computed = self.year == 2025 and unit.code in RULE_UNITS
        appraising = status in (AssessmentStatus.APPRAISED, AssessmentStatus.FINAL)
        adjustable = []
        rows = []
        for leaf in self.leaves:
            maximum = leaf.max_points
            score = Score(criterion=leaf, responsible=self._responsible(unit, leaf.area_code))
            if unit.code == WARD and self.year == 2025 and leaf.code in WARD_TODO:
                continue
            if leaf.method == Method.RULE:
                if computed and any(name in leaf.rule for name in DOSSIER_INDICATORS):
                    continue  # left to the rule: computed from the demo dossiers
                score.source = ScoreSource.IMPORT
                score.self_score = (
                    maximum
                    if rng.random() < quality
                    else _hundredth(float(maximum) * rng.uniform(0.6, 0.97), maximum)
                )
            elif leaf.method == Method.SURVEY:
                score.source = ScoreSource.IMPORT
                if surveyed:
                    value = float(maximum) * min(1.0, satisfaction + rng.uniform(-0.08, 0.06))
                    score.self_score = _hundredth(value, maximum)
                else:
                    score.applicable = False
            elif rng.random() < NOT_ARISING.get(leaf.code, 0):
                score.applicable = False
                score.explanation = "Trong năm không phát sinh nội dung này."
            else:
                draw = rng.random()
                if draw < quality:
                    score.self_score = maximum
                elif draw < quality + (1 - quality) * 0.7:
                    score.self_score = _quarter(float(maximum) * rng.uniform(0.3, 0.8), maximum)
                else:
                    score.self_score = Decimal(0)
                score.explanation = (
                    "Đã thực hiện đầy đủ, có tài liệu kiểm chứng kèm theo."
                    if score.self_score == maximum
                    else "Thực hiện chưa đầy đủ theo yêu cầu của tiêu chí."
                    if score.self_score
                    else "Chưa thực hiện trong năm."
                )
                if score.self_score and appraising:
                    adjustable.append(score)
            if appraising:
                score.review = Review.ACCEPTED
            rows.append(score)
        if appraising and adjustable:
            for score in rng.sample(adjustable, min(len(adjustable), rng.randint(1, 4))):
                cut = _quarter(float(score.self_score) * rng.uniform(0.3, 1.0), score.self_score)
                score.appraised_score = score.self_score - max(cut, Decimal("0.25"))
                if score.appraised_score < 0:
                    score.appraised_score = Decimal(0)
                score.appraisal_note = rng.choice(REASONS)
                score.review = Review.ADJUSTED
                note = (
                    f"{score.criterion.code}: {_text(score.self_score)} → {_text(score.appraised_score)} "
                    f"({score.appraisal_note})"
                )
                self.events.append(
                    (
                        unit.code,
                        "adjusted",
                        note,
                        _moment(CYCLES[self.year][2], 10, rng.randint(0, 5)),
                        "noivu",
                    )
                )
                if status == AssessmentStatus.FINAL or rng.random() < 0.5:
                    score.unit_response = rng.choice(RESPONSES)
                    self.events.append(
                        (
                            unit.code,
                            "explained",
                            f"{score.criterion.code}: {score.unit_response}",
                            _moment(CYCLES[self.year][2], 15, 10),
                            officer,
                        )
                    )
        return rows

    def save(self) -> None:
        Assessment.objects.bulk_create(self.assessments, batch_size=500)
        by_code = {a.unit.code: a for a in self.assessments}
        scores = []
        for code, rows in self.scores.items():
            for score in rows:
                score.assessment = by_code[code]
                scores.append(score)
        Score.objects.bulk_create(scores, batch_size=1000)
        ct = ContentType.objects.get_for_model(Assessment)
        Event.objects.bulk_create(
            [
                Event(
                    content_type=ct,
                    object_id=str(by_code[code].pk),
                    verb=verb,
                    message=message,
                    at=at,
                    actor_label=actor,
                    unit_code="68-SNV" if actor == "noivu" else code,
                )
                for code, verb, message, at, actor in sorted(self.events, key=lambda e: (e[0], e[3]))
            ],
            batch_size=1000,
        )


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


@transaction.atomic
def load_demo_scoring() -> bool:
    """Score the demo communes once; returns False when MAU-XA-2025 has assessments already."""
    current = Framework.objects.filter(code=CURRENT).first()
    if current is None or Assessment.objects.filter(framework=current).exists():
        return False
    previous = previous_version(current)
    communes = _communes()
    people = {
        p.full_name: p
        for p in Person.objects.filter(
            unit__code__in=[WARD, OTHER_WARD], full_name__in=[*WARD_PEOPLE.values(), *OTHER_PEOPLE.values()]
        )
    }
    statuses = _statuses(communes, random.Random(SEED))
    years = {2024: _Year(previous, people), 2025: _Year(current, people)}
    for unit in communes:
        rng = random.Random(f"{SEED}-{unit.code}")
        quality = rng.uniform(0.3, 0.95)
        years[2024].assess(unit, AssessmentStatus.FINAL, quality, rng)
        drift = min(0.98, max(0.25, quality + rng.uniform(-0.06, 0.1)))
        years[2025].assess(unit, statuses[unit.code], drift, rng)
    for year in years.values():
        year.save()
    ward = Assessment.objects.get(framework=current, unit__code=WARD)
    officer = get_user_model().objects.filter(username="cchc.phanthiet").first()
    for code, name in WARD_EVIDENCE:
        criterion = Criterion.objects.get(framework=current, code=code)
        score = Score.objects.get(assessment=ward, criterion=criterion)
        with acting_as(officer):
            upload = ContentFile(DEMO_PDF, name=name)
            services.score_evidence_add(score=score, uploaded=upload, actor=officer or system_actor("demo"))
    return True
