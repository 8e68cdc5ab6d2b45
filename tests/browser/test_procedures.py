"""The procedure catalogue in a real browser: search, open a procedure, read its time and sources."""


def test_officer_finds_birth_registration_and_reads_its_time_and_source(page, login):
    login("motcua.phanthiet")
    page.get_by_role("link", name="Thủ tục hành chính").click()
    page.wait_for_url("**/procedures/")
    assert "Số thủ tục: 52" in page.get_by_test_id("procedure-count").inner_text()
    page.fill("#q", "khai sinh")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/procedures/?q=khai+sinh*")
    assert "Số thủ tục: 6" in page.get_by_test_id("procedure-count").inner_text()
    codes = page.locator("tr[data-code]").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert "1.001193" in codes and "1.000656" not in codes
    page.locator('tr[data-code="1.001193"]').get_by_role("link").click()
    page.wait_for_url("**/procedures/1.001193/")
    assert page.locator("h1").inner_text().startswith("Thủ tục đăng ký khai sinh")
    time_text = page.get_by_test_id("processing-time").inner_text()
    assert "trong ngày" in time_text and "15 giờ" in time_text
    assert "github.com/hongdienvbhp/sotaydientuTTHC" in page.get_by_test_id("sources").inner_text()
    assert "Cổng DVCQG" in page.get_by_test_id("sources").inner_text()


def test_catalogue_fits_a_phone(page, login):
    page.set_viewport_size({"width": 375, "height": 800})
    login("motcua.phanthiet")
    page.goto("/procedures/1.001193/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
