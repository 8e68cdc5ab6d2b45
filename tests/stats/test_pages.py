"""The statistics pages: the unit-and-period form, its errors, scoping, the XLSX download, sub-units side by
side, the Decision 766 index page and the targets page."""

import io
import re

import pytest
from openpyxl import load_workbook

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Role
from cchc.stats.models import Target
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")


@pytest.fixture
def inspector(client, province):
    user = user_with_role(province, Role.INSPECTOR)
    client.force_login(user)
    return user


def test_report_defaults_to_the_current_unit_with_its_subtree_and_this_year(client, inspector):
    response = client.get("/stats/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lâm Đồng (68)" in body and "các đơn vị trực thuộc" in body
    assert 'name="subtree" checked' in body or "checked" in body


def test_report_page_shows_the_contract_figures(client, inspector, examples):
    body = client.get("/stats/?unit=68&subtree=1&period=quarter&year=2025&quarter=1").content.decode()
    assert 'data-testid="report-table"' in body
    total = re.search(r'data-field="__total__">.*?</tr>', body, re.S).group(0)
    cells = dict(re.findall(r'data-cell="(\w+)">([\d.]+)<', total))
    # report-68-subtree-2025Q1.json
    assert cells["received"] == "18" and cells["carried_over"] == "2" and cells["withdrawn"] == "1"
    assert "Quý I/2025" in body


def test_fields_are_sorted_the_vietnamese_way_on_the_page(client, inspector, examples):
    body = client.get("/stats/?unit=68&subtree=1&period=quarter&year=2025&quarter=1").content.decode()
    fields = re.findall(r'<tr data-field="([^"]*)">', body)
    assert fields.index("Đăng ký kinh doanh") < fields.index("Đất đai") < fields.index("Hộ tịch")
    assert fields.index("Chứng thực") < fields.index("Đăng ký kinh doanh")


def test_rates_are_shown_with_a_decimal_comma(client, inspector, examples):
    body = client.get("/stats/?unit=68&subtree=1&period=quarter&year=2025&quarter=1").content.decode()
    rates = re.search(r'data-testid="rates">(.*?)</p>', body, re.S).group(1)
    assert re.search(r"\d+,\d\d%", rates)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("unit=99999&period=year&year=2025", 404, "Không tìm thấy đơn vị"),
        ("unit=68&period=custom&date_from=2025-02-30&date_to=2025-03-01", 400, "Nhập ngày hợp lệ"),
        ("unit=68&period=custom&date_from=31/03/2025&date_to=01/03/2025", 400, "sau ngày kết thúc"),
        ("unit=68&period=custom&date_from=&date_to=2025-03-01", 400, "Nhập ngày"),
        ("unit=68&period=year&year=abc", 400, "Nhập năm bằng số"),
        ("unit=68&period=month&year=2025&month=13", 400, "13"),
    ],
)
def test_bad_requests_get_a_form_error(client, inspector, query, status, message):
    response = client.get(f"/stats/?{query}")
    assert response.status_code == status
    body = response.content.decode()
    assert 'role="alert"' in body and message in body


def test_vietnamese_dates_are_accepted(client, inspector, examples):
    response = client.get("/stats/?unit=22933&period=custom&date_from=01/01/2025&date_to=31/03/2025")
    assert response.status_code == 200
    assert "Quý I/2025" in response.content.decode()  # a custom range that is exactly a quarter


def test_a_ward_officer_cannot_report_on_another_ward(client, ward_a, ward_b, examples):
    client.force_login(user_with_role(ward_a, Role.PAR_OFFICER))
    assert client.get(f"/stats/?unit={ward_b.code}&period=year&year=2025").status_code == 404
    assert client.get(f"/stats/dossiers/?unit={ward_b.code}&period=year&year=2025").status_code == 404
    assert client.get(f"/stats/compare/?unit={ward_b.code}&period=year&year=2025").status_code == 404
    assert client.get(f"/stats/quality/?unit={ward_b.code}&period=year&year=2025").status_code == 404
    assert client.get("/stats/?unit=68&subtree=1&period=year&year=2025").status_code == 404


def test_lists_and_reports_only_count_visible_dossiers(client, ward_b, examples):
    from cchc.dossiers.models import Dossier

    other = Dossier.objects.filter(receiving_unit__code="22960").first()
    client.force_login(user_with_role(ward_b, Role.PAR_OFFICER))
    body = client.get("/stats/dossiers/?unit=22933&period=year&year=2025").content.decode()
    assert "EX-001" in body and other.code not in body


def _cells(book) -> dict:
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


