"""The PAR index pages: framework list and tree, ranking (scoped, framework-wide ranks, year over year)
with its XLSX and DOCX, a unit's assessment through the whole cycle, lost points and recovery tasks, and
the demo."""

from io import BytesIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.core.concurrency import version_of
from cchc.core.models import ChangeLog, Event
from cchc.core.permissions import system_actor
from cchc.org.models import Person, Role
from cchc.plans.models import Task, TaskKind
from cchc.scoring import services
from cchc.scoring.frameworks import import_framework
from cchc.scoring.models import Assessment, AssessmentStatus, Criterion, CriterionMapping, Framework, Score
from tests.conftest import EXAMPLES
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("test")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.CCHC_EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.CCHC_EVIDENCE_ROOT


@pytest.fixture
def scored(example_framework):
    """VD-XA-2025 with the contract's scores file: 22945, 22933, 22918 and 22960 (all in draft)."""
    text = (EXAMPLES / "scores-example.csv").read_text(encoding="utf-8")
    services.import_scores(framework=example_framework, text=text, actor=SYSTEM)
    return example_framework


@pytest.fixture
def officer(ward_a):
    user = user_with_role(ward_a, Role.PAR_OFFICER, username="cchc.a")
    PersonFactory(unit=ward_a, full_name="Lê Minh Tuấn", user=user)
    PersonFactory(unit=ward_a, full_name="Phạm Thị Lan")
    return user


@pytest.fixture
def officer_b(ward_b):
    return user_with_role(ward_b, Role.PAR_OFFICER, username="cchc.b")


@pytest.fixture
def inspector(province):
    return user_with_role(province, Role.INSPECTOR, username="noivu.t")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else response


def page_url(framework, unit_code, name="scoring:assessment", *rest):
    return reverse(name, args=[framework.code, unit_code, *rest])


def leaf_url(framework, unit_code, code, action):
    return reverse(f"scoring:leaf-{action}", args=[framework.code, unit_code, code])


def score_of(framework, unit_code, code) -> Score:
    return Score.objects.get(
        assessment__framework=framework, assessment__unit__code=unit_code, criterion__code=code
    )


def assessment_of(framework, unit_code) -> Assessment:
    return Assessment.objects.get(framework=framework, unit__code=unit_code)


# --- frameworks --------------------------------------------------------------------------------------------


def test_the_menu_leads_to_the_framework_list_with_leaves_and_points(client, officer, scored):
    client.force_login(officer)
    assert 'href="/scoring/"' in get(client, reverse("home"))
    body = get(client, reverse("scoring:framework-list"))
    assert "VD-XA-2025" in body and "MAU-XA-2025" in body and "MAU-TINH-2025" in body
    row = body.split("VD-XA-2025</a>")[1].split("</tr>")[0]
    assert ">5<" in row and ">10<" in row  # 5 leaves, 10 points


