"""The one-stop desk in a real browser: an officer of Phường Phan Thiết receives a dossier with the keyboard,
opens its receipt, a citizen looks it up without logging in, then the officer requests and completes a
supplement, finishes and returns it; the timeline shows each step. The public page fits a phone."""

import re

import pytest

pytestmark = pytest.mark.browser


def act(page, action: str, button: str) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_officer_receives_supplements_finishes_and_returns_a_dossier(page, login, browser, live_url):
    login("motcua.phanthiet")
    page.get_by_role("link", name="Một cửa").click()
    page.wait_for_url("**/dossiers/")
    assert "Hạn hôm nay" in page.get_by_test_id("queues").inner_text()
    page.get_by_test_id("new-dossier").click()
    page.wait_for_url("**/dossiers/new/")

    # Keyboard only: the procedure field has the focus; Tab to the next fields, Enter receives.
    page.keyboard.type("1.004873")
    page.keyboard.press("Tab")
    page.keyboard.type("Nguyễn Văn An")
    page.keyboard.press("Tab")
    page.keyboard.type("0912345678")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/dossiers/22945-\d{6}-\d{3}/$"))
    code = page.get_by_test_id("dossier-code").inner_text()
    assert page.get_by_test_id("dossier-status").inner_text() == "Đang giải quyết"
    assert "Nguyễn Văn An" in page.get_by_test_id("applicant").inner_text()
    assert "giờ làm việc" in page.get_by_test_id("remaining").inner_text()

    # The receipt (form 01) of the documents pages: a PDF that names the dossier.
    receipt = page.get_by_test_id("receipt-link")
    assert receipt.count() == 1
    response = page.request.get(receipt.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"

    # A citizen looks it up by code, logged out, in another browser context.
    citizen = browser.new_context(base_url=live_url, locale="vi-VN")
    public = citizen.new_page()
    public.goto("/tra-cuu/")
    public.fill("#ma", code)
    public.get_by_role("button", name="Tra cứu").click()
    public.wait_for_load_state()
    assert public.get_by_test_id("public-state").inner_text() == "Đang giải quyết"
    assert public.get_by_test_id("masked-name").inner_text() == "N*** V** A*"
    assert "Nguyễn Văn An" not in public.content()

    # Supplement requested and completed, result ready and returned.
    page.locator('form[data-action="request_supplement"] textarea').fill("Bổ sung bản sao Căn cước")
    act(page, "request_supplement", "Yêu cầu bổ sung")
    assert page.get_by_test_id("dossier-status").inner_text() == "Chờ bổ sung"
    assert "Tạm dừng" in page.get_by_test_id("remaining").inner_text()
    act(page, "complete_supplement", "Đã nhận hồ sơ bổ sung")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đang giải quyết"
    act(page, "finish", "Đã có kết quả")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã có kết quả"
    act(page, "return", "Trả kết quả")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã trả kết quả"

    verbs = page.locator("[data-testid=timeline] li").evaluate_all("items => items.map(i => i.dataset.verb)")
    assert verbs == ["received", "supplement_requested", "supplement_completed", "finished", "returned"]
    timeline = page.get_by_test_id("timeline").inner_text()
    for label in ("Tiếp nhận", "Yêu cầu bổ sung", "Đã nhận hồ sơ bổ sung", "Đã có kết quả", "Đã trả kết quả"):
        assert label in timeline

    public.reload()
    assert public.get_by_test_id("public-state").inner_text() == "Đã trả kết quả"
    assert public.locator("[data-testid=public-timeline] li").count() == 5
    citizen.close()


def test_public_status_page_fits_a_phone(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="vi-VN", viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto("/tra-cuu/?ma=22945-250102-001")
    assert phone.get_by_test_id("public-status").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto("/tra-cuu/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
