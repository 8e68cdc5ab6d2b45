"""Inspections: checklist generation, findings, the notice's lock, the remediation item lifecycle, recurrence."""  # noqa: E501

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cchc.core.errors import DomainError
from cchc.core.indicators import evaluate
from cchc.core.permissions import can, system_actor
from cchc.inspections import services
from cchc.inspections.models import FindingKind, InspectionStatus, ItemResult, ItemSource
from cchc.inspections.selectors import live_figures, open_findings, remediation_summary
from cchc.plans.models import TaskKind, TaskStatus
from cchc.scoring.models import Framework
from tests.factories import PersonFactory

SYSTEM = system_actor("test")


def shortcoming(inspection, inspector, text="Sổ theo dõi hồ sơ chưa cập nhật đầy đủ", **kwargs):
    kwargs.setdefault("deadline", date(2026, 8, 31))
    return services.finding_add(
        inspection=inspection,
        kind=FindingKind.SHORTCOMING,
        text=text,
        request="Cập nhật sổ",
        actor=inspector,
        **kwargs,
    )


def issue(inspection, inspector, number="514/TBKL-SNV"):
    return services.notice_issue(
        inspection=inspection,
        number=number,
        notice_date=date(2026, 6, 1),
        signer="Giám đốc Sở Nội vụ",
        confirm_unchecked=True,
        actor=inspector,
    )


def test_the_checklist_is_generated_from_the_units_framework_and_the_one_stop_rules(inspection, inspector):
    assert inspection.framework == Framework.objects.get(code="MAU-XA-2025")
    added = services.checklist_generate(inspection=inspection, actor=inspector)
    leaves = inspection.framework.criteria.filter(max_points__isnull=False)
    items = list(inspection.checklist.all())
    criterion_items = [i for i in items if i.source == ItemSource.CRITERION]
    assert added == len(items) and [i.code for i in criterion_items] == list(
        leaves.values_list("code", flat=True)
    )
    assert {i.code for i in items if i.source == ItemSource.ONESTOP} >= {"MC-01", "MC-02", "MC-03", "KH-01"}
    rule_leaf = leaves.filter(method="rule", rule__contains="on_time_rate").first()
    assert next(i for i in criterion_items if i.code == rule_leaf.code).figure == "on_time_rate"
    assert services.checklist_generate(inspection=inspection, actor=inspector) == 0


