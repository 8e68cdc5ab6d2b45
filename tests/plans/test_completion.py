"""Completion figures: one selector for any set of tasks, the plan report (JSON, table, XLSX, CLI) and the
``plan_completion_rate`` indicator."""

import json
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.core import indicators
from cchc.core.permissions import system_actor
from cchc.plans import services
from cchc.plans.models import Task, TaskKind
from cchc.plans.report import plan_report
from cchc.plans.selectors import completion, percent, plan_scope
from tests.factories import PersonFactory
from tests.plans.conftest import d, make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

ON = d("2026-11-26")


def _plan_with(plan, *, done, open_, overdue=0, area="1", owner=None):
    for i in range(done):
        services.task_complete(task=make_task(plan, f"Xong {area}-{i}", area=area, owner=owner), actor=SYSTEM)
    for i in range(open_):
        make_task(plan, f"Mở {area}-{i}", area=area, owner=owner, deadline=d("2026-12-31"))
    for i in range(overdue):
        make_task(plan, f"Quá hạn {area}-{i}", area=area, owner=owner, deadline=d("2026-10-30"))


def test_percent_is_rounded_half_up_to_two_decimals_and_none_without_tasks():
    assert percent(42, 56) == Decimal("75.00")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 800) == Decimal("0.13")  # 0.125 → 0.13, not banker's 0.12
    assert percent(0, 0) is None


def test_completion_of_42_of_56_tasks_is_75_percent(plan):
    _plan_with(plan, done=42, open_=11, overdue=3)
    figures = completion(plan_scope(plan.unit, 2026), on=ON)
    assert (figures.total, figures.done, figures.overdue, figures.percent) == (56, 42, 3, Decimal("75.00"))
    assert figures.ratio().value == Decimal("0.75")


def test_cancelled_tasks_and_parents_are_not_counted(plan):
    services.task_complete(task=make_task(plan, "Xong"), actor=SYSTEM)
    services.task_cancel(task=make_task(plan, "Hủy"), reason="Trùng nội dung", actor=SYSTEM)
    parent = make_task(plan, "Cha")
    services.task_complete(task=make_task(plan, "Con", parent=parent), actor=SYSTEM)
    figures = completion(plan.tasks.all(), on=ON)
    assert (figures.total, figures.done) == (2, 2)


def test_the_same_selector_counts_remediation_items(ward_a):
    items = [
        services.task_create(kind=TaskKind.REMEDIATION, unit=ward_a, title=f"Khắc phục {i}", actor=SYSTEM)
        for i in range(10)
    ]
    for item in items[:8]:
        services.task_complete(task=item, actor=SYSTEM)
    figures = completion(Task.objects.filter(kind=TaskKind.REMEDIATION, unit=ward_a), on=ON)
    assert (figures.done, figures.total) == (8, 10)


def test_a_remediation_item_points_at_its_source_without_plans_knowing_the_model(ward_a, plan):
    item = services.task_create(
        kind=TaskKind.REMEDIATION, unit=ward_a, title="Khắc phục", source=plan, actor=SYSTEM
    )
    assert Task.objects.get(pk=item.pk).source == plan


def test_report_json_has_the_contract_shape_and_sort_orders(plan, ward_a):
    dung = PersonFactory(unit=ward_a, full_name="Đặng Văn Dũng")
    dao = PersonFactory(unit=ward_a, full_name="Dương Thị Đào")
    _plan_with(plan, done=2, open_=1, overdue=1, area="3", owner=dung)
    _plan_with(plan, done=1, open_=0, area="1", owner=dao)
    component = services.plan_create(
        unit=ward_a, year=2026, title="Kế hoạch số hóa", parent=plan, actor=SYSTEM
    )
    _plan_with(component, done=0, open_=1, area="7")
    report = plan_report(ward_a, 2026, on=ON)
    assert list(report) == [
        "unit",
        "year",
        "tasks_total",
        "tasks_done",
        "percent",
        "overdue",
        "by_area",
        "by_owner",
    ]
    assert (report["unit"], report["year"], report["tasks_total"], report["tasks_done"]) == (
        "22945",
        2026,
        6,
        3,
    )
    assert report["percent"] == 50.0 and report["overdue"] == 1
    assert [a["area"] for a in report["by_area"]] == ["1", "3", "7"]
    assert report["by_area"][1] == {"area": "3", "tasks_total": 4, "tasks_done": 2, "percent": 50.0}
    # Vietnamese order: Dương before Đặng (D before Đ); the task without an owner last.
    assert [o["person"] for o in report["by_owner"]] == ["Dương Thị Đào", "Đặng Văn Dũng", None]
    assert report["by_owner"][1] == {
        "person": "Đặng Văn Dũng",
        "tasks_total": 4,
        "tasks_done": 2,
        "overdue": 1,
    }


