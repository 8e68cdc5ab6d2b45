"""Sub-units side by side and the monthly figures of the charts."""

from datetime import date

import pytest

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Unit
from cchc.stats.comparison import compare_units
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
