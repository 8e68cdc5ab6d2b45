"""The PAR report's arithmetic (par-framework.md "The PAR report"; DOMAIN.md §7)."""

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.permissions import system_actor
from cchc.scoring.frameworks import import_framework
from cchc.scoring.report import number, par_report, percent, rank
from cchc.scoring.services import import_scores

SYSTEM = system_actor("test")

HEADER = "unit_code,criterion_code,self_score,appraised_score,applicable"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def framework(criteria: str, *, code="R-2025", year=2025, bands=None):
    bands = (
        bands
        or "  - {label: Xuất sắc, min: 90}\n  - {label: Tốt, min: 80}\n  - {label: Khá, min: 65}\n"
        + ("  - {label: Trung bình, min: 50}\n  - {label: Yếu, min: 0}\n")
    )
    text = f"code: {code}\nname: R\nyear: {year}\nunit_level: commune\nbands:\n{bands}criteria:\n{criteria}"
    return import_framework(text, actor=SYSTEM)[0]


def units(fw):
    return {u["unit"]: u for u in par_report(fw)["units"]}


def test_the_seed_district_67_29_of_97_is_69_37_percent_kha(db):
    fw = framework('  - {code: "1", name: A, max: 97}\n  - {code: "2", name: B, max: 3}\n')
    import_scores(framework=fw, text=f"{HEADER}\n22945,1,67.29,,1\n22945,2,,,0\n", actor=SYSTEM)
    unit = units(fw)["22945"]
    assert (unit["points"], unit["max"], unit["percent"], unit["band"]) == (67.29, 97, 69.37, "Khá")


@given(st.integers(0, 10000), st.integers(1, 10000))
def test_percent_is_points_over_max_rounded_half_up_to_2_decimals(points, maximum):
    points = min(points, maximum)
    exact = Decimal(points) * 100 / Decimal(maximum)
    assert percent(points, maximum) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_half_a_hundredth_rounds_up():
    assert percent(1, 8) == Decimal("12.50") and percent(1, 1600) == Decimal("0.06")  # 0.0625 -> 0.06
    assert percent(5, 40000) == Decimal("0.01")  # 0.0125 -> 0.01
    assert percent(1, 200) == Decimal("0.50") and percent(1, 80000) == Decimal("0.00")
    assert percent(1, 400 * 8) == Decimal("0.03")  # 0.03125


def test_numbers_print_without_trailing_zeros():
    assert [number(Decimal("8.00")), number(Decimal("87.50")), number(None)] == [8, 87.5, None]


def test_not_applicable_leaves_leave_the_maximum(db):
    fw = framework(
        '  - {code: "1", name: A, children: [{code: "1.1", name: a, max: 2}, {code: "1.2", name: b, max: 3}]}\n'  # noqa: E501
    )
    import_scores(framework=fw, text=f"{HEADER}\n22945,1.1,2,,1\n22945,1.2,,,0\n", actor=SYSTEM)
    unit = units(fw)["22945"]
    assert (unit["points"], unit["max"], unit["percent"]) == (2, 2, 100)
    assert unit["areas"] == [{"code": "1", "points": 2, "max": 2, "percent": 100}]


def test_a_leaf_without_a_row_scores_zero_and_counts_in_the_maximum(db):
    fw = framework('  - {code: "1", name: A, max: 4}\n  - {code: "2", name: B, max: 6}\n')
    import_scores(framework=fw, text=f"{HEADER}\n22945,1,4,,1\n", actor=SYSTEM)
    assert units(fw)["22945"]["percent"] == 40


def test_the_appraised_score_overrides_the_self_score(db):
    fw = framework('  - {code: "1", name: A, max: 10}\n')
    import_scores(framework=fw, text=f"{HEADER}\n22945,1,9,7.5,1\n22933,1,8,,1\n", actor=SYSTEM)
    got = units(fw)
    assert got["22945"]["points"] == 7.5 and got["22933"]["points"] == 8


