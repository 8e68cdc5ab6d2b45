"""The desk pages: list with queues, search and export; intake; the dossier page and its steps; roles."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.dossiers.interchange import COLUMNS
from cchc.dossiers.models import Dossier
from cchc.org.models import Role
from tests.dossiers.desk_support import receive
from tests.factories import dossier_for, procedure_with_version, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(ward_a):
    return user_with_role(ward_a, Role.ONESTOP_OFFICER)


@pytest.fixture
def desk(client, officer):
    client.force_login(officer)
    return client


def recent(unit, code, *, hours_ago=2, due_in_hours=30, **values):
    now = timezone.now().replace(microsecond=0)
    return dossier_for(
        unit,
        code=code,
        received_at=now - timedelta(hours=hours_ago),
        due_at=now + timedelta(hours=due_in_hours),
        **values,
    )


def test_desk_needs_a_login(client):
    response = client.get(reverse("dossiers:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_list_shows_the_units_dossiers_with_queue_tabs_and_counts(desk, ward_a, ward_b):
    recent(ward_a, "A-LATE", hours_ago=100, due_in_hours=-30)
    recent(ward_a, "A-OK")
    recent(ward_b, "B-LATE", hours_ago=100, due_in_hours=-30)
    body = desk.get(reverse("dossiers:list")).content.decode()
    assert "A-LATE" in body and "A-OK" in body and "B-LATE" not in body
    assert 'data-testid="dossier-count">Số hồ sơ: 2<' in body
    for label in ("Hạn hôm nay", "Quá hạn", "Chờ bổ sung", "Cần xin lỗi"):
        assert label in body
    overdue = desk.get(reverse("dossiers:list"), {"queue": "overdue"}).content.decode()
    assert "A-LATE" in overdue and "A-OK" not in overdue
    assert 'data-testid="dossier-count">Số hồ sơ: 1<' in overdue


def test_search_by_applicant_name_narrows_list_and_tabs(desk, ward_a):
    receive(ward_a, applicant_name="Trần Thị Bích Ngọc")
    receive(ward_a, applicant_name="Lê Văn Đức")
    body = desk.get(reverse("dossiers:list"), {"q": "bich ngoc"}).content.decode()
    assert "Trần Thị Bích Ngọc" in body and "Lê Văn Đức" not in body
    assert 'data-testid="dossier-count">Số hồ sơ: 1<' in body


def test_export_writes_the_filtered_list_in_the_interchange_format(desk, ward_a, ward_b):
    recent(ward_a, "A-LATE", hours_ago=100, due_in_hours=-30)
    recent(ward_a, "A-OK")
    recent(ward_b, "B-LATE", hours_ago=100, due_in_hours=-30)
    response = desk.get(reverse("dossiers:export"), {"queue": "overdue"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == ["A-LATE"]


def test_list_query_count_does_not_grow_with_the_rows(desk, ward_a, django_assert_max_num_queries):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert desk.get(reverse("dossiers:list")).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        recent(ward_a, f"FEW-{i}")
    few = count_queries()
    for i in range(40):
        recent(ward_a, f"MANY-{i}", handling_unit=ward_a)
    assert count_queries() == few
    with django_assert_max_num_queries(25):
        desk.get(reverse("dossiers:list"), {"queue": "pending"})


def test_intake_offers_the_units_most_received_procedures_first(desk, ward_a):
    common = procedure_with_version(code="9.900001", name="Thủ tục thường gặp", processing_days=1)
    for _ in range(3):
        receive(ward_a, procedure=common)
    body = desk.get(reverse("dossiers:new")).content.decode()
    options = body.split('id="procedure-options"')[1]
    assert options.index("9.900001") < options.index("1.001193")
    assert "autofocus" in body and 'list="procedure-options"' in body


def test_intake_receives_the_dossier_and_opens_its_page(desk, ward_a, officer):
    response = desk.post(
        reverse("dossiers:new"),
        {
            "procedure": "1.004873 — Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
            "applicant_name": "  Nguyễn   Thị Hoa ",
            "applicant_phone": "0987654321",
            "channel": "direct",
            "digitized": "on",
            "receiving_unit": ward_a.pk,
        },
    )
    dossier = Dossier.objects.get(receiving_unit=ward_a)
    assert response.status_code == 302 and response["Location"] == reverse(
        "dossiers:detail", args=[dossier.code]
    )
    assert (dossier.applicant_name, dossier.received_by, dossier.digitized) == (
        "Nguyễn Thị Hoa",
        officer,
        True,
    )
    assert dossier.procedure.code == "1.004873" and dossier.processing_days == 3
    page = desk.get(response["Location"]).content.decode()
    assert dossier.code in page and "Nguyễn Thị Hoa" in page and "giờ làm việc" in page


def test_intake_accepts_a_bare_procedure_code(desk, ward_a):
    desk.post(
        reverse("dossiers:new"),
        {
            "procedure": "1.001193",
            "applicant_name": "Võ Văn Nam",
            "channel": "online",
            "receiving_unit": ward_a.pk,
        },
    )
    assert Dossier.objects.get(receiving_unit=ward_a).channel == "online"


def test_intake_errors_name_the_field_in_vietnamese_and_create_nothing(desk, ward_a):
    body = desk.post(
        reverse("dossiers:new"),
        {"procedure": "0.000000", "applicant_name": "", "channel": "direct", "receiving_unit": ward_a.pk},
    ).content.decode()
    assert "Không có thủ tục mã “0.000000”" in body
    assert "Trường này là bắt buộc" in body
    bad_phone = desk.post(
        reverse("dossiers:new"),
        {"procedure": "1.001193", "applicant_name": "A", "applicant_phone": "abc", "channel": "direct",
         "receiving_unit": ward_a.pk},
    ).content.decode()  # fmt: skip
    assert "Số điện thoại không hợp lệ" in bad_phone
    assert not Dossier.objects.exists()


def test_intake_preview_shows_the_return_date(desk, ward_a):
    body = desk.get(
        reverse("dossiers:intake-preview"), {"procedure": "1.004873", "receiving_unit": ward_a.pk}
    )
    text = body.content.decode()
    assert "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân" in text and 'data-testid="preview-due"' in text


def test_viewers_read_but_cannot_receive_or_act(client, ward_a):
    viewer = user_with_role(ward_a, Role.VIEWER)
    dossier = receive(ward_a)
    client.force_login(viewer)
    assert client.get(reverse("dossiers:new")).status_code == 403
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'data-testid="actions"' not in page and "không thể thao tác" in page
    url = reverse("dossiers:action", args=[dossier.code, "finish"])
    assert client.post(url, {}).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == "processing"


def test_dossier_page_offers_the_transitions_of_its_status_that_the_user_may_do(desk, ward_a):
    dossier = receive(ward_a)
    body = desk.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'data-action="request_supplement"' in body and 'data-action="assign"' in body
    assert 'data-action="return"' not in body and 'data-action="complete_supplement"' not in body
    # the desk does not record the result: the specialist or a leader does (docs/dossiers.md)
    assert 'data-action="finish"' not in body and 'data-action="approve"' not in body


def test_action_post_runs_the_transition_and_shows_its_message(desk, ward_a):
    dossier = receive(ward_a)
    url = reverse("dossiers:action", args=[dossier.code, "request_supplement"])
    response = desk.post(url, {"request_supplement-reason": "Bổ sung giấy khai sinh"}, follow=True)
    assert Dossier.objects.get(pk=dossier.pk).status == "awaiting_supplement"
    body = response.content.decode()
    assert "Đã yêu cầu bổ sung" in body and "Bổ sung giấy khai sinh" in body


def test_illegal_action_post_shows_the_error_and_changes_nothing(desk, ward_a):
    dossier = receive(ward_a)
    url = reverse("dossiers:action", args=[dossier.code, "return"])
    body = desk.post(url, {"return-method": "counter"}, follow=True).content.decode()
    assert "Không thể trả kết quả" in body
    assert Dossier.objects.get(pk=dossier.pk).returned_at is None


def test_invalid_action_form_names_the_field(desk, ward_a):
    dossier = receive(ward_a)
    url = reverse("dossiers:action", args=[dossier.code, "apologise"])
    body = desk.post(
        url, {"apologise-new_due_at": "", "apologise-reason": "Chờ"}, follow=True
    ).content.decode()
    assert "Ngày hẹn trả mới" in body and "bắt buộc" in body
    assert Dossier.objects.get(pk=dossier.pk).status == "processing"


def test_late_apology_shows_a_warning(desk, ward_a):
    dossier = recent(ward_a, "LATE-1", hours_ago=100, due_in_hours=-2)
    url = reverse("dossiers:action", args=[dossier.code, "apologise"])
    new_due = (timezone.localtime() + timedelta(days=5)).strftime("%d/%m/%Y %H:%M")
    body = desk.post(url, {"apologise-new_due_at": new_due, "apologise-reason": "Chờ xác minh"}, follow=True)
    assert "gửi muộn" in body.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).apology_sent_at is not None


def test_unknown_action_and_other_units_dossier_are_404(desk, ward_b):
    theirs = receive(ward_b)
    assert desk.get(reverse("dossiers:detail", args=[theirs.code])).status_code == 404
    assert desk.post(reverse("dossiers:action", args=[theirs.code, "finish"]), {}).status_code == 404
    mine = receive(ward_b.__class__.objects.get(code="22945"))
    assert desk.post(reverse("dossiers:action", args=[mine.code, "explode"]), {}).status_code == 404


def test_nav_has_the_one_stop_desk_entry(desk):
    body = desk.get(reverse("home")).content.decode()
    assert f'href="{reverse("dossiers:list")}"' in body and "Một cửa" in body
