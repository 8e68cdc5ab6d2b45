"""The change history in a real browser (issue 15): a leader creates a task, changes its deadline, then reads
its history with field labels, the owner by name, dates as dd/mm/yyyy and times in local time, in Vietnamese.

Saves docs/screenshots/history.png (the history page after the edit)."""

import re
import uuid
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PLAN = "Kế hoạch cải cách hành chính năm 2026 của UBND phường Phan Thiết"


def test_a_task_history_reads_in_vietnamese_after_an_edit(page, login):
    title = f"Rà soát quy trình nội bộ {uuid.uuid4().hex[:6]}"
    login("chutich.phanthiet")
    page.get_by_role("link", name="Kế hoạch CCHC", exact=True).click()
    page.get_by_role("link", name=PLAN, exact=True).click()
    page.get_by_test_id("add-task").click()
    page.fill("#id_title", title)
    page.select_option("#id_area", "3")
    page.select_option("#id_owner", label="Lê Minh Tuấn")
    page.fill("#id_deadline", "2026-12-18")
    page.get_by_role("button", name="Lưu").click()

    page.get_by_test_id("edit").click()
    page.fill("#id_deadline", "2026-12-28")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Lịch sử thay đổi").click()

    changelog = page.get_by_test_id("changelog")
    edit = changelog.locator("tbody tr").filter(has_text="Hạn hoàn thành").first.inner_text()
    assert "18/12/2026" in edit and "28/12/2026" in edit
    owner = changelog.locator("tr[data-field=owner_id]").first.inner_text()
    assert "Lê Minh Tuấn" in owner and "owner" not in owner.lower()
    text = changelog.inner_text()
    assert "Người chủ trì" in text and "Cập nhật" in text and "Nguyễn Thị Thu Hà" in text
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", text)
    for raw in ("owner_id", "deadline", "not_started", "None", "+00:00", "2026-12-28"):
        assert raw not in text, raw
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "created" not in timeline and "edited" not in timeline

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "history.png"), full_page=False)
