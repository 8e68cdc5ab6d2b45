from datetime import date

import pytest

from cchc.org.models import Role
from tests.factories import PersonFactory, user_with_role


@pytest.fixture
def inspector(province):
    return user_with_role(province, Role.INSPECTOR, username="noivu.t")


@pytest.fixture
def officer(ward_a):
    return user_with_role(ward_a, Role.PAR_OFFICER, username="cchc.a")


@pytest.fixture
def plan(province, inspector):
    from cchc.inspections.services import plan_create

    return plan_create(unit=province, year=2026, title="Kế hoạch kiểm tra CCHC năm 2026", actor=inspector)


@pytest.fixture
def inspection(plan, ward_a, province, inspector):
    from cchc.inspections.models import MemberRole
    from cchc.inspections.services import inspection_create

    leader = PersonFactory(unit=province, full_name="Trưởng đoàn Nội vụ")
    return inspection_create(
        plan=plan,
        unit=ward_a,
        start_date=date(2026, 5, 9),
        end_date=date(2026, 5, 23),
        topics="Công tác CCHC, một cửa",
        team=[(leader, MemberRole.LEADER)],
        actor=inspector,
    )
