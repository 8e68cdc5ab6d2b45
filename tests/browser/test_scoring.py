"""The PAR index in a real browser: the ward's PAR officer scores the two criteria still open (with
evidence) and submits, confirming the criteria still without evidence; the Home Affairs inspector adjusts one
with a reason and closes the appraisal, accepting the criteria not reviewed as self-assessed; the ranking
shows the new index and band."""

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
FRAMEWORK = "MAU-XA-2025"
WARD = "22945"
#: the bands of the sample framework (min inclusive)
BANDS = [(90, "Xuất sắc"), (80, "Tốt"), (65, "Khá"), (50, "Trung bình"), (0, "Yếu")]


def number(text: str) -> Decimal:
    """``1.234,5`` / ``69,37%`` → Decimal."""
    return Decimal(text.strip().rstrip("%").replace(".", "").replace(",", "."))


def ward_row(page) -> dict:
    row = page.locator(f'[data-testid="ranking"] tr[data-unit="{WARD}"]')
    return {key: row.get_by_test_id(key).inner_text().strip() for key in ("points", "max", "percent", "band")}


def open_leaf(page, slug: str):
    details = page.get_by_test_id(f"details-{slug}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def test_officer_self_assesses_and_submits_the_inspector_adjusts_and_the_ranking_follows(page, login):
    login("cchc.phanthiet")
    page.get_by_role("link", name="Chỉ số CCHC", exact=True).click()
    page.get_by_test_id("frameworks").locator("tr", has_text=FRAMEWORK).get_by_role(
        "link", name="Xếp hạng"
    ).click()
    assert page.get_by_test_id("ranking").locator("tbody tr").count() == 1  # only the officer's ward
    before = ward_row(page)
    page.get_by_role("link", name="Phường Phan Thiết").click()
    assert "Đang tự đánh giá" in page.get_by_test_id("assessment-status").inner_text()

    # 1.2.1: score, responsible official, explanation, then the evidence file
    open_leaf(page, "1-2-1")
    page.fill("#s-1-2-1-score", "1")
    page.select_option("#s-1-2-1-responsible", label="Lê Minh Tuấn")
    page.fill("#s-1-2-1-explanation", "Gửi đủ 4 báo cáo định kỳ đúng hạn.")
    page.get_by_test_id("self-form-1-2-1").get_by_role("button", name="Lưu").click()
    assert "Đã lưu tiêu chí 1.2.1." in page.locator(".messages").inner_text()
    open_leaf(page, "1-2-1")  # stays open after saving
    page.set_input_files(
        "#f-1-2-1-file",
        files=[{"name": "bao-cao-cchc-2025.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_test_id("evidence-form-1-2-1").get_by_role("button", name="Tải lên").click()
    assert "bao-cao-cchc-2025.pdf" in page.get_by_test_id("evidence-1-2-1").inner_text()

    # 1.4.1 from the keyboard: type the score and press Enter
    open_leaf(page, "1-4-1")
    page.fill("#s-1-4-1-score", "1,5")
    page.press("#s-1-4-1-score", "Enter")
    assert (
        "vượt quá điểm tối đa 1" in page.get_by_test_id("self-form-1-4-1").inner_text()
    )  # next to the field
    page.fill("#s-1-4-1-score", "1")
    page.fill("#s-1-4-1-explanation", "Kế hoạch tuyên truyền số 18/KH-UBND.")
    page.press("#s-1-4-1-score", "Enter")
    assert "Đã lưu tiêu chí 1.4.1." in page.locator(".messages").inner_text()
    page.set_input_files(
        "#f-1-4-1-file",
        files=[{"name": "ke-hoach-tuyen-truyen.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_test_id("evidence-form-1-4-1").get_by_role("button", name="Tải lên").click()
    assert "ke-hoach-tuyen-truyen.pdf" in page.get_by_test_id("evidence-1-4-1").inner_text()
    assert page.locator("#leaf-1-4-1").get_by_test_id("final").inner_text() == "1"

    # sending lists the criteria scored without evidence and asks for an explicit confirmation
    missing = page.get_by_test_id("without-evidence")
    assert "1.2.1" not in missing.inner_text() and "1.4.1" not in missing.inner_text()
    assert missing.locator("li").count() > 0
    page.get_by_test_id("submit-assessment").click()
    assert "đánh dấu ô xác nhận" in page.get_by_test_id("submit-form").inner_text()
    assert "Đang tự đánh giá" in page.get_by_test_id("assessment-status").inner_text()
    page.get_by_test_id("confirm-missing-evidence").check()
    page.get_by_test_id("submit-assessment").click()
    assert "Đã gửi thẩm định" in page.get_by_test_id("assessment-status").inner_text()
    assessment_url = page.url.split("?")[0].split("#")[0]

    # the inspector of the province adjusts 1.4.1 with a reason
    page.context.clear_cookies()
    login("noivu")
    page.goto(assessment_url)
    open_leaf(page, "1-4-1")
    page.fill("#a-1-4-1-score", "0,5")
    page.fill("#a-1-4-1-reason", "Kế hoạch ban hành chậm so với thời hạn.")
    page.get_by_test_id("appraise-form-1-4-1").get_by_role("button", name="Điều chỉnh").click()
    assert "Đã lưu kết quả thẩm định tiêu chí 1.4.1." in page.locator(".messages").inner_text()
    leaf = page.locator("#leaf-1-4-1")
    assert leaf.get_by_test_id("appraised").inner_text().startswith("0,5")
    assert leaf.get_by_test_id("final").inner_text() == "0,5"
    assert "Kế hoạch ban hành chậm" in page.get_by_test_id("timeline").inner_text()
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "scoring-assessment.png"), full_page=False)

    # closing lists the criteria the council did not review and needs "accept them as self-assessed"
    unreviewed = page.get_by_test_id("unreviewed")
    assert "1.4.1" not in [li.inner_text().split()[0] for li in unreviewed.locator("li").all()]
    page.get_by_test_id("close-appraisal").click()
    assert "chưa thẩm định" in page.get_by_test_id("close-form").inner_text()
    assert "Đã gửi thẩm định" in page.get_by_test_id("assessment-status").inner_text()
    page.get_by_test_id("accept-unreviewed").check()
    page.get_by_test_id("close-appraisal").click()
    assert "chờ giải trình" in page.get_by_test_id("assessment-status").inner_text()

    # the ranking: 1 + 0.5 more points, the same maximum, the index and band recomputed
    page.get_by_role("link", name="Xếp hạng", exact=True).first.click()
    after = ward_row(page)
    assert number(after["points"]) == number(before["points"]) + Decimal("1.5")
    assert after["max"] == before["max"]
    percent = (number(after["points"]) * 100 / number(after["max"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert after["percent"] == f"{percent}%".replace(".", ",")
    assert after["band"] == next(label for low, label in BANDS if percent >= low)
    assert after["percent"] != before["percent"]
    assert re.fullmatch(r"\d+,\d\d%", after["percent"])
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "scoring-ranking.png"), full_page=False)
