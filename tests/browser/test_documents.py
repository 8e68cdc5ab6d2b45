"""Web import, printed forms, register and consistency audit in a real browser (Vietnamese labels)."""

from io import BytesIO

from pypdf import PdfReader

from tests.dossier_files import HEADER, row

CODE = "WEB-BROWSER-0001"


def import_file(page, content: str, name: str = "hoso.csv"):
    page.goto("/dossiers/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}]
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url("**/dossiers/import/*/")


def csv(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


AUDITED_ROW = row(
    code=CODE,
    unit_code="22945",
    received_at="06/01/2020 9:00",
    supplement_requested_at="06/01/2020 10:00",
    supplement_received_at="07/01/2020 10:00",
    supplement_count="2",
    finished_at="09/01/2020 10:00",
)


def ensure_imported(page):
    """Import the test dossier (again: an unchanged re-import), so that each test stands alone."""
    import_file(page, csv(AUDITED_ROW))
    if page.get_by_test_id("import-status").get_attribute("data-state") == "checked":
        page.get_by_role("button", name="Xác nhận nhập").click()
        page.wait_for_url("**/dossiers/import/*/")
    assert page.get_by_test_id("import-status").get_attribute("data-state") == "done"


def test_officer_imports_a_file_after_the_preview_then_prints_its_receipt(page, login):
    login("motcua.phanthiet")
    import_file(
        page,
        csv(AUDITED_ROW, row(code="WEB-BROWSER-0002", unit_code="22933")),  # 22933: not this officer's ward
    )
    assert page.get_by_test_id("import-status").get_attribute("data-state") == "checked"
    problems = page.get_by_test_id("problems").inner_text()
    assert "unit_code" in problems and "not in your units" in problems
    assert page.get_by_test_id("count-rows").inner_text() == "2"
    page.get_by_role("button", name="Nhập các dòng hợp lệ, bỏ qua các dòng lỗi").click()
    page.wait_for_url("**/dossiers/import/*/")
    assert page.get_by_test_id("import-status").get_attribute("data-state") == "done"
    assert page.get_by_test_id("count-created").inner_text() in ("1", "0")  # 0 when another test imported it
    assert "Đã nhập tệp." in page.locator(".messages").inner_text()

    response = page.request.get(f"/dossiers/{CODE}/documents/receipt.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(BytesIO(response.body())).pages[0].extract_text().split())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and CODE in text and "06/01/2020" in text
    assert page.request.get("/dossiers/WEB-BROWSER-0002/documents/receipt.pdf").status == 404


def test_audit_page_lists_the_imported_dossier_with_two_supplement_requests(page, login):
    login("motcua.phanthiet")
    ensure_imported(page)
    page.goto("/dossiers/audit/")
    assert page.locator("h1").inner_text() == "Kiểm tra tính nhất quán hồ sơ"
    page.select_option("#id_rule", "MULTI_SUPPLEMENT")
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_url("**/dossiers/audit/?*")
    finding = page.locator(f'tr[data-code="{CODE}"][data-rule="MULTI_SUPPLEMENT"]')
    assert "Hồ sơ bị yêu cầu bổ sung 2 lần" in finding.inner_text()


def test_register_page_shows_the_period_and_prints_form_06(page, login):
    login("motcua.phanthiet")
    ensure_imported(page)
    page.goto("/dossiers/register/")
    page.fill("#id_unit", "22945")
    page.fill("#id_date_from", "2020-01-01")
    page.fill("#id_date_to", "2020-01-31")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/dossiers/register/?*")
    register = page.get_by_test_id("register")
    assert CODE in register.inner_text() and "Mẫu số 06" in register.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về (DOCX)").click()
    assert download.value.suggested_filename == "Mau-06_So-theo-doi-ho-so_22945_20200101-20200131.docx"


def test_import_page_fits_a_phone(page, login):
    page.set_viewport_size({"width": 375, "height": 800})
    login("motcua.phanthiet")
    page.goto("/dossiers/import/")
    assert page.get_by_role("button", name="Tải lên và kiểm tra").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
