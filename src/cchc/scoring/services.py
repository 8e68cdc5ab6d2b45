"""Every write of the scoring app: framework and score imports, and the yearly assessment cycle.

Cycle (DOMAIN.md §7): the unit self-assesses (score, explanation, evidence and the responsible official per
leaf) and submits, which locks its entries; the Home Affairs council appraises each leaf (accept, or adjust
with a reason); the unit explains the adjusted leaves; the council records the final decision. Each step is
dated, attributed, on the assessment's timeline and in the change log.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cchc.core.audit import record_event
from cchc.core.concurrency import StaleEdit, changes_since, check_version, version_of
from cchc.core.errors import DomainError
from cchc.core.permissions import is_system, require
from cchc.core.text import nfc
from cchc.org.models import Person, Unit
from cchc.org.wording import short_date
from cchc.plans import evidence as evidence_checks
from cchc.scoring import scorefile, selectors
from cchc.scoring.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Framework,
    Review,
    Score,
    ScoreEvidence,
    ScoreSource,
)
from cchc.scoring.text import points_text
from cchc.scoring.versions import entry_created

STATUS_WORDS = {
    AssessmentStatus.SUBMITTED: "đã gửi thẩm định",
    AssessmentStatus.APPRAISED: "đã thẩm định",
    AssessmentStatus.FINAL: "đã có kết quả chính thức",
}


class ScoresRejected(Exception):
    def __init__(self, problems: list[tuple[int, str, str]]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: p[0])

    def lines(self, filename: str) -> list[str]:
        return [f"{filename}:{line}: {column}: {reason}" for line, column, reason in self.problems]


@dataclass
class ScoresImported:
    rows: int
    units: int
    created: int
    updated: int
    removed: int


def _label(actor) -> str:
    return actor.get_username()


def _user(actor):
    """The user account to store in a user field (``None`` for the system actor)."""
    return None if is_system(actor) else actor


# --- score imports -----------------------------------------------------------------------------------------


def _leaf_max(framework: Framework) -> tuple[dict[str, Criterion], set[str]]:
    leaves, nodes = {}, set()
    for node in framework.criteria.all():
        if node.max_points is None:
            nodes.add(node.code)
        else:
            leaves[node.code] = node
    return leaves, nodes


@transaction.atomic
def import_scores(*, framework: Framework, text: str, actor) -> ScoresImported:
    """Import a scores file for ``framework``; all or nothing. Importing again replaces each unit's imported
    scores (rows entered in the application for other leaves are kept). A submitted, appraised or final
    assessment is locked: the file is refused, so nobody re-scores a unit under judgement by import."""
    require(actor, "scoring.scores.import", framework)
    records, problems = scorefile.read(text)
    if problems:
        raise ScoresRejected(problems)
    leaves, nodes = _leaf_max(framework)
    codes = {values.get("unit_code", "").strip() for _, values in records}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    rows, problems = scorefile.check(
        records,
        leaves={code: node.max_points.normalize() for code, node in leaves.items()},
        nodes=nodes,
        units=set(units),
    )
    assessments = {
        a.unit.code: a
        for a in Assessment.objects.filter(framework=framework, unit__code__in=units).select_related("unit")
    }
    reported: set[str] = set()
    for line, values in records:  # once per locked unit, on its first line
        code = values.get("unit_code", "").strip()
        assessment = assessments.get(code)
        if assessment is not None and assessment.locked and code not in reported:
            reported.add(code)
            status = STATUS_WORDS[assessment.status]
            problems.append((line, "unit_code", f"the assessment of unit {code} is locked ({status})"))
    if problems:
        raise ScoresRejected(problems)
    for code in {row.unit_code for row in rows} - set(assessments):
        assessment = Assessment(framework=framework, unit=units[code])
        assessment.save()
        record_event(assessment, "started", "Nhập điểm từ tệp", unit_code=code)
        assessments[code] = assessment
    touched = {assessments[row.unit_code].pk for row in rows}
    existing = {
        (s.assessment_id, s.criterion_id): s
        for s in Score.objects.filter(assessment_id__in=touched).select_related(
            "assessment__unit", "criterion"
        )
    }
    new, changed, seen, now = [], [], set(), timezone.now()
    for row in rows:
        assessment, criterion = assessments[row.unit_code], leaves[row.criterion_code]
        key = (assessment.pk, criterion.pk)
        seen.add(key)
        score = existing.get(key)
        values = {
            "applicable": row.applicable,
            "self_score": row.self_score,
            "appraised_score": row.appraised_score,
            "source": ScoreSource.IMPORT,
        }
        if score is None:
            new.append(Score(assessment=assessment, criterion=criterion, **values))
            continue
        if any(getattr(score, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(score, k, v)
            score.updated_at = now
            changed.append(score)
    stale = [s.pk for key, s in existing.items() if key not in seen and s.source == ScoreSource.IMPORT]
    Score.objects.bulk_create(new, batch_size=1000)
    Score.objects.bulk_update_logged(
        changed, ["applicable", "self_score", "appraised_score", "source", "updated_at"]
    )
    if stale:
        for score in Score.objects.filter(pk__in=stale).select_related("assessment__unit", "criterion"):
            score.delete()
    for assessment in {assessments[row.unit_code] for row in rows}:
        record_event(assessment, "scores_imported", "", unit_code=assessment.unit.code)
    return ScoresImported(len(rows), len(touched), len(new), len(changed), len(stale))


# --- the assessment cycle ----------------------------------------------------------------------------------


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("unit", "framework").get(pk=assessment.pk)


@transaction.atomic
def assessment_start(*, framework: Framework, unit: Unit, actor) -> Assessment:
    require(actor, "scoring.assessment.start", unit)
    assessment, created = Assessment.objects.get_or_create(framework=framework, unit=unit)
    if created:
        record_event(assessment, "started", "Bắt đầu tự đánh giá", unit_code=unit.code)
    return assessment


def _leaf(assessment: Assessment, criterion: Criterion) -> Criterion:
    if criterion.framework_id != assessment.framework_id or criterion.max_points is None:
        raise DomainError(
            "not_leaf", f"Tiêu chí {criterion.code} không phải tiêu chí thành phần được chấm điểm."
        )
    return criterion


def _points(value, criterion: Criterion, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except ArithmeticError:
        raise DomainError("invalid", f"Điểm “{value}” không phải là số.", field=field) from None
    if not number.is_finite():
        raise DomainError("invalid", f"Điểm “{value}” không phải là số.", field=field)
    if number < 0:
        raise DomainError("negative", "Điểm không được âm.", field=field)
    if number != number.quantize(Decimal("0.01")):
        raise DomainError("decimals", "Điểm có tối đa 2 chữ số thập phân.", field=field)
    if number > criterion.max_points:
        raise DomainError(
            "above_max",
            f"Điểm {points_text(number)} vượt quá điểm tối đa {points_text(criterion.max_points)} "
            f"của tiêu chí {criterion.code}.",
            field=field,
        )
    return number


def _require_status(assessment: Assessment, *statuses: str, action: str) -> None:
    if assessment.status not in statuses:
        raise DomainError(
            "wrong_status",
            f"Không thể {action}: bản đánh giá của {assessment.unit.name} "
            f"{STATUS_WORDS.get(assessment.status, 'đang tự đánh giá')}.",
        )


def _codes(criteria, limit: int = 20) -> str:
    codes = [c.code for c in criteria]
    return ", ".join(codes[:limit]) + (
        f" và {len(codes) - limit} tiêu chí khác" if len(codes) > limit else ""
    )


#: the fields of the self-assessment form, checked against the version the form was read at
SELF_FIELDS = ("self_score", "applicable", "explanation", "responsible")


def _check_entry(score: Score | None, version) -> None:
    """Refuse to save over an entry changed since the form was read (``version`` from the page)."""
    if version is None or score is None:
        return
    if str(version) == "0":  # the form was read before the entry existed: show what was entered since
        changes = entry_created(score, SELF_FIELDS) + changes_since(score, 0, fields=SELF_FIELDS)
        if changes:
            raise StaleEdit(changes, version_of(score))
        return
    check_version(score, version, fields=SELF_FIELDS)


@transaction.atomic
def score_self_assess(
    *,
    assessment: Assessment,
    criterion: Criterion,
    self_score=None,
    applicable: bool = True,
    explanation: str = "",
    responsible: Person | None = None,
    version=None,
    actor,
) -> Score:
    """Enter or change the unit's own score for a leaf (only before submission). ``version``: the entry's
    version when the form was read (:mod:`cchc.core.concurrency`); saving over a newer entry is refused."""
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, action="sửa điểm tự chấm")
    require(actor, "scoring.score.self_assess", assessment)
    _leaf(assessment, criterion)
    number = _points(self_score, criterion, "self_score")
    if not applicable and number is not None:
        raise DomainError(
            "not_applicable", "Tiêu chí không phát sinh thì không chấm điểm.", field="self_score"
        )
    if responsible is not None and not responsible.unit.path.startswith(assessment.unit.path):
        raise DomainError(
            "responsible", "Người phụ trách phải thuộc đơn vị được đánh giá.", field="responsible"
        )
    score = Score.objects.filter(assessment=assessment, criterion=criterion).first()
    _check_entry(score, version)
    score = score or Score(assessment=assessment, criterion=criterion)
    if (score.self_score, score.applicable) != (number, applicable):
        score.review = Review.NONE  # a changed claim is reviewed again after a return
    score.self_score = number
    score.applicable = applicable
    score.explanation = nfc(explanation)
    score.responsible = responsible
    score.source = ScoreSource.APP
    score.save()
    return score


@transaction.atomic
def score_evidence_add(*, score: Score, uploaded, actor) -> ScoreEvidence:
    """Attach a proof file to a self score (PDF, DOCX, XLSX, PNG, JPEG; size and content checked)."""
    assessment = _locked(score.assessment)
    _require_status(
        assessment, AssessmentStatus.DRAFT, AssessmentStatus.APPRAISED, action="thêm tài liệu kiểm chứng"
    )
    require(actor, "scoring.score.add_evidence", assessment)
    item = evidence_checks.store(
        ScoreEvidence(score=score, uploaded_by=_user(actor), uploaded_by_label=_label(actor)), uploaded
    )
    record_event(
        assessment,
        "evidence_added",
        f"{score.criterion.code}: {item.original_name}",
        unit_code=assessment.unit.code,
    )
    return item


@transaction.atomic
def assessment_submit(*, assessment: Assessment, confirm_missing_evidence: bool = False, actor) -> Assessment:
    """Send the self-assessment for appraisal: the unit's entries are locked from now on.

    Leaves scored without an evidence file (:func:`selectors.leaves_without_evidence`) are listed; sending
    them needs ``confirm_missing_evidence``, and is refused outright when the framework makes evidence
    mandatory. Their number is recorded on the submission event.
    """
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, action="gửi thẩm định")
    require(actor, "scoring.assessment.submit", assessment)
    missing = selectors.leaves_without_evidence(assessment)
    if missing and assessment.framework.evidence_mandatory:
        raise DomainError(
            "evidence_required",
            f"Bộ tiêu chí {assessment.framework.code} bắt buộc có tài liệu kiểm chứng: "
            f"{len(missing)} tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng ({_codes(missing)}). "
            "Bổ sung rồi gửi lại.",
        )
    if missing and not confirm_missing_evidence:
        raise DomainError(
            "unconfirmed",
            f"Còn {len(missing)} tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng: "
            "đánh dấu ô xác nhận để vẫn gửi thẩm định.",
            field="confirm",
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = _label(actor)
    assessment.save()
    message = "Gửi kết quả tự đánh giá để thẩm định"
    if missing:
        message += f" ({len(missing)} tiêu chí chưa có tài liệu kiểm chứng: {_codes(missing)})"
    record_event(
        assessment, "submitted", message, unit_code=assessment.unit.code, without_evidence=len(missing)
    )
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, reason: str, actor) -> Assessment:
    """The council sends a submitted self-assessment back to the unit (unlocks it)."""
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.SUBMITTED, action="trả lại bản tự đánh giá")
    require(actor, "scoring.assessment.return", assessment)
    if not nfc(reason):
        raise DomainError("required", "Nhập lý do trả lại.", field="reason")
    assessment.status = AssessmentStatus.DRAFT
    assessment.save()
    record_event(assessment, "returned", nfc(reason), unit_code=assessment.unit.code)
    return assessment


@transaction.atomic
def score_appraise(
    *, assessment: Assessment, criterion: Criterion, appraised_score=None, reason: str = "", actor
) -> Score:
    """The council accepts a leaf (no score given: the self score stands) or adjusts it with a reason."""
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.SUBMITTED, action="thẩm định")
    require(actor, "scoring.score.appraise", assessment)
    _leaf(assessment, criterion)
    score = Score.objects.filter(assessment=assessment, criterion=criterion).first() or Score(
        assessment=assessment, criterion=criterion, self_score=None
    )
    number = _points(appraised_score, criterion, "appraised_score")
    if not score.applicable and number is not None:
        raise DomainError(
            "not_applicable", "Tiêu chí không phát sinh thì không chấm điểm.", field="appraised_score"
        )
    reason = nfc(reason)
    if number is not None and number != score.self_score and not reason:
        raise DomainError("required", "Nhập lý do điều chỉnh điểm.", field="reason")
    adjusted = number is not None and number != score.self_score
    score.appraised_score = number
    score.appraisal_note = reason if number is not None else ""
    score.review = Review.ADJUSTED if adjusted else Review.ACCEPTED
    score.save()
    verb = "adjusted" if adjusted else "accepted"
    text = (
        f"{criterion.code}: {points_text(score.self_score)} → {points_text(number)} ({reason})"
        if adjusted
        else f"{criterion.code}: giữ nguyên"
    )
    record_event(assessment, verb, text, unit_code=assessment.unit.code, criterion=criterion.code)
    return score


@transaction.atomic
def assessment_close_appraisal(
    *, assessment: Assessment, accept_unreviewed: bool = False, actor
) -> Assessment:
    """Close the appraisal: the unit may now explain the adjusted leaves.

    Leaves the council has not decided on (:func:`selectors.unreviewed_leaves`) are listed; closing needs
    ``accept_unreviewed``, and then records each of them as accepted as self-assessed (its own change-log
    row; the self score stands). The numbers reviewed and accepted unreviewed go on the event.
    """
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.SUBMITTED, action="kết thúc thẩm định")
    require(actor, "scoring.assessment.close_appraisal", assessment)
    unreviewed = selectors.unreviewed_leaves(assessment)
    if unreviewed and not accept_unreviewed:
        raise DomainError(
            "unconfirmed",
            f"Còn {len(unreviewed)} tiêu chí Hội đồng chưa thẩm định: đánh dấu ô xác nhận để chấp nhận "
            "các tiêu chí này theo kết quả tự đánh giá.",
            field="accept_unreviewed",
        )
    for criterion, score in unreviewed:
        score = score or Score(assessment=assessment, criterion=criterion, self_score=None)
        score.review = Review.AS_SELF_ASSESSED
        score.save()
    reviewed = assessment.scores.filter(review__in=[Review.ACCEPTED, Review.ADJUSTED]).count()
    message = "Kết thúc thẩm định"
    if unreviewed:
        message += (
            f" ({len(unreviewed)} tiêu chí chưa thẩm định được chấp nhận theo kết quả tự đánh giá: "
            f"{_codes([c for c, _s in unreviewed])})"
        )
    assessment.status = AssessmentStatus.APPRAISED
    assessment.appraised_at = timezone.now()
    assessment.appraised_by = _label(actor)
    assessment.save()
    record_event(
        assessment,
        "appraised",
        message,
        unit_code=assessment.unit.code,
        reviewed=reviewed,
        accepted_unreviewed=len(unreviewed),
    )
    return assessment


@transaction.atomic
def score_respond(*, score: Score, text: str, actor) -> Score:
    """The unit's explanation (giải trình) on a leaf the council adjusted."""
    assessment = _locked(score.assessment)
    _require_status(assessment, AssessmentStatus.APPRAISED, action="giải trình")
    require(actor, "scoring.score.respond", assessment)
    if score.appraised_score is None or score.appraised_score == score.self_score:
        raise DomainError("not_adjusted", "Chỉ giải trình các tiêu chí đã bị điều chỉnh điểm.")
    if not nfc(text):
        raise DomainError("required", "Nhập nội dung giải trình.", field="text")
    score.unit_response = nfc(text)
    score.save()
    record_event(
        assessment,
        "explained",
        f"{score.criterion.code}: {score.unit_response[:200]}",
        unit_code=assessment.unit.code,
    )
    return score


