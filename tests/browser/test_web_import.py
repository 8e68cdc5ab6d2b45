"""The dossier import from the web in a real browser: an officer of Phường Phan Thiết uploads a file from the
provincial system with one bad row, reads the problem (line, column, reason), imports the valid rows, and
finds an imported dossier at the desk with its timeline."""

import re

import pytest

from tests.dossier_files import HEADER, row

pytestmark = pytest.mark.browser


def test_officer_previews_problems_then_imports_the_valid_rows(page, login, tmp_path):
    lines = [
        row(code="TINH-2025-0001", unit_code="22945", received_at="03/03/2025 09:15"),
        row(code="TINH-2025-0002", unit_code="22945", channel="trực tuyến", finished_at="2025-03-04T10:00"),
        row(code="TINH-2025-0003", unit_code="22945", channel="fax"),
    ]
    upload = tmp_path / "ho-so-thang-3.csv"
    upload.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")

    login("motcua.phanthiet")
    page.goto("/dossiers/import/")
    page.set_input_files('input[type="file"]', str(upload))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url("**/dossiers/import/*/")
    assert page.get_by_test_id("import-status").get_attribute("data-state") == "checked"
    assert page.get_by_test_id("count-rows").inner_text() == "3"
    assert page.get_by_test_id("count-created").inner_text() == "2"
    problems = page.get_by_test_id("problems").inner_text()
    assert re.search(r"4\s+channel\s+not one of direct, online, postal: 'fax'", problems)

    page.get_by_role("button", name="Nhập các dòng hợp lệ, bỏ qua các dòng lỗi").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("import-status").get_attribute("data-state") == "done"
    assert page.get_by_test_id("count-created").inner_text() == "2"
    rejects = page.get_by_test_id("rejects-link")
    response = page.request.get(rejects.get_attribute("href"))
    assert response.ok and "TINH-2025-0003" in response.text() and "TINH-2025-0001" not in response.text()

    page.goto("/dossiers/TINH-2025-0002/")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã có kết quả"
    assert "ho-so-thang-3.csv" in page.get_by_test_id("timeline").inner_text()
