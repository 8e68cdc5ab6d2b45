"""The permission matrix and the form pages, walked generically.

The world: one object of every scoped model in ward A and in ward B, built by the cross-unit cases
(``tests/scoping_cases.py``), plus the pages without an object (lists, creation forms). A superuser opens
every page of ward B's objects and every page without arguments, and collects every form that posts
(``<form method="post">`` with its fields, and ``hx-post``). Each post below runs in a savepoint that is
rolled back, so every post starts from the same world. Then:

- out of scope: every role held on ward A posts every form of ward B's objects: the database is unchanged and
  the answer is a refusal (403/404/405) or the page again with an error; never a 500;
- wrong role: a read-only role (``viewer``) held on ward B itself changes nothing, through any form;
- in scope: every role held on ward B posts every form as the page filled it; a refusal (403/404) leaves the
  database unchanged; never a 500;
- bad input: every form posted empty and with hostile values (over-long text, a formula, a bad date, a
  negative number, a foreign code) as a superuser never answers 500, and a refusal changes nothing.

The numbers of URLs × roles covered are printed at the end of the run (``pytest_terminal_summary``).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, URLResolver, get_resolver, resolve, reverse

from cchc.org.models import Role
from tests.factories import UserFactory, user_with_role
from tests.scoping_cases import CASES

pytestmark = pytest.mark.django_db

#: Forms of the page frame that act on the user's own session, not on the data.
FRAME_URLS = {"logout", "set_language", "org:switch-unit", "core:notifications"}
#: Pages without arguments that are not part of the application proper.
SKIPPED_PAGES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "set_language",
    "lookup:lookup",
}
REFUSALS = {403, 404, 405}
HOSTILE = {
    "text": '=HYPERLINK("http://x")' + "Đ" * 600,
    "date": "31/02/2099",
    "number": "-1",
    "code": "99999",
}

COVERAGE: dict[str, set] = {}


@dataclass
class Form:
    url: str
    fields: dict = field(default_factory=dict)
    source: str = ""

    @property
    def name(self) -> str:
        match = resolve(urlsplit(self.url).path)
        return match.view_name


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "hx-post" in a:
            self.forms.append(Form(url=a["hx-post"] or self.page_url, source=self.page_url))
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = Form(url=a.get("action") or self.page_url, source=self.page_url)
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag == "input":
                kind = (a.get("type") or "text").lower()
                if kind in ("checkbox", "radio"):
                    if "checked" in a:
                        self._form.fields[name] = a.get("value", "on")
                elif kind not in ("file", "submit", "button", "image"):
                    self._form.fields[name] = a.get("value", "")
            elif tag == "textarea":
                self._textarea = name
                self._form.fields[name] = ""
            elif tag == "select":
                self._select = name
            elif tag in ("button",) and a.get("value") is not None and name not in self._form.fields:
                self._form.fields[name] = a["value"]
        if tag == "option" and self._form is not None and self._select:
            if "selected" in a or self._select not in self._form.fields:
                self._form.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data


def _walk(resolver, ns=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _walk(p, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif p.name:
            yield ns + p.name, p


def _pages_without_arguments() -> list[str]:
    urls = []
    for name, pattern in _walk(get_resolver()):
        if name in SKIPPED_PAGES or getattr(pattern.pattern, "converters", {}):
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def _fingerprint() -> tuple:
    """Row counts of every CCHC table and the newest change-log and event ids."""
    from cchc.core.models import ChangeLog

    counts = tuple(
        m.objects.using("default").count() if hasattr(m, "objects") else m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("cchc.") and not m._meta.proxy
    )
    newest = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    return counts, newest


def _post(client, form: Form, data: dict):
    """Post ``data`` inside a savepoint that is rolled back; returns (status, changed)."""
    with transaction.atomic():
        before = _fingerprint()
        response = client.post(form.url, data)
        changed = _fingerprint() != before
        transaction.set_rollback(True)
    return response.status_code, changed


def _build(case, unit):
    """Build the case's object in ``unit``, or in a new unit below it when ``unit`` already holds one that
    must be unique (one assessment per framework and unit)."""
    from django.db import IntegrityError

    from cchc.org.models import UnitKind
    from tests.factories import UnitFactory

    try:
        with transaction.atomic():
            return case.build(unit)
    except IntegrityError:
        return case.build(UnitFactory(parent=unit, kind=UnitKind.COMMUNE))


@pytest.fixture
def world(ward_a, ward_b):
    objects = {}
    for label, case in sorted(CASES.items()):
        _build(case, ward_a)
        objects[label] = _build(case, ward_b)
    return objects


@pytest.fixture
def forms(world, client):
    """Every posting form on the pages of ward B's objects (``object``) and on the pages without arguments
    (``page``), as a superuser sees them."""
    client.force_login(UserFactory(is_superuser=True))
    pages = {"object": set(), "page": set(_pages_without_arguments())}
    for label, obj in world.items():
        pages["object"].update(CASES[label].detail_urls(obj))
    found: dict[str, dict[tuple, Form]] = {"object": {}, "page": {}}
    for kind, urls in pages.items():
        for url in sorted(urls):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormParser(url)
            parser.feed(response.content.decode())
            for form in parser.forms:
                if form.name in FRAME_URLS:
                    continue
                found[kind].setdefault((form.url, tuple(sorted(form.fields))), form)
    client.logout()
    return {kind: list(items.values()) for kind, items in found.items()}


def _record(what: str, form: Form, role: str) -> None:
    COVERAGE.setdefault(what, set()).add((form.name, role))


def test_out_of_scope_roles_change_nothing(client, forms, ward_a):
    assert forms["object"], "no form found on the pages of ward B's objects"
    failures = []
    for role in Role.values:
        user = user_with_role(ward_a, role)
        client.force_login(user)
        for form in forms["object"]:
            status, changed = _post(client, form, form.fields)
            _record("out of scope", form, role)
            if changed or status == 500 or status not in REFUSALS | {200, 302}:
                failures.append(f"{role} @ A → {form.url} ({form.source}): {status}, changed={changed}")
    assert not failures, "\n".join(failures)


def test_read_only_role_in_scope_changes_nothing(client, forms, ward_b):
    client.force_login(user_with_role(ward_b, Role.VIEWER))
    failures = []
    for form in forms["object"] + forms["page"]:
        status, changed = _post(client, form, form.fields)
        _record("read-only in scope", form, Role.VIEWER)
        if changed or status == 500:
            failures.append(f"viewer @ B → {form.url} ({form.source}): {status}, changed={changed}")
    assert not failures, "\n".join(failures)


def test_in_scope_refusals_change_nothing(client, forms, ward_b):
    failures = []
    for role in Role.values:
        client.force_login(user_with_role(ward_b, role))
        for form in forms["object"] + forms["page"]:
            status, changed = _post(client, form, form.fields)
            _record("in scope", form, role)
            if status == 500 or (status in (403, 404) and changed):
                failures.append(f"{role} @ B → {form.url} ({form.source}): {status}, changed={changed}")
    assert not failures, "\n".join(failures)


def _hostile(fields: dict) -> dict:
    data = {}
    for name in fields:
        if name == "csrfmiddlewaretoken":
            continue
        lowered = name.lower()
        if "date" in lowered or lowered.endswith("_at") or "deadline" in lowered:
            data[name] = HOSTILE["date"]
        elif any(w in lowered for w in ("score", "points", "progress", "weight", "days", "number", "value")):
            data[name] = HOSTILE["number"]
        elif "unit" in lowered or "code" in lowered:
            data[name] = HOSTILE["code"]
        else:
            data[name] = HOSTILE["text"]
    return data


def test_every_form_survives_empty_and_hostile_input(client, forms):
    client.force_login(UserFactory(is_superuser=True))
    failures = []
    for form in forms["object"] + forms["page"]:
        for label, data in (("empty", {}), ("hostile", _hostile(form.fields))):
            status, changed = _post(client, form, data)
            _record(f"{label} input", form, "superuser")
            if status == 500 or (status in (400, 403, 404) and changed):
                failures.append(f"{label} → {form.url} ({form.source}): {status}, changed={changed}")
    assert not failures, "\n".join(failures)


def test_the_walk_reaches_the_forms_of_every_app(forms):
    """The walk is only worth its figures if it reaches each area's forms."""
    reached = {form.name.split(":")[0] for kind in forms.values() for form in kind}
    assert {"org", "workdays", "dossiers", "plans", "stats", "scoring", "inspections"} <= reached, reached
