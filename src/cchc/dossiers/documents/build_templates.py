"""Build the docxtpl templates of the one-stop forms with python-docx (run again after changing the layout).

    .venv/bin/python src/cchc/dossiers/documents/build_templates.py

writes ``data/form.docx`` (forms 01–04), ``data/tracking.docx`` (the tracking sheet) and
``data/register.docx`` (the register, A4 landscape) next to this file. The layout follows Decree
30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13 pt, the issuing body and "Số: .../..." on the
left, the national motto and the place and date line on the right, the title in bold capitals. The words of
each form come from the context (``context.py``), so the same template serves both form sets.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

DATA = Path(__file__).resolve().parent / "data"
FONT = "Times New Roman"


def _base(*, landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    return document


def _paragraph(
    container, text="", *, bold=False, italic=False, size=None, align=None, indent=None, after=None
):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _run(paragraph, text, *, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return run


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _fix_widths(table, widths) -> None:
    """Column widths that every reader honours: the grid (LibreOffice reads it, not the cells' widths), each
    cell's width and a fixed layout (so that the national name stays on one line)."""
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(w.twips for w in widths))))
    total.set(qn("w:type"), "dxa")
    for old in table._tbl.tblPr.findall(qn("w:tblW")):
        table._tbl.tblPr.remove(old)
    table._tbl.tblPr.append(total)


def _cell_paragraph(cell, text="", **kwargs):
    """The cell's first (empty) paragraph for the first call, a new one after."""
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text and not cell.paragraphs[0].runs else None
    if paragraph is None:
        return _paragraph(cell, text, **kwargs)
    if text:
        _run(
            paragraph,
            text,
            bold=kwargs.get("bold", False),
            italic=kwargs.get("italic", False),
            size=kwargs.get("size"),
        )
    if kwargs.get("align") is not None:
        paragraph.alignment = kwargs["align"]
    return paragraph


def _header(document, *, left_width, right_width) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "{{ form_label }}", bold=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    _paragraph(document, "{{ basis }}", italic=True, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fix_widths(table, (left_width, right_width))
    left, right = table.rows[0].cells
    _cell_paragraph(left, "{%p if governing_body %}", size=12, align=center)
    _cell_paragraph(left, "{{ governing_body }}", size=12, align=center)
    _cell_paragraph(left, "{%p endif %}", size=12, align=center)
    _cell_paragraph(left, "{{ issuer }}", bold=True, size=12, align=center)
    _cell_paragraph(left, "{%p if issuer_2 %}", size=12, align=center)
    _cell_paragraph(left, "{{ issuer_2 }}", bold=True, size=12, align=center)
    _cell_paragraph(left, "{%p endif %}", size=12, align=center)
    _cell_paragraph(left, "———————", size=10, align=center)
    _cell_paragraph(left, "{{ number_line }}", size=13, align=center)
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=center)
    _cell_paragraph(right, "———————————", size=10, align=center)
    _cell_paragraph(right, "{{ place_date }}", italic=True, size=13, align=center)
    _paragraph(document, "", after=6)
    _paragraph(document, "{{ title }}", bold=True, size=14, align=center, after=0)
    _paragraph(document, "{{ subtitle }}", bold=True, size=13, align=center, after=8)


def _blocks(document) -> None:
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, "{%p for b in blocks %}")
    _paragraph(document, "{%p if b.kind == 'field' %}")
    field = _paragraph(document, align=justify, indent=Mm(10))
    _run(field, "{{ b.label }}: ")
    _run(field, "{{ b.value }}", bold=True)
    _paragraph(document, "{%p elif b.kind == 'item' %}")
    item = _paragraph(document, "{{ b.text }}", align=justify)
    item.paragraph_format.left_indent = Mm(15)
    _paragraph(document, "{%p elif b.kind == 'qr' %}")
    _paragraph(document, "{%p if qr %}")
    _paragraph(document, "{{ qr }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(
        document,
        "Quét mã QR để tra cứu tình trạng hồ sơ",
        italic=True,
        size=11,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _paragraph(document, "{{ qr_url }}", size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p else %}")
    _paragraph(document, "{{ b.text }}", align=justify, indent=Mm(10))
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p endfor %}")


