"""Foundation pages in a real browser: log-in, scoped unit tree, a person's history page."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_commune_officer_sees_only_their_commune_in_the_unit_tree(page, login):
    login("cchc.hamthang")
    assert "UBND phường Hàm Thắng — Lâm Đồng" in page.get_by_test_id("unit-context").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
    page.get_by_role("link", name="Tổ chức").click()
    tree = page.get_by_test_id("unit-tree")
    units = tree.locator("a[data-unit]").evaluate_all("els => els.map(e => e.dataset.unit)")
    assert units == ["22933"]
    page.goto("/org/units/22945/")  # another ward
    assert "404" in page.title() or page.locator("h1").inner_text() != "Phường Phan Thiết"


def test_person_history_page_shows_changes_after_an_edit(page, login):
    login("chutich.phanthiet")
    page.goto("/org/units/22945/")
    page.get_by_test_id("people").get_by_role("link", name="Lê Minh Tuấn").click()
    page.get_by_role("link", name="Sửa").click()
    page.fill("#id_phone", "0252 3822 123")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_test_id("history-link").click()
    changelog = page.get_by_test_id("changelog").inner_text()
    assert "0252 3822 123" in changelog
    assert "Nguyễn Thị Thu Hà" in changelog  # the chairman who saved it, by name (not the login)
    assert "Điện thoại" in changelog and "phone" not in changelog


def test_home_page_fits_a_phone(page, login):
    page.set_viewport_size({"width": 375, "height": 800})
    login("motcua.phanthiet")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
