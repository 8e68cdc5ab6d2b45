"""Sub-units side by side and the monthly figures of the charts."""

from datetime import date

import pytest

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Unit
from cchc.stats.comparison import compare_units, report_by_unit
from cchc.stats.periods import month
from cchc.stats.report import dossier_report
from cchc.stats.series import monthly_counts
from tests.factories import UnitFactory, dossier_for
from tests.stats.generated import generated_rows

pytestmark = pytest.mark.django_db
Q1 = dict(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))


def test_each_child_row_equals_its_subtree_report(write_csv, province):
    import_dossiers(path=write_csv(*generated_rows()))
    rows = {r.unit.code: r for r in compare_units(unit=province, **Q1)}
    for code in ("22933", "22945"):
        report = dossier_report(unit=Unit.objects.get(code=code), subtree=True, **Q1)
        counts = rows[code].counts
        assert counts["received"] == report["received"]["total"]
        assert counts["resolved"] == report["resolved"]["total"]
        assert counts["timely"] == report["resolved"]["early"] + report["resolved"]["on_time"]
        assert counts["overdue"] == report["pending"]["overdue"]
        expected = report["rates"]["on_time"]
        assert (None if rows[code].on_time is None else round(float(rows[code].on_time) / 100, 4)) == expected


def test_dossiers_of_a_grandchild_roll_up_to_the_child_and_own_dossiers_get_their_own_row(province, ward_a):
    office = UnitFactory(parent=ward_a, code="22945-TN", name="Bộ phận tiếp nhận")
    dossier_for(office, code="GC-1")
    dossier_for(province, code="OWN-1")
    rows = compare_units(unit=province, date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    by_code = {r.unit.code: r for r in rows}
    assert by_code["22945"].received == 1 and "22945-TN" not in by_code
    own = [r for r in rows if not r.subtree]
    assert len(own) == 1 and own[0].unit == province and own[0].received == 1


def test_report_by_unit_rows_are_the_subtree_reports_and_add_up_to_the_total(write_csv, province):
    import_dossiers(path=write_csv(*generated_rows()))
    rows = report_by_unit(unit=province, **Q1)
    total = dossier_report(unit=province, subtree=True, **Q1)
    keys = ("received", "resolved", "withdrawn", "pending")
    for unit, whole, block in rows:
        assert whole and block == {k: dossier_report(unit=unit, subtree=True, **Q1)[k] for k in keys}
    for part in ("received", "resolved", "pending"):
        for key, value in total[part].items():
            assert sum(block[part][key] for _u, _w, block in rows) == value
    current = Unit.objects.filter(parent=province, valid_to__isnull=True).count()
    assert len(rows) == current and total["received"]["total"] > 0


def test_report_by_unit_keeps_a_former_unit_with_dossiers_and_the_units_own_row_last(province, ward_a):
    office = UnitFactory(parent=ward_a, code="22945-TN", name="Bộ phận tiếp nhận")
    former = UnitFactory(parent=province, code="OLD-1", name="Huyện Cũ", valid_to=date(2025, 6, 30))
    UnitFactory(parent=province, code="OLD-2", name="Huyện Đã Bỏ", valid_to=date(2025, 6, 30))
    for unit, code in ((office, "GC-1"), (former, "OLD-D1"), (province, "OWN-1"), (province, "OWN-2")):
        dossier_for(unit, code=code)
    rows = report_by_unit(unit=province, date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    received = {(u.code, whole): block["received"]["total"] for u, whole, block in rows}
    assert received[("22945", True)] == 1 and received[("OLD-1", True)] == 1
    assert ("OLD-2", True) not in received and ("22945-TN", True) not in received
    assert rows[-1][:2] == (province, False) and received[("68", False)] == 2
    assert received[("22933", True)] == 0  # a current unit without dossiers: listed with zeros


def test_monthly_counts_add_up_to_each_months_report(write_csv, province):
    import_dossiers(path=write_csv(*generated_rows()))
    months = monthly_counts(unit=province, subtree=True, year=2025)
    for number in (1, 2, 3, 4):
        span = month(2025, number)
        report = dossier_report(unit=province, subtree=True, date_from=span.date_from, date_to=span.date_to)
        m = months[number - 1]
        assert (m["new"], m["online"], m["direct"], m["postal"]) == tuple(
            report["received"][k] for k in ("new", "online", "direct", "postal")
        )
        assert m["resolved"] == report["resolved"]["total"]
        assert m["late"] == report["resolved"]["late"]
    assert sum(m["new"] for m in months) > 0
