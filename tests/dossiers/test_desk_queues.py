"""The desk's queues and search (selectors.py), as database filters at a given instant."""

from datetime import timedelta

import pytest

from cchc.dossiers import selectors
from cchc.dossiers.models import Dossier
from cchc.workdays.services import calendar_entry_add
from tests.dossiers.desk_support import at, receive
from tests.factories import UserFactory, dossier_for

pytestmark = pytest.mark.django_db

NOW = at(2031, 3, 10, 10, 0)  # Monday 10:00


def make(unit, code, due, **values):
    received = values.pop("received_at", due - timedelta(days=7))
    return dossier_for(unit, code=code, received_at=received, due_at=due, **values)


def codes(name, now=NOW, base=None):
    rows = selectors.in_queue(base if base is not None else Dossier.objects.all(), name, now)
    return sorted(rows.values_list("code", flat=True))


def test_due_today_holds_running_dossiers_due_on_todays_date(ward_a):
    make(ward_a, "TODAY-AM", at(2031, 3, 10, 9, 0))  # already past, still today
    make(ward_a, "TODAY-PM", at(2031, 3, 10, 17, 0))
    make(ward_a, "TOMORROW", at(2031, 3, 11, 9, 0))
    make(ward_a, "DONE", at(2031, 3, 10, 17, 0), finished_at=at(2031, 3, 10, 8, 0))
    assert codes("due_today") == ["TODAY-AM", "TODAY-PM"]


def test_overdue_holds_running_dossiers_past_their_due_instant_pause_included(ward_a):
    make(ward_a, "LATE", at(2031, 3, 7, 17, 0))
    make(ward_a, "PAUSED", at(2031, 3, 7, 17, 0), supplement_requested_at=at(2031, 3, 5), supplement_count=1)
    make(
        ward_a,
        "PAUSE-DONE",
        at(2031, 3, 7, 17, 0),
        supplement_requested_at=at(2031, 3, 5, 9),
        supplement_received_at=at(2031, 3, 8, 9),
        supplement_count=1,
    )  # three days' pause: due with the pause is 10/03 17:00
    make(ward_a, "ENDED", at(2031, 3, 7, 17, 0), finished_at=at(2031, 3, 9, 9, 0))
    assert codes("overdue") == ["LATE"]
    assert codes("awaiting_supplement") == ["PAUSED"]
    assert codes("overdue", now=at(2031, 3, 10, 17, 1)) == ["LATE", "PAUSE-DONE"]


def test_apology_due_is_within_one_working_day_before_due_or_past_it(ward_a):
    make(ward_a, "PAST", at(2031, 3, 7, 17, 0))
    make(ward_a, "TOMORROW-9", at(2031, 3, 11, 9, 0))  # 7 h of office time left
    make(ward_a, "TOMORROW-10", at(2031, 3, 11, 10, 0))  # exactly one working day left
    make(ward_a, "TOMORROW-11", at(2031, 3, 11, 11, 0))  # more than a day left
    make(ward_a, "APOLOGISED", at(2031, 3, 11, 9, 0), apology_sent_at=at(2031, 3, 9, 9))
    make(ward_a, "PAUSED", at(2031, 3, 11, 9, 0), supplement_requested_at=at(2031, 3, 9), supplement_count=1)
    assert codes("apology_due") == ["PAST", "TOMORROW-10", "TOMORROW-9"]


def test_apology_due_follows_the_local_calendar_of_the_unit(ward_a, ward_b):
    superuser = UserFactory(is_superuser=True)
    calendar_entry_add(
        day=at(2031, 3, 11).date(),
        kind="local_closure",
        name="Bão",
        legal_basis="Công điện",
        unit=ward_a,
        actor=superuser,
    )
    make(ward_a, "A-WED", at(2031, 3, 12, 9, 0))  # Tuesday closed in ward A: 7 h of office time left
    make(ward_b, "B-WED", at(2031, 3, 12, 9, 0))  # 15 h left in ward B
    assert codes("apology_due") == ["A-WED"]


def test_late_without_apology_covers_overdue_and_ended_late(ward_a):
    make(ward_a, "OVERDUE", at(2031, 3, 7, 17, 0))
    make(ward_a, "OVERDUE-SORRY", at(2031, 3, 7, 17, 0), apology_sent_at=at(2031, 3, 6, 9))
    make(ward_a, "ENDED-LATE", at(2031, 3, 3, 17, 0), finished_at=at(2031, 3, 4, 9, 0))
    make(ward_a, "ENDED-ON-TIME", at(2031, 3, 3, 17, 0), finished_at=at(2031, 3, 3, 16, 0))
    make(
        ward_a,
        "TWO-SUPPLEMENTS",
        at(2031, 3, 3, 17, 0),
        finished_at=at(2031, 3, 3, 16, 0),
        supplement_count=2,
        supplement_requested_at=at(2031, 3, 2, 9),
        supplement_received_at=at(2031, 3, 2, 10),
    )
    assert codes("late_without_apology") == ["ENDED-LATE", "OVERDUE", "TWO-SUPPLEMENTS"]


def test_queue_counts_count_every_queue_of_the_given_rows(ward_a, ward_b):
    make(ward_a, "A-LATE", at(2031, 3, 7, 17, 0))
    make(ward_a, "A-TODAY", at(2031, 3, 10, 17, 0))
    make(ward_b, "B-LATE", at(2031, 3, 7, 17, 0))
    counts = selectors.queue_counts(Dossier.objects.filter(receiving_unit=ward_a), NOW)
    assert counts == {
        "all": 2,
        "pending": 2,
        "due_today": 1,
        "overdue": 1,
        "awaiting_supplement": 0,
        "apology_due": 2,
        "late_without_apology": 1,
    }


def test_search_finds_code_name_without_accents_and_phone(ward_a):
    receive(ward_a, applicant_name="Trần Thị Bích Ngọc", applicant_phone="0905.111.222")
    other = receive(ward_a, applicant_name="Lê Văn Đức", applicant_phone="")
    rows = Dossier.objects.all()

    def found(text):
        return list(selectors.search(rows, text).values_list("applicant_name", flat=True))

    assert found("bich ngoc") == ["Trần Thị Bích Ngọc"]
    assert found("TRẦN THỊ") == ["Trần Thị Bích Ngọc"]
    assert found("0905111222") == ["Trần Thị Bích Ngọc"]
    assert found("111 222") == ["Trần Thị Bích Ngọc"]
    assert found("duc") == ["Lê Văn Đức"]
    assert found(other.code[-7:]) == ["Lê Văn Đức"]
    assert found("không có ai") == []
    assert selectors.search(rows, "  ").count() == 2


def test_search_finds_imported_dossiers_by_code(ward_a):
    dossier_for(ward_a, code="IMP-2025-000123")
    assert list(selectors.search(Dossier.objects.all(), "imp-2025").values_list("code", flat=True)) == [
        "IMP-2025-000123"
    ]


def test_mask_name_keeps_initials_only():
    assert selectors.mask_name("Nguyễn Văn A") == "N*** V** A"
    assert selectors.mask_name("Trần Thị Bích Ngọc") == "T*** T** B*** N***"
    assert selectors.mask_name("") == ""
