"""Drill-down: every number of the report page opens a list with exactly that many dossiers."""

import re
from datetime import date
from html import unescape

import pytest

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Role, Unit
from cchc.stats.report import dossier_report
from cchc.stats.selectors import CELLS, cell_dossiers
from tests.factories import user_with_role
from tests.stats.generated import generated_rows

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="(/stats/dossiers/\?[^"]+)" data-cell="(\w+)">([\d.]+)</a>')
COUNT = re.compile(r'data-testid="dossier-count">(\d[\d.]*) ')


@pytest.fixture
def generated(write_csv):
    import_dossiers(path=write_csv(*generated_rows()))


def _number(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.mark.parametrize(
    "query",
    [
        "unit=68&subtree=1&period=quarter&year=2025&quarter=1",
        "unit=22933&period=month&year=2025&month=2",
        "unit=22945&period=custom&date_from=2025-01-15&date_to=2025-03-03",
    ],
)
def test_every_number_of_the_report_page_opens_exactly_that_many_dossiers(client, generated, province, query):
    client.force_login(user_with_role(province, Role.INSPECTOR))
    page = client.get(f"/stats/?{query}").content.decode()
    links = LINK.findall(page)
    assert len(links) >= 14 * 3, "the table should have a row per field and the totals"
    nonzero = 0
    for href, cell, shown in links:
        listing = client.get(unescape(href))
        assert listing.status_code == 200, href
        counted = COUNT.search(listing.content.decode())
        assert counted is not None, href
        assert _number(counted.group(1)) == _number(shown), (cell, href)
        nonzero += _number(shown) > 0
    assert nonzero > 20, "the generated data should fill most cells"


def test_every_cell_selector_counts_what_the_report_counts(generated):
    unit = Unit.objects.get(code="68")
    start, end = date(2025, 1, 1), date(2025, 3, 31)
    report = dossier_report(unit=unit, date_from=start, date_to=end, subtree=True)
    paths = {
        "received": ("received", "total"),
        "carried_over": ("received", "carried_over"),
        "new": ("received", "new"),
        "online": ("received", "online"),
        "direct": ("received", "direct"),
        "postal": ("received", "postal"),
        "resolved": ("resolved", "total"),
        "early": ("resolved", "early"),
        "on_time": ("resolved", "on_time"),
        "late": ("resolved", "late"),
        "withdrawn": ("withdrawn",),
        "pending": ("pending", "total"),
        "within_deadline": ("pending", "within_deadline"),
        "overdue": ("pending", "overdue"),
    }
    for block, field in [(report, None)] + [(r, r["field"]) for r in report["by_field"]]:
        for cell, path in paths.items():
            expected = block
            for key in path:
                expected = expected[key]
            found = cell_dossiers(
                unit=unit, subtree=True, date_from=start, date_to=end, cell=cell, field=field
            )
            assert found.count() == expected, (field, cell)


def test_extra_cells_are_subsets_of_the_scope(generated):
    unit = Unit.objects.get(code="68")
    scope = dict(unit=unit, subtree=True, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))
    everything = set(cell_dossiers(**scope, cell="received").values_list("pk", flat=True))
    for cell in CELLS:
        assert set(cell_dossiers(**scope, cell=cell).values_list("pk", flat=True)) <= everything
    timely = cell_dossiers(**scope, cell="timely").count()
    assert (
        timely
        == cell_dossiers(**scope, cell="early").count() + cell_dossiers(**scope, cell="on_time").count()
    )


def test_the_list_exports_its_dossiers_as_the_interchange_csv(client, generated, province):
    client.force_login(user_with_role(province, Role.INSPECTOR))
    query = "unit=68&subtree=1&period=quarter&year=2025&quarter=1&cell=late&field=H%E1%BB%99+t%E1%BB%8Bch"
    page = client.get(f"/stats/dossiers/?{query}").content.decode()
    count = _number(COUNT.search(page).group(1))
    response = client.get(f"/stats/dossiers/?{query}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("code,unit_code,procedure_code")
    assert len(lines) == count + 1 and count > 0
    assert all(",Hộ tịch," in line for line in lines[1:])


def test_blank_field_row_opens_the_dossiers_without_a_field(client, generated, province):
    client.force_login(user_with_role(province, Role.INSPECTOR))
    base = "/stats/dossiers/?unit=68&subtree=1&period=quarter&year=2025&quarter=1&cell=received"
    blank = _number(COUNT.search(client.get(base + "&field=").content.decode()).group(1))
    everything = _number(COUNT.search(client.get(base).content.decode()).group(1))
    assert 0 < blank < everything
