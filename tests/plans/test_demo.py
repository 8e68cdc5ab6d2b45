"""The demo plans: 42 of 56 tasks done in Phường Phan Thiết (75%), loaded once."""

import pytest

from cchc.org.demo import load_demo_org
from cchc.plans.demo import load_demo_plans
from cchc.plans.models import Plan, Task, TaskKind
from cchc.plans.report import plan_report
from tests.plans.conftest import d

pytestmark = pytest.mark.django_db


def test_demo_plan_of_the_ward_has_42_of_56_tasks_done_and_loads_once(ward_a, ward_b):
    load_demo_org()
    assert load_demo_plans() is True
    report = plan_report(ward_a, 2026, on=d("2026-11-26"))
    assert (report["tasks_total"], report["tasks_done"], report["percent"], report["overdue"]) == (
        56,
        42,
        75.0,
        3,
    )
    assert [a["area"] for a in report["by_area"]] == [str(n) for n in range(1, 9)]
    annual = Plan.objects.get(unit=ward_a, year=2026, parent__isnull=True)
    assert annual.status == "amended" and annual.components.count() == 3
    assert {c.title.split(" năm")[0] for c in annual.components.all()} == {
        "Kế hoạch tuyên truyền cải cách hành chính",
        "Kế hoạch rà soát, đánh giá thủ tục hành chính",
        "Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    }
    assert Task.objects.filter(kind=TaskKind.DIRECTIVE, unit=ward_a).count() == 3
    assert plan_report(ward_b, 2026, on=d("2026-11-26"))["tasks_total"] == 12
    owners = {o["person"] for o in report["by_owner"]}
    assert {"Nguyễn Thị Thu Hà", "Lê Minh Tuấn", "Phạm Thị Lan"} <= owners
    assert load_demo_plans() is False
    assert Task.objects.filter(plan__unit=ward_a).count() == 58  # 56 counted + 1 parent + 1 cancelled
