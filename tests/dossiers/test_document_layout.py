"""Each one-stop document against its official layout: the title, the header of Decree 30/2020/NĐ-CP (the
national name on one line, the agency lines on the left, the number with the body's abbreviation) and the
table headers, read back from both the DOCX (python-docx) and the PDF (pypdf)."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from cchc.dossiers.documents import render_dossier_form, render_register
from cchc.dossiers.documents.context import TRACKING_HEADERS
from cchc.dossiers.documents.register import HEADERS as REGISTER_HEADERS
from cchc.dossiers.models import Dossier
from tests.factories import dossier_for, procedure_with_version

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
WARD = "ỦY BAN NHÂN DÂN PHƯỜNG PHAN THIẾT"


def at(month, day, hour=9):
    return datetime(2025, month, day, hour, 0, tzinfo=VN)


@pytest.fixture
def dossier(ward_a):
    procedure = procedure_with_version(code="9.900002", name="Thủ tục đăng ký khai sinh", processing_days=3)
    return dossier_for(
        ward_a,
        code="HS-2025-1001",
        procedure=procedure,
        procedure_version=procedure.versions.get(),
        received_at=at(10, 1),
        due_at=at(10, 6),
        processing_days=3,
        applicant_name="Nguyễn Văn An",
        supplement_requested_at=at(10, 1, 10),
        supplement_count=1,
        apology_sent_at=at(10, 3),
        apology_new_due_at=at(10, 9),
        stopped_at=at(10, 8),
        outcome="withdrawn",
    )


def header_cells(document):
    table = document.tables[0]
    left, right = table.rows[0].cells
    return (
        [p.text for p in left.paragraphs if p.text.strip()],
        [p.text for p in right.paragraphs if p.text.strip()],
        table,
    )


def grid_mm(table) -> list[float]:
    return [int(col.get(qn("w:w"))) * 25.4 / 1440 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def check_header(content_docx: bytes, content_pdf: bytes, *, agency: list[str], number: str, title: str):
    """The DOCX: agency lines on the left (then the rule and the number), the national name and the motto on
    the right in a column wide enough for the name on one line, fixed widths; the PDF: the same lines, the
    national name unbroken on one line."""
    document = Document(BytesIO(content_docx))
    left, right, table = header_cells(document)
    assert left[: len(agency)] == agency
    assert left[-1] == number if number else not left[-1].startswith("Số:")
    assert right[:2] == [NATION, MOTTO]
    assert grid_mm(table)[1] >= 95  # 12 pt bold: the name needs about 90 mm
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert title in [p.text for p in document.paragraphs]
    lines = [
        " ".join(line.split()) for line in PdfReader(BytesIO(content_pdf)).pages[0].extract_text().split("\n")
    ]
    assert any(NATION in line for line in lines), lines[:12]  # not wrapped
    assert any(MOTTO in line for line in lines)
    text = " ".join(lines)
    for line in agency + ([number] if number else []) + [title]:
        assert line in text, line
    return document, text


def both(dossier, key):
    return (
        render_dossier_form(dossier, key, "docx").content,
        render_dossier_form(dossier, key, "pdf").content,
    )


def test_receipt_layout(dossier):
    docx, pdf = both(dossier, "receipt")
    _, text = check_header(
        docx,
        pdf,
        agency=[WARD, "BỘ PHẬN MỘT CỬA"],
        number="Số: 1/TNHS-UBND",
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    )
    assert "Mẫu số 01" in text and "Thông tư số 03/2025/TT-VPCP" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Email:" in text


def test_supplement_request_layout(dossier):
    docx, pdf = both(dossier, "supplement")
    _, text = check_header(
        docx,
        pdf,
        agency=[WARD, "BỘ PHẬN MỘT CỬA"],
        number="Số: 1/YCBS-UBND",
        title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    )
    assert "Mẫu số 02" in text and "NGƯỜI HƯỚNG DẪN" in text


def test_refusal_layout_names_its_signer(ward_a, dossier):
    from cchc.org.models import Person, Role
    from tests.factories import user_with_role

    officer = user_with_role(ward_a, Role.ONESTOP_OFFICER)
    Person.objects.create(full_name="Phạm Thị Lan", unit=ward_a, user=officer)
    Dossier.objects.filter(pk=dossier.pk).update(outcome="refused", received_by=officer)
    dossier.refresh_from_db()
    docx, pdf = both(dossier, "refusal")
    _, text = check_header(
        docx,
        pdf,
        agency=[WARD, "BỘ PHẬN MỘT CỬA"],
        number="Số: 1/TC-UBND",
        title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    )
    assert "Mẫu số 03" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Phạm Thị Lan" in text


def test_apology_layout_is_the_committees_letter(dossier):
    docx, pdf = both(dossier, "apology")
    _, text = check_header(
        docx,
        pdf,
        agency=["ỦY BAN NHÂN DÂN", "PHƯỜNG PHAN THIẾT"],
        number="Số: 1/XL-UBND",
        title="VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    )
    assert "BỘ PHẬN MỘT CỬA" not in text  # the body that is late writes and signs, not the desk
    assert "Ủy ban nhân dân phường Phan Thiết xin lỗi" in text and "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in text


def test_apology_of_a_department_names_its_governing_committee(province, dossier):
    from cchc.org.models import Unit, UnitKind

    department = Unit.objects.create(
        code="68-SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, parent=province
    )
    Dossier.objects.filter(pk=dossier.pk).update(competent_unit=department)
    dossier.refresh_from_db()
    docx, pdf = both(dossier, "apology")
    _, text = check_header(
        docx,
        pdf,
        agency=["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"],
        number="Số: 1/XL-SNV",
        title="VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    )
    assert "Lâm Đồng, ngày 03 tháng 10 năm 2025" in text


def test_stop_notice_layout(dossier):
    docx, pdf = both(dossier, "stop")
    _, text = check_header(
        docx,
        pdf,
        agency=["ỦY BAN NHÂN DÂN", "PHƯỜNG PHAN THIẾT"],
        number="Số: 1/TB-UBND",
        title="THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    )
    assert "Mẫu số 05" in text and "Phan Thiết, ngày 08 tháng 10 năm 2025" in text


def test_tracking_sheet_layout_is_the_handover_table(dossier):
    docx, pdf = both(dossier, "tracking")
    document, text = check_header(
        docx,
        pdf,
        agency=[WARD, "BỘ PHẬN MỘT CỬA"],
        number="",
        title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    )
    assert "Mẫu số 06" in text
    grid = document.tables[1]
    assert [c.text for c in grid.rows[0].cells] == TRACKING_HEADERS
    assert TRACKING_HEADERS == [
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
        "GHI CHÚ",
    ]
    signatures = grid.rows[1].cells[1].tables[0]
    assert [c.text for c in signatures.rows[0].cells] == ["Người giao", "Người nhận"]
    for header in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "GHI CHÚ", "Người giao", "Người nhận"):
        assert header in text


def test_register_layout(ward_a, dossier):
    contents = [
        render_register(
            unit=ward_a,
            dossiers=Dossier.objects.all(),
            date_from=date(2025, 10, 1),
            date_to=date(2025, 10, 31),
            subtree=False,
            fmt=fmt,
            on=date(2025, 11, 3),
        ).content
        for fmt in ("docx", "pdf")
    ]
    document, text = check_header(
        *contents, agency=[WARD, "BỘ PHẬN MỘT CỬA"], number="", title="SỔ THEO DÕI HỒ SƠ"
    )
    assert "Mẫu số 07" in text
    assert [c.text for c in document.tables[1].rows[0].cells] == REGISTER_HEADERS
    assert "HS-2025-1001" in text
