"""The one-stop forms: every generated DOCX and PDF is opened again and its key fields checked."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from pypdf import PdfReader

from cchc.core.audit import record_event
from cchc.dossiers.documents import (
    DOSSIER_FORMS,
    FormNotApplicable,
    forms_for,
    render_dossier_form,
    render_register,
)
from cchc.dossiers.documents.formatting import long_date
from cchc.dossiers.documents.qr import qr_png
from cchc.dossiers.models import Dossier
from cchc.org.models import Role
from tests.factories import dossier_for, procedure_with_version, user_with_role

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://motcua.example.vn"


def _table_texts(table) -> list[str]:
    """Each cell's paragraphs, then the tables nested in it (the tracking sheet's signature cells)."""
    parts = []
    for row in table.rows:
        for cell in row.cells:
            parts.append(cell.text)
            for inner in cell.tables:
                parts.extend(_table_texts(inner))
    return parts


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(_table_texts(table))
    return " ".join(" ".join(parts).split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def both_texts(dossier, key) -> list[str]:
    return [
        docx_text(render_dossier_form(dossier, key, "docx", base_url=BASE).content),
        pdf_text(render_dossier_form(dossier, key, "pdf", base_url=BASE).content),
    ]


@pytest.fixture
def procedure():
    return procedure_with_version(
        code="9.900001",
        name="Thủ tục cấp bản sao trích lục hộ tịch",
        processing_days=3,
        components="Tờ khai theo mẫu\nGiấy tờ tùy thân (bản chụp)",
    )


def desk_dossier(
    unit, procedure, *, code="HS-2025-0001", received=datetime(2025, 3, 3, 9, 0, tzinfo=VN), **values
):
    return dossier_for(
        unit,
        code=code,
        procedure=procedure,
        procedure_version=procedure.versions.get(),
        received_at=received,
        due_at=values.pop("due_at", datetime(2025, 3, 6, 9, 0, tzinfo=VN)),
        processing_days=3,
        applicant_name="Nguyễn Thị Hồng Nhung",
        applicant_phone="0912 345 678",
        applicant_address="12 Trần Hưng Đạo, Phường Phan Thiết",
        fee_vnd=8000,
        **values,
    )


def test_receipt_in_both_formats_carries_the_dossier_and_the_official_header(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    for text in both_texts(dossier, "receipt"):
        assert "Mẫu số 01" in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
        assert "Thông tư số 01/2018/TT-VPCP" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "ỦY BAN NHÂN DÂN PHƯỜNG PHAN THIẾT" in text and "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text
        assert "Số: 1/TNHS-UBND" in text and "Phan Thiết, ngày 03 tháng 3 năm 2025" in text
        assert "Mã hồ sơ: HS-2025-0001" in text
        assert "Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung" in text and "0912 345 678" in text
        assert "Email: …" in text  # the form's e-mail line, to fill by hand (the dossier has no e-mail)
        assert "Thủ tục cấp bản sao trích lục hộ tịch (mã TTHC 9.900001)" in text
        assert "Tờ khai theo mẫu" in text and "Giấy tờ tùy thân (bản chụp)" in text
        assert "3 ngày làm việc" in text and "8.000 đồng" in text
        assert "09 giờ 00 phút, ngày 03/03/2025" in text  # received
        assert "09 giờ 00 phút, ngày 06/03/2025" in text  # the appointment
        # the PDF may wrap the long address anywhere (its width depends on the random token)
        assert f"{BASE}/tra-cuu/qr/{dossier.public_token}/" in "".join(text.split())


def test_receipt_qr_code_is_the_public_lookup_address_with_the_token(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    expected = qr_png(f"{BASE}/tra-cuu/qr/{dossier.public_token}/")
    document = Document(BytesIO(render_dossier_form(dossier, "receipt", "docx", base_url=BASE).content))
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert images == [expected]
    reader = PdfReader(BytesIO(render_dossier_form(dossier, "receipt", "pdf", base_url=BASE).content))
    assert len(reader.pages[0].images) == 1
    assert dossier.applicant_name not in f"{BASE}/tra-cuu/qr/{dossier.public_token}/"


def test_docx_names_times_new_roman_13_pt(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    document = Document(BytesIO(render_dossier_form(dossier, "receipt", "docx").content))
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 13


def test_pdf_embeds_liberation_serif_for_the_vietnamese_letters(ward_a, procedure):
    content = render_dossier_form(desk_dossier(ward_a, procedure), "receipt", "pdf").content
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("LiberationSerif" in name.replace("-", "") for name in fonts), fonts  # no fallback
    assert "Nguyễn Thị Hồng Nhung" in pdf_text(content)


def test_number_in_the_book_counts_the_units_dossiers_of_the_year(ward_a, ward_b, procedure):
    desk_dossier(ward_a, procedure, code="HS-A", received=datetime(2025, 2, 3, 9, 0, tzinfo=VN))
    desk_dossier(ward_b, procedure, code="HS-B", received=datetime(2025, 2, 4, 9, 0, tzinfo=VN))
    desk_dossier(ward_a, procedure, code="HS-OLD", received=datetime(2024, 12, 30, 9, 0, tzinfo=VN))
    third = desk_dossier(ward_a, procedure, code="HS-C")
    text = docx_text(render_dossier_form(third, "receipt", "docx").content)
    assert "Số: 2/TNHS" in text and "Quyển số: 2025, Số thứ tự: 2" in text


def test_supplement_request_lists_what_to_bring_and_when_it_was_asked(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        supplement_requested_at=datetime(2025, 3, 4, 10, 15, tzinfo=VN),
        supplement_count=1,
        supplement_reason="Bản sao giấy chứng sinh\nGiấy ủy quyền có chứng thực",
    )
    for text in both_texts(dossier, "supplement"):
        assert "Mẫu số 02" in text and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
        assert "Phan Thiết, ngày 04 tháng 3 năm 2025" in text and "Số: 1/YCBS-UBND" in text
        assert "1. Bản sao giấy chứng sinh" in text and "2. Giấy ủy quyền có chứng thực" in text
        assert "Hồ sơ của: Nguyễn Thị Hồng Nhung" in text and "Ngày tiếp nhận: 03/03/2025" in text


def test_refusal_gives_its_reason(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        stopped_at=datetime(2025, 3, 3, 10, 0, tzinfo=VN),
        outcome="refused",
        stop_reason="Yêu cầu không thuộc thẩm quyền giải quyết của UBND phường",
    )
    for text in both_texts(dossier, "refusal"):
        assert "Mẫu số 03" in text and "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
        assert "Yêu cầu không thuộc thẩm quyền giải quyết của UBND phường" in text
        assert "Mã hồ sơ: HS-2025-0001" in text and "03/03/2025" in text


def test_apology_before_july_2025_is_form_04_with_a_new_date(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        apology_sent_at=datetime(2025, 3, 4, 16, 0, tzinfo=VN),
        apology_new_due_at=datetime(2025, 3, 10, 9, 0, tzinfo=VN),
        apology_reason="Cần xác minh thông tin với cơ quan khác",
    )
    for text in both_texts(dossier, "apology"):
        assert "Mẫu số 04" in text and "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
        assert "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung" in text
        assert "Cần xác minh thông tin với cơ quan khác" in text
        assert "09 giờ 00 phút, ngày 06/03/2025" in text  # the original appointment
        assert "vào 09 giờ 00 phút, ngày 10/03/2025" in text  # the new date
        assert "Phan Thiết, ngày 04 tháng 3 năm 2025" in text


def test_documents_dated_from_15_september_2025_use_the_circular_03_2025_forms(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        received=datetime(2025, 9, 15, 0, 0, tzinfo=VN),
        due_at=datetime(2025, 9, 17, 17, 0, tzinfo=VN),
        apology_sent_at=datetime(2025, 9, 16, 9, 0, tzinfo=VN),
        apology_new_due_at=datetime(2025, 9, 22, 9, 0, tzinfo=VN),
    )
    assert [(f.key, f.number) for f in forms_for(dossier)] == [
        ("receipt", "01"),
        ("apology", "04"),
        ("tracking", "06"),
    ]
    for text in both_texts(dossier, "apology"):
        assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
        assert "Thông tư số 03/2025/TT-VPCP" in text and "Số: 1/XL-UBND" in text
        assert "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ" in text
    tracking = docx_text(render_dossier_form(dossier, "tracking", "docx").content)
    assert "Mẫu số 06" in tracking and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in tracking


def test_receipt_dated_4_august_2025_cites_the_circular_in_force_that_day(ward_a, procedure):
    """Circular 03/2025/TT-VPCP was signed and took effect on 15/9/2025: a receipt of 04/08/2025 is form 01
    of Circular 01/2018/TT-VPCP, issued by the desk under its Decree 118/2025 name (Bộ phận Một cửa)."""
    dossier = desk_dossier(
        ward_a,
        procedure,
        received=datetime(2025, 8, 4, 9, 15, tzinfo=VN),
        due_at=datetime(2025, 8, 7, 9, 15, tzinfo=VN),
        apology_sent_at=datetime(2025, 9, 15, 8, 0, tzinfo=VN),
    )
    for text in both_texts(dossier, "receipt"):
        assert "Thông tư số 01/2018/TT-VPCP" in text and "03/2025" not in text
        assert "BỘ PHẬN MỘT CỬA" in text and "Bộ phận Một cửa phường Phan Thiết" in text
    assert [(f.key, f.number) for f in forms_for(dossier)] == [
        ("receipt", "01"),
        ("apology", "04"),  # dated 15/9/2025: the 2025 letter
        ("tracking", "05"),  # opened at receipt
    ]
    assert "Thông tư số 03/2025/TT-VPCP" in docx_text(render_dossier_form(dossier, "apology", "docx").content)


def test_last_minute_before_15_september_2025_still_uses_the_2018_forms(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure, received=datetime(2025, 9, 14, 23, 59, tzinfo=VN))
    assert [(f.key, f.number) for f in forms_for(dossier)] == [("receipt", "01"), ("tracking", "05")]
    assert "Thông tư số 01/2018/TT-VPCP" in docx_text(
        render_dossier_form(dossier, "tracking", "docx").content
    )


def test_stop_notice_is_form_05_of_the_2025_set_for_a_withdrawn_dossier(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        received=datetime(2025, 10, 1, 8, 30, tzinfo=VN),
        due_at=datetime(2025, 10, 6, 8, 30, tzinfo=VN),
        stopped_at=datetime(2025, 10, 2, 15, 0, tzinfo=VN),
        outcome="withdrawn",
        stop_reason="Người nộp hồ sơ đề nghị rút hồ sơ",
    )
    assert [(f.key, f.number) for f in forms_for(dossier)] == [
        ("receipt", "01"),
        ("stop", "05"),
        ("tracking", "06"),
    ]
    for text in both_texts(dossier, "stop"):
        assert "Mẫu số 05" in text and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
        assert "Số: 1/TB-UBND" in text and "Phan Thiết, ngày 02 tháng 10 năm 2025" in text
        assert "Ủy ban nhân dân phường Phan Thiết thông báo dừng giải quyết hồ sơ" in text
        assert "Người nộp hồ sơ đề nghị rút hồ sơ" in text and "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in text


def test_no_stop_notice_before_the_2025_set(ward_a, procedure):
    dossier = desk_dossier(
        ward_a, procedure, stopped_at=datetime(2025, 3, 4, 10, 0, tzinfo=VN), outcome="withdrawn"
    )
    assert "stop" not in [f.key for f in forms_for(dossier)]
    with pytest.raises(FormNotApplicable):
        render_dossier_form(dossier, "stop", "pdf")


def test_tracking_sheet_has_one_handover_row_per_step_with_both_signatures(ward_a, ward_b, procedure):
    dossier = desk_dossier(ward_a, procedure, finished_at=datetime(2025, 3, 6, 15, 0, tzinfo=VN))
    officer = user_with_role(ward_a, Role.ONESTOP_OFFICER, first_name="Lan", last_name="Phạm Thị")
    specialist = user_with_role(ward_b, Role.SPECIALIST, first_name="Minh", last_name="Trần Văn")
    from cchc.core.audit import acting_as

    with acting_as(officer):  # receives, then hands over to ward B
        record_event(dossier, "received", "", unit_code=ward_a.code, at=datetime(2025, 3, 3, 9, 0, tzinfo=VN))
        record_event(
            dossier,
            "transferred",
            "Chuyển xác minh",
            unit_code=ward_b.code,
            at=datetime(2025, 3, 4, 8, 0, tzinfo=VN),
        )
    with acting_as(specialist):  # hands the result back to the desk
        record_event(
            dossier, "finished", "", unit_code=ward_a.code, at=datetime(2025, 3, 6, 15, 0, tzinfo=VN)
        )
    for text in both_texts(dossier, "tracking"):
        assert "Mẫu số 05" in text and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
        received = text.index("1. Giao: Nguyễn Thị Hồng Nhung Nhận: Bộ phận tiếp nhận và trả kết quả phường")
        transferred = text.index(
            "2. Giao: Bộ phận tiếp nhận và trả kết quả phường Phan Thiết (Phạm Thị Lan) "
            "Nhận: Phường Hàm Thắng (Trần Văn Minh)"
        )
        finished = text.index("3. Giao: Phường Hàm Thắng (Trần Văn Minh) Nhận: Bộ phận tiếp nhận")
        assert received < transferred < finished
        assert "08 giờ 00 phút, ngày 04/03/2025" in text and "Chuyển hồ sơ: Chuyển xác minh" in text
        assert text.count("Người giao") == 3 and text.count("Người nhận") == 3
        assert "Trước hạn" in text  # transferred before the due day
        assert "Quá hạn" in text  # the result came after 09:00 06/03/2025
        assert "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025" in text


def test_tracking_sheet_without_a_timeline_shows_the_recorded_steps(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure, returned_at=datetime(2025, 3, 6, 8, 0, tzinfo=VN))
    text = docx_text(render_dossier_form(dossier, "tracking", "docx").content)
    assert "1. Giao: Nguyễn Thị Hồng Nhung" in text and "09 giờ 00 phút, ngày 03/03/2025" in text
    assert "2. Giao: Bộ phận tiếp nhận và trả kết quả phường Phan Thiết Nhận: Nguyễn Thị Hồng Nhung" in text
    assert "08 giờ 00 phút, ngày 06/03/2025" in text and "Trả kết quả" in text


def test_forms_that_do_not_apply_are_refused(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    assert [f.key for f in forms_for(dossier)] == ["receipt", "tracking"]
    for key in ("supplement", "refusal", "apology", "stop", "register", "nonsense"):
        with pytest.raises(FormNotApplicable):
            render_dossier_form(dossier, key, "pdf")


def test_dossier_with_every_event_offers_every_form(ward_a, procedure):
    dossier = desk_dossier(
        ward_a,
        procedure,
        supplement_requested_at=datetime(2025, 3, 3, 10, 0, tzinfo=VN),
        supplement_count=1,
        stopped_at=datetime(2025, 3, 4, 10, 0, tzinfo=VN),
        outcome="refused",
        apology_sent_at=datetime(2025, 3, 3, 11, 0, tzinfo=VN),
    )
    every = [key for key in DOSSIER_FORMS if key != "stop"]  # a refused dossier is not stopped
    assert [f.key for f in forms_for(dossier)] == every
    for key in every:
        for text in both_texts(dossier, key):
            assert "{{" not in text and "{%" not in text and "None" not in text, key
            assert "Mã hồ sơ: HS-2025-0001" in text and "PHAN THIẾT" in text, key


def test_register_lists_the_units_dossiers_of_the_period_with_their_book_numbers(ward_a, ward_b, procedure):
    desk_dossier(ward_a, procedure, code="HS-FEB", received=datetime(2025, 2, 27, 9, 0, tzinfo=VN))
    desk_dossier(ward_a, procedure, code="HS-MAR-1", received=datetime(2025, 3, 3, 9, 0, tzinfo=VN))
    desk_dossier(
        ward_a,
        procedure,
        code="HS-MAR-2",
        received=datetime(2025, 3, 31, 16, 0, tzinfo=VN),
        finished_at=datetime(2025, 4, 2, 10, 0, tzinfo=VN),
    )
    desk_dossier(ward_b, procedure, code="HS-OTHER", received=datetime(2025, 3, 10, 9, 0, tzinfo=VN))
    desk_dossier(ward_a, procedure, code="HS-APR", received=datetime(2025, 4, 1, 7, 0, tzinfo=VN))
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        document = render_register(
            unit=ward_a,
            dossiers=Dossier.objects.all(),
            date_from=date(2025, 3, 1),
            date_to=date(2025, 3, 31),
            subtree=False,
            fmt=fmt,
            on=date(2025, 4, 5),
        )
        text = read(document.content)
        assert "Mẫu số 06" in text and "SỔ THEO DÕI HỒ SƠ" in text, fmt
        assert "Từ ngày 01/03/2025 đến ngày 31/03/2025" in text and "Tổng số hồ sơ: 2" in text
        assert "2 HS-MAR-1" in text and "3 HS-MAR-2" in text  # numbers of the 2025 book
        assert "HS-FEB" not in text and "HS-OTHER" not in text and "HS-APR" not in text
        assert "10:00 02/04/2025" in text and "Phan Thiết, ngày 05 tháng 4 năm 2025" in text
    assert document.filename == "Mau-06_So-theo-doi-ho-so_22945_20250301-20250331.pdf"


def test_register_of_a_period_from_15_september_2025_is_form_07(ward_a, procedure):
    document = render_register(
        unit=ward_a,
        dossiers=Dossier.objects.all(),
        date_from=date(2025, 9, 15),
        date_to=date(2025, 9, 30),
        subtree=True,
        fmt="docx",
    )
    text = docx_text(document.content)
    assert "Mẫu số 07" in text and "Tổng số hồ sơ: 0" in text and "và các đơn vị trực thuộc" in text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
        (date(2025, 3, 3), "ngày 03 tháng 3 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_dates_in_the_place_line_follow_decree_30(day, text):
    assert long_date(day) == text


def test_file_names_are_ascii_and_name_the_form(ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    assert render_dossier_form(dossier, "receipt", "docx").filename == (
        "Mau-01_Giay-tiep-nhan-ho-so-va-hen-tra-ket-qua_HS-2025-0001.docx"
    )


# ---- pages -------------------------------------------------------------------------------------------------


def test_document_pages_serve_pdf_inline_and_docx_as_download(client, ward_a, procedure):
    dossier = desk_dossier(ward_a, procedure)
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    pdf = client.get(f"/dossiers/{dossier.code}/documents/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert f"/tra-cuu/qr/{dossier.public_token}/" in "".join(pdf_text(pdf.content).split())  # may wrap
    docx = client.get(f"/dossiers/{dossier.code}/documents/tracking.docx")
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment;")
    assert "HS-2025-0001" in docx_text(docx.content)


def test_document_of_another_units_dossier_or_an_absent_form_is_404(client, ward_a, ward_b, procedure):
    theirs = desk_dossier(ward_b, procedure, code="HS-B-1")
    mine = desk_dossier(ward_a, procedure, code="HS-A-1")
    client.force_login(user_with_role(ward_a, Role.LEADER))
    assert client.get(f"/dossiers/{theirs.code}/documents/receipt.pdf").status_code == 404
    assert client.get(f"/dossiers/{theirs.code}/documents/receipt.docx").status_code == 404
    assert client.get(f"/dossiers/{mine.code}/documents/refusal.pdf").status_code == 404
    assert client.get(f"/dossiers/{mine.code}/documents/register.pdf").status_code == 404
    assert client.get(f"/dossiers/{mine.code}/documents/receipt.pdf").status_code == 200


def test_document_links_snippet_lists_the_forms_of_the_dossier(ward_a, procedure):
    from django.template.loader import render_to_string

    dossier = desk_dossier(ward_a, procedure, supplement_requested_at=datetime(2025, 3, 3, 10, 0, tzinfo=VN))
    html = render_to_string("dossiers/documents/_links.html", {"dossier": dossier})
    assert f"/dossiers/{dossier.code}/documents/receipt.pdf" in html
    assert f"/dossiers/{dossier.code}/documents/supplement.docx" in html
    assert "refusal" not in html


def test_register_page_lists_rows_and_prints_them(client, ward_a, ward_b, procedure):
    desk_dossier(ward_a, procedure, code="HS-REG-1")
    desk_dossier(ward_b, procedure, code="HS-REG-B")
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    query = f"?unit={ward_a.code}&date_from=2025-03-01&date_to=2025-03-31"
    page = client.get("/dossiers/register/" + query).content.decode()
    assert "HS-REG-1" in page and "HS-REG-B" not in page
    pdf = client.get("/dossiers/register/" + query + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and "HS-REG-1" in pdf_text(pdf.content)
    assert (
        client.get(f"/dossiers/register/?unit={ward_b.code}&date_from=2025-03-01&date_to=2025-03-31")
        .context["form"]
        .errors["unit"]
    )


def test_register_page_refuses_a_period_ending_before_it_starts(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    response = client.get(f"/dossiers/register/?unit={ward_a.code}&date_from=2025-03-31&date_to=2025-03-01")
    assert "date_to" in response.context["form"].errors
    assert "register" not in response.context
