"""Generic cross-unit suite: for every scoped model, a user of unit A cannot see, list, export or change
unit B's objects (404 for the object, absent from lists). Cases live in ``tests/scoping_cases.py``."""

import pytest
from django.apps import apps

from cchc.core.scoping import CHANGE
from cchc.org.models import Role
from tests.factories import user_with_role
from tests.scoping_cases import CASES

pytestmark = pytest.mark.django_db


def _model(label):
    return apps.get_model(label)


def test_every_scoped_model_is_covered():
    scoped = {
        m._meta.label_lower for m in apps.get_models() if hasattr(getattr(m, "objects", None), "visible_to")
    }
    assert scoped, "no scoped model found"
    assert scoped == set(CASES), f"models without a cross-unit case: {sorted(scoped - set(CASES))}"


@pytest.mark.parametrize("label", sorted(CASES))
def test_other_units_objects_are_invisible(label, ward_a, ward_b):
    case = CASES[label]
    mine, theirs = case.build(ward_a), case.build(ward_b)
    user = user_with_role(ward_a, Role.LEADER)
    visible = _model(label).objects.visible_to(user)
    assert visible.filter(pk=mine.pk).exists()
    assert not visible.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("label", sorted(CASES))
def test_other_units_objects_cannot_be_changed(label, ward_a, ward_b):
    case = CASES[label]
    theirs = case.build(ward_b)
    user = user_with_role(ward_a, Role.ADMIN)
    assert not _model(label).objects.visible_to(user, CHANGE).filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("label", sorted(CASES))
def test_other_units_object_pages_are_404(label, client, ward_a, ward_b):
    case = CASES[label]
    mine, theirs = case.build(ward_a), case.build(ward_b)
    user = user_with_role(ward_a, Role.ADMIN)
    client.force_login(user)
    for url in case.detail_urls(theirs):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
    for url in case.detail_urls(mine):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("label", sorted(CASES))
def test_other_units_objects_are_absent_from_lists(label, client, ward_a, ward_b):
    case = CASES[label]
    mine, theirs = case.build(ward_a), case.build(ward_b)
    user = user_with_role(ward_a, Role.ADMIN)
    client.force_login(user)
    not_listed = []
    for url in case.list_urls(ward_a):
        body = client.get(url).content.decode()
        assert case.marker(theirs) not in body, url
        if case.marker(mine) not in body:
            not_listed.append(url)
    for url in set(case.list_urls(ward_b)) - set(case.list_urls(ward_a)):  # unit-specific lists
        assert client.get(url).status_code == 404, url
    # The user's own object IS listed (a list that shows nothing would pass the check above): in every list
    # of its own kind, and at least once where the case has lists at all.
    lists = case.list_urls(ward_a)
    if "listed_nowhere" not in case.extra:
        assert not lists or len(not_listed) < len(lists), f"own object listed nowhere: {not_listed}"
    assert not set(not_listed) & case.extra.get("lists_it", set()), f"own object missing from {not_listed}"


def test_viewer_cannot_change_own_units_objects(ward_a):
    from cchc.org.models import Person
    from tests.factories import PersonFactory

    person = PersonFactory(unit=ward_a)
    viewer = user_with_role(ward_a, Role.VIEWER)
    assert Person.objects.visible_to(viewer).filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(viewer, CHANGE).filter(pk=person.pk).exists()


def test_role_on_province_covers_its_communes(province, ward_a, ward_b):
    from cchc.org.models import Person
    from tests.factories import PersonFactory

    people = [PersonFactory(unit=ward_a), PersonFactory(unit=ward_b)]
    inspector = user_with_role(province, Role.INSPECTOR)
    assert set(Person.objects.visible_to(inspector)) >= set(people)


def test_anonymous_and_roleless_users_see_nothing(ward_a):
    from django.contrib.auth.models import AnonymousUser

    from cchc.org.models import Unit
    from tests.factories import UserFactory

    assert not Unit.objects.visible_to(AnonymousUser()).exists()
    assert not Unit.objects.visible_to(UserFactory()).exists()
