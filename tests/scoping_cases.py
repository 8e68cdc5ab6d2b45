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
    CalendarEntryFactory,
    PersonFactory,
    PositionAssignmentFactory,
    PositionFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UnitOfficeHoursFactory,
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
    "workdays.calendarentry": ScopeCase(
        build=lambda unit: CalendarEntryFactory(unit=unit, name=f"Nghỉ bão cục bộ {unit.code}"),
        detail_urls=lambda obj: [_history(obj)],
        list_urls=lambda unit: [
            reverse("workdays:calendar") + f"?year=2031&unit={unit.code}",
            reverse("workdays:calendar") + "?year=2031",
            reverse("workdays:log") + "?year=2031",
        ],
        marker=lambda obj: obj.name,
    ),
    "workdays.unitofficehours": ScopeCase(
        build=lambda unit: UnitOfficeHoursFactory(unit=unit, legal_basis=f"Quyết định giờ {unit.code}"),
        detail_urls=lambda obj: [_history(obj)],
        list_urls=lambda unit: [reverse("workdays:calendar") + f"?unit={unit.code}"],
        marker=lambda obj: obj.legal_basis,
    ),
    "dossiers.dossier": ScopeCase(
        build=lambda unit: _dossier(unit),
        detail_urls=lambda obj: [reverse("dossiers:detail", args=[obj.code]), _history(obj)],
        list_urls=lambda unit: [
            reverse("dossiers:list"),
            reverse("dossiers:list") + "?q=HS-NGOAI",
            reverse("dossiers:list") + "?queue=overdue",
            reverse("dossiers:export") + "?q=HS-NGOAI",
        ],
        marker=lambda obj: obj.code,
    ),
    "dossiers.dossiertransfer": ScopeCase(
        build=lambda unit: _dossier_transfer(unit),
        detail_urls=lambda obj: [_history(obj)],
        list_urls=lambda unit: [reverse("dossiers:list") + "?q=HS-CHUYEN"],
        marker=lambda obj: obj.dossier.code,
    ),
}


def _dossier(unit):
    from tests.factories import dossier_for

    return dossier_for(unit, code=f"HS-NGOAI-{unit.code}")


def _dossier_transfer(unit):
    from cchc.dossiers.models import DossierTransfer
    from tests.factories import dossier_for

    dossier = dossier_for(unit, code=f"HS-CHUYEN-{unit.code}")
    office = UnitFactory(parent=unit, name=f"Bộ phận chuyên môn {unit.code}")
    return DossierTransfer.objects.create(
        dossier=dossier, from_unit=unit, to_unit=office, at=dossier.received_at, note=f"Chuyển {unit.code}"
    )


# --- PAR plans and tasks (cchc.plans) --------------------------------------------------------------------


def _plan(unit):
    from tests.factories import PlanFactory

    return PlanFactory(unit=unit, title=f"Kế hoạch bí mật {unit.code}")


def _task(unit):
    from tests.factories import TaskFactory

    owner = PersonFactory(unit=unit, full_name=f"Người chủ trì {unit.code}")
    return TaskFactory(unit=unit, owner=owner, title=f"Nhiệm vụ bí mật {unit.code}", deadline=None)


