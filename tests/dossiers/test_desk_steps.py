"""Separation of duties on a dossier (issue 13): the desk assigns a specialist, the specialist proposes the
result, a leader of the competent unit approves it, then the result is ready and the desk returns it. Every
refusal is tried through the page as the user who tried it and leaves the database unchanged."""

import pytest
from django.urls import reverse

from cchc.core.models import ChangeLog
from cchc.core.permissions import Forbidden, can
from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierStep
from cchc.dossiers.selectors import events_of, specialists_for
from cchc.org.models import Role
from tests.dossiers.desk_support import SYSTEM, at, receive, state, verbs
from tests.factories import RoleAssignmentFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(ward_a):
    return {
        "desk": user_with_role(ward_a, Role.ONESTOP_OFFICER, username="motcua", first_name="Lan"),
        "specialist": user_with_role(ward_a, Role.SPECIALIST, username="thuly", first_name="Hùng"),
        "leader": user_with_role(ward_a, Role.LEADER, username="chutich", first_name="Hà"),
    }


def _post(client, user, dossier, action, data=None, follow=False):
    client.force_login(user)
    url = reverse("dossiers:action", args=[dossier.code, action])
    return client.post(url, {f"{action}-{k}": v for k, v in (data or {}).items()}, follow=follow)


def _fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def test_desk_officer_cannot_mark_the_result_ready_without_specialist_or_leader(client, ward_a, people):
    """The scenario of the issue: a one-stop officer posts "Đã có kết quả" on a fresh dossier: 403."""
    dossier = receive(ward_a, requires_approval=True, actor=people["desk"])
    before = state(dossier)
    assert _post(client, people["desk"], dossier, "finish").status_code == 403
    assert state(dossier) == before
    with pytest.raises(Forbidden):
        services.dossier_finish(dossier=dossier, actor=people["desk"])
    assert state(dossier) == before


def test_the_whole_path_through_the_pages_records_each_step_and_who_did_it(client, ward_a, people):
    dossier = receive(ward_a, requires_approval=True, actor=people["desk"])
    specialist = people["specialist"]
    response = _post(client, people["desk"], dossier, "assign", {"specialist": specialist.pk}, follow=True)
    assert "Đã giao công chức thụ lý" in response.content.decode()
    assert _fresh(dossier).specialist == specialist

    # the specialist cannot finish before the leader approves
    before = state(dossier)
    body = _post(client, specialist, dossier, "finish", follow=True).content.decode()
    assert "cần lãnh đạo phê duyệt" in body and state(dossier) == before

    _post(client, specialist, dossier, "propose", {"outcome": "approved", "note": "Đủ điều kiện"})
    assert (_fresh(dossier).review, _fresh(dossier).proposed_outcome) == ("proposed", "approved")
    # the desk can neither approve nor finish; the specialist cannot approve its own proposal
    for user, action in ((people["desk"], "approve"), (people["desk"], "finish"), (specialist, "approve")):
        before = state(dossier)
        assert _post(client, user, dossier, action, {"approve": "1"}).status_code == 403, (user, action)
        assert state(dossier) == before

    _post(client, people["leader"], dossier, "approve", {"approve": "1"})
    assert _fresh(dossier).review == "approved"
    _post(client, specialist, dossier, "finish", {})
    assert _fresh(dossier).status == "finished"
    _post(client, people["desk"], dossier, "return", {"method": "counter"})
    final = _fresh(dossier)
    assert final.status == "returned" and final.due_at == dossier.due_at  # no step moves the appointment

    assert verbs(dossier) == ["received", "assigned", "proposed", "approved", "finished", "returned"]
    actors = {e.verb: e.actor for e in events_of(dossier)}
    assert (actors["assigned"], actors["proposed"], actors["approved"], actors["finished"]) == (
        people["desk"],
        specialist,
        people["leader"],
        specialist,
    )
    steps = list(DossierStep.objects.filter(dossier=dossier).order_by("started_at", "id"))
    assert [(s.kind, s.from_user, s.to_user) for s in steps] == [
        ("assign", people["desk"], specialist),
        ("propose", specialist, None),
        ("approve", people["leader"], None),
    ]
    assert all(s.ended_at is not None for s in steps)  # the last one ends when the result is ready
    assert ChangeLog.objects.filter(object_id=str(dossier.pk), actor=people["leader"]).exists()

    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'data-testid="steps"' in page and "Hùng" in page and 'data-step="approve"' in page


