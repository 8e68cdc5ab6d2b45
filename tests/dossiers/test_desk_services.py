"""The desk's transitions one by one (services.py): what each writes; an illegal one changes nothing."""

from datetime import time, timedelta
from decimal import Decimal

import pytest

from cchc.core.audit import acting_as
from cchc.core.errors import DomainError
from cchc.core.models import ChangeLog
from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierTransfer
from cchc.org.models import Role
from tests.dossiers.desk_support import MONDAY, SYSTEM, VN, at, receive, state, verbs
from tests.factories import UnitFactory, procedure_with_version, user_with_role

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------------------


def test_received_dossier_gets_a_unit_day_sequence_code_and_the_rule_due_instant(ward_a):
    officer = user_with_role(ward_a, Role.ONESTOP_OFFICER)
    procedure = procedure_with_version(processing_days=3, fee_vnd=30000)
    with acting_as(officer):
        first = receive(ward_a, procedure=procedure, actor=officer)
        second = receive(ward_a, procedure=procedure, actor=officer, received_at=MONDAY + timedelta(hours=1))
    assert (first.code, second.code) == ("22945-260302-001", "22945-260302-002")
    assert first.due_at == at(2026, 3, 5, 9, 0)  # three working days later
    assert first.due_source == "computed" and first.processing_days == Decimal(3)
    assert first.procedure_version == procedure.versions.get()
    assert (first.fee_vnd, first.status, first.origin, first.received_by) == (
        30000,
        "processing",
        "desk",
        officer,
    )
    assert verbs(first) == ["received"]
    event = first_event(first)
    assert (event.unit_code, event.actor, event.at) == ("22945", officer, MONDAY)
    assert ChangeLog.objects.filter(object_id=str(first.pk), action="create").exists()


def first_event(dossier):
    from cchc.dossiers.selectors import events_of

    return events_of(dossier).first()


def test_received_dossier_keeps_the_version_in_force_on_the_receipt_date(ward_a):
    from cchc.procedures.models import ProcedureVersion

    procedure = procedure_with_version(processing_days=5, valid_to=MONDAY.date() - timedelta(days=1))
    newer = ProcedureVersion.objects.create(procedure=procedure, valid_from=MONDAY.date(), processing_days=2)
    dossier = receive(ward_a, procedure=procedure)
    assert dossier.procedure_version == newer and dossier.due_at == at(2026, 3, 4, 9, 0)


def test_processing_time_in_hours_is_stored_in_days_and_counted_in_office_hours(ward_a):
    procedure = procedure_with_version(processing_days=4, processing_unit="hours")
    dossier = receive(ward_a, procedure=procedure, received_at=at(2026, 3, 2, 10, 0))
    assert dossier.due_at == at(2026, 3, 2, 15, 30)  # 10:00-11:30 + 13:00-15:30
    assert dossier.processing_days == Decimal("0.5")


def test_same_day_procedure_received_after_its_cut_off_is_due_next_working_day(ward_a):
    procedure = procedure_with_version(processing_days=0, cutoff_time=time(15, 0))
    before = receive(ward_a, procedure=procedure, received_at=at(2026, 3, 6, 14, 0))  # Friday
    after = receive(ward_a, procedure=procedure, received_at=at(2026, 3, 6, 15, 30))
    assert before.due_at == at(2026, 3, 6, 17, 0)
    assert after.due_at == at(2026, 3, 9, 17, 0)  # Monday


def test_procedure_without_processing_time_needs_one_typed_at_the_desk(ward_a):
    procedure = procedure_with_version(processing_days=None)
    with pytest.raises(DomainError) as caught:
        receive(ward_a, procedure=procedure)
    assert (caught.value.code, caught.value.field) == ("no_processing_time", "processing_days")
    assert not Dossier.objects.filter(procedure=procedure).exists()
    dossier = receive(ward_a, procedure=procedure, processing_days=Decimal("1.5"))
    assert dossier.due_at == at(2026, 3, 3, 14, 30)


def test_fee_given_at_the_desk_overrides_the_catalogue_and_competent_unit_is_kept(ward_a, ward_b):
    dossier = receive(ward_a, fee_vnd=0, competent_unit=ward_b, digitized=True, channel="online")
    assert (dossier.fee_vnd, dossier.competent_unit, dossier.digitized, dossier.channel) == (
        0,
        ward_b,
        True,
        "online",
    )


