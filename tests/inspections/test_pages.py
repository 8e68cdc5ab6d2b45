"""The inspections pages: every page renders; another unit's inspection is 404; the checklist filled through
the page (htmx and plain POST); a finding from a checklist item; the notice issued from the page locks it; the
remediation forms; the commune officer cannot issue or verify; the documents re-opened and read; the
follow-up page's queries do not grow with the findings."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from cchc.inspections import services
from cchc.inspections.models import (
    FindingKind,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    ItemResult,
    MemberRole,
)
from cchc.org.models import Role
from cchc.plans.models import TaskStatus
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.CCHC_EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def other_officer(ward_b):
    return user_with_role(ward_b, Role.PAR_OFFICER, username="cchc.b")


def shortcoming(inspection, inspector, text="Sổ theo dõi hồ sơ ghi chép chưa đầy đủ", **kwargs):
    kwargs.setdefault("deadline", date(2026, 6, 30))
    kwargs.setdefault("request", "Ghi chép đầy đủ sổ theo dõi")
    return services.finding_add(
        inspection=inspection, kind=FindingKind.SHORTCOMING, text=text, actor=inspector, **kwargs
    )


def issue(inspection, inspector, number="514/TBKL-SNV"):
    return services.notice_issue(
        inspection=inspection,
        number=number,
        notice_date=date(2026, 5, 26),
        signer="Nguyễn Văn Thành",
        confirm_unchecked=True,
        actor=inspector,
    )


@pytest.fixture
def issued(inspection, inspector):
    """An issued inspection: a strength, two shortcomings (one from a checklist item), their items."""
    services.checklist_generate(inspection=inspection, actor=inspector)
    item = inspection.checklist.get(code="MC-07")
    services.checklist_check(
        item=item, result=ItemResult.SHORTCOMING, note="Sổ thiếu ngày chuyển", actor=inspector
    )
    services.finding_add(
        inspection=inspection, kind=FindingKind.STRENGTH, text="Niêm yết TTHC có mã QR", actor=inspector
    )
    shortcoming(inspection, inspector, item=item)
    shortcoming(
        inspection,
        inspector,
        text="Chưa số hóa hồ sơ còn hiệu lực",
        request="Số hóa hồ sơ năm 2024",
        deadline=date(2026, 9, 30),
        records=[{"kind": "dossier", "code": "000.00.22.H36-260512-0001"}],
    )
    issue(inspection, inspector)
    inspection.refresh_from_db()
    return inspection


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response


def text(response) -> str:
    return response.content.decode()


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def urls_of(inspection) -> list[str]:
    finding = inspection.findings.filter(kind=FindingKind.SHORTCOMING).first()
    return [
        reverse("inspections:inspection-detail", args=[inspection.pk]),
        reverse("inspections:remediation", args=[inspection.pk]),
        reverse("inspections:remediation-summary", args=[inspection.pk]),
        reverse("inspections:remediation-report", args=[inspection.pk]),
        reverse("inspections:remediation-report-docx", args=[inspection.pk]),
        reverse("inspections:notice-document", args=[inspection.pk, "docx"]),
        reverse("inspections:notice-document", args=[inspection.pk, "pdf"]),
        reverse("inspections:finding-detail", args=[finding.pk]),
    ]


def test_every_page_renders_for_the_inspector(client, inspector, issued, ward_a):
    client.force_login(inspector)
    plan = issued.plan
    for url in [
        reverse("inspections:plan-list"),
        reverse("inspections:plan-list") + "?year=2026",
        reverse("inspections:plan-create"),
        reverse("inspections:plan-detail", args=[plan.pk]),
        reverse("inspections:plan-schedule", args=[plan.pk]),
        reverse("inspections:plan-schedule-docx", args=[plan.pk]),
        reverse("inspections:inspection-create", args=[plan.pk]),
        reverse("inspections:finding-create", args=[issued.pk]),
        reverse("inspections:follow-up"),
        reverse("inspections:follow-up") + "?unit=22945",
        reverse("inspections:follow-up") + "?format=csv",
        *urls_of(issued),
    ]:
        get(client, url)
    body = text(get(client, reverse("inspections:plan-list")))
    assert "Phường Phan Thiết" in body and "514/TBKL-SNV (26/05/2026)" in body
    summary = get(client, reverse("inspections:remediation-summary", args=[issued.pk]), format="json").json()
    assert summary == {
        "inspection": issued.pk,
        "unit": "22945",
        "findings": 2,
        "items_total": 2,
        "items_closed": 0,
        "items_overdue": summary["items_overdue"],
        "percent_closed": 0,
    }


def test_the_inspected_units_officer_sees_the_inspection_but_not_the_plan(client, officer, issued):
    client.force_login(officer)
    body = text(get(client, reverse("inspections:plan-list")))
    assert "Phường Phan Thiết" in body and issued.plan.title not in body
    for url in urls_of(issued):
        get(client, url)
    get(client, reverse("inspections:plan-detail", args=[issued.plan.pk]), status=404)
    detail = text(get(client, reverse("inspections:inspection-detail", args=[issued.pk])))
    assert 'data-testid="issued"' in detail and "save-item" not in detail and "notice-form" not in detail


def test_another_units_inspection_is_404(client, other_officer, issued):
    client.force_login(other_officer)
    for url in urls_of(issued):
        get(client, url, status=404)
    item = issued.checklist.first()
    assert (
        client.post(reverse("inspections:item-check", args=[item.pk]), {"result": "meets"}).status_code == 404
    )
    finding = issued.findings.filter(kind=FindingKind.SHORTCOMING).first()
    response = client.post(
        reverse("inspections:remediation-action", args=[finding.pk, "report"]), {"cause": "x", "fix": "y"}
    )
    assert response.status_code == 404
    assert "Phường Phan Thiết" not in text(get(client, reverse("inspections:plan-list")))
    assert "Sổ theo dõi" not in text(get(client, reverse("inspections:follow-up")))
    get(client, reverse("inspections:follow-up"), status=404, unit="22945")


def test_the_inspector_fills_the_checklist_on_the_page(client, inspector, inspection):
    client.force_login(inspector)
    detail = reverse("inspections:inspection-detail", args=[inspection.pk])
    client.post(reverse("inspections:checklist-generate", args=[inspection.pk]))
    body = text(get(client, detail))
    assert "MC-07" in body and "hồ sơ đã giải quyết" in body  # the live figure beside MC-01 (no dossier)
    item = inspection.checklist.get(code="MC-07")
    url = reverse("inspections:item-check", args=[item.pk])

    refused = client.post(url, {"result": "shortcoming", "note": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and "Ghi rõ tồn tại, hạn chế" in text(refused)
    assert 'data-testid="item-error"' in text(refused)
    item.refresh_from_db()
    assert item.result == ""

    saved = client.post(
        url, {"result": "shortcoming", "note": "Sổ thiếu ngày chuyển"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-result="shortcoming"' in text(saved) and "record-finding" in text(saved)
    assert "<html" not in text(saved)  # a fragment for htmx
    plain = client.post(
        reverse("inspections:item-check", args=[inspection.checklist.get(code="MC-01").pk]),
        {"result": "meets"},
    )
    assert plain.status_code == 302 and plain.url.endswith(
        f"#item-{inspection.checklist.get(code='MC-01').pk}"
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS

    client.post(reverse("inspections:checklist-add", args=[inspection.pk]), {"text": "Hộp thư góp ý"})
    assert inspection.checklist.filter(code="TD-01", text="Hộp thư góp ý").exists()
    upload = SimpleUploadedFile("anh-so-theo-doi.pdf", PDF, content_type="application/pdf")
    client.post(reverse("inspections:item-evidence", args=[item.pk]), {"file": upload})
    evidence = item.evidence.get()
    assert evidence.original_name == "anh-so-theo-doi.pdf"
    download = client.get(reverse("inspections:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    form = text(get(client, reverse("inspections:finding-create", args=[inspection.pk]), item=item.pk))
    assert "Sổ thiếu ngày chuyển" in form
    response = client.post(
        reverse("inspections:finding-create", args=[inspection.pk]),
        {
            "kind": "shortcoming",
            "text": "Sổ theo dõi hồ sơ ghi chép chưa đầy đủ",
            "item": item.pk,
            "dossiers": "000.00.22.H36-260512-0001",
            "tasks": "",
            "request": "Ghi chép đầy đủ",
            "deadline": "2026-06-30",
        },
    )
    assert response.status_code == 302
    finding = inspection.findings.get()
    assert (finding.item, finding.deadline, finding.records) == (
        item,
        date(2026, 6, 30),
        [{"kind": "dossier", "code": "000.00.22.H36-260512-0001"}],
    )
    body = text(get(client, detail))
    assert "30/06/2026" in body and reverse("dossiers:detail", args=["000.00.22.H36-260512-0001"]) in body


def test_a_finding_without_text_shows_the_services_message_next_to_the_field(client, inspector, inspection):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:finding-create", args=[inspection.pk]), {"kind": "strength", "text": "  "}
    )
    assert response.status_code == 200 and "Nhập nội dung kết luận." in text(response)
    assert not inspection.findings.exists()


def test_issuing_from_the_page_locks_it_and_shows_no_edit_forms(client, inspector, inspection):
    services.checklist_generate(inspection=inspection, actor=inspector)
    shortcoming(inspection, inspector)
    client.force_login(inspector)
    url = reverse("inspections:notice-issue", args=[inspection.pk])
    refused = client.post(url, {"number": "", "notice_date": "2026-05-26", "signer": "Nguyễn Văn Thành"})
    assert "Nhập số thông báo kết luận." in text(refused)
    response = client.post(
        url,
        {
            "number": "88/TBKL-SNV",
            "notice_date": "2026-05-26",
            "signer": "Nguyễn Văn Thành",
            "confirm_unchecked": "on",
        },
    )
    assert response.status_code == 302
    body = text(get(client, reverse("inspections:inspection-detail", args=[inspection.pk])))
    assert 'data-testid="issued"' in body and "88/TBKL-SNV" in body
    for form in ("save-item", "notice-form", "generate-checklist", "free-item-form", "add-shortcoming"):
        assert form not in body
    assert 'data-testid="remediation-link"' in body


def test_a_commune_officer_cannot_issue_the_notice(client, officer, inspector, inspection):
    shortcoming(inspection, inspector)
    client.force_login(officer)
    response = client.post(
        reverse("inspections:notice-issue", args=[inspection.pk]),
        {"number": "1/TBKL", "notice_date": "2026-05-26", "signer": "X", "confirm_unchecked": "on"},
    )
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.status != InspectionStatus.ISSUED and inspection.notice_number == ""
    assert not services.remediation_task(inspection.findings.get())


def test_the_unit_reports_the_inspector_verifies_and_the_officer_cannot(client, officer, inspector, issued):
    finding = issued.findings.filter(kind=FindingKind.SHORTCOMING).order_by("position").first()
    task = services.remediation_task(finding)
    remediation = reverse("inspections:remediation", args=[issued.pk])
    report = reverse("inspections:remediation-action", args=[finding.pk, "report"])
    verify = reverse("inspections:remediation-action", args=[finding.pk, "verify"])

    client.force_login(officer)
    page = text(get(client, remediation))
    assert 'data-testid="report-form"' in page and 'data-testid="verify-form"' not in page
    assert reverse("plans:task-detail", args=[task.pk]) in page
    missing = client.post(report, {"cause": "Thiếu người", "fix": ""})
    assert "Nêu rõ nguyên nhân và kết quả khắc phục." in text(missing)
    client.post(report, {"cause": "Thiếu người", "fix": "Đã ghi chép đầy đủ sổ theo dõi"})
    finding.refresh_from_db()
    assert finding.reported_at is not None and finding.fix == "Đã ghi chép đầy đủ sổ theo dõi"

    response = client.post(verify, {"note": ""})
    assert response.status_code == 403
    finding.refresh_from_db()
    task.refresh_from_db()
    assert finding.verified_at is None and task.status != TaskStatus.DONE

    client.force_login(inspector)
    page = text(get(client, remediation))
    assert 'data-testid="verify-form"' in page
    client.post(verify, {"note": "Đã kiểm tra sổ"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    summary = text(get(client, reverse("inspections:remediation-summary", args=[issued.pk])))
    assert 'data-field="items_closed">1<' in summary and "50,00%" in summary

    reopen = reverse("inspections:remediation-action", args=[finding.pk, "reopen"])
    assert "Nêu lý do chưa đạt." in text(client.post(reopen, {"reason": ""}))
    client.post(reopen, {"reason": "Sổ tháng 7 chưa ghi"})
    task.refresh_from_db()
    assert task.status != TaskStatus.DONE


def test_the_notice_docx_has_the_number_unit_findings_and_deadlines(client, inspector, issued):
    client.force_login(inspector)
    response = get(client, reverse("inspections:notice-document", args=[issued.pk, "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = docx_text(response.content)
    for expected in (
        "Số: 514/TBKL-SNV",
        "THÔNG BÁO",
        "Kết luận kiểm tra công tác cải cách hành chính tại Ủy ban nhân dân phường Phan Thiết",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ngày 26 tháng 5 năm 2026",
        "Trưởng đoàn Nội vụ",
        "Niêm yết TTHC có mã QR",
        "Sổ theo dõi hồ sơ ghi chép chưa đầy đủ",
        "Chưa số hóa hồ sơ còn hiệu lực",
        "Ghi chép đầy đủ sổ theo dõi",
        "30/06/2026",
        "30/09/2026",
        "TRƯỞNG ĐOÀN",
        "Nguyễn Văn Thành",
    ):
        assert expected in content, expected
    assert "DỰ THẢO" not in content
    document = Document(BytesIO(response.content))
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_draft_notice_and_the_pdf(client, inspector, inspection):
    from pypdf import PdfReader

    shortcoming(inspection, inspector)
    client.force_login(inspector)
    draft = docx_text(
        get(client, reverse("inspections:notice-document", args=[inspection.pk, "docx"])).content
    )
    assert "DỰ THẢO" in draft and "514/TBKL" not in draft
    issue(inspection, inspector)
    pdf = get(client, reverse("inspections:notice-document", args=[inspection.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    words = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "514/TBKL-SNV" in words and "Phan Thiết" in words


def test_the_schedule_and_the_remediation_report_documents(client, inspector, officer, issued):
    client.force_login(inspector)
    schedule = docx_text(
        get(client, reverse("inspections:plan-schedule-docx", args=[issued.plan.pk])).content
    )
    assert "LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026" in schedule
    assert "Phường Phan Thiết" in schedule and "Trưởng đoàn Nội vụ" in schedule and "09/05/2026" in schedule
    finding = issued.findings.filter(kind=FindingKind.SHORTCOMING).order_by("position").first()
    services.remediation_report(finding=finding, cause="Thiếu người", fix="Đã ghi sổ", actor=officer)
    services.remediation_verify(finding=finding, actor=inspector)
    client.force_login(officer)
    page = text(get(client, reverse("inspections:remediation-report", args=[issued.pk])))
    assert "1/2" in page
    report = docx_text(get(client, reverse("inspections:remediation-report-docx", args=[issued.pk])).content)
    assert "Thông báo kết luận số 514/TBKL-SNV" in report
    assert "Đã khắc phục (Đoàn kiểm tra xác nhận ngày" in report and "Chưa khắc phục" in report
    assert "Thiếu người" in report and "Đã ghi sổ" in report


def test_planning_pages_create_a_plan_and_schedule_an_inspection(client, inspector, province, ward_b):
    leader = PersonFactory(unit=province, full_name="Nguyễn Văn Thành")
    secretary = PersonFactory(unit=province, full_name="Đỗ Minh Khoa")
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:plan-create"),
        {"unit": "68", "year": 2027, "title": "Kế hoạch kiểm tra CCHC năm 2027", "doc_number": "12/KH-UBND"},
    )
    plan = province.inspection_plans.get(year=2027)
    assert response.url == reverse("inspections:plan-detail", args=[plan.pk])
    twice = client.post(
        reverse("inspections:inspection-create", args=[plan.pk]),
        {
            "unit": ward_b.pk,
            "start_date": "2027-05-10",
            "end_date": "2027-05-11",
            "leader": leader.pk,
            "secretary": leader.pk,
        },
    )
    assert twice.status_code == 200 and "được chọn hai lần" in text(twice)
    client.post(
        reverse("inspections:inspection-create", args=[plan.pk]),
        {
            "unit": ward_b.pk,
            "start_date": "2027-05-10",
            "end_date": "2027-05-11",
            "topics": "Một cửa",
            "leader": leader.pk,
            "secretary": secretary.pk,
        },
    )
    inspection = Inspection.objects.get(plan=plan)
    assert {(m.person, m.role) for m in inspection.team.all()} == {
        (leader, MemberRole.LEADER),
        (secretary, MemberRole.SECRETARY),
    }
    schedule = text(get(client, reverse("inspections:plan-schedule", args=[plan.pk])))
    assert "Phường Hàm Thắng" in schedule and "10/05/2027 - 11/05/2027" in schedule


def test_an_inspecting_unit_outside_the_inspectors_scope_is_refused(client, inspector, ward_b):
    client.force_login(inspector)
    response = client.post(reverse("inspections:plan-create"), {"unit": "01", "year": 2027, "title": "X"})
    assert response.status_code == 200
    assert "Không có đơn vị mang mã này trong phạm vi của bạn." in text(response)
    assert not InspectionPlan.objects.filter(year=2027).exists()


def test_a_commune_officer_cannot_plan(client, officer, plan):
    client.force_login(officer)
    response = client.post(reverse("inspections:plan-create"), {"unit": "22945", "year": 2027, "title": "X"})
    assert response.status_code == 403 and not InspectionPlan.objects.filter(year=2027).exists()
    assert client.get(reverse("inspections:inspection-create", args=[plan.pk])).status_code == 404


def test_recurring_shortcomings_are_marked_on_the_pages(client, inspector, issued, ward_a, province):
    plan = services.plan_create(unit=province, year=2027, title="Kế hoạch kiểm tra 2027", actor=inspector)
    later = services.inspection_create(
        plan=plan, unit=ward_a, start_date=date(2027, 5, 10), end_date=date(2027, 5, 11), actor=inspector
    )
    again = shortcoming(later, inspector)
    issue(later, inspector, number="12/TBKL-SNV")
    client.force_login(inspector)
    body = text(get(client, reverse("inspections:inspection-detail", args=[later.pk])))
    assert 'data-testid="recurring"' in body and "(đã nêu năm 2026)" in body
    assert reverse("inspections:finding-detail", args=[again.recurrence_of_id]) in body
    follow = text(get(client, reverse("inspections:follow-up"), unit="22945"))
    assert follow.count('data-testid="recurring"') == 1
    notice = docx_text(get(client, reverse("inspections:notice-document", args=[later.pk, "docx"])).content)
    assert "Tồn tại lặp lại so với kỳ kiểm tra năm 2026." in notice


def test_the_follow_up_page_queries_do_not_grow_with_the_findings(
    client, inspector, province, ward_a, ward_b, django_assert_max_num_queries
):
    plan = services.plan_create(unit=province, year=2026, title="Kế hoạch", actor=inspector)

    def inspected(unit, count, number):
        inspection = services.inspection_create(
            plan=plan, unit=unit, start_date=date(2026, 3, 2), end_date=date(2026, 3, 3), actor=inspector
        )
        for i in range(count):
            shortcoming(inspection, inspector, text=f"Tồn tại số {number}-{i}", deadline=date(2026, 4, 1 + i))
        issue(inspection, inspector, number=f"{number}/TBKL-SNV")

    inspected(ward_a, 2, 1)
    client.force_login(inspector)
    url = reverse("inspections:follow-up")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    inspected(ward_a, 8, 2)
    inspected(ward_b, 8, 3)
    with django_assert_max_num_queries(len(few.captured_queries) + 4):  # + the second unit's calendar
        body = text(client.get(url))
    assert body.count('data-testid="open-finding"') == 18 and 'data-testid="overdue"' in body


def test_the_team_is_changed_on_its_page_until_the_notice_is_issued(client, inspector, inspection, province):
    deputy = PersonFactory(unit=province, full_name="Lê Thị Thu Trang")
    leader = inspection.team.get().person
    client.force_login(inspector)
    url = reverse("inspections:inspection-team", args=[inspection.pk])
    assert "selected" in text(get(client, url))
    client.post(url, {"leader": leader.pk, "deputy": deputy.pk})
    assert {(m.person, m.role) for m in inspection.team.all()} == {
        (leader, MemberRole.LEADER),
        (deputy, MemberRole.DEPUTY),
    }
    shortcoming(inspection, inspector)
    issue(inspection, inspector)
    refused = client.post(url, {"leader": deputy.pk})
    assert "514/TBKL-SNV" in text(refused) and inspection.team.get(role=MemberRole.LEADER).person == leader


def test_the_summary_page_judges_overdue_on_the_date_asked(client, inspector, issued):
    client.force_login(inspector)
    url = reverse("inspections:remediation-summary", args=[issued.pk])
    before = text(get(client, url, date="2026-06-30"))
    assert 'data-field="items_overdue"' in before and 'value="2026-06-30"' in before
    assert get(client, url, date="2026-06-30", format="json").json()["items_overdue"] == 0
    assert get(client, url, date="2026-07-01", format="json").json()["items_overdue"] == 1
    assert 'class="error" role="alert"' in text(get(client, url, date="2026-02-30"))
