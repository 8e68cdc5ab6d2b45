"""The one-stop desk in a real browser: an officer of Phường Phan Thiết receives a dossier with the keyboard,
opens its receipt, a citizen looks it up without logging in, then the officer requests and completes a
supplement and assigns the specialist, who proposes the result; the leader approves it, the specialist records
the result and the desk returns it (the desk itself cannot record it); the timeline and the steps show each
step and who did it. The public page and the dossier page fit a phone."""

import re

import pytest

pytestmark = pytest.mark.browser


def act(page, action: str, button: str) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_desk_specialist_and_leader_carry_a_dossier_from_intake_to_return(page, login, browser, live_url):
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

    # The desk cannot record the result; it assigns the specialist.
    assert page.locator('form[data-action="finish"]').count() == 0
    page.locator('form[data-action="assign"] select').select_option(label="Huỳnh Văn Phúc")
    act(page, "assign", "Giao thụ lý")
    assert "Huỳnh Văn Phúc" in page.get_by_test_id("specialist").inner_text()
    dossier_url = page.url

    def as_user(username: str) -> None:
        page.context.clear_cookies()
        login(username)
        page.goto(dossier_url)

    as_user("thuly.phanthiet")
    assert page.locator('form[data-action="finish"]').count() == 0  # not before the approval
    act(page, "propose", "Trình phê duyệt")
    assert page.get_by_test_id("review").inner_text().startswith("Chờ phê duyệt")
    assert page.locator('form[data-action="approve"]').count() == 0  # never one's own proposal
    as_user("chutich.phanthiet")
    act(page, "approve", "Phê duyệt hoặc trả lại")
    assert page.get_by_test_id("review").inner_text().startswith("Đã phê duyệt")
    as_user("thuly.phanthiet")
    act(page, "finish", "Đã có kết quả")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã có kết quả"
    as_user("motcua.phanthiet")
    act(page, "return", "Trả kết quả")
    assert page.get_by_test_id("dossier-status").inner_text() == "Đã trả kết quả"

    verbs = page.locator("[data-testid=timeline] li").evaluate_all("items => items.map(i => i.dataset.verb)")
    assert verbs == [
        "received",
        "supplement_requested",
        "supplement_completed",
        "assigned",
        "proposed",
        "approved",
        "finished",
        "returned",
    ]
    timeline = page.get_by_test_id("timeline").inner_text()
    for label in (
        "Tiếp nhận",
        "Yêu cầu bổ sung",
        "Giao thụ lý",
        "Trình phê duyệt",
        "Đã phê duyệt",
        "Đã có kết quả",
    ):
        assert label in timeline
    steps = page.locator("[data-testid=steps] li").evaluate_all("items => items.map(i => i.dataset.step)")
    assert steps == ["assign", "propose", "approve"]
    for who in ("motcua.phanthiet", "thuly.phanthiet", "chutich.phanthiet"):
        assert who in timeline

    public.reload()
    assert public.get_by_test_id("public-state").inner_text() == "Đã trả kết quả"
    assert public.locator("[data-testid=public-timeline] li").count() == 6  # "assigned" is public, not who
    citizen.close()

    # The dossier page with its steps fits a phone.
    phone = browser.new_context(
        base_url=live_url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        storage_state=page.context.storage_state(),
    ).new_page()
    phone.goto(dossier_url)
    assert phone.get_by_test_id("steps").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()


def test_public_status_page_fits_a_phone(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="vi-VN", viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto("/tra-cuu/?ma=22945-250102-001")
    assert phone.get_by_test_id("public-status").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto("/tra-cuu/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