def test_given_code_is_used_and_a_taken_code_is_refused(ward_a):
    receive(ward_a, code="MC-0001")
    with pytest.raises(DomainError) as caught:
        receive(ward_a, code="MC-0001")
    assert (caught.value.code, caught.value.field) == ("duplicate_code", "code")
    assert Dossier.objects.filter(code="MC-0001").count() == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"applicant_name": "  "}, "applicant_name"),
        ({"applicant_phone": "09-abc"}, "applicant_phone"),
        ({"applicant_phone": "123"}, "applicant_phone"),
        ({"channel": "fax"}, "channel"),
        ({"received_at": MONDAY.replace(year=2099)}, "received_at"),
        ({"fee_vnd": -1}, "fee_vnd"),
        ({"processing_days": Decimal("-1")}, "processing_days"),
    ],
)
def test_bad_intake_values_are_refused_naming_the_field(kwargs, field, ward_a):
    with pytest.raises(DomainError) as caught:
        receive(ward_a, **kwargs)
    assert caught.value.field == field and caught.value.message
    assert not Dossier.objects.filter(receiving_unit=ward_a).exists()


def test_only_acting_roles_of_the_unit_may_receive(ward_a, ward_b):
    viewer = user_with_role(ward_a, Role.VIEWER)
    other = user_with_role(ward_b, Role.ONESTOP_OFFICER)
    for actor in (viewer, other):
        with pytest.raises(DomainError) as caught:
            receive(ward_a, actor=actor)
        assert caught.value.code == "forbidden"
    assert not Dossier.objects.filter(receiving_unit=ward_a).exists()
    leader = user_with_role(ward_a, Role.LEADER)
    assert receive(ward_a, actor=leader).received_by == leader


# ---------------------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------------------


def test_supplement_request_pauses_the_clock_until_it_is_completed(ward_a):
    dossier = receive(ward_a)
    d = services.dossier_request_supplement(
        actor=SYSTEM, dossier=dossier, reason="Bổ sung bản sao CCCD", at=at(2026, 3, 3, 9)
    )
    assert (d.status, d.supplement_count, d.supplement_reason) == (
        "awaiting_supplement",
        1,
        "Bổ sung bản sao CCCD",
    )
    assert d.supplement_requested_at == at(2026, 3, 3, 9) and d.supplement_received_at is None
    d = services.dossier_complete_supplement(actor=SYSTEM, dossier=d, at=at(2026, 3, 5, 9))
    assert d.status == "processing" and d.pause == timedelta(days=2)
    assert d.due_at == at(2026, 3, 5, 9) and d.due_plus_pause_at == at(2026, 3, 7, 9)  # the due never moves
    d = services.dossier_finish(actor=SYSTEM, dossier=d, at=at(2026, 3, 6, 16))
    assert d.timeliness == "early"  # adjusted end 04/03 16:00, before the due date
    assert verbs(d) == ["received", "supplement_requested", "supplement_completed", "finished"]


def test_second_supplement_request_warns_and_makes_the_dossier_late(ward_a):
    d = receive(ward_a)
    d = services.dossier_request_supplement(actor=SYSTEM, dossier=d, reason="Lần 1", at=at(2026, 3, 2, 10))
    d = services.dossier_complete_supplement(actor=SYSTEM, dossier=d, at=at(2026, 3, 2, 14))
    d = services.dossier_request_supplement(actor=SYSTEM, dossier=d, reason="Lần 2", at=at(2026, 3, 3, 9))
    assert d.supplement_count == 2 and d.supplement_received_at is None and d.status == "awaiting_supplement"
    assert "quá một lần" in d.warnings[0]
    d = services.dossier_complete_supplement(actor=SYSTEM, dossier=d, at=at(2026, 3, 3, 10))
    d = services.dossier_finish(actor=SYSTEM, dossier=d, at=at(2026, 3, 3, 11))
    assert d.timeliness == "late"


