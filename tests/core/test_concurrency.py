"""The generic version check (``cchc.core.concurrency``): a change-log based version for any audited model."""

import pytest
from django import forms

from cchc.core.audit import acting_as
from cchc.core.concurrency import (
    StaleEdit,
    VersionField,
    changes_since,
    check_version,
    refuse_stale,
    version_of,
)
from cchc.org.models import Role
from cchc.plans.models import Plan
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(ward_a):
    return Plan.objects.create(unit=ward_a, year=2026, title="Kế hoạch CCHC năm 2026")


def test_the_version_grows_with_each_logged_change(plan):
    first = version_of(plan)
    assert int(first) > 0
    plan.title = "Kế hoạch CCHC năm 2026 (sửa)"
    plan.save()
    assert int(version_of(plan)) > int(first)


def test_changes_since_name_the_field_old_new_who_and_when(plan, ward_a):
    version = version_of(plan)
    editor = user_with_role(ward_a, Role.LEADER, username="chutich.b")
    with acting_as(editor):
        plan.title = "Kế hoạch mới"
        plan.note = "Ghi chú"
        plan.save()
    changes = changes_since(plan, version, fields=["title"])
    assert [(c.old, c.new, c.who) for c in changes] == [
        ("Kế hoạch CCHC năm 2026", "Kế hoạch mới", "chutich.b")
    ]
    assert "“Kế hoạch CCHC năm 2026” → “Kế hoạch mới” (chutich.b, " in str(changes[0])
    assert len(changes[0].when) == len("08/12/2026 09:30")
    assert changes_since(plan, version_of(plan)) == []


def test_check_version_refuses_only_changes_to_the_edited_fields(plan):
    version = version_of(plan)
    plan.note = "Chỉ sửa ghi chú"
    plan.save()
    check_version(plan, version, fields=["title"])  # the title did not change: no refusal
    check_version(plan, None, fields=["title"])  # no version (a command): no check
    with pytest.raises(StaleEdit) as info:
        check_version(plan, version, fields=["note"])
    assert info.value.version == version_of(plan) and info.value.changes[0].new == "Chỉ sửa ghi chú"


def test_refuse_stale_keeps_the_input_and_carries_the_current_version(plan):
    class TitleForm(forms.Form):
        title = forms.CharField()
        version = VersionField()

    version = version_of(plan)
    plan.title = "Người khác sửa"
    plan.save()
    form = TitleForm({"title": "Tôi sửa", "version": version})
    assert form.is_valid()
    with pytest.raises(StaleEdit) as info:
        check_version(plan, form.cleaned_data["version"], fields=["title"])
    refuse_stale(form, info.value)
    errors = " ".join(form.non_field_errors())
    assert "Người khác sửa" in errors and form.data["title"] == "Tôi sửa"
    assert form.data["version"] == version_of(plan)