def test_the_framework_page_shows_the_tree_with_methods_and_a_yaml_download(client, officer, scored):
    client.force_login(officer)
    body = get(client, reverse("scoring:framework-detail", args=["MAU-XA-2025"]))
    assert "Mức độ hoàn thành kế hoạch CCHC năm" in body
    assert "plan_completion_rate" in body and "Tính từ dữ liệu hệ thống" in body
    assert "Điều tra xã hội học" in body and "Quyết định ban hành kế hoạch CCHC năm" in body
    body = get(client, reverse("scoring:framework-detail", args=["MAU-TINH-2025"]))
    assert "lĩnh vực không bắt buộc" in body and "14,5" in body and "15,5" in body
    response = client.get(reverse("scoring:framework-export", args=["VD-XA-2025"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = yaml.safe_load(response.content.decode())
    assert data["code"] == "VD-XA-2025" and data["criteria"][1]["children"][0]["children"][0]["max"] == 2.5


def test_an_unknown_framework_is_404(client, officer):
    client.force_login(officer)
    get(client, reverse("scoring:framework-detail", args=["KHONG-CO"]), status=404)
    get(client, reverse("scoring:ranking", args=["KHONG-CO"]), status=404)


# --- ranking -----------------------------------------------------------------------------------------------


def test_the_inspector_sees_every_unit_ranked_with_vietnamese_percentages(client, inspector, scored):
    client.force_login(inspector)
    body = get(client, reverse("scoring:ranking", args=[scored.code]))
    for text in ("Phường Phan Thiết", "Phường Hàm Thắng", "Phường Mũi Né", "Phường Bình Thuận"):
        assert text in body
    assert "100,00%" in body and "87,50%" in body and "75,00%" in body
    assert "Xuất sắc" in body and "Tốt" in body and "Khá" in body
    assert "83,33" in body  # the sub-index of area 2 of Hàm Thắng
    assert page_url(scored, "22933") in body
    assert body.index("Phường Phan Thiết") < body.index("Phường Hàm Thắng") < body.index("Phường Mũi Né")


def test_a_commune_officer_sees_only_their_unit_with_the_framework_wide_rank(client, officer_b, scored):
    client.force_login(officer_b)
    body = get(client, reverse("scoring:ranking", args=[scored.code]))
    assert "Phường Hàm Thắng" in body and "87,50%" in body
    assert "Phường Phan Thiết" not in body and "Phường Mũi Né" not in body
    row = body.split('data-unit="22933"')[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row  # rank 2 of 4, not 1 of 1


def test_the_ranking_compares_with_the_previous_year_through_the_mapping(client, inspector, scored):
    text = (EXAMPLES / "framework-example.yaml").read_text(encoding="utf-8")
    previous, _ = import_framework(
        text.replace("VD-XA-2025", "VD-XA-2024")
        .replace("year: 2025", "year: 2024")
        .replace('"2.2"', '"2.3"'),
        actor=SYSTEM,
    )
    CriterionMapping.objects.create(
        old_framework=previous, old_code="2.3", new_framework=scored, new_code="2.2"
    )
    services.import_scores(
        framework=previous,
        text="unit_code,criterion_code,self_score\n22933,1.1,1\n22933,1.2,3\n22933,2.1.1,2\n"
        "22933,2.1.2,0.5\n22933,2.3,1.5\n",
        actor=SYSTEM,
    )
    client.force_login(inspector)
    body = get(client, reverse("scoring:ranking", args=[scored.code]))
    assert "Năm 2024" in body and "VD-XA-2024" in body
    row = body.split('data-unit="22933"')[1].split("</tr>")[0]
    assert "80,00%" in row and "+7,50" in row  # 8/10 in 2024, 87.5 in 2025
    assert "chưa chấm" in body.split('data-unit="22945"')[1].split("</tr>")[0]
    body = get(client, page_url(scored, "22933"))
    tree = body.split('data-testid="assessment-tree"')[1]
    assert "1,5" in tree.split('id="leaf-2-2"')[1].split("</tr>")[0]  # last year's 2.3 shown on 2.2


def _ranking_queries(client, framework) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, reverse("scoring:ranking", args=[framework.code]))
    return len(queries)


def test_the_ranking_page_reads_a_fixed_number_of_queries_whatever_the_units(
    client, inspector, scored, django_assert_max_num_queries
):
    client.force_login(inspector)
    few = _ranking_queries(client, scored)
    lines = ["unit_code,criterion_code,self_score"]
    for unit in ("22954", "22969", "22972", "22978", "22981", "23005", "23089", "23095"):
        lines += [f"{unit},1.1,2", f"{unit},1.2,1.5", f"{unit},2.1.1,1", f"{unit},2.2,2"]
    services.import_scores(framework=scored, text="\n".join(lines) + "\n", actor=SYSTEM)
    assert Assessment.objects.filter(framework=scored).count() == 12
    with django_assert_max_num_queries(few):
        get(client, reverse("scoring:ranking", args=[scored.code]))


def test_the_xlsx_and_docx_downloads_hold_the_visible_ranking(client, inspector, officer_b, scored):
    from docx import Document
    from openpyxl import load_workbook

    client.force_login(inspector)
    response = client.get(reverse("scoring:ranking-xlsx", args=[scored.code]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(BytesIO(response.content))["Xếp hạng"]
    assert sheet["A1"].value.startswith("Kết quả Chỉ số CCHC năm 2025")
    assert [c.value for c in sheet[4]][:7] == [
        "Xếp hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Điểm đạt",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp loại",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[0][:7] == [1, "22945", "Phường Phan Thiết", 8, 8, 100, "Xuất sắc"]
    assert rows[1][:7] == [2, "22933", "Phường Hàm Thắng", 7, 8, 87.5, "Tốt"]
    assert [r[0] for r in rows] == [1, 2, 3, 3]

    response = client.get(reverse("scoring:ranking-docx", args=[scored.code]))
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PHỤ LỤC" in text and "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"]
    assert cells[2] == ["2", "Phường Hàm Thắng", "7", "8", "87,5", "Tốt"]

    client.force_login(officer_b)  # another unit's rows are not exported
    sheet = load_workbook(
        BytesIO(client.get(reverse("scoring:ranking-xlsx", args=[scored.code])).content)
    ).active
    assert [[c.value for c in row][:3] for row in sheet.iter_rows(min_row=5)] == [
        [2, "22933", "Phường Hàm Thắng"]
    ]
    document = Document(BytesIO(client.get(reverse("scoring:ranking-docx", args=[scored.code])).content))
    assert [r.cells[1].text for r in document.tables[0].rows[1:]] == ["Phường Hàm Thắng"]


# --- the assessment page -----------------------------------------------------------------------------------


def test_the_assessment_page_shows_each_leaf_with_its_origin(client, inspector, scored):
    client.force_login(inspector)
    body = get(client, page_url(scored, "22933"))
    assert "Phường Hàm Thắng" in body and "87,50%" in body and "Tốt" in body
    leaf = body.split('id="leaf-1-2"')[1].split("</tr>")[0]
    assert ">3<" in leaf and "2,5" in leaf and "nhập từ tệp" in leaf and "điều chỉnh" in leaf
    assert "không phát sinh" in body.split('id="leaf-2-2"')[1].split("</tr>")[0]
    assert reverse("core:history", args=["scoring", "assessment", assessment_of(scored, "22933").pk]) in body
    assert "nhập điểm từ tệp" in body.split('data-testid="timeline"')[1]


def test_another_units_assessment_is_404_everywhere(client, officer, scored):
    client.force_login(officer)
    assessment = assessment_of(scored, "22933")
    item = services.score_evidence_add(
        score=score_of(scored, "22933", "1.1"), uploaded=SimpleUploadedFile("kh.pdf", PDF), actor=SYSTEM
    )
    for url in (
        page_url(scored, "22933"),
        page_url(scored, "22933", "scoring:lost-points"),
        reverse("scoring:evidence-download", args=[item.pk]),
        reverse("core:history", args=["scoring", "assessment", assessment.pk]),
    ):
        get(client, url, status=404)
    response = client.post(leaf_url(scored, "22933", "1.1", "self"), {"self_score": "0"})
    assert response.status_code == 404
    response = client.post(reverse("scoring:assessment-action", args=[scored.code, "22933", "submit"]))
    assert response.status_code == 404
    assert (
        score_of(scored, "22933", "1.1").self_score == 2 and assessment_of(scored, "22933").status == "draft"
    )


def test_the_officer_self_assesses_a_leaf_with_evidence_and_submits(client, officer, scored):
    client.force_login(officer)
    lan = Person.objects.get(full_name="Phạm Thị Lan")
    response = client.post(
        leaf_url(scored, "22945", "2.2", "self"),
        {
            "self_score": "1,5",
            "explanation": "Đã liên thông 12 thủ tục.",
            "responsible": lan.pk,
            "version": version_of(score_of(scored, "22945", "2.2")),
        },
    )
    assert response.status_code == 302 and response.url.endswith("?open=2.2#leaf-2-2")
    assert "<details open" in get(client, response.url).split('id="leaf-2-2"')[1][:2000]
    score = score_of(scored, "22945", "2.2")
    assert (score.self_score, score.applicable, score.responsible, score.source) == (1.5, True, lan, "app")
    response = client.post(
        leaf_url(scored, "22945", "2.2", "evidence"),
        {"file": SimpleUploadedFile("lien-thong.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    item = score.evidence.get()
    download = client.get(reverse("scoring:evidence-download", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    body = get(client, page_url(scored, "22945"))
    assert "lien-thong.pdf" in body and "Phạm Thị Lan" in body and "9,5 / 10" in body and "95,00%" in body
    listed = body.split('data-testid="without-evidence"')[1].split("</ul>")[0]
    assert [c for c in ("1.1", "1.2", "2.1.1", "2.1.2", "2.2") if f">{c}</a>" in listed] == [
        "1.1",
        "1.2",
        "2.1.1",
        "2.1.2",
    ]  # 2.2 has its file now
    submit = reverse("scoring:assessment-action", args=[scored.code, "22945", "submit"])
    refused = client.post(submit)  # without the confirmation: the page again, nothing sent
    assert refused.status_code == 200
    assert "Còn 4 tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng" in refused.content.decode()
    assert assessment_of(scored, "22945").status == AssessmentStatus.DRAFT
    assert not Event.objects.filter(verb="submitted").exists()
    client.post(submit, {"confirm": "on"})
    assessment = assessment_of(scored, "22945")
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == "cchc.a"
    assert Event.objects.get(verb="submitted", object_id=str(assessment.pk)).data["without_evidence"] == 4
    body = get(client, page_url(scored, "22945"))
    assert "Đã gửi thẩm định" in body and 'data-testid="self-form-2-2"' not in body


def test_a_refused_score_is_shown_next_to_its_field_and_nothing_changes(client, officer, scored):
    client.force_login(officer)
    version = version_of(score_of(scored, "22945", "2.1.2"))
    response = client.post(
        leaf_url(scored, "22945", "2.1.2", "self"), {"self_score": "0,75", "version": version}
    )
    assert response.status_code == 200
    body = response.content.decode()
    form = body.split('data-testid="self-form-2-1-2"')[1].split("</form>")[0]
    assert 'aria-invalid="true"' in form and "vượt quá điểm tối đa 0,5" in form and 'value="0,75"' in form
    assert "<details open" in body.split('id="leaf-2-1-2"')[1][:2000]
    assert score_of(scored, "22945", "2.1.2").self_score == 0.5
    response = client.post(
        leaf_url(scored, "22945", "2.1.2", "self"),
        {"self_score": "0.5", "not_applicable": "on", "version": version},
    )
    assert "không chấm điểm" in response.content.decode()


def test_a_commune_officer_is_refused_every_judging_step_and_nothing_changes(client, officer, scored):
    """The unit being judged never judges itself: appraise, close, return, finalise (one or many) are 403."""
    assessment = services.assessment_submit(
        assessment=assessment_of(scored, "22945"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(officer)
    body = get(client, page_url(scored, "22945"))
    assert 'data-testid="appraise-form-1-1"' not in body and "close-appraisal" not in body
    assert 'data-testid="finalise-form"' not in body
    before = (ChangeLog.objects.count(), Event.objects.count())
    action = "scoring:assessment-action"
    posts = [
        (leaf_url(scored, "22945", "1.1", "appraise"), {"decision": "adjust", "appraised_score": "1"}),
        (leaf_url(scored, "22945", "1.1", "appraise"), {"decision": "accept"}),
        (reverse(action, args=[scored.code, "22945", "appraise"]), {"accept_unreviewed": "on"}),
        (reverse(action, args=[scored.code, "22945", "return"]), {"reason": "Tự rút lại"}),
        (
            reverse(action, args=[scored.code, "22945", "finalise"]),
            {"decision": "1/QĐ-UBND", "decision_date": "2026-01-05"},
        ),
        (
            reverse("scoring:finalise-many", args=[scored.code]),
            {"units": ["22945"], "decision": "1/QĐ-UBND", "decision_date": "2026-01-05"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("scoring:finalise-many", args=[scored.code])).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert score_of(scored, "22945", "1.1").appraised_score is None
    assert score_of(scored, "22945", "1.1").review == ""
    assert (ChangeLog.objects.count(), Event.objects.count()) == before


def test_after_submitting_the_unit_cannot_change_its_entries_by_page_or_import(client, officer, scored):
    services.assessment_submit(
        assessment=assessment_of(scored, "22945"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(officer)
    body = get(client, page_url(scored, "22945"))
    assert 'data-testid="self-form-1-1"' not in body and 'data-testid="submit-form"' not in body
    version = version_of(score_of(scored, "22945", "1.1"))
    response = client.post(
        leaf_url(scored, "22945", "1.1", "self"), {"self_score": "0", "version": version}, follow=True
    )
    assert "đã gửi thẩm định" in response.content.decode()
    submit = reverse("scoring:assessment-action", args=[scored.code, "22945", "submit"])
    client.post(submit, {"confirm": "on"})  # submitting again does not reopen anything
    with pytest.raises(services.ScoresRejected):
        services.import_scores(
            framework=scored,
            text="unit_code,criterion_code,self_score,appraised_score\n22945,1.1,2,2\n",
            actor=SYSTEM,
        )
    score = score_of(scored, "22945", "1.1")
    assert (score.self_score, score.appraised_score) == (2, None)
    assert assessment_of(scored, "22945").status == AssessmentStatus.SUBMITTED


def test_the_council_adjusts_the_unit_explains_and_the_result_is_final(client, inspector, officer, scored):
    services.assessment_submit(
        assessment=assessment_of(scored, "22945"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(inspector)
    body = get(client, page_url(scored, "22945"))
    assert 'data-testid="appraise-form-1-2"' in body and "close-appraisal" in body
    response = client.post(
        leaf_url(scored, "22945", "1.2", "appraise"), {"decision": "adjust", "appraised_score": "2"}
    )
    assert "Nhập lý do điều chỉnh điểm." in response.content.decode()  # next to the reason field
    client.post(
        leaf_url(scored, "22945", "1.2", "appraise"),
        {"decision": "adjust", "appraised_score": "2", "reason": "Kế hoạch hoàn thành 2/3 nhiệm vụ."},
    )
    client.post(leaf_url(scored, "22945", "1.1", "appraise"), {"decision": "accept", "appraised_score": "1"})
    adjusted, accepted = score_of(scored, "22945", "1.2"), score_of(scored, "22945", "1.1")
    assert (adjusted.appraised_score, adjusted.appraisal_note) == (2, "Kế hoạch hoàn thành 2/3 nhiệm vụ.")
    assert accepted.appraised_score is None and (accepted.review, adjusted.review) == ("accepted", "adjusted")
    close = reverse("scoring:assessment-action", args=[scored.code, "22945", "appraise"])
    refused = client.post(close).content.decode()
    assert "Còn 3 tiêu chí Hội đồng chưa thẩm định" in refused
    assert assessment_of(scored, "22945").status == AssessmentStatus.SUBMITTED
    client.post(close, {"accept_unreviewed": "on"})
    assert assessment_of(scored, "22945").status == AssessmentStatus.APPRAISED
    assert score_of(scored, "22945", "2.1.1").review == "self"

    client.force_login(officer)
    body = get(client, page_url(scored, "22945"))
    assert 'data-testid="respond-form-1-2"' in body and 'data-testid="respond-form-1-1"' not in body
    client.post(leaf_url(scored, "22945", "1.2", "respond"), {"text": "Đơn vị tiếp thu."})
    assert score_of(scored, "22945", "1.2").unit_response == "Đơn vị tiếp thu."

    client.force_login(inspector)
    today = timezone.localdate()
    client.post(
        reverse("scoring:assessment-action", args=[scored.code, "22945", "finalise"]),
        {"decision": "9/QĐ-UBND", "decision_date": today.isoformat()},
    )
    assessment = assessment_of(scored, "22945")
    assert (assessment.status, assessment.decision) == (AssessmentStatus.FINAL, "9/QĐ-UBND")
    body = get(client, page_url(scored, "22945"))
    assert "87,50%" in body and f"Quyết định số 9/QĐ-UBND ngày {today:%d/%m/%Y}" in body
    timeline = body.split('data-testid="timeline"')[1]
    for verb in (
        "gửi thẩm định",
        "điều chỉnh điểm",
        "giữ nguyên",
        "kết thúc thẩm định",
        "giải trình",
        "chốt kết quả",
    ):
        assert verb in timeline


def test_the_council_returns_a_submission_to_the_unit(client, inspector, scored):
    services.assessment_submit(
        assessment=assessment_of(scored, "22960"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(inspector)
    response = client.post(
        reverse("scoring:assessment-action", args=[scored.code, "22960", "return"]),
        {"reason": "Bổ sung tài liệu kiểm chứng."},
        follow=True,
    )
    assert assessment_of(scored, "22960").status == AssessmentStatus.DRAFT
    assert "Bổ sung tài liệu kiểm chứng." in response.content.decode()


def test_a_unit_without_assessment_can_start_one(client, officer, example_framework):
    client.force_login(officer)
    body = get(client, reverse("scoring:ranking", args=[example_framework.code]))
    assert '<option value="22945">Phường Phan Thiết (22945)</option>' in body.split('id="id_start_unit"')[1]
    body = get(client, page_url(example_framework, "22945"))
    assert 'data-testid="no-assessment"' in body and "start-assessment" in body
    response = client.post(
        reverse("scoring:assessment-start", args=[example_framework.code]), {"unit": "22945"}
    )
    assessment = assessment_of(example_framework, "22945")
    assert response.url == page_url(example_framework, "22945") and assessment.status == "draft"
    get(client, page_url(example_framework, "22933"), status=404)  # not the officer's unit
    other = client.post(
        reverse("scoring:assessment-start", args=[example_framework.code]), {"unit": "22933"}, follow=True
    )
    assert not Assessment.objects.filter(framework=example_framework, unit__code="22933").exists()
    assert "Không có đơn vị mang mã này trong phạm vi của bạn." in other.content.decode()


# --- lost points -------------------------------------------------------------------------------------------


def test_the_lost_points_page_ranks_leaves_and_creates_a_recovery_task(client, scored):
    score = score_of(scored, "22960", "1.2")
    client.force_login(user_with_role(score.assessment.unit, Role.PAR_OFFICER, username="cchc.c"))
    owner = PersonFactory(unit=score.assessment.unit, full_name="Trần Thị Khắc Phục")
    body = get(client, page_url(scored, "22960", "scoring:lost-points"))
    table = body.split('data-testid="lost-points"')[1]
    codes = [part.split('"')[0] for part in table.split('data-code="')[1:]]
    assert codes == ["2.2", "1.2", "2.1.1", "2.1.2"]  # 1, 0.75, 0.5 and 0.25 points lost
    assert "thiếu tài liệu kiểm chứng" in table
    response = client.post(
        reverse("scoring:recovery-task", args=[scored.code, "22960", "1.2"]),
        {"owner": owner.pk, "deadline": "2026-06-30"},
        follow=True,
    )
    task = Task.objects.get(kind=TaskKind.REMEDIATION, unit=score.assessment.unit)
    assert (task.owner, str(task.deadline), task.source) == (owner, "2026-06-30", score)
    assert reverse("plans:task-detail", args=[task.pk]) in response.content.decode()


# --- the demo ----------------------------------------------------------------------------------------------


def test_demo_scores_every_commune_for_two_years_and_leaves_the_ward_in_draft(ward_a):
    from cchc.org.demo import load_demo_org
    from cchc.scoring.demo import load_demo_scoring
    from cchc.scoring.report import compute

    load_demo_org()
    assert load_demo_scoring() is True
    current, previous = Framework.objects.get(code="MAU-XA-2025"), Framework.objects.get(code="MAU-XA-2024")
    assert current.assessments.count() == previous.assessments.count() == 124
    statuses = set(current.assessments.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "appraised", "final"}
    assert set(previous.assessments.values_list("status", flat=True)) == {"final"}
    ward = assessment_of(current, "22945")
    assert ward.status == "draft"
    assert not ward.scores.filter(criterion__code__in=["1.2.1", "1.4.1"]).exists()
    assert ward.scores.filter(evidence__isnull=False).count() == 3
    assert CriterionMapping.objects.filter(new_framework=current, new_code="3.3.2", old_code="3.1.3").exists()
    assert Criterion.objects.filter(framework=previous, code="3.1.3").exists()
    final = Score.objects.filter(assessment__framework=current, assessment__status="final")
    assert final.exclude(appraised_score=None).exclude(appraisal_note="").exists()
    assert final.exclude(unit_response="").exists()
    assert Score.objects.filter(assessment__framework=current, applicable=False).exists()
    units = compute(current)
    percents = [u["percent"] for u in units if u["percent"] is not None]
    assert len(percents) == 124 and max(percents) - min(percents) > 20
    assert load_demo_scoring() is False
