"""The inspection documents' header as Word-like readers lay it out: LibreOffice follows the table grid, so
the grid carries the column widths (the national name needs about 90 mm at 12 pt bold) with a fixed layout."""

from io import BytesIO

from docx import Document
from docx.oxml.ns import qn

from cchc.inspections.documents import OfficialDocx


def test_header_grid_keeps_the_national_name_on_one_line():
    doc = OfficialDocx()
    doc.header(
        {
            "body_line": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            "body_bold": False,
            "issuer_line": "ĐOÀN KIỂM TRA",
            "number_line": "Số: 12/TB-ĐKT",
            "place_date": "Lâm Đồng, ngày 26 tháng 5 năm 2026",
        }
    )
    table = Document(BytesIO(doc.bytes())).tables[0]
    widths = [int(c.get(qn("w:w"))) * 25.4 / 1440 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert round(widths[0]) == 65 and round(widths[1]) == 95
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()][:2] == [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "ĐOÀN KIỂM TRA",
    ]
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
