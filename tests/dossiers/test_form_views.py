"""Every form page of the dossiers and procedures apps, posted through its view (issue 13, item 6).

Every URL of the ``dossiers``, ``procedures`` and ``lookup`` namespaces is filled in (each action of the
dossier page with a dossier in the state that action starts from) and posted, as an officer of the unit who
may do it: empty, with hostile values in every field, and with valid values where this file has them
(``VALID``). A URL that answers 405 does not take posts. Whatever is posted:

- the answer is never a 500;
- a refusal (403/404), an error message or a form shown again with errors leaves the database unchanged;
- the database changes only with a success: a redirect with a success message (or to the new object).

The numbers of URLs and posts are printed at the end of the run (tests/dossiers/conftest.py).
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from cchc.core.models import ChangeLog, Event
from cchc.core.permissions import can
from cchc.dossiers import services, views
from cchc.dossiers.models import WebImport, WebImportState
from cchc.org.models import Role
from tests.dossiers.desk_support import SYSTEM, receive
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NAMESPACES = ("dossiers", "procedures", "lookup")
HOSTILE = '=HYPERLINK("http://x")<script>' + "Đ" * 600
#: (URL name, posts made); read by the terminal summary.
COVERED: dict[str, int] = {}


def _routes() -> list[tuple[str, object]]:
    def walk(resolver, ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif p.name:
                yield ns + p.name, p

    return sorted(
        {(n, p) for n, p in walk(get_resolver()) if n.split(":")[0] in NAMESPACES}, key=lambda x: x[0]
    )


ROUTES = sorted({name for name, _p in _routes()})


@pytest.fixture
def people(ward_a):
    return {
        "desk": user_with_role(ward_a, Role.ONESTOP_OFFICER),
        "specialist": user_with_role(ward_a, Role.SPECIALIST),
        "leader": user_with_role(ward_a, Role.LEADER),
    }


def _in_state(action: str, unit, people):
    """A dossier (its procedure needs approval) in a state where ``action`` is allowed."""
    fee = {"fee_vnd": 30000}
    d = receive(unit, requires_approval=True, **fee)
    if action == "complete_supplement":
        return services.dossier_request_supplement(dossier=d, reason="Thiếu", actor=SYSTEM)
    if action in ("propose", "approve", "finish", "refuse", "return", "rate"):
        d = services.dossier_assign(dossier=d, specialist=people["specialist"], actor=SYSTEM)
    if action in ("approve", "finish", "refuse", "return", "rate"):
        outcome = "refused" if action == "refuse" else "approved"
        d = services.dossier_propose(dossier=d, outcome=outcome, note="Lý do", actor=people["specialist"])
    if action in ("finish", "refuse", "return", "rate"):
        d = services.dossier_approve(dossier=d, approve=True, actor=people["leader"])
    if action in ("return", "rate"):
        d = services.dossier_finish(dossier=d, actor=people["specialist"])
    return d


def _valid(action: str, ward_b, people) -> dict | None:
    new_due = (timezone.localtime() + timedelta(days=30)).strftime("%d/%m/%Y %H:%M")
    values = {
        "request_supplement": {"reason": "Bổ sung bản sao CCCD"},
        "complete_supplement": {},
        "assign": {"specialist": people["specialist"].pk},
        "propose": {"outcome": "approved", "note": ""},
        "approve": {"approve": "1", "note": ""},
        "transfer": {"to_unit": ward_b.code, "note": "Chuyển xử lý"},  # the HTTP 500 of the issue
        "finish": {"e_result": "on"},
        "return": {"method": "counter"},
        "refuse": {"reason": "Sai đối tượng"},
        "withdraw": {"reason": ""},
        "apologise": {"new_due_at": new_due, "reason": "Chờ xác minh"},
        "mark_paid_online": {},
        "rate": {"satisfied": "1"},
    }[action]
    return {f"{action}-{k}": v for k, v in values.items()}


def _hostile(form_class, prefix: str = "") -> dict:
    form = form_class(prefix=prefix or None) if form_class is not None else None
    names = [form.add_prefix(n) for n in form.fields] if form is not None else ["x"]
    return {name: HOSTILE for name in names}


def _fingerprint() -> tuple:
    counts = tuple(
        m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("cchc.") and not m._meta.proxy
    )
    return (
        counts,
        ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first(),
        Event.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )


def _post(client, url: str, data: dict) -> tuple[int, bool, set[str], bool]:
    """(status, changed, message levels, form errors shown), inside a savepoint rolled back afterwards."""
    with transaction.atomic():
        before = _fingerprint()
        response = client.post(url, data)
        changed = _fingerprint() != before
        transaction.set_rollback(True)
    # the messages this post added (earlier ones may wait in the session: no redirect is followed)
    levels = {m.level_tag for m in get_messages(response.wsgi_request)._queued_messages}
    context = response.context or {}
    form = context.get("form") if hasattr(context, "get") else None
    form_errors = bool(getattr(form, "errors", None))
    return response.status_code, changed, levels, form_errors


def _check(client, url: str, data: dict, what: str) -> int:
    status, changed, levels, form_errors = _post(client, url, data)
    where = f"{what} POST {url} {sorted(data)}"
    assert status != 500, where
    if status in (403, 404, 405) or "error" in levels or form_errors:
        assert not changed, f"{where}: refused or invalid ({status}, {levels}) but the database changed"
    if changed:
        assert status == 302 and ("success" in levels or not levels), f"{where}: changed without success"
    return status


def _targets(name: str, pattern, ward_a, ward_b, people):
    """(URL, user, form class, valid data or None) for each concrete URL of the pattern."""
    converters = set(getattr(pattern.pattern, "converters", {}))
    desk = people["desk"]
    if name == "dossiers:action":
        for action, (form_class, _service, _done) in views.ACTIONS.items():
            dossier = _in_state(action, ward_a, people)
            permission = services.TRANSITIONS[action].permission
            user = next(u for u in people.values() if can(u, permission, dossier))
            url = reverse(name, args=[dossier.code, action])
            yield url, user, (form_class, action), _valid(action, ward_b, people)
        return
    kwargs = {}
    if "code" in converters:
        kwargs["code"] = receive(ward_a).code
    if "pk" in converters:
        upload = WebImport.objects.create(
            user=desk, file_name="hs.csv", stored_name="missing.csv", state=WebImportState.REJECTED
        )
        kwargs["pk"] = upload.pk
    if "form" in converters:
        kwargs["form"] = "receipt"
    if "fmt" in converters:
        kwargs["fmt"] = "csv"
    if "token" in converters:
        kwargs["token"] = receive(ward_a).public_token
    url = reverse(name, kwargs=kwargs)
    valid = None
    form_class = None
    if name == "dossiers:new":
        from cchc.dossiers.forms import IntakeForm

        form_class = (IntakeForm, "")
        valid = {
            "procedure": "1.001193",
            "applicant_name": "Trần Thị Bích",
            "channel": "direct",
            "receiving_unit": str(ward_a.pk),
            "competent_unit": ward_b.code,  # the HTTP 500 of the issue
            "processing_days": "1",
        }
    elif name == "dossiers:explain-due":
        valid = {"reason": "Hẹn theo giấy tiếp nhận bản giấy số 12/TNHS"}
    yield url, desk, form_class, valid


@pytest.mark.parametrize("name", ROUTES)
def test_form_page_never_answers_500_and_changes_nothing_unless_it_succeeds(
    name, client, ward_a, ward_b, people
):
    pattern = next(p for n, p in _routes() if n == name)
    posts = 0
    for url, user, form_spec, valid in _targets(name, pattern, ward_a, ward_b, people):
        client.force_login(user)
        form_class, prefix = form_spec if form_spec else (None, "")
        if form_class is not None and prefix and name == "dossiers:action":
            hostile = _hostile(form_class, prefix)
        elif form_class is not None:
            hostile = {k: HOSTILE for k in form_class.base_fields}
        else:
            hostile = {"reason": HOSTILE, "unit": HOSTILE, "file": HOSTILE}
        first = _check(client, url, {}, "empty")
        posts += 1
        if first == 405:
            continue
        _check(client, url, hostile, "hostile")
        posts += 1
        if valid is not None:
            status, changed, levels, _errors = _post(client, url, valid)
            assert status == 302 and changed and "error" not in levels, f"valid POST {url}: {status} {levels}"
            posts += 1
    COVERED[name] = posts
    assert posts > 0


def test_intake_with_a_competent_unit_code_receives_the_dossier(client, ward_a, ward_b, people):
    """The HTTP 500 of the issue (``object of type 'Unit' has no len()``): the code is looked up after the
    length check; an unknown code is a form error naming the field, and nothing is created."""
    from cchc.dossiers.models import Dossier

    client.force_login(people["desk"])
    data = {
        "procedure": "1.001193",
        "applicant_name": "Trần Thị Bích",
        "channel": "direct",
        "receiving_unit": str(ward_a.pk),
        "processing_days": "1",
    }
    unknown = client.post(reverse("dossiers:new"), {**data, "competent_unit": "99999"})
    assert unknown.status_code == 200 and "99999" in unknown.content.decode()
    too_long = client.post(reverse("dossiers:new"), {**data, "competent_unit": "9" * 60})
    assert too_long.status_code == 200 and not Dossier.objects.filter(applicant_name="Trần Thị Bích").exists()
    response = client.post(
        reverse("dossiers:new"), {**data, "competent_unit": f"{ward_b.code} {ward_b.name}"}
    )
    assert response.status_code == 302
    assert Dossier.objects.get(applicant_name="Trần Thị Bích").competent_unit == ward_b


def test_transfer_form_hands_the_dossier_over_and_refuses_bad_codes(client, ward_a, ward_b, people):
    dossier = receive(ward_a)
    client.force_login(people["desk"])
    url = reverse("dossiers:action", args=[dossier.code, "transfer"])
    body = client.post(url, {"transfer-to_unit": "99999"}, follow=True).content.decode()
    assert "99999" in body and dossier.transfers.count() == 0
    client.post(url, {"transfer-to_unit": "9" * 60})
    assert dossier.transfers.count() == 0
    response = client.post(url, {"transfer-to_unit": ward_b.code, "transfer-note": "Chuyển xử lý"})
    assert response.status_code == 302
    transfer = dossier.transfers.get()
    assert (transfer.from_unit, transfer.to_unit, transfer.actor) == (ward_a, ward_b, people["desk"])