def _evidence(unit):
    from cchc.plans.models import Evidence

    return Evidence.objects.create(
        task=_task(unit),
        file=f"scoping/{unit.code}.pdf",
        original_name=f"minh-chung-bi-mat-{unit.code}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


def _comment(unit):
    from cchc.plans.models import Comment

    return Comment.objects.create(task=_task(unit), text=f"Ý kiến bí mật {unit.code}")


def _plans_lists(unit) -> list[str]:
    return [
        reverse("plans:plan-list"),
        reverse("plans:my-work"),
        reverse("plans:task-list") + "?year=2026",
        reverse("plans:task-list") + f"?unit={unit.code}&year=2026",
        reverse("plans:task-list") + f"?plan_unit={unit.code}&year=2026",
        reverse("plans:unit-board") + f"?unit={unit.code}&year=2026",
        reverse("plans:overview") + f"?unit={unit.code}&year=2026",
        reverse("plans:report") + f"?unit={unit.code}&year=2026",
    ]


CASES.update(
    {
        "plans.plan": ScopeCase(
            build=_plan,
            detail_urls=lambda obj: [
                reverse("plans:plan-detail", args=[obj.pk]),
                reverse("plans:plan-export", args=[obj.pk]),
                reverse("plans:plan-import", args=[obj.pk]),
                reverse("plans:task-create", args=[obj.pk]),
                _history(obj),
            ],
            list_urls=_plans_lists,
            marker=lambda obj: obj.title,
        ),
        "plans.task": ScopeCase(
            build=_task,
            detail_urls=lambda obj: [
                reverse("plans:task-detail", args=[obj.pk]),
                reverse("plans:task-edit", args=[obj.pk]),
                reverse("plans:task-assign", args=[obj.pk]),
                reverse("plans:plan-export", args=[obj.plan_id]),
                _history(obj),
            ],
            list_urls=_plans_lists,
            marker=lambda obj: obj.title,
        ),
        "plans.evidence": ScopeCase(
            build=_evidence,
            detail_urls=lambda obj: [reverse("plans:task-detail", args=[obj.task_id]), _history(obj)],
            list_urls=_plans_lists,
            marker=lambda obj: obj.original_name,
            extra={"listed_nowhere": "evidence files are shown on their task's page only"},
        ),
        "plans.comment": ScopeCase(
            build=_comment,
            detail_urls=lambda obj: [reverse("plans:task-detail", args=[obj.task_id]), _history(obj)],
            list_urls=_plans_lists,
            marker=lambda obj: obj.text,
            extra={"listed_nowhere": "comments are shown on their task's page only"},
        ),
    }
)


# --- Targets of the statistics (cchc.stats) -------------------------------------------------------------


def _target(unit):
    from cchc.stats.models import Target

    return Target.objects.create(
        unit=unit, year=2031, indicator="online", value=61.5, legal_basis=f"Nghị quyết chỉ tiêu {unit.code}"
    )


CASES["stats.target"] = ScopeCase(
    build=_target,
    detail_urls=lambda obj: [_history(obj)],
    list_urls=lambda unit: [
        reverse("stats:targets") + f"?unit={unit.code}&year=2031",
        reverse("stats:report") + f"?unit={unit.code}&period=year&year=2031",
    ],
    marker=lambda obj: obj.legal_basis,
)


# --- PAR index assessments (cchc.scoring) ---------------------------------------------------------------


def _assessment(unit):
    from cchc.scoring.models import Assessment, Framework

    return Assessment.objects.create(framework=Framework.objects.get(code="MAU-XA-2025"), unit=unit)


def _score(unit):
    from cchc.scoring.models import Score

    assessment = _assessment(unit)
    leaf = assessment.framework.criteria.filter(max_points__isnull=False).first()
    return Score.objects.create(
        assessment=assessment, criterion=leaf, self_score=1, explanation=f"Thuyết minh bí mật {unit.code}"
    )


def _score_evidence(unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.core.permissions import system_actor
    from cchc.scoring.services import score_evidence_add

    upload = SimpleUploadedFile(
        f"kiem-chung-{unit.code}.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    return score_evidence_add(score=_score(unit), uploaded=upload, actor=system_actor("test"))


CASES.update(
    {
        "scoring.assessment": ScopeCase(
            build=_assessment,
            detail_urls=lambda obj: [
                reverse("scoring:assessment", args=[obj.framework.code, obj.unit.code]),
                reverse("scoring:lost-points", args=[obj.framework.code, obj.unit.code]),
                _history(obj),
            ],
            list_urls=lambda unit: [reverse("scoring:ranking", args=["MAU-XA-2025"])],
            marker=lambda obj: f'href="/scoring/MAU-XA-2025/{obj.unit.code}/"',
        ),
        "scoring.score": ScopeCase(
            build=_score,
            detail_urls=lambda obj: [
                reverse("scoring:assessment", args=[obj.assessment.framework.code, obj.assessment.unit.code]),
                _history(obj),
            ],
        ),
        "scoring.scoreevidence": ScopeCase(
            build=_score_evidence,
            detail_urls=lambda obj: [reverse("scoring:evidence-download", args=[obj.pk])],
        ),
    }
)


# --- Inspections (cchc.inspections) ---------------------------------------------------------------------


def _inspection_plan(unit):
    from cchc.inspections.models import InspectionPlan

    return InspectionPlan.objects.create(unit=unit, year=2026, title=f"Kế hoạch kiểm tra bí mật {unit.code}")


def _inspection(unit):
    from datetime import date

    from cchc.inspections.models import Inspection

    return Inspection.objects.create(
        plan=_inspection_plan(unit),
        unit=unit,
        start_date=date(2026, 5, 9),
        end_date=date(2026, 5, 23),
        topics=f"Nội dung kiểm tra bí mật {unit.code}",
    )


def _team_member(unit):
    from cchc.inspections.models import TeamMember

    return TeamMember.objects.create(
        inspection=_inspection(unit),
        person=PersonFactory(unit=unit, full_name=f"Thành viên đoàn {unit.code}"),
        role="member",
    )


def _checklist_item(unit):
    from cchc.inspections.models import ChecklistItem

    return ChecklistItem.objects.create(
        inspection=_inspection(unit), source="free", code="TD-01", text=f"Nội dung kiểm tra riêng {unit.code}"
    )


def _item_evidence(unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.core.permissions import system_actor
    from cchc.inspections.services import item_evidence_add

    upload = SimpleUploadedFile(
        f"anh-hien-truong-{unit.code}.png", b"\x89PNG\r\n\x1a\n test", content_type="image/png"
    )
    return item_evidence_add(item=_checklist_item(unit), uploaded=upload, actor=system_actor("test"))


def _finding(unit):
    from cchc.inspections.models import Finding

    return Finding.objects.create(
        inspection=_inspection(unit), kind="shortcoming", text=f"Tồn tại bí mật của đơn vị {unit.code}"
    )


CASES.update(
    {
        "inspections.inspectionplan": ScopeCase(
            build=_inspection_plan,
            detail_urls=lambda obj: [
                *(
                    reverse(f"inspections:{name}", args=[obj.pk])
                    for name in ("plan-detail", "plan-schedule", "plan-schedule-docx", "inspection-create")
                ),
                _history(obj),
            ],
            list_urls=lambda unit: [reverse("inspections:plan-list")],
            marker=lambda obj: obj.title,
        ),
        "inspections.inspection": ScopeCase(
            build=_inspection,
            detail_urls=lambda obj: [
                *(
                    reverse(f"inspections:{name}", args=[obj.pk])
                    for name in (
                        "inspection-detail",
                        "inspection-team",
                        "finding-create",
                        "remediation",
                        "remediation-summary",
                    )
                ),
                reverse("inspections:notice-document", args=[obj.pk, "docx"]),
                reverse("inspections:notice-document", args=[obj.pk, "pdf"]),
                _history(obj),
            ],
            list_urls=lambda unit: [
                reverse("inspections:plan-list"),
                reverse("inspections:follow-up") + f"?unit={unit.code}",
            ],
            marker=lambda obj: f'href="{reverse("inspections:inspection-detail", args=[obj.pk])}"',
        ),
        "inspections.teammember": ScopeCase(build=_team_member),
        "inspections.checklistitem": ScopeCase(
            build=_checklist_item, detail_urls=lambda obj: [_history(obj)]
        ),
        "inspections.itemevidence": ScopeCase(
            build=_item_evidence,
            detail_urls=lambda obj: [reverse("inspections:evidence-download", args=[obj.pk])],
        ),
        "inspections.finding": ScopeCase(
            build=_finding,
            detail_urls=lambda obj: [reverse("inspections:finding-detail", args=[obj.pk]), _history(obj)],
            list_urls=lambda unit: [reverse("inspections:follow-up")],
            marker=lambda obj: obj.text,
            extra={"listed_nowhere": "the follow-up lists findings of issued notices; this one is a draft"},
        ),
    }
)
