"""The Vietnamese error pages in a real browser, on a server running as the demo does (DEBUG off)."""

import re


def test_missing_page_is_vietnamese_in_the_site_layout(page, login):
    login("cchc.phanthiet")
    response = page.goto("/khong-co-trang-nay/")
    assert response.status == 404
    assert page.title() == "Không tìm thấy trang · CCHC"
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert page.get_by_role("navigation", name="Danh mục chính").is_visible()
    assert "Đăng xuất" in page.locator(".user-menu").inner_text()
    # the style sheet is served with DEBUG off
    assert page.locator("header.topbar").evaluate("e => getComputedStyle(e).display") != "inline"
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_url(re.compile(r"/$"))


def test_forbidden_page_is_vietnamese_in_the_site_layout(page, login):
    login("xem.hamthang")
    page.goto("/org/units/22933/")
    page.get_by_test_id("people").get_by_role("link", name="Đặng Thị Mai").click()
    person_url = page.url
    response = page.goto(person_url.rstrip("/") + "/edit/")
    assert response.status == 403
    assert page.title() == "Không có quyền truy cập · CCHC"
    assert "quyền" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("navigation", name="Danh mục chính").is_visible()
    assert page.get_by_role("link", name="Về trang chủ").is_visible()


def test_static_files_are_served_and_uploads_are_not(page):
    assert page.request.get("/static/cchc/css/cchc.css").status == 200
    response = page.request.get("/media/evidence/anything.pdf")
    assert response.status == 404
    assert "Không tìm thấy trang" in response.text()