def test_transfer_logs_the_hand_over_and_never_moves_the_due_instant(ward_a):
    office = UnitFactory(parent=ward_a, name="Bộ phận Tư pháp - Hộ tịch")
    d = receive(ward_a)
    due = d.due_at
    d = services.dossier_transfer(
        actor=SYSTEM, dossier=d, to_unit=office, note="Chuyển xử lý", at=at(2026, 3, 2, 10)
    )
    assert d.handling_unit == office and d.holder == office and d.due_at == due
    transfer = DossierTransfer.objects.get(dossier=d)
    assert (transfer.from_unit, transfer.to_unit, transfer.at, transfer.note) == (
        ward_a,
        office,
        at(2026, 3, 2, 10),
        "Chuyển xử lý",
    )
    back = services.dossier_transfer(actor=SYSTEM, dossier=d, to_unit=ward_a, at=at(2026, 3, 3, 10))
    assert back.holder == ward_a and back.transfers.count() == 2 and back.due_at == due
    assert verbs(back) == ["received", "transferred", "transferred"]


def test_transfer_to_the_unit_holding_the_dossier_is_refused(ward_a):
    d = receive(ward_a)
    before = state(d)
    with pytest.raises(DomainError) as caught:
        services.dossier_transfer(actor=SYSTEM, dossier=d, to_unit=ward_a)
    assert caught.value.code == "same_unit" and state(d) == before


def test_transferred_dossier_is_visible_to_the_receiving_office(ward_a, ward_b):
    d = receive(ward_a)
    services.dossier_transfer(actor=SYSTEM, dossier=d, to_unit=ward_b, at=at(2026, 3, 2, 10))
    officer_b = user_with_role(ward_b, Role.ONESTOP_OFFICER)
    assert Dossier.objects.visible_to(officer_b, "change").filter(pk=d.pk).exists()


def test_finish_then_return_records_result_and_method(ward_a):
    d = receive(ward_a)
    d = services.dossier_finish(actor=SYSTEM, dossier=d, e_result=True, at=at(2026, 3, 5, 9))
    assert (d.status, d.outcome, d.e_result, d.timeliness) == ("finished", "approved", True, "on_time")
    d = services.dossier_return(actor=SYSTEM, dossier=d, method="post", at=at(2026, 3, 6, 9))
    assert (d.status, d.return_method, d.returned_at) == ("returned", "post", at(2026, 3, 6, 9))
    assert d.timeliness == "on_time"  # judged on the result, not on the hand-over


def test_finish_after_the_due_instant_is_late(ward_a):
    d = services.dossier_finish(actor=SYSTEM, dossier=receive(ward_a), at=at(2026, 3, 5, 9, 1))
    assert d.timeliness == "late"


def test_refuse_stops_processing_with_its_reason(ward_a):
    d = services.dossier_refuse(
        actor=SYSTEM, dossier=receive(ward_a), reason="Không đủ điều kiện", at=at(2026, 3, 3, 9)
    )
    assert (d.status, d.outcome, d.stopped_at, d.stop_reason) == (
        "refused",
        "refused",
        at(2026, 3, 3, 9),
        "Không đủ điều kiện",
    )


def test_withdrawal_while_awaiting_supplement_is_not_resolved(ward_a):
    d = services.dossier_request_supplement(
        actor=SYSTEM, dossier=receive(ward_a), reason="Thiếu giấy tờ", at=at(2026, 3, 2, 10)
    )
    d = services.dossier_withdraw(actor=SYSTEM, dossier=d, reason="Người dân xin rút", at=at(2026, 3, 4, 9))
    assert (d.status, d.outcome, d.timeliness) == ("withdrawn", "withdrawn", "")


def test_apology_in_time_records_the_new_date_without_warning(ward_a):
    d = receive(ward_a)  # due Thursday 05/03 09:00
    d = services.dossier_apologise(
        actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 10, 9), reason="Cần xác minh", at=at(2026, 3, 3, 16)
    )
    assert (d.apology_sent_at, d.apology_new_due_at, d.apology_reason) == (
        at(2026, 3, 3, 16),
        at(2026, 3, 10, 9),
        "Cần xác minh",
    )
    assert d.warnings == [] and d.due_at == at(2026, 3, 5, 9)
    assert first_apology_event(d).data["in_time"] is True


def first_apology_event(dossier):
    from cchc.dossiers.selectors import events_of

    return events_of(dossier).get(verb="apology_sent")


def test_apology_later_than_one_working_day_before_due_is_recorded_with_a_warning(ward_a):
    d = receive(ward_a)  # due Thursday 05/03 09:00; one working day before is Wednesday 09:00
    d = services.dossier_apologise(
        actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 9, 9), reason="Chậm", at=at(2026, 3, 4, 9, 1)
    )
    assert d.apology_sent_at == at(2026, 3, 4, 9, 1)
    assert "muộn" in d.warnings[0]
    assert first_apology_event(d).data["in_time"] is False


