"""The periodic report as the official workbook Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP).

Layout (sheet ``Bieu06``): the form's number and legal basis, the title, the reporting unit and
period, the unit of count; three header rows with the grouped Vietnamese headers "Số hồ sơ nhận giải
quyết | Số hồ sơ đã giải quyết | Số hồ sơ đang giải quyết" (and the withdrawn dossiers, which the identity
needs, in a column of their own), a row of column numbers, one row per field (Vietnamese order), the
totals, the four rates and the signature block. Times New Roman, A4 landscape, the header rows repeated on
every printed page.
"""

from cchc.core.text import vn_sort_key
from cchc.stats.formats import COLUMNS, _get

FORM_NUMBER = "Biểu số 06/VPCP/KSTT"
LEGAL_BASIS = "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Văn phòng Chính phủ"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
GROUP_RECEIVED = "Số hồ sơ nhận giải quyết"
GROUP_RESOLVED = "Số hồ sơ đã giải quyết"
GROUP_PENDING = "Số hồ sơ đang giải quyết"
WITHDRAWN = "Số hồ sơ rút (dừng giải quyết)"
NO_FIELD = "Chưa xác định lĩnh vực"
TOTAL = "Tổng cộng"

#: Header rows and the first figure row.
HEAD_TOP, HEAD_MID, HEAD_LOW, NUMBERS_ROW, FIRST_ROW = 7, 8, 9, 10, 11
FIRST_FIGURE_COLUMN = 3  # C; A is STT, B the field

#: Rates under the table: (label, key of ``report["rates"]``).
RATES = [
    ("Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn) / đã giải quyết", "on_time"),
    ("Tỷ lệ hồ sơ trực tuyến / mới tiếp nhận", "online"),
    ("Tỷ lệ hồ sơ số hóa khi tiếp nhận / mới tiếp nhận", "digitized"),
    ("Tỷ lệ thanh toán trực tuyến / hồ sơ có phí, lệ phí", "paid_online"),
]


def vn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def field_rows(report: dict) -> list[tuple[str, list[int]]]:
    """(field label, figures) per field in Vietnamese order, the blank field last."""
    rows = sorted(report["by_field"], key=lambda r: (r["field"] == "", vn_sort_key(r["field"])))
    return [(r["field"] or NO_FIELD, [_get(r, path) for _, path in COLUMNS]) for r in rows]


def write_xlsx(report: dict, target, *, unit_name: str = "") -> None:
    """Write the workbook to ``target`` (a path or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Bieu06"
    bold = Font(name="Times New Roman", bold=True, size=12)
    italic = Font(name="Times New Roman", italic=True, size=11)
    normal = Font(name="Times New Roman", size=12)
    title_font = Font(name="Times New Roman", bold=True, size=14)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = FIRST_FIGURE_COLUMN + len(COLUMNS) - 1
    last_letter = get_column_letter(last)

    def line(row: int, text: str, font, align=center, first: int = 1, last_col: int = last) -> None:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last_col)
        cell = ws.cell(row, first, text)
        cell.font, cell.alignment = font, align

    line(1, FORM_NUMBER, bold, Alignment(horizontal="left"), 1, 4)
    line(1, LEGAL_BASIS, italic, Alignment(horizontal="right"), 5, last)
    line(2, TITLE, title_font)
    scope = f"{unit_name or report['unit']} ({report['unit']})"
    if report["subtree"]:
        scope += " và các đơn vị trực thuộc"
    line(3, f"Kỳ báo cáo: từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}", bold)
    line(4, f"Đơn vị báo cáo: {scope}", normal)
    line(5, "Đơn vị tính: Số hồ sơ TTHC", italic, Alignment(horizontal="right"))

    def head(row: int, col: int, text: str, *, rows: int = 1, cols: int = 1) -> None:
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
        ws.cell(row, col, text)

    head(HEAD_TOP, 1, "STT", rows=3)
    head(HEAD_TOP, 2, "Lĩnh vực giải quyết", rows=3)
    c = FIRST_FIGURE_COLUMN
    head(HEAD_TOP, c, GROUP_RECEIVED, cols=6)
    head(HEAD_MID, c, "Tổng số", rows=2)
    head(HEAD_MID, c + 1, "Số kỳ trước chuyển qua", rows=2)
    head(HEAD_MID, c + 2, "Số mới tiếp nhận", cols=4)
    for offset, text in enumerate(("Tổng", "Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính")):
        head(HEAD_LOW, c + 2 + offset, text)
    c += 6
    head(HEAD_TOP, c, GROUP_RESOLVED, cols=4)
    for offset, text in enumerate(("Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn")):
        head(HEAD_MID, c + offset, text, rows=2)
    c += 4
    head(HEAD_TOP, c, WITHDRAWN, rows=3)
    c += 1
    head(HEAD_TOP, c, GROUP_PENDING, cols=3)
    for offset, text in enumerate(("Tổng số", "Chưa đến hạn", "Quá hạn")):
        head(HEAD_MID, c + offset, text, rows=2)
    for col in range(1, last + 1):
        ws.cell(NUMBERS_ROW, col, f"({col})")
        for row in range(HEAD_TOP, NUMBERS_ROW + 1):
            cell = ws.cell(row, col)
            cell.font = italic if row == NUMBERS_ROW else bold
            cell.alignment, cell.border = center, box

    row = FIRST_ROW
    body = [(str(n), name, figures) for n, (name, figures) in enumerate(field_rows(report), start=1)]
    body.append(("", TOTAL, [_get(report, path) for _, path in COLUMNS]))
    for number, name, figures in body:
        is_total = name == TOTAL and number == ""
        ws.cell(row, 1, int(number) if number else None)
        ws.cell(row, 2, name)
        for offset, value in enumerate(figures):
            cell = ws.cell(row, FIRST_FIGURE_COLUMN + offset, value)
            cell.number_format = "#,##0"
        for col in range(1, last + 1):
            cell = ws.cell(row, col)
            cell.font, cell.border = (bold if is_total else normal), box
            if col != 2:
                cell.alignment = Alignment(horizontal="center" if col == 1 else "right", vertical="center")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        row += 1

    row += 1
    for label, key in RATES:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=FIRST_FIGURE_COLUMN + 4)
        ws.cell(row, 1, label).font = normal
        cell = ws.cell(row, FIRST_FIGURE_COLUMN + 5, report["rates"][key])
        cell.number_format, cell.font = "0.00%", bold
        if report["rates"][key] is None:
            cell.value = "–"
        row += 1

    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    ws.cell(row, 1, "NGƯỜI LẬP BIỂU").font = bold
    ws.cell(row, 1).alignment = center
    ws.merge_cells(start_row=row, start_column=last - 5, end_row=row, end_column=last)
    ws.cell(row, last - 5, "THỦ TRƯỞNG ĐƠN VỊ").font = bold
    ws.cell(row, last - 5).alignment = center
    ws.merge_cells(start_row=row + 1, start_column=last - 5, end_row=row + 1, end_column=last)
    ws.cell(row + 1, last - 5, "(Ký, ghi rõ họ tên và đóng dấu)").font = italic
    ws.cell(row + 1, last - 5).alignment = center

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for col in range(FIRST_FIGURE_COLUMN, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    for r, height in ((HEAD_TOP, 32), (HEAD_MID, 30), (HEAD_LOW, 30)):
        ws.row_dimensions[r].height = height
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEAD_TOP}:{NUMBERS_ROW}"
    ws.print_area = f"A1:{last_letter}{row + 1}"
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_FIGURE_COLUMN)
    wb.save(target)
