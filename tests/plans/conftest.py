"""Fixtures of the plans tests: a ward with a leader, an official and a viewer who owns a task."""

from datetime import date

import pytest

from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.deadlines import _national_calendar
from tests.factories import PersonFactory, user_with_role

SYSTEM = system_actor("test")


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Evidence files of a test go to a temporary folder."""
    settings.CCHC_EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.CCHC_EVIDENCE_ROOT


@pytest.fixture
def calendar():
    return _national_calendar()


@pytest.fixture
def leader(ward_a):
    user = user_with_role(ward_a, Role.LEADER, username="chutich")
    PersonFactory(unit=ward_a, full_name="Nguyễn Thị Chủ Tịch", user=user)
    return user


@pytest.fixture
def official(ward_a):
    user = user_with_role(ward_a, Role.ONESTOP_OFFICER, username="motcua")
    PersonFactory(unit=ward_a, full_name="Phạm Thị Một Cửa", user=user, email="motcua@example.vn")
    return user


@pytest.fixture
def viewer(ward_a):
    user = user_with_role(ward_a, Role.VIEWER, username="xem")
    PersonFactory(unit=ward_a, full_name="Đặng Thị Xem", user=user)
    return user


@pytest.fixture
def plan(ward_a):
    return services.plan_create(unit=ward_a, year=2026, title="Kế hoạch CCHC năm 2026", actor=SYSTEM)


def make_task(plan, title="Nhiệm vụ", **kwargs):
    kwargs.setdefault("area", "1")
    kwargs.setdefault("actor", SYSTEM)
    return services.task_create(plan=plan, title=title, **kwargs)


@pytest.fixture
def task_of(plan):
    def build(title="Nhiệm vụ", **kwargs):
        return make_task(plan, title, **kwargs)

    return build


def d(text: str) -> date:
    return date.fromisoformat(text)