def _signatures(document, width) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "", after=6)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fix_widths(table, (Emu(width // 2), Emu(width - width // 2)))
    for cell, side in zip(table.rows[0].cells, ("sign_left", "sign_right"), strict=True):
        _cell_paragraph(cell, f"{{{{ {side}.title }}}}", bold=True, align=center)
        _cell_paragraph(cell, f"{{{{ {side}.note }}}}", italic=True, size=11, align=center)
        for _ in range(3):
            _cell_paragraph(cell, "", align=center)
        _cell_paragraph(cell, f"{{{{ {side}.name }}}}", bold=True, align=center)


def _grid(document, headers: list[str], cells: list[str], widths, *, size) -> None:
    """A bordered table: a header row, then one row per item of ``table.rows`` (docxtpl ``{%tr %}``)."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths)
    for index, title in enumerate(headers):
        _cell_paragraph(
            table.rows[0].cells[index], title, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    first, last = table.rows[1].cells, table.rows[3].cells
    _cell_paragraph(first[0], "{%tr for r in table.rows %}", size=size)
    _cell_paragraph(last[0], "{%tr endfor %}", size=size)
    for index, text in enumerate(cells):
        _cell_paragraph(table.rows[2].cells[index], text, size=size)


def build_form() -> Document:
    document = _base()
    _header(document, left_width=Mm(68), right_width=Mm(97))
    _blocks(document)
    _signatures(document, Mm(165))
    return document


def _signature_grid(cell, width) -> None:
    """Two borderless columns inside a cell: *Người giao* and *Người nhận*, room to sign, then the names."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    inner = cell.add_table(rows=2, cols=2)
    _no_borders(inner)
    _fix_widths(inner, (Emu(width // 2), Emu(width - width // 2)))
    for index, label in enumerate(("Người giao", "Người nhận")):
        _cell_paragraph(inner.rows[0].cells[index], label, italic=True, size=11, align=center)
    for index, name in enumerate(("{{ r.giver }}", "{{ r.receiver }}")):
        target = inner.rows[1].cells[index]
        _cell_paragraph(target, "", size=11, align=center)
        _paragraph(target, "", size=11, align=center, after=0)
        _paragraph(target, name, bold=True, size=10, align=center, after=0)
    _paragraph(cell, "", size=4, after=0)  # Word needs a paragraph after a table in a cell


def build_tracking() -> Document:
    """The handover table of the tracking sheet (form 05 of 2018 / 06 of 2025): one row per handover with the
    agency (who hands over, who receives), the time and both signatures, the step's result, a note."""
    document = _base()
    _header(document, left_width=Mm(68), right_width=Mm(97))
    _blocks(document)
    widths = [Mm(w) for w in (44, 64, 30, 27)]
    headers = [f"{{{{ table.headers[{i}] }}}}" for i in range(4)]
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for index, title in enumerate(headers):
        _cell_paragraph(table.rows[0].cells[index], title, bold=True, size=11, align=center)
    _cell_paragraph(table.rows[1].cells[0], "{%tr for r in table.rows %}", size=11)
    _cell_paragraph(table.rows[3].cells[0], "{%tr endfor %}", size=11)
    agency, moment, result, note = table.rows[2].cells
    _cell_paragraph(agency, "{{ loop.index }}. {{ r.give }}", size=11)
    _paragraph(agency, "{{ r.take }}", size=11, after=0)
    _cell_paragraph(moment, "{{ r.time }}", size=11, align=center)
    _signature_grid(moment, Emu(widths[1] - Mm(4)))
    _cell_paragraph(result, "{{ r.result }}", size=11, align=center)
    _cell_paragraph(note, "{{ r.note }}", size=11)
    return document


def build_register() -> Document:
    document = _base(landscape=True)
    _header(document, left_width=Mm(110), right_width=Mm(142))
    _paragraph(document, "{{ period }}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, "{{ book }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, "{{ count_line }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    headers = [f"{{{{ table.headers[{i}] }}}}" for i in range(11)]
    cells = [f"{{{{ r[{i}] }}}}" for i in range(11)]
    widths = [Mm(w) for w in (9, 24, 32, 23, 27, 21, 22, 22, 22, 22, 28)]
    _grid(document, headers, cells, widths, size=10)
    return document


BUILDERS = {"form.docx": build_form, "tracking.docx": build_tracking, "register.docx": build_register}


def main() -> int:
    DATA.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        build().save(DATA / name)
        print(f"wrote {DATA / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
