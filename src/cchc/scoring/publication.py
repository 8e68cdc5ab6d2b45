"""The ranking as publication documents: a terminal table, an XLSX workbook and the DOCX annex of the decision
announcing the results (Decree 30/2020/NĐ-CP layout: Times New Roman 13 pt, the national motto header)."""

from io import BytesIO

from cchc.scoring.models import Framework
from cchc.scoring.text import points_text


def _pct(value) -> str:
    return "" if value is None else points_text(value)


def ranking_table(framework: Framework, units: list[dict]) -> str:
    """A plain-text table for the terminal (machine decimals, like the JSON)."""

    def plain(value) -> str:
        return (
            "-"
            if value is None
            else format(value.normalize(), "f")
            if hasattr(value, "normalize")
            else str(value)
        )

    width = max([len(u["name"]) for u in units] + [4]) + 2
    lines = [
        f"{framework.code} - {framework.name} ({framework.year})",
        "",
        f"{'rank':>4}  {'unit':<8}{'name':<{width}}{'points':>8}{'max':>8}{'percent':>9}  band",
    ]
    for u in units:
        lines.append(
            f"{plain(u['rank']):>4}  {u['unit']:<8}{u['name']:<{width}}{plain(u['points']):>8}"
            f"{plain(u['max']):>8}{plain(u['percent']):>9}  {u['band'] or '-'}"
        )
    return "\n".join(lines) + "\n"


def area_names(framework: Framework) -> list[tuple[str, str]]:
    return list(
        framework.criteria.filter(parent__isnull=True).order_by("position").values_list("code", "name")
    )


def ranking_xlsx(framework: Framework, units: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    areas = area_names(framework)
    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp hạng"
    sheet.append([f"Kết quả Chỉ số CCHC năm {framework.year} — {framework.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Bộ tiêu chí: {framework.code}"])
    sheet.append([])
    header = ["Xếp hạng", "Mã đơn vị", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"]
    header += [f"LV {code} (%)" for code, _name in areas]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for u in units:
        row = [u["rank"], u["unit"], u["name"], float(u["points"]), float(u["max"])]
        row += [None if u["percent"] is None else float(u["percent"]), u["band"] or ""]
        row += [None if a["percent"] is None else float(a["percent"]) for a in u["areas"]]
        sheet.append(row)
        for column in range(4, len(row) + 1):
            if column != 7:
                sheet.cell(sheet.max_row, column).number_format = "0.00"
    for index, width in enumerate((9, 10, 30, 10, 11, 11, 12), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    legend = book.create_sheet("Lĩnh vực")
    legend.append(["Mã", "Lĩnh vực"])
    for code, name in areas:
        legend.append([code, name])
    legend.column_dimensions["B"].width = 80
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_docx(framework: Framework, units: list[dict], *, issuer: str = "", decision: str = "") -> bytes:
    """The annex "Kết quả xếp hạng Chỉ số CCHC" attached to the decision announcing the results."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def paragraph(text: str, *, bold=False, italic=False, size=13, center=True):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        run.font.name = "Times New Roman"
        p.paragraph_format.space_after = Pt(0)
        return p

    paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    paragraph("Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    paragraph("")
    paragraph("PHỤ LỤC", bold=True, size=14)
    paragraph(f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {framework.year}", bold=True, size=14)
    paragraph(framework.name, italic=True)
    if decision or issuer:
        paragraph(f"(Kèm theo {decision or 'Quyết định'}{' của ' + issuer if issuer else ''})", italic=True)
    paragraph("")
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"),
        strict=True,
    ):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for u in units:
        cells = table.add_row().cells
        values = (
            "" if u["rank"] is None else str(u["rank"]),
            u["name"],
            points_text(u["points"]),
            points_text(u["max"]),
            _pct(u["percent"]),
            u["band"] or "",
        )
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if index != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        for cell, width in zip(
            row.cells, (Cm(1.8), Cm(6.2), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2)), strict=True
        ):
            cell.width = width
    out = BytesIO()
    document.save(out)
    return out.getvalue()
