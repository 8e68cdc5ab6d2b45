"""Separation of duties in remediation, and the notice issued with unchecked checklist items.

The inspected unit reports (cause, fix, evidence); only the inspection team (its leader or deputy, or an
inspector above the inspected unit) verifies, reopens or cancels — through the remediation page and through
the task page alike. The closure summary and the follow-up page read one selector, so they agree.
"""

from datetime import date

import pytest
from django.urls import reverse

from cchc.core.models import ChangeLog, Event
from cchc.inspections import selectors, services
from cchc.inspections.models import FindingKind, Inspection, InspectionStatus, ItemResult, MemberRole
from cchc.org.models import Role
from cchc.plans.models import Task, TaskStatus
from tests.factories import PersonFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def team_leader(province):
    """The team's leader: a person of another department, with no role on either unit."""
    user = UserFactory(username="truongdoan")
    PersonFactory(unit=province, full_name="Trưởng đoàn Kiểm tra", user=user)
    return user


@pytest.fixture
def issued(inspection, inspector, team_leader):
    """An issued inspection with two shortcomings (two remediation items), led by ``team_leader``."""
    services.team_set(
        inspection=inspection, members=[(team_leader.person, MemberRole.LEADER)], actor=inspector
    )
    for text, deadline in (("Sổ theo dõi chưa đầy đủ", date(2026, 6, 30)), ("Chưa niêm yết TTHC", None)):
        services.finding_add(
            inspection=inspection,
            kind=FindingKind.SHORTCOMING,
            text=text,
            request="Khắc phục",
            deadline=deadline,
            actor=inspector,
        )
    services.notice_issue(
        inspection=inspection,
        number="514/TBKL-SNV",
        notice_date=date(2026, 5, 26),
        signer="Giám đốc Sở Nội vụ",
        actor=inspector,
    )
    return inspection


def _items(inspection):
    findings = list(inspection.findings.order_by("position"))
    return [(f, services.remediation_task(f)) for f in findings]


def _snapshot(task: Task, finding) -> tuple:
    task.refresh_from_db()
    finding.refresh_from_db()
    return (
        task.status,
        task.deadline,
        task.title,
        task.cancel_reason,
        finding.verified_at,
        finding.reported_at,
    )


def test_the_inspected_units_officer_cannot_cancel_verify_reopen_or_move_its_item(client, officer, issued):
    (finding, task), _other = _items(issued)
    client.force_login(officer)
    client.post(
        reverse("inspections:remediation-action", args=[finding.pk, "report"]),
        {"cause": "Thiếu người", "fix": "Đã ghi chép đầy đủ"},
    )
    before = _snapshot(task, finding)
    logged = ChangeLog.objects.count()
    attempts = [
        (reverse("inspections:remediation-action", args=[finding.pk, "cancel"]), {"reason": "Tự hủy"}),
        (reverse("inspections:remediation-action", args=[finding.pk, "verify"]), {"note": ""}),
        (reverse("inspections:remediation-action", args=[finding.pk, "reopen"]), {"reason": "x"}),
        (reverse("plans:task-transition", args=[task.pk, "cancel"]), {"reason": "Tự hủy"}),
        (reverse("plans:task-transition", args=[task.pk, "done"]), {}),
        (
            reverse("plans:task-edit", args=[task.pk]),
            {"title": task.title, "deadline": "2027-06-30", "weight": "1"},
        ),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("plans:task-edit", args=[task.pk])).status_code == 403
    assert _snapshot(task, finding) == before and ChangeLog.objects.count() == logged
    page = _text(client.get(reverse("plans:task-detail", args=[task.pk])))
    assert "Hủy nhiệm vụ" not in page and 'data-testid="edit"' not in page


def test_a_role_only_on_the_inspected_unit_never_decides_even_as_inspector(client, issued, ward_a):
    (finding, task), _other = _items(issued)
    local = user_with_role(ward_a, Role.INSPECTOR, username="thanhtra.phuong")
    client.force_login(local)
    url = reverse("inspections:remediation-action", args=[finding.pk, "cancel"])
    assert client.post(url, {"reason": "Không còn phù hợp"}).status_code == 403
    task.refresh_from_db()
    assert task.status != TaskStatus.CANCELLED


