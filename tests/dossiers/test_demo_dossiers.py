"""The demo dossiers: loaded once, deterministic, consistent with the deadline rule and the derived values."""

import random
from collections import Counter
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from cchc.core.models import Event
from cchc.dossiers import demo, selectors
from cchc.dossiers.models import Dossier
from cchc.dossiers.rules import DERIVED_FIELDS, derive_values
from cchc.dossiers.services import apology_deadline_met
from cchc.workdays.selectors import due_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def loaded(db):
    created = demo.load_demo_dossiers(now=NOW)
    return created


def test_demo_loads_once_for_five_communes_with_rule_due_instants_and_derived_values(loaded):
    assert 8000 <= loaded <= 15000
    assert Dossier.objects.count() == loaded
    units = dict(Dossier.objects.values_list("receiving_unit__code").annotate(n=Count("pk")))
    assert set(units) == {"22945", "22933", "22918", "22960", "23089"}
    first = Dossier.objects.order_by("received_at").first().received_at.astimezone(NOW.tzinfo)
    last = Dossier.objects.order_by("received_at").last().received_at
    assert first.date().isoformat().startswith("2025-01") and last < NOW
    assert demo.load_demo_dossiers(now=NOW) == 0 and Dossier.objects.count() == loaded
    _due_instants_follow_the_deadline_rule()
    _derived_values_match_the_rules()


def _due_instants_follow_the_deadline_rule():
    sample = Dossier.objects.select_related("receiving_unit").order_by("?")[:300]
    for d in sample:
        assert d.due_at == due_for(d.receiving_unit, d.received_at, d.processing_days), d.code
        assert d.due_source == "computed"


def _derived_values_match_the_rules():
    for d in Dossier.objects.order_by("?")[:500]:
        values = {name: getattr(d, name) for name in ("due_at", *_inputs())}
        expected = derive_values(values)
        assert {name: getattr(d, name) for name in DERIVED_FIELDS} == expected, d.code


def _inputs():
    return (
        "finished_at",
        "returned_at",
        "stopped_at",
        "supplement_requested_at",
        "supplement_received_at",
        "supplement_count",
        "outcome",
    )


def test_demo_has_a_plausible_mix_and_a_timeline_per_dossier(loaded):
    rows = Dossier.objects.all()
    total = rows.count()
    channels = Counter(rows.values_list("channel", flat=True))
    assert 0.5 <= channels["online"] / total <= 0.6 and channels["postal"] > 0
    timeliness = Counter(rows.values_list("timeliness", flat=True))
    assert timeliness["early"] > 0 and timeliness["on_time"] > timeliness["late"] > 0
    assert 0.01 <= timeliness["late"] / total <= 0.06
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses["refused"] > 0 and statuses["withdrawn"] > 0 and statuses["processing"] > 0
    assert rows.filter(supplement_count=2).exists() and rows.filter(supplement_count=1).exists()
    apologised = rows.filter(apology_sent_at__isnull=False)
    assert apologised.exists() and apologised.filter(timeliness="late").exists()
    in_time = [_apology_event(d).data["in_time"] for d in apologised.select_related("receiving_unit")]
    assert in_time == [_in_time_when_sent(d) for d in apologised.select_related("receiving_unit")]
    assert True in in_time and False in in_time
    assert rows.filter(disliked=True).exists() and rows.filter(paid_online=True).exists()
    assert rows.filter(e_result=True).exists() and rows.filter(digitized=False).exists()
    counts = selectors.queue_counts(rows, NOW)
    assert counts["overdue"] > 0 and counts["pending"] > counts["overdue"]
    assert counts["late_without_apology"] > 0
    _timeline_has_the_steps_of_each_dossier(loaded)


def _in_time_when_sent(dossier):
    """The apology rule as it stood when the letter was sent: a supplement completed later had not yet moved
    the due instant."""
    sent = dossier.apology_sent_at
    if dossier.supplement_received_at is None or dossier.supplement_received_at > sent:
        dossier.due_plus_pause_at = None
    return apology_deadline_met(dossier, sent)


def _apology_event(dossier):
    return selectors.events_of(dossier).get(verb="apology_sent")


def _timeline_has_the_steps_of_each_dossier(loaded):
    ct = ContentType.objects.get_for_model(Dossier)
    events = Event.objects.filter(content_type=ct)
    assert events.filter(verb="received").count() == loaded
    d = Dossier.objects.filter(status="returned", supplement_count=1).first()
    verbs = list(events.filter(object_id=str(d.pk)).order_by("at", "id").values_list("verb", flat=True))
    assert verbs[0] == "received" and "supplement_requested" in verbs and verbs[-1] in ("returned", "rated")


def test_demo_plan_is_deterministic(ward_a):
    catalogue = demo._catalogue()

    def plan():
        rows = demo._plan(ward_a, 3.0, catalogue, random.Random(7), np.random.default_rng(7), NOW)
        return [(r.received, r.procedure.code, r.values["due_at"], r.values["finished_at"]) for r in rows]

    first = plan()
    assert first and first == plan()
    assert all(isinstance(r[2], datetime) for r in first[:10])
    assert Decimal(catalogue[0][1].processing_days) >= 0


def test_demo_specialist_and_todays_dossiers_show_each_step_by_its_user(db):
    from cchc.dossiers.demo_steps import SPECIALIST, load_demo_steps
    from cchc.org.demo import load_demo_org

    load_demo_org()
    logins = load_demo_steps()
    assert [(u, role) for u, _p, role, _unit in logins] == [(SPECIALIST[0], "Công chức chuyên môn (thụ lý)")]
    today = Dossier.objects.filter(specialist__username=SPECIALIST[0])
    assert Counter(today.values_list("review", flat=True)) == Counter(
        {"": 1, "proposed": 1, "sent_back": 1, "approved": 2}
    )
    assert today.filter(status="finished").count() == 1
    waiting = today.get(review="proposed")
    assert [e.actor.username for e in selectors.events_of(waiting)] == [
        "motcua.phanthiet",
        "motcua.phanthiet",
        "thuly.phanthiet",
    ]
    assert load_demo_steps() == logins and today.count() == 5  # once
