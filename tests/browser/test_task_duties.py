"""A task the province set for the ward, in a real browser on the demo data: the ward's PAR officer cannot
edit it but asks for an extension; the province's officer grants it and the new deadline shows; the ward
reports it done, which waits for the province's confirmation."""


def test_the_ward_requests_an_extension_the_province_grants_it(page, login):
    login("cchc.phanthiet")
    page.goto("/plans/mine/")
    page.get_by_role("link", name="Rà soát, cập nhật quy trình nội bộ giải quyết TTHC cấp xã").first.click()
    task_url = page.url
    assert "29/01/2027" in page.get_by_test_id("task-deadline").inner_text()
    assert page.get_by_test_id("edit").count() == 0  # the deadline is the province's
    form = page.get_by_test_id("extension-form")
    form.locator("#id_new_deadline").fill("2027-04-30")
    form.locator("#id_extension_reason").fill("Chờ hướng dẫn quy trình điện tử của tỉnh")
    form.get_by_test_id("request-extension").click()
    assert "30/04/2027" in page.get_by_test_id("extension-request").inner_text()
    assert "29/01/2027" in page.get_by_test_id("task-deadline").inner_text()

    page.context.clear_cookies()
    login("noivu")
    page.goto(task_url)
    decision = page.get_by_test_id("extension-decision")
    assert "Chờ hướng dẫn quy trình điện tử của tỉnh" in decision.inner_text()
    decision.get_by_test_id("grant-extension").click()
    assert "30/04/2027" in page.get_by_test_id("task-deadline").inner_text()
    assert page.get_by_test_id("extension-request").count() == 0
    assert "30/04/2027" in page.get_by_test_id("timeline").inner_text()

    page.context.clear_cookies()
    login("cchc.phanthiet")
    page.goto(task_url)
    page.get_by_test_id("mark-done").click()
    assert page.get_by_test_id("awaiting-confirmation").count() == 1

    page.context.clear_cookies()
    login("noivu")
    page.goto(task_url)
    page.get_by_test_id("confirm-done").click()
    assert page.get_by_test_id("awaiting-confirmation").count() == 0
    assert page.get_by_test_id("confirmation").count() == 0
