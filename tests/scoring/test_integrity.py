"""Records the judged unit cannot bend (issue 13): submitting lists the leaves without evidence (and is
refused when the framework makes evidence mandatory), closing the appraisal lists the leaves the council did
not review, many units are finalised under one decision, and a score entry is never silently overwritten."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.core.concurrency import StaleEdit, version_of
from cchc.core.models import ChangeLog, Event
from cchc.core.permissions import Forbidden, system_actor
from cchc.org.models import Role
from cchc.scoring import services
from cchc.scoring.frameworks import import_framework
from cchc.scoring.models import Assessment, AssessmentStatus, Criterion, Framework, Score
from tests.conftest import EXAMPLES
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("test")
SAMPLE = Path(services.__file__).parent / "data" / "framework-commune-sample.yaml"
ACTION = "scoring:assessment-action"


@pytest.fixture
def scored(example_framework):
    """VD-XA-2025 (5 manual leaves) with the contract's scores: 22945, 22933, 22918 and 22960 in draft."""
    text = (EXAMPLES / "scores-example.csv").read_text(encoding="utf-8")
    services.import_scores(framework=example_framework, text=text, actor=SYSTEM)
    return example_framework


@pytest.fixture
def officer(ward_a):
    return user_with_role(ward_a, Role.PAR_OFFICER, username="cchc.a")


@pytest.fixture
def inspector(province):
    return user_with_role(province, Role.INSPECTOR, username="noivu.t")


def assessment_of(framework, unit_code) -> Assessment:
    return Assessment.objects.get(framework=framework, unit__code=unit_code)


def score_of(framework, unit_code, code) -> Score:
    return Score.objects.get(
        assessment__framework=framework, assessment__unit__code=unit_code, criterion__code=code
    )


def listed(body: str, testid: str) -> list[str]:
    """The criterion codes of a ``<ul data-testid=…>`` list on the page."""
    part = body.split(f'data-testid="{testid}"')[1].split("</ul>")[0]
    return re.findall(r'#leaf-[^"]*">([^<]+)</a>', part)


# --- evidence on submission --------------------------------------------------------------------------------


def test_evidence_made_mandatory_by_the_province_blocks_submission(client, officer, inspector, scored):
    rule_url = reverse("scoring:evidence-rule", args=[scored.code])
    client.force_login(officer)  # the unit cannot relax its own rule
    assert client.post(rule_url, {"evidence_mandatory": "on"}).status_code == 403
    assert not Framework.objects.get(pk=scored.pk).evidence_mandatory

    client.force_login(inspector)
    body = client.get(reverse("scoring:framework-detail", args=[scored.code])).content.decode()
    assert 'data-testid="evidence-rule-form"' in body
    client.post(rule_url, {"evidence_mandatory": "on"})
    assert Framework.objects.get(pk=scored.pk).evidence_mandatory
    change = ChangeLog.objects.filter(content_type__model="framework", object_id=str(scored.pk)).first()
    assert (change.before["evidence_mandatory"], change.after["evidence_mandatory"], change.actor) == (
        False,
        True,
        inspector,
    )
    body = client.get(reverse("scoring:framework-detail", args=[scored.code])).content.decode()
    setting = body.split('data-testid="evidence-rule"')[1].split("</dd>")[0]
    assert "bắt buộc" in setting and "noivu.t" in setting.split('data-testid="evidence-rule-changes"')[1]

    client.force_login(officer)
    body = client.get(reverse("scoring:assessment", args=[scored.code, "22945"])).content.decode()
    assert listed(body, "without-evidence") == ["1.1", "1.2", "2.1.1", "2.1.2"]
    assert 'name="confirm"' not in body  # nothing to confirm: the files are required
    response = client.post(reverse(ACTION, args=[scored.code, "22945", "submit"]), {"confirm": "on"})
    text = response.content.decode()
    assert response.status_code == 200 and "bắt buộc có tài liệu kiểm chứng" in text
    assert "1.1, 1.2, 2.1.1, 2.1.2" in text
    assert assessment_of(scored, "22945").status == AssessmentStatus.DRAFT
    assert not Event.objects.filter(verb="submitted").exists()


# --- closing the appraisal ---------------------------------------------------------------------------------


