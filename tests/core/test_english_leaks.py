"""No English on the Vietnamese pages (issue 15): a crawl of the main pages, as the roles people use, fails
when a common English UI word or a raw stored value (``not_started``, ``None``, ``owner``) shows in the text
a reader sees.

The list is short on purpose: words a developer leaves behind, not every English word (codes and proper
names are allowed, see ``ALLOWED``)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cchc.core.audit import acting_as
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from tests.conftest import EXAMPLES
from tests.factories import PersonFactory, TaskFactory, dossier_for, user_with_role

pytestmark = pytest.mark.django_db

#: Words that betray an untranslated message or a raw value, as whole words (case-sensitive).
ENGLISH = (
    "Save", "Cancel", "Edit", "Delete", "Status", "Date", "Search", "Submit", "Back", "Next", "Previous",
    "None", "True", "False", "Yes", "No",
    "deadline", "owner", "status", "created", "updated", "not_started", "in_progress", "processing", "draft",
    "received", "assigned", "transferred",
)  # fmt: skip
#: Text allowed although it holds a listed word (codes, proper names).
ALLOWED = ()
WORD = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return re.sub(r"\s+", " ", text)


def leaks(html: str) -> list[str]:
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in WORD.finditer(text)]


@pytest.fixture
def world(ward_a):
    """A ward with a plan, a task changed by its leader, a dossier and a PAR framework."""
    from cchc.scoring.frameworks import import_framework

    leader = user_with_role(ward_a, Role.LEADER, first_name="Minh", last_name="Lê")
    owner = PersonFactory(unit=ward_a, full_name="Trần Thị Hoa")
    task = TaskFactory(unit=ward_a, deadline=date(2026, 12, 10))
    with acting_as(leader):
        task.owner = owner
        task.deadline = date(2026, 12, 18)
        task.status = "in_progress"
        task.save()
    dossier = dossier_for(ward_a)
    framework, _replaced = import_framework(
        (EXAMPLES / "framework-example.yaml").read_text(encoding="utf-8"), actor=system_actor("test")
    )
    return {"leader": leader, "task": task, "dossier": dossier, "framework": framework, "unit": ward_a}


def _pages(world) -> list[str]:
    task, dossier, framework = world["task"], world["dossier"], world["framework"]
    return [
        reverse("home"),
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[task.plan_id]),
        reverse("plans:task-list"),
        reverse("plans:task-detail", args=[task.pk]),
        reverse("core:history", args=["plans", "task", task.pk]),
        reverse("core:history", args=["dossiers", "dossier", dossier.pk]),
        reverse("dossiers:list"),
        reverse("dossiers:detail", args=[dossier.code]),
        reverse("workdays:calendar"),
        reverse("stats:report"),
        reverse("scoring:framework-list"),
        reverse("scoring:framework-detail", args=[framework.code]),
        reverse("dossiers:import"),
        reverse("dossiers:audit"),
        reverse("procedures:list"),
        reverse("inspections:plan-list"),
        reverse("org:unit-list"),
        reverse("org:unit-detail", args=[world["unit"].code]),
        reverse("core:history", args=["org", "unit", world["unit"].pk]),
        reverse("workdays:log"),
        reverse("stats:dossiers"),
        reverse("stats:quality"),
        reverse("core:notifications"),
    ]


@pytest.mark.parametrize("role", [Role.LEADER, Role.PAR_OFFICER, Role.ONESTOP_OFFICER, Role.ADMIN])
def test_the_main_pages_read_in_vietnamese(client, world, role):
    user = world["leader"] if role == Role.LEADER else user_with_role(world["unit"], role)
    client.force_login(user)
    found = {}
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 200:
            words = leaks(response.content.decode())
            if words:
                found[url] = words
    assert not found, found


def test_the_crawl_catches_a_leak_and_ignores_scripts_and_attributes():
    html = '<p data-status="draft">Trạng thái: not_started</p><button>Save</button><script>var None;</script>'
    assert WORD.findall(visible_text(html)) == ["not_started", "Save"] and len(leaks(html)) == 2
    assert leaks('<p title="owner">Người chủ trì: Trần Thị Hoa</p>') == []