@dataclass
class Finalised:
    """What :func:`assessments_finalise` did: the units finalised, and those left unchanged with why."""

    finalised: list[Assessment]
    not_ready: list[tuple[Assessment, str]]


def _decision(number: str, day: date | None, framework: Framework) -> str:
    number = nfc(number)
    if not number:
        raise DomainError("required", "Nhập số quyết định công bố kết quả.", field="decision")
    if len(number) > 200:
        raise DomainError("too_long", "Số quyết định dài quá 200 ký tự.", field="decision")
    if day is None:
        raise DomainError("required", "Nhập ngày ban hành quyết định.", field="decision_date")
    if day > timezone.localdate():
        raise DomainError("future", "Ngày ban hành quyết định không được sau hôm nay.", field="decision_date")
    if day.year < framework.year:
        raise DomainError(
            "too_early",
            f"Ngày ban hành quyết định phải từ năm {framework.year} (năm của bộ tiêu chí) trở đi.",
            field="decision_date",
        )
    return number


@transaction.atomic
def assessments_finalise(
    *, framework: Framework, assessments, decision: str, decision_date: date | None, actor
) -> Finalised:
    """Record the final result of many units under one decision (number and date) in one transaction.

    Every chosen unit must be one the actor judges (else nothing is written: :class:`Forbidden`). A unit is
    finalised when its appraisal is closed and the decision is not dated before that; the others are left
    unchanged and returned with the reason. Nothing changes afterwards.
    """
    chosen = list(
        Assessment.objects.select_for_update()
        .select_related("unit", "framework")
        .filter(framework=framework, pk__in=[a.pk for a in assessments])
        .order_by("unit__code")
    )
    if not chosen:
        raise DomainError("required", "Chọn ít nhất một đơn vị để chốt kết quả.", field="units")
    for assessment in chosen:
        require(actor, "scoring.assessment.finalise", assessment.unit)
    number = _decision(decision, decision_date, framework)
    done, not_ready = [], []
    now = timezone.now()
    for assessment in chosen:
        if assessment.status != AssessmentStatus.APPRAISED:
            word = STATUS_WORDS.get(assessment.status, "đang tự đánh giá")
            not_ready.append((assessment, f"chưa kết thúc thẩm định ({word})"))
            continue
        if timezone.localtime(assessment.appraised_at).date() > decision_date:
            closed = short_date(assessment.appraised_at)
            not_ready.append((assessment, f"kết thúc thẩm định ngày {closed}, sau ngày quyết định"))
            continue
        require(actor, "scoring.assessment.finalise", assessment)
        assessment.status = AssessmentStatus.FINAL
        assessment.finalised_at = now
        assessment.finalised_by = _label(actor)
        assessment.decision = number
        assessment.decision_date = decision_date
        assessment.save()
        record_event(
            assessment,
            "finalised",
            assessment.decision_text,
            unit_code=assessment.unit.code,
            decision=number,
            decision_date=decision_date.isoformat(),
            units=len(chosen),
        )
        done.append(assessment)
    return Finalised(done, not_ready)