@pytest.mark.parametrize(
    ("query", "args", "name"),
    [
        ("unit=22933&period=quarter&year=2025&quarter=1", ["--unit", "22933"], "22933-2025-01-01-2025-03-31"),
        (
            "unit=68&subtree=1&period=quarter&year=2025&quarter=1&by=unit",
            ["--unit", "68", "--subtree", "--by", "unit"],
            "68-2025-01-01-2025-03-31-don-vi",
        ),
    ],
)
def test_report_downloads_the_same_form_ii06a_as_the_command_line(
    client, inspector, examples, tmp_path, query, args, name
):
    from django.core.management import call_command

    response = client.get(f"/stats/?{query}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="bieu-II.06a-{name}.xlsx"' in response["Content-Disposition"]
    downloaded = load_workbook(io.BytesIO(response.content))
    path = tmp_path / "cli.xlsx"
    dates = ["--from", "2025-01-01", "--to", "2025-03-31"]
    call_command(
        "report_dossiers", *args, *dates, "--format", "xlsx", "--output", str(path), stdout=io.StringIO()
    )
    assert _cells(downloaded) == _cells(load_workbook(path))
    assert downloaded["II.06a"]["A1"].value == "Biểu số II.06a/VPCP/KSTT"


def test_the_form_by_unit_without_the_units_below_is_refused_with_a_message(client, inspector, examples):
    response = client.get("/stats/?unit=68&period=quarter&year=2025&quarter=1&format=xlsx&by=unit")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    error = re.search(r'data-testid="error-subtree">([^<]*)<', response.content.decode()).group(1)
    assert error.startswith("Biểu theo đơn vị gồm các đơn vị trực thuộc")


def test_the_report_page_offers_the_form_and_by_unit_only_with_the_units_below(client, inspector, examples):
    body = client.get("/stats/?unit=68&subtree=1&period=quarter&year=2025&quarter=1").content.decode()
    assert 'data-testid="xlsx"' in body and 'data-testid="xlsx-by-unit"' in body
    body = client.get("/stats/?unit=68&period=quarter&year=2025&quarter=1").content.decode()
    assert 'data-testid="xlsx"' in body and 'data-testid="xlsx-by-unit"' not in body


def test_report_page_has_the_three_charts_as_inline_svg(client, inspector, examples):
    body = client.get("/stats/?unit=68&subtree=1&period=quarter&year=2025&quarter=1").content.decode()
    for testid in ("chart-channels", "chart-on-time", "chart-ranking"):
        figure = re.search(rf'data-testid="{testid}">(.*?)</figure>', body, re.S).group(1)
        assert figure.lstrip().startswith("<svg")
    assert "<script" not in body.split("<main", 1)[1]


def test_report_page_queries_stay_few(client, inspector, examples, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        client.get("/stats/?unit=68&subtree=1&period=year&year=2025")


def test_compare_lists_the_units_below_with_their_figures_sorted_by_on_time_rate(client, inspector, examples):
    body = client.get("/stats/compare/?unit=68&period=quarter&year=2025&quarter=1").content.decode()
    rows = re.findall(r'<tr data-unit="(\w+)"', body)
    assert {"22933", "22960"} <= set(rows)
    assert rows.index("22960") < rows.index("22933")  # 22960 has the better on-time rate in 2025-Q1
    assert len(rows) > 100  # every current commune of the province (most without dossiers)
    ascending = client.get("/stats/compare/?unit=68&period=quarter&year=2025&quarter=1&sort=on_time&dir=asc")
    rows_up = re.findall(r'<tr data-unit="(\w+)"', ascending.content.decode())
    assert rows_up.index("22933") < rows_up.index("22960")  # units without a rate stay last either way
    assert rows_up[-1] not in ("22933", "22960")


def test_compare_sorts_names_the_vietnamese_way(client, inspector):
    body = client.get("/stats/compare/?unit=68&period=year&year=2025&sort=name&dir=asc").content.decode()
    names = re.findall(r'<tr data-unit="\w+"[^>]*>\s*<th scope="row"><a [^>]*>([^<]+)</a>', body)
    from cchc.core.text import vn_sort_key

    assert names == sorted(names, key=vn_sort_key) and len(names) > 100


def test_compare_numbers_open_the_units_dossiers(client, inspector, examples):
    body = client.get("/stats/compare/?unit=68&period=quarter&year=2025&quarter=1").content.decode()
    row = re.search(r'<tr data-unit="22933".*?</tr>', body, re.S).group(0)
    href, shown = re.search(r'href="(/stats/dossiers/\?[^"]*cell=received)">([\d.]+)<', row).groups()
    listing = client.get(href.replace("&amp;", "&")).content.decode()
    assert f'data-testid="dossier-count">{shown} ' in listing


def test_quality_page_shows_every_indicator_with_points_or_not_applicable(client, inspector, examples):
    body = client.get("/stats/quality/?unit=22960&period=month&year=2025&month=3").content.decode()
    for code in ("2.1", "3.3", "3.6", "4.1", "4.2", "5.4"):
        assert f'data-code="{code}"' in body
    assert "không áp dụng" in body  # no fee in 22960 in March 2025: 3.6 is not applicable
    assert 'data-testid="not-applicable-3.6"' in body


def test_targets_page_sets_and_clears_a_units_own_target(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.LEADER))
    url = f"/stats/targets/?unit={ward_a.code}&year=2026"
    response = client.post(
        url, {"indicator": "online", "value": "62,5", "legal_basis": "NQ 01/2026", "action": "set"}
    )
    assert response.status_code == 302
    assert Target.objects.get(unit=ward_a, year=2026, indicator="online").value == 62.5
    body = client.get(url).content.decode()
    assert "≥ 62,50%" in body and "đơn vị này" in body
    client.post(url, {"indicator": "online", "value": "", "action": "clear"})
    assert not Target.objects.filter(unit=ward_a, year=2026).exists()


def test_target_form_rejects_a_value_out_of_range(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.LEADER))
    response = client.post(
        f"/stats/targets/?unit={ward_a.code}&year=2026",
        {"indicator": "online", "value": "120", "action": "set"},
    )
    assert response.status_code == 400
    assert "từ 0 đến 100" in response.content.decode()


def test_viewers_cannot_set_targets(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    url = f"/stats/targets/?unit={ward_a.code}&year=2026"
    assert 'data-testid="target-form"' not in client.get(url).content.decode()
    assert client.post(url, {"indicator": "online", "value": "60", "action": "set"}).status_code == 403


def test_statistics_is_in_the_main_menu(client, inspector):
    assert ">Thống kê</a>" in client.get("/").content.decode()