def test_report_percent_is_null_without_tasks(ward_a):
    report = plan_report(ward_a, 2031, on=ON)
    assert report["tasks_total"] == 0 and report["percent"] is None
    assert report["by_area"] == [] and report["by_owner"] == []


def test_report_counts_the_units_own_plans_not_the_units_below(plan, province, ward_a):
    _plan_with(plan, done=1, open_=1)
    assert plan_report(province, 2026, on=ON)["tasks_total"] == 0
    assert plan_report(ward_a, 2026, on=ON)["tasks_total"] == 2


def test_indicator_plan_completion_rate_is_registered_as_a_fraction(plan, ward_a):
    _plan_with(plan, done=3, open_=1)
    assert "plan_completion_rate" in indicators.names()
    ratio = indicators.evaluate("plan_completion_rate", ward_a, 2026)
    assert (ratio.numerator, ratio.denominator, ratio.value) == (3, 4, Decimal("0.75"))
    assert "plan_unit=22945" in ratio.records_url
    assert indicators.evaluate("plan_completion_rate", ward_a, 2030).value is None  # not applicable


def test_cli_report_plan_prints_the_json(plan):
    _plan_with(plan, done=3, open_=1, overdue=0)
    out = StringIO()
    call_command(
        "report_plan",
        "--unit",
        "22945",
        "--year",
        "2026",
        "--format",
        "json",
        "--date",
        "2026-11-26",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["tasks_total"] == 4 and data["percent"] == 75.0
    assert '"percent": 75.0' in out.getvalue()


def test_cli_report_plan_table_and_xlsx(plan, tmp_path):
    _plan_with(plan, done=1, open_=1)
    out = StringIO()
    call_command("report_plan", "--unit", "22945", "--year", "2026", stdout=out)
    assert "tasks_total 2  tasks_done 1  percent 50.00" in out.getvalue()
    target = tmp_path / "r.xlsx"
    call_command(
        "report_plan",
        "--unit",
        "22945",
        "--year",
        "2026",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=StringIO(),
    )
    book = load_workbook(BytesIO(target.read_bytes()))
    sheet = book["Tổng hợp"]
    assert sheet["B3"].value == 2 and sheet["B4"].value == 1 and sheet["B5"].value == 50.0
    areas = book["Theo lĩnh vực"]
    assert [areas["A2"].value, areas["B2"].value, areas["E2"].value] == [
        "1",
        "Công tác chỉ đạo, điều hành CCHC",
        50.0,
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "XYZ", "--year", "2026"], "cchc: --unit: unknown unit XYZ"),
        (["--unit", "22945", "--year", "20x6"], "cchc: --year: not a whole number: '20x6'"),
        (
            ["--unit", "22945", "--year", "2026", "--format", "xlsx"],
            "cchc: --output: required with --format xlsx",
        ),
        (["--unit", "22945", "--year", "2026", "--date", "26/11/2026"], "cchc: --date: not a date"),
    ],
)
def test_cli_report_plan_rejects_bad_options_with_exit_1(args, message, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("report_plan", *args)
    assert exc.value.code == 1
    assert capsys.readouterr().err.startswith(message)
