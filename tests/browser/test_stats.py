"""The statistics in a real browser: the province's report with its charts, a number clicked, its dossiers."""

import io
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
EXAMPLE = ROOT / "tests" / "contract_examples" / "dossiers-example.csv"


def _number(text: str) -> int:
    return int(text.strip().replace(".", ""))


def _import_example(tmp_path_factory) -> None:
    """Demo data without dossiers: import the contract example into the served database (``cchc import``)."""
    homes = sorted(tmp_path_factory.getbasetemp().glob("cchc-browser*"))
    home = next(h for h in homes if (h / "var" / "cchc.sqlite3").exists())
    env = {
        **os.environ,
        "CCHC_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'var' / 'cchc.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
    }
    cli = [sys.executable, "-m", "cchc.cli", "import", "dossiers", str(EXAMPLE)]
    subprocess.run(cli, env=env, check=True, capture_output=True, timeout=300)


def _show(page, *, period: str, year: str, quarter: str = "1") -> int:
    page.select_option("#id_unit", "68")
    page.check("#id_subtree")
    page.select_option("#id_period", period)
    page.fill("#id_year", year)
    if period == "quarter":
        page.select_option("#id_quarter", quarter)
    with page.expect_navigation():  # a plain GET form: wait for the new page, not the old table
        page.get_by_role("button", name="Xem").click()
    page.wait_for_selector('[data-testid="report-table"]')
    return _number(page.locator('tfoot a[data-cell="received"]').inner_text())


def test_inspector_opens_the_province_report_clicks_a_number_and_sees_its_dossiers(
    page, login, tmp_path_factory
):
    login("noivu")
    page.get_by_role("link", name="Thống kê").click()
    page.wait_for_url("**/stats/")
    assert "Lâm Đồng (68)" in page.get_by_test_id("scope").inner_text()
    if _show(page, period="year", year="2025") == 0:  # no demo dossiers yet: the contract example
        _import_example(tmp_path_factory)
        assert _show(page, period="quarter", year="2025") > 0
    assert "và các đơn vị trực thuộc" in page.get_by_test_id("scope").inner_text()
    for chart in ("chart-channels", "chart-on-time", "chart-ranking"):
        assert page.get_by_test_id(chart).locator("svg").count() == 1
    assert page.get_by_test_id("targets").locator("tbody tr").count() == 4
    assert "Số hồ sơ nhận giải quyết" in page.get_by_test_id("report-table").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "stats.png"), full_page=True)

    received = _number(page.locator('tfoot a[data-cell="received"]').inner_text())
    for testid, header in (("xlsx", "Lĩnh vực giải quyết"), ("xlsx-by-unit", "Đơn vị")):
        with page.expect_download() as download:
            page.get_by_test_id(testid).click()
        assert download.value.suggested_filename.startswith("bieu-II.06a-68-")
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["II.06a"]
        assert sheet["A1"].value == "Biểu số II.06a/VPCP/KSTT" and sheet["B8"].value == header
        total = next(r for r in range(12, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng số")
        assert sheet.cell(total, 3).value == received

    link = page.locator('tfoot a[data-cell="resolved"]')
    expected = _number(link.inner_text())
    assert expected > 0
    link.click()
    page.wait_for_url("**/stats/dossiers/**")
    assert "Đã giải quyết" in page.get_by_test_id("cell").inner_text()
    count = page.get_by_test_id("dossier-count").inner_text()
    assert _number(count.split()[0]) == expected and "hồ sơ" in count
    rows = page.get_by_test_id("dossier-list").locator("tbody tr[data-code]")
    assert rows.count() == min(expected, 100)
    code = rows.first.get_attribute("data-code")
    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/dossiers/{code}/")


def test_bad_dates_get_a_form_error_in_the_page(page, login):
    login("noivu")
    page.goto("/stats/")
    assert not page.locator("#id_date_from").is_visible()  # only the fields of the chosen period show
    page.select_option("#id_period", "custom")
    assert not page.locator("#id_year").is_visible()
    page.fill("#id_date_from", "2025-03-31")
    page.fill("#id_date_to", "2025-03-01")
    page.get_by_role("button", name="Xem").click()
    error = page.get_by_test_id("error-date_from")
    assert "sau ngày kết thúc" in error.inner_text()


def test_report_prints_without_the_form_and_keeps_the_charts(page, login):
    login("noivu")
    page.goto("/stats/?unit=68&subtree=1&period=year&year=2025")
    page.emulate_media(media="print")
    assert not page.get_by_test_id("scope-form").is_visible()
    assert page.get_by_test_id("chart-on-time").is_visible()
    assert page.get_by_test_id("report-table").is_visible()
