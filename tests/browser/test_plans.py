"""PAR plans in a real browser: a leader assigns a task to an official; the official finds it in "my work",
uploads evidence and marks it done; the plan's percentage changes."""

import re
import uuid

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PLAN = "Kế hoạch cải cách hành chính năm 2026 của UBND phường Phan Thiết"


def _percent(page) -> float:
    text = page.get_by_test_id("plan-percent").inner_text()
    match = re.fullmatch(r"(\d+),(\d\d)%", text.strip())
    assert match, text
    return float(f"{match[1]}.{match[2]}")


def test_leader_assigns_a_task_the_official_uploads_evidence_and_marks_it_done(page, login):
    title = f"Cập nhật hồ sơ lên hệ thống {uuid.uuid4().hex[:6]}"

    login("chutich.phanthiet")
    page.get_by_role("link", name="Kế hoạch CCHC", exact=True).click()
    page.get_by_role("link", name=PLAN, exact=True).click()
    plan_url = page.url
    assert _percent(page) > 0
    page.get_by_test_id("add-task").click()
    page.fill("#id_title", title)
    page.select_option("#id_area", "3")
    page.select_option("#id_owner", label="Lê Minh Tuấn")
    page.fill("#id_deadline", "2026-12-18")
    page.get_by_role("button", name="Lưu").click()
    assert "Lê Minh Tuấn" in page.get_by_test_id("task-facts").inner_text()
    page.goto(plan_url)
    before = _percent(page)
    assert title in page.get_by_test_id("plan-tasks").inner_text()

    page.context.clear_cookies()
    login("cchc.phanthiet")
    page.get_by_test_id("notifications").click()
    assert (
        f"Bạn được giao nhiệm vụ: {title}, hạn 18/12/2026."
        in page.get_by_test_id("notification-list").inner_text()
    )
    page.get_by_role("link", name="Việc của tôi", exact=True).click()
    page.get_by_test_id("my-open-tasks").get_by_role("link", name=title).click()
    page.set_input_files(
        "#id_file", files=[{"name": "bao-cao-ket-qua.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Tải lên").click()
    assert "bao-cao-ket-qua.pdf" in page.get_by_test_id("evidence").inner_text()
    page.get_by_test_id("mark-done").click()
    assert "Hoàn thành" in page.get_by_test_id("task-status").inner_text()
    page.get_by_role("link", name="Việc của tôi", exact=True).click()
    assert title not in page.get_by_test_id("my-open-tasks").inner_text()
    assert title in page.get_by_test_id("my-done-tasks").inner_text()

    page.goto(plan_url)
    after = _percent(page)
    assert after > before


def test_a_file_of_a_wrong_type_is_refused_with_a_clear_message(page, login):
    login("cchc.phanthiet")
    page.get_by_role("link", name="Việc của tôi", exact=True).click()
    page.get_by_test_id("my-open-tasks").get_by_role("link").first.click()
    page.set_input_files(
        "#id_file",
        files=[{"name": "chuong-trinh.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90"}],
    )
    page.get_by_role("button", name="Tải lên").click()
    assert "Tệp “chuong-trinh.exe” không thuộc loại được phép" in page.locator(".messages").inner_text()