def test_live_figures_equal_the_statistics_modules(inspection, inspector, ward_a):
    from cchc.stats.selectors import period_counts
    from tests.factories import dossier_for

    local = ZoneInfo("Asia/Ho_Chi_Minh")
    start = datetime(2026, 3, 2, 9, tzinfo=local)
    for i, late in enumerate([False, False, True]):
        received = start + timedelta(days=7 * i)
        dossier_for(
            ward_a,
            code=f"LF-{i}",
            received_at=received,
            due_at=received + timedelta(days=3),
            finished_at=received + timedelta(days=5 if late else 1),
            returned_at=received + timedelta(days=5 if late else 1, hours=1),
            outcome="approved",
            channel="online" if i else "direct",
        )
    services.checklist_generate(inspection=inspection, actor=inspector)
    figures = live_figures(inspection)
    counts = period_counts(unit=ward_a, subtree=True, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert (
        (figures["on_time_rate"].numerator, figures["on_time_rate"].denominator)
        == (
            counts["timely"],
            counts["resolved"],
        )
        == (2, 3)
    )
    assert figures["online_rate"] == evaluate("online_rate", ward_a, 2026)
    assert figures["overdue_task_rate"] == evaluate("overdue_task_rate", ward_a, 2026)


def test_a_shortcoming_on_a_checklist_item_needs_a_note(inspection, inspector):
    services.checklist_generate(inspection=inspection, actor=inspector)
    item = inspection.checklist.get(code="MC-07")
    with pytest.raises(DomainError):
        services.checklist_check(item=item, result=ItemResult.SHORTCOMING, actor=inspector)
    services.checklist_check(
        item=item, result=ItemResult.SHORTCOMING, note="Sổ chưa cập nhật", actor=inspector
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_the_inspected_units_officer_cannot_fill_the_checklist_or_issue(inspection, officer, inspector):
    services.checklist_generate(inspection=inspection, actor=inspector)
    with pytest.raises(DomainError):
        services.checklist_check(item=inspection.checklist.first(), result=ItemResult.MEETS, actor=officer)
    shortcoming(inspection, inspector)
    with pytest.raises(DomainError):
        issue(inspection, officer)
    inspection.refresh_from_db()
    assert inspection.status != InspectionStatus.ISSUED


def test_issuing_the_notice_locks_the_inspection_and_creates_remediation_items(inspection, inspector, ward_a):
    services.checklist_generate(inspection=inspection, actor=inspector)
    services.finding_add(
        inspection=inspection, kind=FindingKind.STRENGTH, text="Bố trí công chức đủ", actor=inspector
    )
    finding = shortcoming(inspection, inspector)
    issue(inspection, inspector)
    inspection.refresh_from_db()
    assert inspection.locked and inspection.notice_number == "514/TBKL-SNV"
    task = services.remediation_task(finding)
    assert (task.kind, task.unit, task.deadline, task.status) == (
        TaskKind.REMEDIATION,
        ward_a,
        date(2026, 8, 31),
        TaskStatus.NOT_STARTED,
    )
    for write in (
        lambda: shortcoming(inspection, inspector, text="Thêm sau khi ban hành"),
        lambda: services.checklist_check(item=inspection.checklist.first(), result="meets", actor=inspector),
        lambda: issue(inspection, inspector, number="515/TBKL"),
    ):
        with pytest.raises(DomainError) as exc:
            write()
        assert "514/TBKL-SNV" in exc.value.message
    assert inspection.findings.count() == 2


def test_a_notice_without_findings_is_refused(inspection, inspector):
    with pytest.raises(DomainError):
        issue(inspection, inspector)


def test_the_remediation_item_lifecycle_report_verify_reopen(inspection, inspector, officer, ward_a):
    from cchc.plans.services import task_complete

    finding = shortcoming(inspection, inspector)
    issue(inspection, inspector)
    task = services.remediation_task(finding)
    with pytest.raises(DomainError):  # the owner cannot close it by itself
        task_complete(task=task, actor=officer)
    with pytest.raises(DomainError):  # nothing reported yet
        services.remediation_verify(finding=finding, actor=inspector)
    services.remediation_report(
        finding=finding, cause="Thiếu người", fix="Đã cập nhật sổ đến 30/6", actor=officer
    )
    with pytest.raises(DomainError):  # the unit cannot verify its own fix
        services.remediation_verify(finding=finding, actor=officer)
    services.remediation_verify(finding=finding, actor=inspector)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and remediation_summary(inspection)["items_closed"] == 1
    services.remediation_reopen(finding=finding, reason="Sổ tháng 7 chưa cập nhật", actor=inspector)
    task.refresh_from_db()
    finding.refresh_from_db()
    assert (
        task.status == TaskStatus.IN_PROGRESS and finding.verified_at is None and finding.reported_at is None
    )
    assert remediation_summary(inspection)["items_closed"] == 0


def test_the_remediation_summary_counts_closed_and_overdue_items(inspection, inspector, officer):
    findings = [
        shortcoming(inspection, inspector, text=f"Tồn tại {i}", deadline=date(2026, 7, 1) if i < 2 else None)
        for i in range(3)
    ]
    assert remediation_summary(inspection)["percent_closed"] is None  # no item before the notice
    issue(inspection, inspector)
    services.remediation_report(finding=findings[0], cause="c", fix="f", actor=officer)
    services.remediation_verify(finding=findings[0], actor=inspector)
    summary = remediation_summary(inspection, on=date(2026, 7, 2))
    assert summary == {
        "inspection": inspection.pk,
        "unit": "22945",
        "findings": 3,
        "items_total": 3,
        "items_closed": 1,
        "items_overdue": 1,
        "percent_closed": 33.33,
    }
    assert remediation_summary(inspection, on=date(2026, 7, 1))["items_overdue"] == 0


def test_a_shortcoming_found_again_a_year_later_is_marked_recurring(province, ward_a, inspector):
    from cchc.inspections.services import inspection_create, plan_create

    old_plan = plan_create(unit=province, year=2025, title="KH 2025", actor=inspector)
    old = inspection_create(
        plan=old_plan, unit=ward_a, start_date=date(2025, 5, 9), end_date=date(2025, 5, 23), actor=inspector
    )
    services.checklist_generate(inspection=old, actor=inspector)
    first = shortcoming(
        old, inspector, text="Niêm yết TTHC chưa có số trang", item=old.checklist.get(code="MC-08")
    )
    other = shortcoming(old, inspector, text="Hồ sơ các năm trước chưa được số hóa")
    new_plan = plan_create(unit=province, year=2026, title="KH 2026", actor=inspector)
    new = inspection_create(
        plan=new_plan, unit=ward_a, start_date=date(2026, 5, 9), end_date=date(2026, 5, 23), actor=inspector
    )
    services.checklist_generate(inspection=new, actor=inspector)
    again = shortcoming(
        new,
        inspector,
        text="Danh mục niêm yết thiếu số hiệu quyết định",
        item=new.checklist.get(code="MC-08"),
    )
    same_words = shortcoming(new, inspector, text="  hồ sơ các năm trước chưa được SỐ HÓA ")
    fresh = shortcoming(new, inspector, text="Chưa có kế hoạch rà soát TTHC")
    assert (again.recurrence_of, same_words.recurrence_of, fresh.recurrence_of) == (first, other, None)


def test_follow_up_lists_open_items_by_age(inspection, inspector, officer):
    findings = [
        shortcoming(inspection, inspector, text=f"Tồn tại {i}", deadline=date(2026, 6, 15)) for i in range(2)
    ]
    issue(inspection, inspector)
    services.remediation_report(finding=findings[0], cause="c", fix="f", actor=officer)
    services.remediation_verify(finding=findings[0], actor=inspector)
    rows = open_findings([inspection], on=date(2026, 6, 20))
    assert [(r.finding, r.age_days, r.overdue) for r in rows] == [(findings[1], 19, True)]


def test_remediation_closure_rate_feeds_the_par_rules(inspection, inspector, officer, ward_a):
    findings = [shortcoming(inspection, inspector, text=f"Tồn tại {i}") for i in range(4)]
    issue(inspection, inspector)
    for finding in findings[:3]:
        services.remediation_report(finding=finding, cause="c", fix="f", actor=officer)
        services.remediation_verify(finding=finding, actor=inspector)
    ratio = evaluate("remediation_closure_rate", ward_a, 2026)
    assert (ratio.numerator, ratio.denominator) == (3, 4)
    assert evaluate("remediation_closure_rate", ward_a, 2027).value is None


def test_the_team_has_one_leader(inspection, inspector, province):
    from cchc.inspections.models import MemberRole

    people = [PersonFactory(unit=province) for _ in range(2)]
    with pytest.raises(DomainError):
        services.team_set(
            inspection=inspection, members=[(p, MemberRole.LEADER) for p in people], actor=inspector
        )
    assert inspection.team.count() == 1


def test_a_team_member_from_another_department_sees_the_inspection_but_cannot_change_it(inspection, ward_b):
    from cchc.inspections.models import Finding, Inspection, MemberRole
    from tests.factories import UserFactory

    user = UserFactory(username="tuphap.member")
    member = PersonFactory(unit=ward_b, user=user, full_name="Thành viên Sở Tư pháp")
    services.team_set(inspection=inspection, members=[(member, MemberRole.MEMBER)], actor=SYSTEM)
    finding = Finding.objects.create(inspection=inspection, kind=FindingKind.SHORTCOMING, text="x")
    assert list(Inspection.objects.visible_to(user)) == [inspection]
    assert list(Finding.objects.visible_to(user)) == [finding]
    assert not Inspection.objects.visible_to(user, "change").exists()
    assert can(user, "inspections.inspection.inspect", inspection)