@transaction.atomic
def framework_set_evidence_rule(*, framework: Framework, mandatory: bool, actor) -> Framework:
    """Make evidence files mandatory (or not) for submitting under ``framework``; change-logged."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    require(actor, "scoring.framework.set_evidence_rule", framework)
    if framework.evidence_mandatory != mandatory:
        framework.evidence_mandatory = mandatory
        framework.save(update_fields=["evidence_mandatory"])
        record_event(
            framework,
            "evidence_rule",
            "Bắt buộc có tài liệu kiểm chứng khi gửi thẩm định"
            if mandatory
            else "Không bắt buộc tài liệu kiểm chứng khi gửi thẩm định",
        )
    return framework


@transaction.atomic
def recovery_task_create(
    *, assessment: Assessment, criterion: Criterion, owner: Person | None = None, deadline=None, actor
):
    """A task (the tracked-action model) to recover the points lost on a leaf, linked to the leaf's score."""
    from cchc.plans.models import TaskKind
    from cchc.plans.services import task_create
    from cchc.scoring.report import unit_results

    _leaf(assessment, criterion)
    require(actor, "scoring.recovery_task.create", assessment)
    result = next(r for r in unit_results(assessment) if r.leaf.id == criterion.pk)
    lost = Decimal(result.leaf.max_cents - result.cents) / 100 if result.applicable else Decimal(0)
    if lost <= 0:
        raise DomainError("nothing_lost", f"Tiêu chí {criterion.code} không bị mất điểm.")
    score, _created = Score.objects.get_or_create(assessment=assessment, criterion=criterion)
    if owner is None and score.responsible is not None:
        owner = score.responsible
    task = task_create(
        kind=TaskKind.REMEDIATION,
        unit=assessment.unit,
        owner=owner,
        deadline=deadline,
        title=f"Khắc phục tiêu chí {criterion.code} — {criterion.name}"[:500],
        description=(
            f"Chỉ số CCHC {assessment.framework.year} ({assessment.framework.code}): "
            f"tiêu chí {criterion.code} "
            f"đạt {points_text(Decimal(result.cents) / 100)}/{points_text(criterion.max_points)} điểm, "
            f"mất {points_text(lost)} điểm."
            + (f" Tài liệu kiểm chứng yêu cầu: {criterion.evidence}" if criterion.evidence else "")
        ),
        source=score,
        actor=actor,
    )
    record_event(
        assessment, "recovery_task", f"{criterion.code}: {task.title}", unit_code=assessment.unit.code
    )
    return task