def test_apology_does_not_make_a_late_dossier_on_time(ward_a):
    d = receive(ward_a)
    d = services.dossier_apologise(
        actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 9, 9), reason="Chậm", at=at(2026, 3, 3, 9)
    )
    d = services.dossier_finish(actor=SYSTEM, dossier=d, at=at(2026, 3, 6, 9))
    assert d.timeliness == "late"


@pytest.mark.parametrize("new_due", [at(2026, 3, 5, 9), at(2026, 3, 4, 9)])
def test_apology_new_date_must_come_after_the_due_instant(new_due, ward_a):
    d = receive(ward_a)
    before = state(d)
    with pytest.raises(DomainError) as caught:
        services.dossier_apologise(
            actor=SYSTEM, dossier=d, new_due_at=new_due, reason="x", at=at(2026, 3, 3, 9)
        )
    assert caught.value.field == "new_due_at" and state(d) == before


def test_second_apology_is_refused(ward_a):
    d = receive(ward_a)
    d = services.dossier_apologise(
        actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 9, 9), reason="x", at=at(2026, 3, 3, 9)
    )
    before = state(d)
    with pytest.raises(DomainError) as caught:
        services.dossier_apologise(
            actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 10, 9), reason="y", at=at(2026, 3, 4, 9)
        )
    assert caught.value.code == "already_apologised" and state(d) == before


def test_online_payment_needs_a_fee_and_is_recorded_once(ward_a):
    d = services.dossier_mark_paid_online(actor=SYSTEM, dossier=receive(ward_a), at=at(2026, 3, 2, 10))
    assert d.paid_online is True
    with pytest.raises(DomainError) as caught:
        services.dossier_mark_paid_online(actor=SYSTEM, dossier=d)
    assert caught.value.code == "already_paid"
    free = receive(ward_a, fee_vnd=0)
    with pytest.raises(DomainError) as caught:
        services.dossier_mark_paid_online(actor=SYSTEM, dossier=free)
    assert caught.value.code == "no_fee" and not Dossier.objects.get(pk=free.pk).paid_online


def test_rating_after_the_result_sets_disliked(ward_a):
    d = services.dossier_finish(actor=SYSTEM, dossier=receive(ward_a), at=at(2026, 3, 4, 9))
    d = services.dossier_return(actor=SYSTEM, dossier=d, method="counter", at=at(2026, 3, 4, 10))
    d = services.dossier_rate(actor=SYSTEM, dossier=d, satisfied=False, at=at(2026, 3, 4, 10))
    assert d.disliked is True and d.rated_at == at(2026, 3, 4, 10)
    with pytest.raises(DomainError) as caught:
        services.dossier_rate(actor=SYSTEM, dossier=d, satisfied=True)
    assert caught.value.code == "already_rated" and Dossier.objects.get(pk=d.pk).disliked is True


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda d: services.dossier_finish(actor=SYSTEM, dossier=d, at=at(2026, 3, 1, 9)), "at"),
        (
            lambda d: services.dossier_request_supplement(
                actor=SYSTEM, dossier=d, reason="x", at=at(2099, 1, 1)
            ),
            "at",
        ),
        (lambda d: services.dossier_request_supplement(actor=SYSTEM, dossier=d, reason=" "), "reason"),
        (lambda d: services.dossier_refuse(actor=SYSTEM, dossier=d, reason=""), "reason"),
        (lambda d: services.dossier_return(actor=SYSTEM, dossier=d, method="counter"), None),
    ],
)
def test_bad_transition_values_change_nothing(call, field, ward_a):
    d = receive(ward_a)
    before = state(d)
    with pytest.raises(DomainError) as caught:
        call(d)
    assert caught.value.field == field and caught.value.message
    assert state(d) == before


# ---------------------------------------------------------------------------------------------------------
# Illegal transitions, one by one
# ---------------------------------------------------------------------------------------------------------


def _processing(unit):
    return receive(unit)


def _awaiting(unit):
    return services.dossier_request_supplement(
        actor=SYSTEM, dossier=receive(unit), reason="Thiếu", at=at(2026, 3, 2, 10)
    )


def _finished(unit):
    return services.dossier_finish(actor=SYSTEM, dossier=receive(unit), at=at(2026, 3, 3, 9))


