"""The permission door in core: registered actions, the system actor, refusals as HTTP 403."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cchc.core.middleware import ForbiddenMiddleware
from cchc.core.permissions import Forbidden, can, permission, require, rules, system_actor

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


@permission("core.test.always_no", who="nobody (a test action)")
def _never(user, obj) -> bool:
    return False


def test_system_actor_passes_every_check_and_carries_its_label():
    actor = system_actor("cli:root")
    assert can(actor, "core.test.always_no", None)
    assert actor.get_username() == "cli:root"


def test_anonymous_and_refused_users_get_forbidden(django_user_model, db):
    user = django_user_model.objects.create_user("someone", password="x" * 12)
    assert not can(AnonymousUser(), "core.test.always_no")
    assert not can(None, "core.test.always_no")
    with pytest.raises(Forbidden) as info:
        require(user, "core.test.always_no", None)
    assert info.value.code == "forbidden"


def test_unknown_action_is_a_programming_error(db):
    with pytest.raises(LookupError):
        can(system_actor(), "core.no.such.action")


def test_forbidden_raised_by_a_view_is_answered_403(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = ForbiddenMiddleware(lambda r: None).process_exception(request, Forbidden("Không được."))
    assert response.status_code == 403


def test_docs_list_every_registered_action_with_who_may():
    """docs/permissions.md has one table row per registered action: | `name` | who |."""
    text = DOCS.read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z_.]+)` \| (.+?) \|$", text, flags=re.M))
    missing = [
        f"{name}: {rule.who}"
        for name, rule in rules().items()
        if not name.startswith("core.test.") and documented.get(name) != rule.who
    ]
    assert not missing, "docs/permissions.md lacks or misstates:\n" + "\n".join(missing)
    stale = sorted(set(documented) - set(rules()))
    assert not stale, f"docs/permissions.md lists actions nobody registers: {stale}"


def test_actor_user_is_the_account_or_none(django_user_model, db):
    from cchc.core.permissions import actor_user

    user = django_user_model.objects.create_user("owner", password="x" * 12)
    assert actor_user(user) == user
    assert actor_user(system_actor("cli:root")) is None
    assert actor_user(AnonymousUser()) is None
