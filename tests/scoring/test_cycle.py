"""The yearly assessment cycle: self-assessment, submission (lock), appraisal, explanation, final decision."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.core.models import ChangeLog, Event
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans.models import Task, TaskKind
from cchc.scoring import services
from cchc.scoring.analysis import lost_points
from cchc.scoring.models import Assessment, AssessmentStatus, Criterion, Score
from cchc.scoring.report import par_report
from tests.factories import PersonFactory, user_with_role

HEADER = "unit_code,criterion_code,self_score,appraised_score,applicable"


@pytest.fixture
def officer(ward_a):
    return user_with_role(ward_a, Role.PAR_OFFICER, username="cchc.a")


@pytest.fixture
def inspector(province):
    return user_with_role(province, Role.INSPECTOR, username="noivu.t")


@pytest.fixture
def assessment(example_framework, ward_a, officer):
    return services.assessment_start(framework=example_framework, unit=ward_a, actor=officer)


def leaf(framework, code):
    return Criterion.objects.get(framework=framework, code=code)


def self_assess(assessment, officer, code, value, **kwargs):
    return services.score_self_assess(
        assessment=assessment,
        criterion=leaf(assessment.framework, code),
        self_score=value,
        actor=officer,
        **kwargs,
    )


def percent_of(framework, unit_code):
    return next(u for u in par_report(framework)["units"] if u["unit"] == unit_code)


def test_self_assessment_is_recorded_with_explanation_and_responsible_official(assessment, officer, ward_a):
    from cchc.core.audit import acting_as

    person = PersonFactory(unit=ward_a)
    with acting_as(officer):
        score = self_assess(
            assessment, officer, "1.1", "1,5", explanation="Đã ban hành KH số 12", responsible=person
        )
    assert (score.self_score, score.explanation, score.responsible) == (
        Decimal("1.5"),
        "Đã ban hành KH số 12",
        person,
    )
    assert ChangeLog.objects.filter(
        content_type__model="score", object_id=str(score.pk), actor=officer
    ).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2.5", "vượt quá điểm tối đa 2"),
        ("-1", "không được âm"),
        ("1.234", "tối đa 2 chữ số"),
        ("abc", "không phải"),
    ],
)
def test_a_score_outside_the_rules_is_refused_and_nothing_is_stored(assessment, officer, value, message):
    with pytest.raises(DomainError) as exc:
        self_assess(assessment, officer, "1.1", value)
    assert message in exc.value.message
    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_score_on_a_not_applicable_leaf_is_refused(assessment, officer):
    with pytest.raises(DomainError):
        self_assess(assessment, officer, "2.2", "1", applicable=False)


def test_another_units_officer_cannot_enter_scores(assessment, ward_b):
    stranger = user_with_role(ward_b, Role.PAR_OFFICER, username="cchc.b")
    with pytest.raises(DomainError):
        self_assess(assessment, stranger, "1.1", "1")
    assert not Score.objects.filter(assessment=assessment).exists()


def test_submission_locks_the_units_entries_and_imports(assessment, officer):
    self_assess(assessment, officer, "1.1", "2")
    services.assessment_submit(assessment=assessment, confirm_missing_evidence=True, actor=officer)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == "cchc.a"
    with pytest.raises(DomainError) as exc:
        self_assess(assessment, officer, "1.1", "1")
    assert "đã gửi thẩm định" in exc.value.message
    with pytest.raises(services.ScoresRejected):
        services.import_scores(
            framework=assessment.framework, text=f"{HEADER}\n22945,1.1,1,,1\n", actor=system_actor("test")
        )
    assert Score.objects.get(assessment=assessment).self_score == 2


def test_the_units_officer_cannot_appraise_its_own_assessment(assessment, officer):
    self_assess(assessment, officer, "1.1", "2")
    services.assessment_submit(assessment=assessment, confirm_missing_evidence=True, actor=officer)
    with pytest.raises(DomainError):
        services.score_appraise(
            assessment=assessment,
            criterion=leaf(assessment.framework, "1.1"),
            appraised_score="1",
            reason="x",
            actor=officer,
        )
    assert Score.objects.get(assessment=assessment).appraised_score is None


def test_an_adjustment_needs_a_reason_and_overrides_the_self_score(assessment, officer, inspector):
    self_assess(assessment, officer, "1.1", "2")
    self_assess(assessment, officer, "1.2", "3")
    services.assessment_submit(assessment=assessment, confirm_missing_evidence=True, actor=officer)
    before = percent_of(assessment.framework, "22945")["points"]
    with pytest.raises(DomainError) as exc:
        services.score_appraise(
            assessment=assessment,
            criterion=leaf(assessment.framework, "1.2"),
            appraised_score="2",
            actor=inspector,
        )
    assert exc.value.field == "reason"
    services.score_appraise(
        assessment=assessment,
        criterion=leaf(assessment.framework, "1.2"),
        appraised_score="2",
        reason="Kế hoạch ban hành chậm",
        actor=inspector,
    )
    services.score_appraise(
        assessment=assessment, criterion=leaf(assessment.framework, "1.1"), actor=inspector
    )
    assert (before, percent_of(assessment.framework, "22945")["points"]) == (5, 4)
    assert Event.objects.filter(verb="adjusted", object_id=str(assessment.pk)).count() == 1


def test_the_full_cycle_to_the_final_decision(assessment, officer, inspector):
    self_assess(assessment, officer, "1.1", "2")
    services.assessment_submit(assessment=assessment, confirm_missing_evidence=True, actor=officer)
    score = services.score_appraise(
        assessment=assessment,
        criterion=leaf(assessment.framework, "1.1"),
        appraised_score="1",
        reason="Thiếu tài liệu",
        actor=inspector,
    )
    with pytest.raises(DomainError):  # the unit explains only after the appraisal is closed
        services.score_respond(score=score, text="Đã bổ sung", actor=officer)
    services.assessment_close_appraisal(assessment=assessment, accept_unreviewed=True, actor=inspector)
    services.score_respond(score=score, text="Đã bổ sung quyết định", actor=officer)
    services.assessments_finalise(
        framework=assessment.framework,
        assessments=[assessment],
        decision="12/QĐ-UBND",
        decision_date=timezone.localdate(),
        actor=inspector,
    )
    final = Assessment.objects.get(pk=assessment.pk)
    assert final.status == AssessmentStatus.FINAL and final.finalised_by == "noivu.t"
    assert final.decision_text == f"Quyết định số 12/QĐ-UBND ngày {timezone.localdate():%d/%m/%Y}"
    verbs = list(
        Event.objects.filter(object_id=str(assessment.pk), content_type__model="assessment").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["started", "submitted", "adjusted", "appraised", "explained", "finalised"]
    with pytest.raises(DomainError):
        services.score_appraise(
            assessment=assessment,
            criterion=leaf(assessment.framework, "1.1"),
            appraised_score="2",
            reason="x",
            actor=inspector,
        )


def test_the_council_can_return_a_submission_to_the_unit(assessment, officer, inspector):
    services.assessment_submit(assessment=assessment, confirm_missing_evidence=True, actor=officer)
    services.assessment_return(assessment=assessment, reason="Thiếu thuyết minh", actor=inspector)
    self_assess(assessment, officer, "1.1", "1")


def test_evidence_is_checked_and_stored(assessment, officer, settings, tmp_path):
    settings.CCHC_EVIDENCE_ROOT = str(tmp_path)
    score = self_assess(assessment, officer, "1.1", "2")
    item = services.score_evidence_add(
        score=score,
        uploaded=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        actor=officer,
    )
    assert item.original_name == "qd.pdf" and item.size == 10
    with pytest.raises(DomainError):
        services.score_evidence_add(
            score=score, uploaded=SimpleUploadedFile("qd.pdf", b"MZ not a pdf"), actor=officer
        )


def test_lost_points_rank_leaves_and_a_recovery_task_can_be_created(assessment, officer, ward_a):
    person = PersonFactory(unit=ward_a)
    self_assess(assessment, officer, "1.1", "2")
    self_assess(assessment, officer, "1.2", "1", responsible=person)
    self_assess(assessment, officer, "2.1.1", "2")
    lost = lost_points(assessment)
    assert [(item.criterion.code, item.lost) for item in lost] == [
        ("1.2", 2),
        ("2.2", 2),
        ("2.1.1", Decimal("0.5")),
        ("2.1.2", Decimal("0.5")),
    ]
    assert lost[0].responsible == person and lost[0].evidence_missing
    task = services.recovery_task_create(assessment=assessment, criterion=lost[0].criterion, actor=officer)
    assert (task.kind, task.owner, task.unit) == (TaskKind.REMEDIATION, person, ward_a)
    assert task.source == Score.objects.get(assessment=assessment, criterion__code="1.2")
    with pytest.raises(DomainError):
        services.recovery_task_create(
            assessment=assessment, criterion=leaf(assessment.framework, "1.1"), actor=officer
        )
    assert Task.objects.filter(kind=TaskKind.REMEDIATION).count() == 1