def test_leader_sends_back_with_a_reason_and_the_specialist_proposes_again(ward_a, people):
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_propose(dossier=d, outcome="approved", actor=people["specialist"])
    before = state(d)
    with pytest.raises(Exception) as caught:
        services.dossier_approve(dossier=d, approve=False, note=" ", actor=people["leader"])
    assert caught.value.field == "note" and state(d) == before
    d = services.dossier_approve(dossier=d, approve=False, note="Thiếu xác minh", actor=people["leader"])
    assert d.review == "sent_back" and d.steps.last().to_user == people["specialist"]
    d = services.dossier_propose(dossier=d, outcome="approved", actor=people["specialist"])
    assert d.review == "proposed"
    assert verbs(d)[-3:] == ["proposed", "sent_back", "proposed"]


def test_refusal_needs_an_approved_refusal_proposal(ward_a, people):
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    with pytest.raises(Exception) as caught:
        services.dossier_refuse(dossier=d, reason="Không đủ điều kiện", actor=people["leader"])
    assert caught.value.code == "needs_approval"
    with pytest.raises(Exception) as caught:
        services.dossier_propose(dossier=d, outcome="refused", note="", actor=people["specialist"])
    assert caught.value.field == "note"
    d = services.dossier_propose(
        dossier=d, outcome="refused", note="Sai đối tượng", actor=people["specialist"]
    )
    d = services.dossier_approve(dossier=d, approve=True, actor=people["leader"])
    with pytest.raises(Exception) as caught:  # approved a refusal, not a result
        services.dossier_finish(dossier=d, actor=people["specialist"])
    assert caught.value.code == "needs_approval"
    d = services.dossier_refuse(dossier=d, reason="Sai đối tượng", actor=people["specialist"])
    assert (d.status, d.outcome) == ("refused", "refused")


def test_a_specialist_who_is_also_a_leader_never_approves_its_own_proposal(ward_a, people):
    both = user_with_role(ward_a, Role.SPECIALIST)
    RoleAssignmentFactory(user=both, unit=ward_a, role=Role.LEADER)
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=both, actor=people["desk"])
    d = services.dossier_propose(dossier=d, outcome="approved", actor=both)
    before = state(d)
    with pytest.raises(Forbidden):
        services.dossier_approve(dossier=d, approve=True, actor=both)
    assert state(d) == before and not can(both, "dossiers.dossier.approve", d)
    assert can(people["leader"], "dossiers.dossier.approve", d)


def test_only_officers_of_the_competent_unit_can_be_assigned(client, ward_a, ward_b, people):
    dossier = receive(ward_a, requires_approval=True)
    viewer = user_with_role(ward_a, Role.VIEWER)
    stranger = user_with_role(ward_b, Role.SPECIALIST)
    leader = people["leader"]
    offered = specialists_for(dossier)
    assert people["specialist"] in offered and people["desk"] in offered
    assert viewer not in offered and stranger not in offered and leader not in offered
    before = state(dossier)
    for user in (viewer, stranger, leader):
        with pytest.raises(Exception) as caught:
            services.dossier_assign(dossier=dossier, specialist=user, actor=people["desk"])
        assert caught.value.code == "not_a_specialist" and caught.value.field == "specialist"
        # through the page: not among the choices, a form error
        body = _post(client, people["desk"], dossier, "assign", {"specialist": user.pk}, follow=True)
        assert body.status_code == 200 and "lựa chọn hợp lệ" in body.content.decode()
    assert state(dossier) == before