class MappingRejected(ScoresRejected):
    """A criterion mapping file was rejected (same ``FILE:LINE: column: reason`` lines as scores)."""


@transaction.atomic
def import_mapping(*, old: Framework, new: Framework, text: str, actor) -> int:
    """Criterion codes that changed between two framework versions: CSV ``old_code,new_code`` (header line
    1). Replaces the mapping between the two frameworks; all or nothing."""
    require(actor, "scoring.framework.import", new)
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != ["old_code", "new_code"]:
        raise MappingRejected([(1, "(header)", "expected the header old_code,new_code")])
    old_codes = set(old.criteria.values_list("code", flat=True))
    new_codes = set(new.criteria.values_list("code", flat=True))
    pairs, problems, seen = [], [], {}
    previous_end = reader.line_num
    for record in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not record or not "".join(record).strip():
            continue
        if len(record) != 2:
            problems.append((line, "(row)", f"{len(record)} cells, the header has 2"))
            continue
        old_code, new_code = (value.strip() for value in record)
        if old_code not in old_codes:
            problems.append((line, "old_code", f"unknown criterion {old_code!r} in {old.code}"))
        if new_code not in new_codes:
            problems.append((line, "new_code", f"unknown criterion {new_code!r} in {new.code}"))
        elif new_code in seen:
            problems.append((line, "new_code", f"{new_code!r} already mapped on line {seen[new_code]}"))
        else:
            seen[new_code] = line
        pairs.append((old_code, new_code))
    if problems:
        raise MappingRejected(problems)
    from cchc.scoring.models import CriterionMapping

    CriterionMapping.objects.filter(old_framework=old, new_framework=new).delete()
    CriterionMapping.objects.bulk_create(
        [CriterionMapping(old_framework=old, old_code=o, new_framework=new, new_code=n) for o, n in pairs]
    )
    return len(pairs)
