import pytest

from cchc.core.audit import acting_as, record_event
from cchc.core.models import ChangeLog
from cchc.core.selectors import object_history
from cchc.org.models import Person
from tests.factories import PersonFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_logged_with_actor_and_request_id(ward_a):
    user = UserFactory()
    with acting_as(user, request_id="req-1"):
        person = PersonFactory(unit=ward_a, full_name="Nguyễn Văn A")
        person.title = "Chủ tịch"
        person.save()
        pk = person.pk
        person.delete()
    entries = list(ChangeLog.objects.filter(object_id=str(pk), content_type__model="person").order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == user and e.request_id == "req-1" for e in entries)
    assert entries[1].before["title"] == "Công chức" and entries[1].after["title"] == "Chủ tịch"
    assert entries[2].after is None


def test_saving_without_changes_writes_no_entry(ward_a):
    person = PersonFactory(unit=ward_a)
    before = ChangeLog.objects.count()
    person.save()
    assert ChangeLog.objects.count() == before


def test_queryset_update_on_an_audited_model_is_logged_row_by_row(ward_a):
    people = PersonFactory.create_batch(3, unit=ward_a)
    with acting_as(None, label="cli:tester"):
        Person.objects.filter(pk__in=[p.pk for p in people]).update(title="Công chức mới")
    logs = ChangeLog.objects.filter(action="update", content_type__model="person", actor_label="cli:tester")
    assert logs.count() == 3
    assert {log.after["title"] for log in logs} == {"Công chức mới"}


def test_bulk_update_is_refused_on_audited_models(ward_a):
    person = PersonFactory(unit=ward_a)
    with pytest.raises(TypeError):
        Person.objects.bulk_update([person], ["title"])


def test_events_form_an_ordered_timeline(ward_a):
    person = PersonFactory(unit=ward_a)
    record_event(person, "assigned", "Công chức Văn phòng - Thống kê", unit_code=ward_a.code)
    record_event(person, "assigned_concurrently", "Công chức Văn hóa - Xã hội", unit_code=ward_a.code)
    assert [e.verb for e in object_history(person)["events"]] == ["assigned", "assigned_concurrently"]


def test_web_edit_is_attributed_to_the_user_and_request(client, ward_a):
    from cchc.org.models import Role

    person = PersonFactory(unit=ward_a, full_name="Lê Văn C")
    leader = user_with_role(ward_a, Role.LEADER)
    client.force_login(leader)
    response = client.post(
        f"/org/people/{person.pk}/edit/",
        {"full_name": "Lê Văn C", "title": "Phó Chủ tịch", "phone": "", "email": "", "active": "on"},
        HTTP_X_REQUEST_ID="abc123",
    )
    assert response.status_code == 302
    entry = ChangeLog.objects.filter(object_id=str(person.pk), action="update").get()
    assert entry.actor == leader and entry.request_id == "abc123"
    history = client.get(f"/history/org/person/{person.pk}/").content.decode()
    assert "Phó Chủ tịch" in history and leader.username in history


def test_viewer_cannot_open_the_edit_page(client, ward_a):
    from cchc.org.models import Role

    person = PersonFactory(unit=ward_a)
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    assert client.get(f"/org/people/{person.pk}/edit/").status_code == 403


def test_history_of_an_unscoped_model_is_404(client, ward_a):
    from cchc.org.models import Role

    client.force_login(user_with_role(ward_a, Role.ADMIN))
    assert client.get("/history/core/changelog/1/").status_code == 404
    assert client.get("/history/nope/nothing/1/").status_code == 404