def test_reassigning_is_an_event_but_not_while_the_proposal_waits(ward_a, people):
    other = user_with_role(ward_a, Role.SPECIALIST, first_name="Bảo")
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_assign(dossier=d, specialist=other, actor=people["leader"], note="Nghỉ phép")
    assert d.specialist == other and verbs(d).count("assigned") == 2
    first, second = DossierStep.objects.filter(dossier=d).order_by("id")
    assert first.ended_at == second.started_at and second.ended_at is None
    d = services.dossier_propose(dossier=d, outcome="approved", actor=other)
    before = state(d)
    with pytest.raises(Exception) as caught:
        services.dossier_assign(dossier=d, specialist=people["specialist"], actor=people["desk"])
    assert caught.value.code == "illegal_transition" or caught.value.code == "under_review"
    assert state(d) == before


def test_without_approval_the_specialist_or_a_leader_records_the_result_not_the_desk(ward_a, people):
    dossier = receive(ward_a, requires_approval=False)
    with pytest.raises(Forbidden):
        services.dossier_finish(dossier=dossier, actor=people["desk"])
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_finish(dossier=d, actor=people["specialist"], at=at(2026, 3, 3, 9))
    assert d.status == "finished" and d.timeliness == "early"
    leader_done = services.dossier_finish(
        dossier=receive(ward_a, requires_approval=False), actor=people["leader"], at=at(2026, 3, 3, 9)
    )
    assert leader_done.status == "finished"


def test_leader_of_another_unit_sees_404_and_changes_nothing(client, ward_a, ward_b, people):
    outsider = user_with_role(ward_b, Role.LEADER)
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_propose(dossier=d, outcome="approved", actor=people["specialist"])
    before = state(d)
    client.force_login(outsider)
    assert client.get(reverse("dossiers:detail", args=[d.code])).status_code == 404
    assert _post(client, outsider, d, "approve", {"approve": "1"}).status_code == 404
    with pytest.raises(Forbidden):
        services.dossier_approve(dossier=d, approve=True, actor=outsider)
    assert state(d) == before


def test_page_shows_each_user_only_the_buttons_the_door_allows(client, ward_a, people):
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_propose(dossier=d, outcome="approved", actor=people["specialist"])
    url = reverse("dossiers:detail", args=[d.code])
    pages = {}
    for role, user in people.items():
        client.force_login(user)
        pages[role] = client.get(url).content.decode()
    assert 'data-action="approve"' in pages["leader"]
    assert 'data-action="approve"' not in pages["desk"] and 'data-action="approve"' not in pages["specialist"]
    assert 'data-action="finish"' not in "".join(pages.values())  # not approved yet
    assert 'data-testid="review"' in pages["desk"]


def test_services_need_an_actor_and_the_system_actor_passes_the_door(ward_a):
    dossier = receive(ward_a, requires_approval=True)
    with pytest.raises(TypeError):
        services.dossier_withdraw(dossier=dossier)  # no actor: a programming error
    d = services.dossier_withdraw(dossier=dossier, actor=SYSTEM)
    assert d.status == "withdrawn" and events_of(d).last().actor_label == "test"


def test_steps_do_not_change_the_figures_the_statistics_read(ward_a, people):
    dossier = receive(ward_a, requires_approval=True)
    d = services.dossier_assign(dossier=dossier, specialist=people["specialist"], actor=people["desk"])
    d = services.dossier_propose(dossier=d, outcome="approved", actor=people["specialist"])
    d = services.dossier_approve(dossier=d, approve=True, actor=people["leader"])
    fields = ("status", "due_at", "due_plus_pause_at", "end_at", "timeliness", "finished_at", "outcome")
    assert {f: getattr(d, f) for f in fields} == {f: getattr(dossier, f) for f in fields}