@pytest.mark.parametrize(
    ("percent_value", "band"),
    [
        ("90", "Xuất sắc"),
        ("89.99", "Tốt"),
        ("80", "Tốt"),
        ("65", "Khá"),
        ("64.99", "Trung bình"),
        ("50", "Trung bình"),
        ("49.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_the_band_is_the_first_whose_min_is_at_or_below_the_percent(db, percent_value, band):
    fw = framework('  - {code: "1", name: A, max: 100}\n')
    assert fw.band_for(Decimal(percent_value)) == band


def test_equal_percents_share_a_rank_and_the_next_rank_skips(db):
    fw = framework('  - {code: "1", name: A, max: 10}\n')
    import_scores(
        framework=fw,
        text=f"{HEADER}\n22945,1,9,,1\n22933,1,8,,1\n22960,1,8,,1\n22918,1,7,,1\n22978,1,,,0\n",
        actor=SYSTEM,
    )
    report = par_report(fw)["units"]
    assert [(u["unit"], u["rank"]) for u in report] == [
        ("22945", 1),
        ("22933", 2),
        ("22960", 2),
        ("22918", 4),
        ("22978", None),
    ]
    last = report[-1]
    assert (last["percent"], last["band"], last["max"]) == (None, None, 0)
    assert last["areas"] == [{"code": "1", "points": 0, "max": 0, "percent": None}]


def test_rank_sorts_ties_by_unit_code():
    rows = [
        {"unit": "b", "percent": Decimal(5)},
        {"unit": "a", "percent": Decimal(5)},
        {"unit": "c", "percent": None},
    ]
    assert [(u["unit"], u["rank"]) for u in rank(rows)] == [("a", 1), ("b", 1), ("c", None)]


def test_an_optional_survey_area_without_rows_is_rescaled_away(db):
    criteria = '  - {code: "1", name: A, max: 80}\n  - code: "8"\n    name: Survey\n    optional: true\n'
    criteria += '    children: [{code: "8.1", name: s, max: 20, method: survey}]\n'
    fw = framework(criteria)
    import_scores(
        framework=fw, text=f"{HEADER}\n22945,1,60,,1\n22933,1,60,,1\n22933,8.1,10,,1\n", actor=SYSTEM
    )
    got = units(fw)
    assert (got["22945"]["max"], got["22945"]["percent"]) == (80, 75)
    assert (got["22933"]["max"], got["22933"]["percent"]) == (100, 70)
    assert got["22945"]["areas"][1] == {"code": "8", "points": 0, "max": 0, "percent": None}


def dossier(unit, code, *, received, due_days, finished_days, **values):
    from tests.factories import dossier_for

    return dossier_for(
        unit,
        code=code,
        received_at=received,
        due_at=received + timedelta(days=due_days),
        finished_at=received + timedelta(days=finished_days),
        returned_at=received + timedelta(days=finished_days, hours=1),
        outcome="approved",
        **values,
    )


def test_a_rule_leaf_is_computed_from_the_units_figures(db, ward_a):
    """4 dossiers resolved in 2025, 3 on time: on_time_rate 0.75; 2 of 4 online: online_rate 0.5."""
    start = datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL)
    for i, (finished, channel) in enumerate([(1, "online"), (2, "online"), (3, "direct"), (9, "direct")]):
        dossier(
            ward_a,
            f"R-{i}",
            received=start + timedelta(days=7 * i),
            due_days=5,
            finished_days=finished,
            channel=channel,
        )
    criteria = '  - {code: "1", name: A, max: 3, method: rule, rule: "max_points if on_time_rate >= 0.98 else max_points * on_time_rate"}\n'  # noqa: E501
    criteria += '  - {code: "2", name: B, max: 2, method: rule, rule: "min(max_points, max_points * online_rate / 0.5)"}\n'  # noqa: E501
    criteria += (
        '  - {code: "3", name: C, max: 1, method: rule, rule: "max_points * digitized_rate + 0.333"}\n'
    )
    criteria += '  - {code: "4", name: D, max: 5}\n'
    fw = framework(criteria)
    import_scores(framework=fw, text=f"{HEADER}\n22945,4,5,,1\n", actor=SYSTEM)
    unit = units(fw)["22945"]
    # 3 × 0.75 = 2.25; 2 × 0.5 / 0.5 = 2; 1 × 0 + 0.333 = 0.33 (half-up to 2 decimals); 5 imported
    assert unit["points"] == 9.58 and unit["max"] == 11


def test_a_rule_whose_figure_has_no_denominator_is_not_applicable(db):
    fw = framework(
        '  - {code: "1", name: A, max: 3, method: rule, rule: "max_points * apology_compliance_rate"}\n'
        '  - {code: "2", name: B, max: 2}\n'
    )
    import_scores(framework=fw, text=f"{HEADER}\n22945,2,1,,1\n", actor=SYSTEM)
    unit = units(fw)["22945"]
    assert (unit["points"], unit["max"], unit["percent"]) == (1, 2, 50)


def test_an_imported_score_wins_over_the_rule(db):
    fw = framework('  - {code: "1", name: A, max: 3, method: rule, rule: "max_points"}\n')
    import_scores(framework=fw, text=f"{HEADER}\n22945,1,1.25,,1\n", actor=SYSTEM)
    assert units(fw)["22945"]["points"] == 1.25


def test_plan_completion_feeds_a_rule(db, ward_a):
    from cchc.plans.models import TaskStatus
    from tests.factories import PlanFactory, TaskFactory

    plan = PlanFactory(unit=ward_a, year=2025)
    from django.utils import timezone

    for status in (TaskStatus.DONE, TaskStatus.DONE, TaskStatus.DONE, TaskStatus.IN_PROGRESS):
        TaskFactory(plan=plan, status=status, done_at=timezone.now() if status == TaskStatus.DONE else None)
    fw = framework(
        '  - {code: "1", name: A, max: 2, method: rule, rule: "max_points * plan_completion_rate"}\n'
    )
    import_scores(framework=fw, text=f"{HEADER}\n22945,1,,,1\n", actor=SYSTEM)
    assert units(fw)["22945"]["points"] == 1.5


def test_year_over_year_matches_leaves_by_code_and_through_the_mapping(db):
    from cchc.scoring.analysis import leaf_history, year_over_year
    from cchc.scoring.models import Assessment
    from cchc.scoring.services import MappingRejected, import_mapping

    old = framework(
        '  - {code: "1", name: A, children: [{code: "1.1", name: a, max: 4}, {code: "1.9", name: b, max: 6}]}\n',  # noqa: E501
        code="Y-2024",
        year=2024,
    )
    new = framework(
        '  - {code: "1", name: A, children: [{code: "1.1", name: a, max: 4}, {code: "1.2", name: b, max: 6}]}\n',  # noqa: E501
        code="Y-2025",
    )
    import_scores(framework=old, text=f"{HEADER}\n22945,1.1,2,,1\n22945,1.9,3,,1\n", actor=SYSTEM)
    import_scores(framework=new, text=f"{HEADER}\n22945,1.1,4,,1\n22945,1.2,5,,1\n", actor=SYSTEM)
    with pytest.raises(MappingRejected):
        import_mapping(old=old, new=new, text="old_code,new_code\n1.8,1.2\n", actor=SYSTEM)
    assert import_mapping(old=old, new=new, text="old_code,new_code\n1.9,1.2\n", actor=SYSTEM) == 1
    change = year_over_year(new)["22945"]
    assert (change["framework"], change["percent"], change["delta"]) == (
        "Y-2024",
        Decimal("50.00"),
        Decimal("40.00"),
    )
    history = leaf_history(Assessment.objects.get(framework=new, unit__code="22945"))
    assert history == {"1.1": Decimal(2), "1.2": Decimal(3)}
