"""The plans pages: plan list and detail, adding and assigning tasks, my work, the unit board, the Home
Affairs overview, the report page and its XLSX, the filtered task list, notifications in the header."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.models import Notification
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.models import Plan, Task, TaskKind
from tests.factories import PersonFactory, user_with_role
from tests.plans.conftest import d, make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_menu_has_plans_and_my_work(client, leader):
    client.force_login(leader)
    body = page(client, reverse("home"))
    assert 'href="/plans/"' in body and 'href="/plans/mine/"' in body


def test_leader_creates_and_issues_a_plan_from_the_pages(client, leader, ward_a):
    client.force_login(leader)
    response = client.post(
        reverse("plans:plan-create"), {"unit": "22945", "year": 2027, "title": "Kế hoạch CCHC 2027"}
    )
    plan = Plan.objects.get(unit=ward_a, year=2027)
    assert response.url == reverse("plans:plan-detail", args=[plan.pk])
    client.post(
        reverse("plans:plan-document", args=[plan.pk, "issue"]),
        {"doc_number": "9/KH-UBND", "doc_date": "2027-01-10", "doc_signer": "Nguyễn Thị Chủ Tịch"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.doc_number, plan.doc_date) == ("issued", "9/KH-UBND", d("2027-01-10"))
    body = page(client, reverse("plans:plan-detail", args=[plan.pk]))
    assert "9/KH-UBND" in body and "10/01/2027" in body


def test_a_plan_for_a_unit_outside_the_users_scope_is_refused_on_the_form(client, leader, ward_b):
    client.force_login(leader)  # leader of 22945; 22933 is another ward
    response = client.post(reverse("plans:plan-create"), {"unit": " 22933 ", "year": 2027, "title": "X"})
    assert response.status_code == 200 and not Plan.objects.filter(year=2027).exists()
    assert "Không có đơn vị mang mã này trong phạm vi của bạn." in response.content.decode()


def test_a_viewer_cannot_create_plans(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("plans:plan-create"), {"unit": "22945", "year": 2027, "title": "X"})
    assert response.status_code == 403 and not Plan.objects.filter(year=2027).exists()


def test_leader_adds_a_task_assigned_to_an_official_who_is_notified(client, leader, official, plan):
    client.force_login(leader)
    response = client.post(
        reverse("plans:task-create", args=[plan.pk]),
        {
            "title": "Cập nhật hồ sơ lên hệ thống",
            "area": "3",
            "owner": official.person.pk,
            "deadline": "2026-12-15",
            "weight": "1",
        },
    )
    task = Task.objects.get(title="Cập nhật hồ sơ lên hệ thống")
    assert response.url == reverse("plans:task-detail", args=[task.pk])
    assert task.owner == official.person and task.unit == plan.unit
    assert Notification.objects.filter(user=official, read_at__isnull=True).count() == 1


def test_form_errors_from_the_rules_show_on_the_form(client, leader, plan):
    client.force_login(leader)
    response = client.post(
        reverse("plans:task-create", args=[plan.pk]),
        {
            "title": "Ngày sai",
            "area": "1",
            "weight": "1",
            "start_date": "2026-05-02",
            "deadline": "2026-05-01",
        },
    )
    assert "Hạn hoàn thành không thể trước ngày bắt đầu." in response.content.decode()
    response = client.post(
        reverse("plans:task-create", args=[plan.pk]), {"title": "Không lĩnh vực", "weight": "1"}
    )
    assert "Chưa chọn lĩnh vực cải cách của nhiệm vụ." in response.content.decode()
    assert not Task.objects.exists()


def test_plan_detail_shows_the_tree_the_percentage_and_overdue_rows(client, leader, plan):
    parent = make_task(plan, "Nhiệm vụ cha")
    services.task_complete(task=make_task(plan, "Con đã xong", parent=parent), actor=SYSTEM)
    make_task(plan, "Con quá hạn", parent=parent, deadline=d("2020-01-03"))
    client.force_login(leader)
    body = page(client, reverse("plans:plan-detail", args=[plan.pk]))
    assert 'data-testid="plan-percent">50,00%' in body
    assert "↳" in body and 'class="warn"' in body and "Quá hạn" in body
    assert 'data-testid="plan-progress">50,0%' in body


def test_plan_pages_do_not_query_per_task(client, leader, plan, django_assert_max_num_queries):
    for i in range(30):
        make_task(plan, f"Nhiệm vụ {i}", owner=leader.person, deadline=d("2026-01-05"))
    client.force_login(leader)
    with django_assert_max_num_queries(40):
        page(client, reverse("plans:plan-detail", args=[plan.pk]))
    with django_assert_max_num_queries(30):
        page(client, reverse("plans:plan-list"))
    with django_assert_max_num_queries(30):
        page(client, reverse("plans:my-work"))
    with django_assert_max_num_queries(30):
        page(client, reverse("plans:task-list"), plan_unit="22945", year=2026)


def test_owner_reports_progress_uploads_and_marks_done_from_the_task_page(client, plan, viewer):
    task = make_task(plan, "Việc của người xem", owner=viewer.person)
    client.force_login(viewer)
    body = page(client, reverse("plans:task-detail", args=[task.pk]))
    assert 'data-testid="mark-done"' in body and "Hủy nhiệm vụ" not in body
    client.post(reverse("plans:task-progress", args=[task.pk]), {"progress": "30", "note": "Đang làm"})
    client.post(reverse("plans:task-comment", args=[task.pk]), {"text": "Đã gửi dự thảo"})
    client.post(reverse("plans:task-transition", args=[task.pk, "done"]))
    task.refresh_from_db()
    assert task.status == "done"
    body = page(client, reverse("plans:task-detail", args=[task.pk]))
    assert "Đã gửi dự thảo" in body and "0% → 30%" in body
    response = client.post(reverse("plans:task-transition", args=[task.pk, "reopen"]))
    task.refresh_from_db()
    assert response.status_code == 403 and task.status == "done"


def test_my_work_lists_owned_and_helped_tasks_due_soon_first(client, plan, official, ward_a):
    me = official.person
    later = make_task(plan, "Hạn sau", owner=me, deadline=d("2026-12-31"))
    sooner = make_task(plan, "Hạn trước", owner=me, deadline=d("2026-12-02"))
    helping = make_task(plan, "Phối hợp", collaborators=[me], deadline=d("2026-12-10"))
    make_task(plan, "Không liên quan", deadline=d("2026-12-01"))
    client.force_login(official)
    response = client.get(reverse("plans:my-work"))
    rows = [r.task for r in response.context["open"]]
    assert rows == [sooner, helping, later]
    assert "phối hợp" in response.content.decode().lower()


def test_unit_board_counts_tasks_by_person_and_status(client, leader, plan, official):
    me = official.person
    make_task(plan, "Chưa làm", owner=me, deadline=d("2099-12-31"))
    make_task(plan, "Quá hạn", owner=me, deadline=d("2020-12-31"))
    services.task_complete(task=make_task(plan, "Xong", owner=me), actor=SYSTEM)
    make_task(plan, "Chưa giao", deadline=d("2099-12-31"))
    client.force_login(leader)
    response = client.get(reverse("plans:unit-board"), {"unit": "22945", "year": 2026})
    people = response.context["people"]
    assert people[0]["person"] == me
    assert people[0]["counts"] == {
        "not_started": 1,
        "in_progress": 0,
        "overdue": 1,
        "done": 1,
        "cancelled": 0,
    }
    assert people[-1]["person"] is None
    listed = client.get(
        reverse("plans:task-list"),
        {"unit": "22945", "year": 2026, "person": me.pk, "status": "not_started", "leaves": 1},
    )
    assert [r.task.title for r in listed.context["rows"]] == ["Chưa làm"]


def test_home_affairs_sees_every_unit_below_side_by_side(client, province, ward_a, ward_b):
    inspector = user_with_role(province, Role.INSPECTOR)
    a = services.plan_create(unit=ward_a, year=2026, title="KH A", actor=SYSTEM)
    b = services.plan_create(unit=ward_b, year=2026, title="KH B", actor=SYSTEM)
    for i in range(4):
        task = make_task(a, f"A{i}")
        if i < 3:
            services.task_complete(task=task, actor=SYSTEM)
    services.task_complete(task=make_task(b, "B0"), actor=SYSTEM)
    make_task(b, "B1")
    client.force_login(inspector)
    response = client.get(reverse("plans:overview"), {"unit": province.code, "year": 2026})
    rows = [(r.unit.code, r.completion.done, r.completion.total) for r in response.context["rows"]]
    assert rows == [("22945", 3, 4), ("22933", 1, 2)]
    body = response.content.decode()
    assert "75,00%" in body and "50,00%" in body
    assert ward_a not in response.context["missing"] and len(response.context["missing"]) > 50


def test_report_page_and_xlsx_show_the_json_figures(client, leader, plan, official):
    services.task_complete(task=make_task(plan, "Xong", area="3", owner=official.person), actor=SYSTEM)
    make_task(plan, "Mở", area="7")
    client.force_login(leader)
    body = page(client, reverse("plans:report"), unit="22945", year=2026)
    assert 'data-testid="report-percent">50,00%' in body
    assert "Cải cách thủ tục hành chính" in body and "Phạm Thị Một Cửa" in body
    response = client.get(reverse("plans:report"), {"unit": "22945", "year": 2026, "format": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    assert book["Tổng hợp"]["B5"].value == 50.0
    assert [r[0].value for r in book["Theo người thực hiện"].iter_rows(min_row=2)] == [
        "Phạm Thị Một Cửa",
        "(chưa giao người)",
    ]


def test_task_list_export_has_the_filtered_rows(client, leader, plan):
    make_task(plan, "Lĩnh vực 3", area="3")
    make_task(plan, "Lĩnh vực 5", area="5")
    client.force_login(leader)
    response = client.get(
        reverse("plans:task-list"), {"plan_unit": "22945", "year": 2026, "area": "3", "format": "xlsx"}
    )
    sheet = load_workbook(BytesIO(response.content))["Nhiệm vụ"]
    assert [r[2].value for r in sheet.iter_rows(min_row=2)] == ["Lĩnh vực 3"]


def test_leader_records_a_directive(client, leader, official, ward_a):
    client.force_login(leader)
    client.post(
        reverse("plans:directive-create"),
        {
            "title": "Không để hồ sơ trễ hẹn",
            "owner": official.person.pk,
            "deadline": "2026-12-04",
            "weight": "1",
        },
    )
    task = Task.objects.get(kind=TaskKind.DIRECTIVE)
    assert task.plan is None and task.unit == ward_a and task.owner == official.person


def test_reassigning_from_the_assign_page(client, leader, plan, official, ward_a):
    task = make_task(plan)
    helper = PersonFactory(unit=ward_a, full_name="Người phối hợp")
    client.force_login(leader)
    client.post(
        reverse("plans:task-assign", args=[task.pk]),
        {"owner": official.person.pk, "collaborators": [helper.pk], "deadline": "2026-12-20"},
    )
    task.refresh_from_db()
    assert task.owner == official.person and list(task.collaborators.all()) == [helper]


def test_header_shows_unread_notifications_and_the_page_marks_them_read(client, official, plan, leader):
    services.task_assign(task=make_task(plan), owner=official.person, actor=SYSTEM)
    client.force_login(official)
    body = page(client, reverse("home"))
    assert 'data-testid="notification-count">1<' in body
    notes = page(client, reverse("core:notifications"))
    assert "Bạn được giao nhiệm vụ" in notes
    client.post(reverse("core:notifications"))
    assert 'data-testid="notification-count"' not in page(client, reverse("home"))
    client.force_login(leader)
    assert "Bạn được giao nhiệm vụ" not in page(client, reverse("core:notifications"))