def test_closing_the_appraisal_lists_62_unreviewed_of_64_and_needs_confirmation(client, inspector, ward_a):
    framework, _ = import_framework(SAMPLE.read_text(encoding="utf-8"), actor=SYSTEM)
    leaves = list(framework.criteria.filter(max_points__isnull=False).order_by("position"))
    assert len(leaves) == 64
    rows = "".join(f"22945,{leaf.code},{leaf.max_points}\n" for leaf in leaves)
    services.import_scores(
        framework=framework, text="unit_code,criterion_code,self_score\n" + rows, actor=SYSTEM
    )
    assessment = services.assessment_submit(
        assessment=assessment_of(framework, "22945"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(inspector)
    first, second = leaves[0], leaves[1]
    leaf_url = "scoring:leaf-appraise"
    client.post(reverse(leaf_url, args=[framework.code, "22945", first.code]), {"decision": "accept"})
    client.post(
        reverse(leaf_url, args=[framework.code, "22945", second.code]),
        {"decision": "adjust", "appraised_score": "0", "reason": "Không có tài liệu kiểm chứng."},
    )
    page = reverse("scoring:assessment", args=[framework.code, "22945"])
    body = client.get(page).content.decode()
    unreviewed = listed(body, "unreviewed")
    assert len(unreviewed) == 62 and first.code not in unreviewed and second.code not in unreviewed
    assert "62/64" in body or "62 trên 64" in body

    close = reverse(ACTION, args=[framework.code, "22945", "appraise"])
    before = ChangeLog.objects.count()
    response = client.post(close)
    assert (
        response.status_code == 200 and "Còn 62 tiêu chí Hội đồng chưa thẩm định" in response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and ChangeLog.objects.count() == before

    client.post(close, {"accept_unreviewed": "on"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED
    reviews = dict(assessment.scores.values_list("criterion__code", "review"))
    assert (reviews[first.code], reviews[second.code]) == ("accepted", "adjusted")
    assert sorted(code for code, review in reviews.items() if review == "self") == sorted(unreviewed)
    assert score_of(framework, "22945", leaves[5].code).final == leaves[5].max_points  # the self score stands
    logged = ChangeLog.objects.filter(content_type__model="score", id__gt=before)
    assert sum(1 for c in logged if c.after.get("review") == "self" and c.before["review"] == "") == 62
    event = Event.objects.get(verb="appraised", object_id=str(assessment.pk))
    assert (event.data["reviewed"], event.data["accepted_unreviewed"]) == (2, 62)


# --- finalising many units under one decision --------------------------------------------------------------


def appraised(framework, unit_code):
    assessment = services.assessment_submit(
        assessment=assessment_of(framework, unit_code), confirm_missing_evidence=True, actor=SYSTEM
    )
    return services.assessment_close_appraisal(assessment=assessment, accept_unreviewed=True, actor=SYSTEM)


def test_finalising_many_units_under_one_decision(client, inspector, scored):
    appraised(scored, "22945")
    appraised(scored, "22933")
    services.assessment_submit(
        assessment=assessment_of(scored, "22960"), confirm_missing_evidence=True, actor=SYSTEM
    )
    client.force_login(inspector)
    url = reverse("scoring:finalise-many", args=[scored.code])
    assert (
        'data-testid="finalise-many"'
        in client.get(reverse("scoring:ranking", args=[scored.code])).content.decode()
    )
    body = client.get(url).content.decode()
    ready = body.split('data-testid="finalise-units"')[1].split("</table>")[0]
    assert re.findall(r'name="units" value="(\d+)" id="[^"]+" checked', ready) == ["22933", "22945"]
    waiting = body.split('data-testid="waiting"')[1].split("</ul>")[0]
    assert "22918" in waiting and "22960" in waiting

    today = timezone.localdate()
    for data, message in (
        ({"units": ["22945"], "decision": " ", "decision_date": today.isoformat()}, "Nhập số quyết định"),
        (
            {
                "units": ["22945"],
                "decision": "5/QĐ-UBND",
                "decision_date": (today + timedelta(days=1)).isoformat(),
            },
            "không được sau hôm nay",
        ),
        ({"units": ["22945"], "decision": "5/QĐ-UBND", "decision_date": "2024-12-31"}, "từ năm 2025"),
        ({"units": ["22945"], "decision": "5/QĐ-UBND", "decision_date": "31/02/2026"}, "ngày hợp lệ"),
        ({"decision": "5/QĐ-UBND", "decision_date": today.isoformat()}, "Chọn ít nhất một đơn vị"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), message
        assert not Assessment.objects.filter(status=AssessmentStatus.FINAL).exists()

    response = client.post(
        url,
        {"units": ["22945", "22933", "22960"], "decision": "125/QĐ-UBND", "decision_date": today.isoformat()},
    )
    body = response.content.decode()
    final = Assessment.objects.filter(framework=scored, status=AssessmentStatus.FINAL)
    assert sorted(final.values_list("unit__code", flat=True)) == ["22933", "22945"]
    assert {(a.decision, a.decision_date, a.finalised_by) for a in final} == {
        ("125/QĐ-UBND", today, "noivu.t")
    }
    assert assessment_of(scored, "22960").status == AssessmentStatus.SUBMITTED  # not ready: left unchanged
    done = body.split('data-testid="finalised"')[1].split("</ul>")[0]
    refused = body.split('data-testid="not-finalised"')[1].split("</ul>")[0]
    assert "22945" in done and "22933" in done and "22960" in refused and "chưa kết thúc thẩm định" in refused
    events = Event.objects.filter(verb="finalised")
    assert events.count() == 2
    assert {e.message for e in events} == {f"Quyết định số 125/QĐ-UBND ngày {today:%d/%m/%Y}"}


# --- no silent overwrite -----------------------------------------------------------------------------------


def version_on_page(body: str, slug: str) -> str:
    form = body.split(f'data-testid="self-form-{slug}"')[1].split("</form>")[0]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


def test_a_score_changed_since_the_page_was_read_is_not_overwritten(client, officer, ward_a, scored):
    colleague = user_with_role(ward_a, Role.LEADER, username="chutich.a", first_name="Hà", last_name="Nguyễn")
    page = reverse("scoring:assessment", args=[scored.code, "22945"])
    url = reverse("scoring:leaf-self", args=[scored.code, "22945", "1.1"])
    client.force_login(officer)
    read_at = version_on_page(client.get(page).content.decode(), "1-1")
    assert read_at == version_of(score_of(scored, "22945", "1.1"))

    other = client.__class__()
    other.force_login(colleague)
    other.post(url, {"self_score": "1", "explanation": "Kế hoạch ban hành chậm.", "version": read_at})
    assert score_of(scored, "22945", "1.1").self_score == 1

    response = client.post(url, {"self_score": "1,5", "explanation": "Đủ hồ sơ", "version": read_at})
    body = response.content.decode()
    assert response.status_code == 200 and "Dữ liệu đã được người khác sửa" in body
    changes = body.split('data-testid="changes-1-1"')[1].split("</table>")[0]
    assert "điểm tự chấm" in changes.lower() and "Kế hoạch ban hành chậm." in changes
    assert "chutich.a" in changes or "Nguyễn" in changes or "Hà" in changes
    form = body.split('data-testid="self-form-1-1"')[1].split("</form>")[0]
    assert 'value="1,5"' in form and "Đủ hồ sơ" in form  # the user's input is kept
    assert score_of(scored, "22945", "1.1").self_score == 1  # not overwritten

    again = version_on_page(body, "1-1")  # the page now carries the current version: saving is deliberate
    assert again == version_of(score_of(scored, "22945", "1.1")) != read_at
    client.post(url, {"self_score": "1,5", "explanation": "Đủ hồ sơ", "version": again})
    assert score_of(scored, "22945", "1.1").self_score == 1.5


def test_an_entry_created_after_the_form_was_read_is_not_overwritten(example_framework, ward_a, officer):
    assessment = services.assessment_start(framework=example_framework, unit=ward_a, actor=officer)
    leaf = Criterion.objects.get(framework=example_framework, code="1.1")
    services.score_self_assess(
        assessment=assessment, criterion=leaf, self_score="2", version="0", actor=officer
    )
    with pytest.raises(StaleEdit) as refused:
        services.score_self_assess(
            assessment=assessment, criterion=leaf, self_score="1", version="0", actor=officer
        )
    changes = [(c.field, c.old, c.new) for c in refused.value.changes]
    assert ("điểm tự chấm", "—", "2") in changes
    assert Score.objects.get(assessment=assessment, criterion=leaf).self_score == 2


def test_a_self_score_changed_after_a_return_is_reviewed_again(client, officer, inspector, scored):
    assessment = services.assessment_submit(
        assessment=assessment_of(scored, "22945"), confirm_missing_evidence=True, actor=SYSTEM
    )
    leaf = Criterion.objects.get(framework=scored, code="1.1")
    services.score_appraise(assessment=assessment, criterion=leaf, actor=inspector)
    services.assessment_return(assessment=assessment, reason="Bổ sung thuyết minh.", actor=inspector)
    services.score_self_assess(assessment=assessment, criterion=leaf, self_score="2", actor=officer)
    assert score_of(scored, "22945", "1.1").review == "accepted"  # the same claim: the review stands
    services.score_self_assess(assessment=assessment, criterion=leaf, self_score="1", actor=officer)
    assert score_of(scored, "22945", "1.1").review == ""


def test_only_an_administrator_of_the_installation_imports_scores(officer, scored):
    before = list(Score.objects.values_list("pk", "self_score"))
    with pytest.raises(Forbidden):
        services.import_scores(
            framework=scored, text="unit_code,criterion_code,self_score\n22945,1.1,0\n", actor=officer
        )
    assert list(Score.objects.values_list("pk", "self_score")) == before
