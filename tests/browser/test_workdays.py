"""The working-day calendar in a real browser: an administrator adds a make-up Saturday and the due date
computed for a receipt just before it moves earlier. Uses 2031 dates, which no other browser test uses."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def compute_due(page, received: str, amount: str) -> str:
    """Fill the "Tính hạn giải quyết" form with the keyboard only and return the due instant (ISO)."""
    page.goto("/calendar/deadline/")
    form = page.get_by_test_id("deadline-form")
    form.get_by_label("Mã đơn vị").fill("22945")
    received_box = form.get_by_label("Thời điểm tiếp nhận")
    received_box.focus()
    received_box.fill(received)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(amount)
    page.keyboard.press("Enter")
    due = page.get_by_test_id("due-at")
    due.wait_for()
    page.wait_for_function(
        "([text]) => document.querySelector('[data-testid=due-answer]') && "
        "document.querySelector('#id_received').value === text",
        arg=[received],
    )
    return due.get_attribute("data-iso")


def test_make_up_saturday_added_on_the_calendar_brings_the_due_date_earlier(page, login):
    login("quantri")
    before = compute_due(page, "07/03/2031 16:00", "1")  # a Friday afternoon
    assert before == "2031-03-10T16:00:00+07:00"
    assert "Thứ 7, 08/03/2031" in page.get_by_test_id("crossed-days").inner_text()

    page.get_by_role("link", name="Lịch làm việc").click()
    page.goto("/calendar/?year=2031")
    assert page.locator("td[data-date='2031-03-08']").get_attribute("class") == "weekend"
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Ngày").fill("2031-03-08")
    form.get_by_label("Loại").select_option("make_up_workday")
    form.get_by_label("Tên").fill("Làm việc bù thử nghiệm 2031")
    form.get_by_label("Căn cứ pháp lý").fill("Thông báo thử nghiệm 01/TB-BNV")
    form.get_by_role("button", name="Thêm").click()

    page.wait_for_url("**/calendar/?year=2031*")
    row = page.get_by_test_id("calendar-entries").locator("tr[data-date='2031-03-08']")
    assert "Làm việc bù thử nghiệm 2031" in row.inner_text()
    assert "Đang áp dụng" in row.inner_text()
    assert page.locator("td[data-date='2031-03-08']").get_attribute("class") == "makeup"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calendar.png"), full_page=False)

    after = compute_due(page, "07/03/2031 16:00", "1")
    assert after == "2031-03-08T16:00:00+07:00"
    assert after < before
    assert "Làm việc bù thử nghiệm 2031" in page.get_by_test_id("crossed-days").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "deadline.png"), full_page=True)

    page.get_by_role("link", name="Lịch làm việc").click()
    page.get_by_label("Năm").fill("2031")
    page.get_by_role("button", name="Xem").click()
    page.get_by_test_id("calendar-log-link").click()
    assert "Làm việc bù thử nghiệm 2031" in page.get_by_test_id("calendar-log").inner_text()


def test_desk_officer_reads_the_calendar_but_gets_no_forms(page, login):
    login("motcua.phanthiet")
    page.get_by_role("link", name="Lịch làm việc").click()
    assert page.get_by_test_id("year-grid").locator("table.month").count() == 12
    assert page.get_by_test_id("entry-form").count() == 0
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/calendar/deadline/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_unconfirmed_year_warns_until_the_administrator_confirms_it_with_the_notice(page, login):
    """2034 has no shipped notice: the calendar page and the calculator warn; one action confirms it."""
    login("quantri")
    warning = "Lịch nghỉ năm 2034 chưa được xác nhận theo thông báo chính thức"
    compute_due(page, "04/01/2034 10:00", "3")
    assert page.get_by_test_id("due-warning").inner_text() == warning
    page.goto("/calendar/?year=2034")
    assert page.get_by_test_id("year-warning").inner_text() == warning
    form = page.get_by_test_id("confirm-form")
    form.get_by_label("Số, ký hiệu thông báo").fill("Thông báo thử nghiệm 99/TB-BNV")
    form.get_by_role("button", name="Xác nhận lịch nghỉ năm 2034").click()
    page.wait_for_url("**/calendar/?year=2034*")
    assert "Thông báo thử nghiệm 99/TB-BNV" in page.get_by_test_id("year-confirmed").inner_text()
    assert page.get_by_test_id("year-warning").count() == 0
    compute_due(page, "04/01/2034 10:00", "3")
    assert page.get_by_test_id("due-warning").count() == 0
