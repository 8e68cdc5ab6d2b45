"""A calendar change recomputes the computed due instants whose span contains the changed date, logs each move
and moves nothing else (formats/deadlines.md)."""

from datetime import date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from cchc.core.models import ChangeLog, Event
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from cchc.workdays.models import CalendarEntry
from cchc.workdays.services import calendar_entry_add, calendar_entry_remove
from tests.dossiers.desk_support import SYSTEM, at, receive
from tests.factories import UserFactory, dossier_for

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 3, 4)


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True)


def close(unit, day, superuser):
    return calendar_entry_add(
        day=day,
        kind="local_closure",
        name="Nghỉ do bão",
        legal_basis="Công điện 1/CĐ-UBND",
        unit=unit,
        actor=superuser,
    )


def recomputed_events(dossier):
    ct = ContentType.objects.get_for_model(Dossier)
    return list(Event.objects.filter(content_type=ct, object_id=str(dossier.pk), verb="due_recomputed"))


def test_closure_in_the_span_moves_the_due_instant_and_logs_before_and_after(ward_a, superuser):
    dossier = receive(ward_a)  # Monday 02/03 09:00, 3 days: due Thursday 05/03 09:00
    entry = close(ward_a, WEDNESDAY, superuser)
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 6, 9, 0)
    (event,) = recomputed_events(dossier)
    assert event.data == {
        "date": "2026-03-04",
        "before": "2026-03-05T09:00:00+07:00",
        "after": "2026-03-06T09:00:00+07:00",
    }
    assert event.unit_code == ward_a.code and "04/03/2026" in event.message
    change = ChangeLog.objects.filter(object_id=str(dossier.pk), action="update").latest("id")
    moved = {name: (before, after) for name, before, after in change.changed_fields}
    assert [datetime.fromisoformat(v) for v in moved["due_at"]] == [
        at(2026, 3, 5, 9, 0),
        at(2026, 3, 6, 9, 0),
    ]
    calendar_event = Event.objects.get(
        content_type=ContentType.objects.get_for_model(CalendarEntry), object_id=str(entry.pk), verb="added"
    )
    assert calendar_event.data["recomputed"] == 1


def test_removing_the_entry_moves_the_due_instant_back(ward_a, superuser):
    dossier = receive(ward_a)
    entry = close(ward_a, WEDNESDAY, superuser)
    assert calendar_entry_remove(entry=entry, actor=superuser) == 1
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 5, 9, 0) and len(recomputed_events(dossier)) == 2


def test_a_finished_dossier_is_judged_against_the_recomputed_due_instant(ward_a, superuser):
    dossier = services.dossier_finish(actor=SYSTEM, dossier=receive(ward_a), at=at(2026, 3, 5, 16, 0))
    assert dossier.timeliness == "late"
    close(ward_a, WEDNESDAY, superuser)
    dossier.refresh_from_db()
    assert (dossier.due_at, dossier.timeliness) == (at(2026, 3, 6, 9, 0), "early")


def test_imported_manual_other_units_and_spans_without_the_date_do_not_move(ward_a, ward_b, superuser):
    in_span = receive(ward_a)
    imported = dossier_for(
        ward_a, code="IMP-1", received_at=at(2026, 3, 2), due_at=at(2026, 3, 5), due_source="imported"
    )
    manual = dossier_for(
        ward_a, code="MAN-1", received_at=at(2026, 3, 2), due_at=at(2026, 3, 5), due_source="manual"
    )
    other_unit = receive(ward_b)
    after_date = receive(ward_a, received_at=at(2026, 3, 5, 9, 0))
    before_date = receive(ward_a, days=1, received_at=at(2026, 3, 2, 9, 0))  # due Tuesday 03/03
    untouched = {d.pk: d.due_at for d in (imported, manual, other_unit, after_date, before_date)}
    close(ward_a, WEDNESDAY, superuser)
    for pk, due in untouched.items():
        assert Dossier.objects.get(pk=pk).due_at == due
    assert Dossier.objects.get(pk=in_span.pk).due_at == at(2026, 3, 6, 9, 0)


def test_a_change_on_a_province_reaches_the_dossiers_of_its_communes(province, ward_a, ward_b, superuser):
    a, b = receive(ward_a), receive(ward_b)
    close(province, WEDNESDAY, superuser)
    assert {Dossier.objects.get(pk=d.pk).due_at for d in (a, b)} == {at(2026, 3, 6, 9, 0)}


def test_a_nationwide_make_up_saturday_brings_due_instants_forward(ward_a, superuser):
    friday = receive(ward_a, days=1, received_at=at(2026, 3, 6, 16, 0))
    assert friday.due_at == at(2026, 3, 9, 16, 0)
    calendar_entry_add(
        day=date(2026, 3, 7),
        kind="make_up_workday",
        name="Làm bù",
        legal_basis="Thông báo 1/TB-BNV",
        actor=superuser,
    )
    friday.refresh_from_db()
    assert friday.due_at == at(2026, 3, 7, 16, 0)


def test_a_same_day_procedure_with_a_cut_off_keeps_its_cut_off_when_recomputed(ward_a, superuser):
    from datetime import time

    from tests.factories import procedure_with_version

    procedure = procedure_with_version(processing_days=0, cutoff_time=time(15, 0))
    dossier = receive(ward_a, procedure=procedure, received_at=at(2026, 3, 3, 15, 30))  # Tuesday after 15:00
    assert dossier.due_at == at(2026, 3, 4, 17, 0)
    close(ward_a, WEDNESDAY, superuser)
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 5, 17, 0)