def test_the_team_leader_cancels_with_a_reason_and_both_figures_leave_the_item_out(
    client, officer, team_leader, issued
):
    (first, first_task), (second, second_task) = _items(issued)
    client.force_login(team_leader)
    page = _text(client.get(reverse("inspections:remediation", args=[issued.pk])))
    assert 'data-testid="cancel-form"' in page
    cancel = reverse("inspections:remediation-action", args=[second.pk, "cancel"])
    refused = client.post(cancel, {"reason": "  "})
    assert refused.status_code == 200 and "Nêu lý do hủy nội dung khắc phục." in _text(refused)
    second_task.refresh_from_db()
    assert second_task.status != TaskStatus.CANCELLED
    assert client.post(cancel, {"reason": "Quy định đã bãi bỏ"}).status_code == 302
    second_task.refresh_from_db()
    assert second_task.status == TaskStatus.CANCELLED and second_task.cancel_reason == "Quy định đã bãi bỏ"
    assert Event.objects.filter(object_id=str(second.pk), verb="cancelled").exists()

    # the ward reports the first fix, the leader verifies it: 1 of 1 closed, and nothing left to follow up
    client.force_login(officer)
    client.post(
        reverse("inspections:remediation-action", args=[first.pk, "report"]),
        {"cause": "Thiếu người", "fix": "Đã ghi chép đầy đủ"},
    )
    client.force_login(team_leader)
    client.post(reverse("inspections:remediation-action", args=[first.pk, "verify"]), {"note": "Đạt"})
    summary = selectors.remediation_summary(issued)
    assert (summary["items_total"], summary["items_closed"], summary["percent_closed"]) == (1, 1, 100)
    client.force_login(officer)
    follow_up = _text(client.get(reverse("inspections:follow-up")))
    assert first.text not in follow_up and second.text not in follow_up
    assert selectors.open_findings(Inspection.objects.filter(pk=issued.pk)) == []


def test_the_summary_and_the_follow_up_page_agree_after_a_reopening(client, officer, inspector, issued):
    (first, _task), (second, _other) = _items(issued)
    client.force_login(officer)
    report = reverse("inspections:remediation-action", args=[first.pk, "report"])
    client.post(report, {"cause": "Thiếu người", "fix": "Đã ghi"})
    client.force_login(inspector)
    client.post(reverse("inspections:remediation-action", args=[first.pk, "verify"]), {"note": ""})
    client.post(reverse("inspections:remediation-action", args=[first.pk, "reopen"]), {"reason": "Chưa đủ"})
    summary = selectors.remediation_summary(issued)
    open_rows = selectors.open_findings(Inspection.objects.filter(pk=issued.pk))
    assert summary["items_total"] - summary["items_closed"] == len(open_rows) == 2
    body = _text(client.get(reverse("inspections:follow-up")))
    assert first.text in body and second.text in body


def test_issuing_with_unchecked_items_needs_the_confirmation_and_records_the_count(
    client, inspector, inspection
):
    services.checklist_generate(inspection=inspection, actor=inspector)
    total = inspection.checklist.count()
    first = inspection.checklist.order_by("position").first()
    services.checklist_check(item=first, result=ItemResult.MEETS, actor=inspector)
    services.finding_add(
        inspection=inspection, kind=FindingKind.SHORTCOMING, text="Sổ chưa đầy đủ", actor=inspector
    )
    client.force_login(inspector)
    detail = _text(client.get(reverse("inspections:inspection-detail", args=[inspection.pk])))
    assert 'data-testid="unchecked-warning"' in detail and f"{total - 1}" in detail
    url = reverse("inspections:notice-issue", args=[inspection.pk])
    data = {"number": "9/TBKL-SNV", "notice_date": "2026-05-26", "signer": "Giám đốc"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and f"Còn {total - 1}/{total} nội dung kiểm tra" in _text(refused)
    inspection.refresh_from_db()
    assert inspection.status != InspectionStatus.ISSUED and not Task.objects.exists()

    assert client.post(url, {**data, "confirm_unchecked": "on"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.ISSUED and inspection.unchecked_at_issue == total - 1
    event = Event.objects.get(object_id=str(inspection.pk), verb="issued")
    assert event.data["unchecked"] == total - 1 and "đã xác nhận" in event.message
    page = _text(client.get(reverse("inspections:inspection-detail", args=[inspection.pk])))
    assert 'data-testid="unchecked-at-issue"' in page


def test_a_fully_checked_checklist_issues_without_asking(client, inspector, inspection):
    services.checklist_add(inspection=inspection, text="Niêm yết TTHC", actor=inspector)
    item = inspection.checklist.get()
    services.checklist_check(item=item, result=ItemResult.MEETS, actor=inspector)
    services.finding_add(inspection=inspection, kind=FindingKind.STRENGTH, text="Tốt", actor=inspector)
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:notice-issue", args=[inspection.pk]),
        {"number": "10/TBKL-SNV", "notice_date": "2026-05-26", "signer": "Giám đốc"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.unchecked_at_issue == 0
