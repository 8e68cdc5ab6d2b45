"""Readable history (issue 15): field labels, choice labels, related objects by name, local time."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.audit import acting_as, record_event
from cchc.core.history_display import event_label, present_changes, register_event_labels
from cchc.core.models import ChangeLog
from cchc.core.selectors import object_history
from cchc.org.models import Role
from cchc.plans.models import Task
from tests.factories import PersonFactory, TaskFactory, user_with_role

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """What a reader sees: the page without its tags, cells separated by " | "."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " | ", html))


def _edit_task(ward_a):
    owner = PersonFactory(unit=ward_a, full_name="Trần Thị Hoa")
    task = TaskFactory(unit=ward_a)
    leader = user_with_role(ward_a, Role.LEADER, first_name="Minh", last_name="Lê")
    with acting_as(leader):
        task.owner = owner
        task.deadline = date(2026, 12, 18)
        task.status = "in_progress"
        task.save()
    return task, owner, leader


def test_the_history_page_reads_labels_names_and_local_time(client, ward_a):
    task, owner, leader = _edit_task(ward_a)
    entry = ChangeLog.objects.filter(object_id=str(task.pk), action="update").get()
    ChangeLog.objects.filter(pk=entry.pk).update(at="2026-12-07T23:41:03.238745+00:00")
    client.force_login(leader)
    page = client.get(reverse("core:history", args=["plans", "task", task.pk])).content.decode()
    row = _text(page[page.index('data-testid="changelog"') :])
    assert "08/12/2026 06:41" in row  # 23:41 UTC is 06:41 the next day in Hà Nội
    assert "| Người chủ trì | | — | | Trần Thị Hoa |" in row and "owner" not in row
    assert "| Trạng thái | | Chưa thực hiện | | Đang thực hiện |" in row and "in_progress" not in row
    assert "18/12/2026" in row and "2026-12-18" not in row and "deadline" not in row
    assert "| Lê Minh |" in row  # the family name first


def test_a_deleted_related_object_reads_as_its_id_and_values_read_in_vietnamese(ward_a):
    task, owner, _leader = _edit_task(ward_a)
    entry = ChangeLog.objects.filter(object_id=str(task.pk), action="update").get()
    entry.before = {**entry.before, "owner_id": 987654, "done_at": None}
    entry.after = {**entry.after, "done_at": "2026-12-07 23:41:03.238745+00:00"}
    fields = {f.name: f for f in present_changes([entry], Task)[0].fields}
    assert fields["owner_id"].before == "#987654 (đã xóa)"
    assert fields["owner_id"].after == "Trần Thị Hoa"
    assert (fields["done_at"].before, fields["done_at"].after) == ("—", "08/12/2026 06:41")


def test_booleans_read_yes_and_no(ward_a):
    person = PersonFactory(unit=ward_a)
    person.active = False
    person.save()
    entry = ChangeLog.objects.filter(object_id=str(person.pk), action="update").get()
    (change,) = present_changes([entry])[0].fields
    assert (change.before, change.after) == ("Có", "Không")


def test_related_objects_are_looked_up_in_bulk(ward_a):
    tasks = [_edit_task(ward_a)[0] for _ in range(6)]
    entries = list(
        ChangeLog.objects.filter(object_id__in=[str(t.pk) for t in tasks], content_type__model="task")
    )
    with CaptureQueriesContext(connection) as few:
        present_changes(entries[:2], Task)
    with CaptureQueriesContext(connection) as many:
        present_changes(entries, Task)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_timeline_verbs_have_labels_and_apps_add_their_own(client, ward_a):
    task = TaskFactory(unit=ward_a)
    record_event(task, "assigned", "Trần Thị Hoa")
    assert event_label("recoded") == "đổi mã"
    register_event_labels({"assigned": "giao cho (thử)"}, app="test_app")
    assert event_label("assigned", "test_app") == "giao cho (thử)"
    assert event_label("assigned", "plans") != "giao cho (thử)"
    assert event_label("some_new_verb") == "some new verb"
    client.force_login(user_with_role(ward_a, Role.LEADER))
    page = client.get(reverse("core:history", args=["plans", "task", task.pk])).content.decode()
    timeline = page[page.index('data-testid="timeline"') : page.index('data-testid="changelog"')]
    assert "Giao cho" in _text(timeline) and "assigned" not in _text(timeline)
    assert [e.verb for e in object_history(task)["events"]] == ["assigned"]


def test_unnamed_fields_read_in_vietnamese_and_empty_or_internal_ones_are_left_out(ward_a):
    task = TaskFactory(unit=ward_a)
    entries = ChangeLog.objects.filter(object_id=str(task.pk), content_type__model="task", action="create")
    entry = entries.get()
    fields = {f.name: f for f in present_changes([entry], Task)[0].fields}
    assert fields["order"].label == "Thứ tự" and fields["title"].label == "Tên nhiệm vụ"
    assert not {"id", "source_id", "source_type_id", "cancel_reason", "created_at"} & set(fields)
    assert all(f.before != f.after for f in fields.values())