def _returned(unit):
    return services.dossier_return(
        actor=SYSTEM, dossier=_finished(unit), method="counter", at=at(2026, 3, 3, 10)
    )


def _refused(unit):
    return services.dossier_refuse(
        actor=SYSTEM, dossier=receive(unit), reason="Không đủ điều kiện", at=at(2026, 3, 3, 9)
    )


def _withdrawn(unit):
    return services.dossier_withdraw(actor=SYSTEM, dossier=receive(unit), at=at(2026, 3, 3, 9))


STATES = {
    "processing": _processing,
    "awaiting_supplement": _awaiting,
    "finished": _finished,
    "returned": _returned,
    "refused": _refused,
    "withdrawn": _withdrawn,
}

CALLS = {
    "assign": lambda d, u: services.dossier_assign(actor=SYSTEM, dossier=d, specialist=None),
    "propose": lambda d, u: services.dossier_propose(actor=SYSTEM, dossier=d, outcome="approved"),
    "approve": lambda d, u: services.dossier_approve(actor=SYSTEM, dossier=d, approve=True),
    "request_supplement": lambda d, u: services.dossier_request_supplement(
        actor=SYSTEM, dossier=d, reason="x"
    ),
    "complete_supplement": lambda d, u: services.dossier_complete_supplement(actor=SYSTEM, dossier=d),
    "transfer": lambda d, u: services.dossier_transfer(actor=SYSTEM, dossier=d, to_unit=u),
    "finish": lambda d, u: services.dossier_finish(actor=SYSTEM, dossier=d),
    "return": lambda d, u: services.dossier_return(actor=SYSTEM, dossier=d, method="counter"),
    "refuse": lambda d, u: services.dossier_refuse(actor=SYSTEM, dossier=d, reason="x"),
    "withdraw": lambda d, u: services.dossier_withdraw(actor=SYSTEM, dossier=d),
    "apologise": lambda d, u: services.dossier_apologise(
        actor=SYSTEM, dossier=d, new_due_at=at(2026, 3, 20), reason="x"
    ),
    "mark_paid_online": lambda d, u: services.dossier_mark_paid_online(actor=SYSTEM, dossier=d),
    "rate": lambda d, u: services.dossier_rate(actor=SYSTEM, dossier=d, satisfied=True),
}

ILLEGAL = [
    (status, action)
    for status in STATES
    for action in CALLS
    if status not in services.TRANSITIONS[action].allowed_from
]


def test_every_transition_is_covered_by_the_illegal_table():
    assert set(CALLS) == set(services.TRANSITIONS)
    assert len(ILLEGAL) == 56


@pytest.mark.parametrize("status, action", ILLEGAL)
def test_illegal_transition_is_refused_with_a_clear_message_and_changes_nothing(
    status, action, ward_a, ward_b
):
    dossier = STATES[status](ward_a)
    assert dossier.status == status
    before = state(dossier)
    with pytest.raises(DomainError) as caught:
        CALLS[action](dossier, ward_b)
    assert caught.value.code == "illegal_transition"
    assert dossier.code in caught.value.message and "trạng thái" in caught.value.message
    assert state(dossier) == before


def test_allowed_actions_follow_status_and_flags(ward_a):
    d = receive(ward_a)
    assert services.allowed_actions(d) == [
        "request_supplement",
        "assign",
        "transfer",
        "finish",
        "refuse",
        "withdraw",
        "apologise",
        "mark_paid_online",
    ]
    needs_approval = receive(ward_a, requires_approval=True)
    assert "finish" not in services.allowed_actions(needs_approval)
    assert "refuse" not in services.allowed_actions(needs_approval)
    returned = _returned(ward_a)
    assert services.allowed_actions(returned) == ["mark_paid_online", "rate"]
    free = receive(ward_a, fee_vnd=0)
    assert "mark_paid_online" not in services.allowed_actions(free)


def test_received_instants_are_stored_to_the_second(ward_a):
    d = receive(ward_a, received_at=MONDAY.replace(microsecond=700_000))
    assert d.received_at == MONDAY + timedelta(seconds=1)
    assert d.received_at.astimezone(VN).microsecond == 0


def test_every_transition_names_a_registered_permission_and_a_timeline_verb():
    from cchc.core.permissions import rules
    from cchc.dossiers.timeline import VERB_LABELS

    for name, transition in services.TRANSITIONS.items():
        assert transition.permission in rules(), name
        assert transition.verb in VERB_LABELS, name
