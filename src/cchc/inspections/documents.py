"""The inspection documents in the official administrative format (Decree 30/2020/NĐ-CP): the
conclusion notice (Thông báo kết luận kiểm tra) as DOCX and PDF, the inspection schedule of a plan and the
inspected unit's remediation report as DOCX.

One context per document (:func:`notice_context`, :func:`schedule_context`, :func:`remediation_context`)
feeds every format, so the DOCX and the PDF say the same words. DOCX files name Times New Roman (the reader's
Word has it); the PDF is rendered by WeasyPrint with Liberation Serif (metric-compatible, Debian's
``fonts-liberation2``), as the dossier forms are.
"""

import unicodedata
from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone

from cchc.core.pdf_fonts import font_faces_css
from cchc.inspections.models import FindingKind, Inspection, InspectionPlan, MemberRole
from cchc.org.models import TERRITORIAL_KINDS, Unit
from cchc.org.wording import full_name, long_date, nfc, place_name, running_name, short_date

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
FONT = "Times New Roman"
ROLE_TEXT = {
    MemberRole.LEADER: "Trưởng đoàn",
    MemberRole.DEPUTY: "Phó Trưởng đoàn",
    MemberRole.MEMBER: "Thành viên",
    MemberRole.SECRETARY: "Thư ký",
}
ROLE_ORDER = {MemberRole.LEADER: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2, MemberRole.SECRETARY: 3}


# --- Vietnamese text ---------------------------------------------------------------------------------------


def authority(unit: Unit) -> str:
    """The body acting for a unit: ``Ủy ban nhân dân phường Phan Thiết``; a department is itself."""
    return f"Ủy ban nhân dân {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else full_name(unit)


def short_authority(unit: Unit) -> str:
    return f"UBND {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else full_name(unit)


def _team(inspection: Inspection) -> list[dict]:
    members = sorted(
        inspection.team.select_related("person__unit"), key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk)
    )
    return [
        {
            "name": nfc(m.person.full_name),
            "title": nfc(m.person.title),
            "unit": full_name(m.person.unit),
            "role": ROLE_TEXT.get(m.role, m.get_role_display()),
            "is_leader": m.role == MemberRole.LEADER,
        }
        for m in members
    ]


def _plan_reference(plan: InspectionPlan) -> str:
    if plan.doc_number:
        dated = f" ngày {short_date(plan.doc_date)}" if plan.doc_date else ""
        return f"Kế hoạch số {plan.doc_number}{dated} của {authority(plan.unit)}"
    return f"{plan.title} của {authority(plan.unit)}"


def _governing(unit: Unit) -> str:
    """The governing body's line above an issuer (``UBND TỈNH LÂM ĐỒNG``)."""
    if unit.kind in TERRITORIAL_KINDS:
        return f"UBND {running_name(unit).upper()}"
    return full_name(unit).upper()


def _header(unit: Unit, issuer: str, number: str, on: date) -> dict:
    """The two header columns: the governing body and the issuer, the national motto and the date line.

    With ``issuer`` (e.g. the inspection team) the unit's body is the governing line and the issuer the bold
    line; without it a territorial unit issues in its own name (ỦY BAN NHÂN DÂN / PHƯỜNG PHAN THIẾT, both
    bold) and a department under its parent's body."""
    if issuer:
        body, issuing, body_bold = _governing(unit), issuer.upper(), False
    elif unit.kind in TERRITORIAL_KINDS:
        body, issuing, body_bold = "ỦY BAN NHÂN DÂN", running_name(unit).upper(), True
    else:
        body = _governing(unit.parent) if unit.parent_id else ""
        issuing, body_bold = full_name(unit).upper(), False
    return {
        "body_line": body,
        "issuer_line": issuing,
        "body_bold": body_bold,
        "number_line": f"Số: {number}" if number else "",
        "place_date": f"{place_name(unit)}, {long_date(on)}",
    }


# --- the conclusion notice ---------------------------------------------------------------------------------


def notice_context(inspection: Inspection) -> dict:
    """Everything the notice says, for the DOCX and the PDF."""
    plan, unit = inspection.plan, inspection.unit
    team = _team(inspection)
    leader = next((m for m in team if m["is_leader"]), None)
    findings = list(
        inspection.findings.select_related("recurrence_of__inspection__plan").order_by("position")
    )
    strengths = [nfc(f.text) for f in findings if f.kind == FindingKind.STRENGTH]
    shortcomings = []
    for f in findings:
        if f.kind != FindingKind.SHORTCOMING:
            continue
        recurring = ""
        if f.recurrence_of_id:
            recurring = f"Tồn tại lặp lại so với kỳ kiểm tra năm {f.recurrence_of.inspection.plan.year}."
        shortcomings.append(
            {
                "text": nfc(f.text),
                "criterion": f.criterion_code,
                "request": nfc(f.request),
                "deadline": short_date(f.deadline),
                "recurring": recurring,
            }
        )
    issued = inspection.locked
    number = inspection.notice_number if issued else "      /TBKL-"
    on = inspection.notice_date or timezone.localdate()
    lead = ""
    if leader:
        title = f" - {leader['title']}" if leader["title"] else ""
        lead = f" do đồng chí {leader['name']}{title} làm Trưởng đoàn"
    intro = (
        f"Thực hiện {_plan_reference(plan)}; từ ngày {short_date(inspection.start_date)} đến ngày "
        f"{short_date(inspection.end_date)}, Đoàn kiểm tra{lead} đã tiến hành kiểm tra công tác cải cách "
        f"hành chính, kiểm soát thủ tục hành chính tại {authority(unit)}."
    )
    signer_name = nfc(inspection.notice_signer) or (leader["name"] if leader else "")
    return {
        **_header(plan.unit, "Đoàn kiểm tra CCHC", number, on),
        "draft": not issued,
        "title": "THÔNG BÁO",
        "subtitle": f"Kết luận kiểm tra công tác cải cách hành chính tại {authority(unit)}",
        "intro": intro,
        "topics": nfc(inspection.topics),
        "team": team,
        "unit_name": authority(unit),
        "strengths": strengths,
        "shortcomings": shortcomings,
        "conclusion": nfc(inspection.conclusion),
        "closing": (
            f"Đề nghị {authority(unit)} tiếp tục phát huy kết quả đã đạt được; khẩn trương khắc phục những "
            "tồn tại, hạn chế nêu trên theo đúng thời hạn; phân công cụ thể công chức chịu trách nhiệm từng "
            "nội dung và báo cáo kết quả khắc phục (kèm tài liệu kiểm chứng) về Đoàn kiểm tra để theo dõi, "
            "tổng hợp."
        ),
        "recipients": [
            f"{short_authority(unit)} (thực hiện);",
            f"{short_authority(plan.unit)} (báo cáo);",
            "Thành viên Đoàn kiểm tra;",
            "Lưu: VT.",
        ],
        "sign_for": "TM. ĐOÀN KIỂM TRA",
        "sign_title": "TRƯỞNG ĐOÀN",
        "sign_name": signer_name,
        "filename": notice_filename(inspection),
    }


def notice_filename(inspection: Inspection) -> str:
    return f"Thong-bao-ket-luan_{_ascii(inspection.unit.code)}_{inspection.pk}"


# --- the schedule of a plan --------------------------------------------------------------------------------


def schedule_context(plan: InspectionPlan, inspections) -> dict:
    rows = []
    for index, inspection in enumerate(inspections, start=1):
        leader = next((m for m in inspection.team.all() if m.role == MemberRole.LEADER), None)
        rows.append(
            [
                str(index),
                full_name(inspection.unit),
                f"{short_date(inspection.start_date)} - {short_date(inspection.end_date)}",
                nfc(leader.person.full_name)
                + (f", {nfc(leader.person.title)}" if leader.person.title else "")
                if leader
                else "",
                nfc(inspection.topics),
            ]
        )
    on = plan.doc_date or timezone.localdate()
    reference = (
        f"(Kèm theo Kế hoạch số {plan.doc_number} ngày {short_date(plan.doc_date)} "
        f"của {authority(plan.unit)})"
        if plan.doc_number
        else f"(Kèm theo {nfc(plan.title)})"
    )
    return {
        **_header(plan.unit, "", "", on),
        "title": f"LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}",
        "subtitle": reference,
        "columns": ["STT", "Đơn vị được kiểm tra", "Thời gian", "Trưởng đoàn", "Nội dung kiểm tra"],
        "widths_cm": [1.1, 3.6, 2.8, 3.6, 5.4],
        "rows": rows,
        "filename": f"Lich-kiem-tra_{_ascii(plan.unit.code)}_{plan.year}",
    }


# --- the remediation report of the inspected unit ----------------------------------------------------------


def remediation_context(inspection: Inspection, rows, summary: dict) -> dict:
    """``rows``: :func:`cchc.inspections.selectors.remediation_rows`; ``summary``: the remediation summary."""
    unit, plan = inspection.unit, inspection.plan
    on = timezone.localdate()
    notice = (
        f"Thông báo kết luận số {inspection.notice_number} ngày {short_date(inspection.notice_date)} của "
        "Đoàn kiểm tra công tác cải cách hành chính"
    )
    table = []
    for index, row in enumerate(rows, start=1):
        finding = row.finding
        request = nfc(finding.request)
        if finding.deadline:
            request = f"{request}\nThời hạn: {short_date(finding.deadline)}".strip()
        table.append(
            [
                str(index),
                nfc(finding.text),
                request,
                nfc(finding.cause),
                nfc(finding.fix),
                row.state_text,
            ]
        )
    percent = summary["percent_closed"]
    percent_text = "" if percent is None else f" (đạt {_vn_percent(percent)})"
    open_items = summary["items_total"] - summary["items_closed"]
    overview = (
        f"Theo {notice}, {authority(unit)} có {summary['findings']} tồn tại, hạn chế phải khắc phục. "
        f"Đến {long_date(on)}, đã khắc phục và được Đoàn kiểm tra xác nhận {summary['items_closed']}/"
        f"{summary['items_total']} nội dung{percent_text}; còn {open_items} nội dung đang khắc phục"
        + (
            f", trong đó {summary['items_overdue']} nội dung đã quá thời hạn."
            if summary["items_overdue"]
            else "."
        )
    )
    return {
        **_header(unit, "", "      /BC-UBND" if unit.kind in TERRITORIAL_KINDS else "      /BC", on),
        "title": "BÁO CÁO",
        "subtitle": (
            "Kết quả khắc phục tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính "
            f"theo Thông báo kết luận số {inspection.notice_number}"
        ),
        "addressee": f"Kính gửi: Đoàn kiểm tra công tác cải cách hành chính ({authority(plan.unit)}).",
        "overview": overview,
        "columns": [
            "STT",
            "Tồn tại, hạn chế",
            "Yêu cầu, thời hạn",
            "Nguyên nhân",
            "Kết quả khắc phục",
            "Tình trạng",
        ],
        "widths_cm": [1.0, 4.0, 3.0, 2.8, 3.2, 2.5],
        "rows": table,
        "recipients": ["Như trên;", "Lưu: VT."],
        "sign_for": "TM. ỦY BAN NHÂN DÂN" if unit.kind in TERRITORIAL_KINDS else "",
        "sign_title": "CHỦ TỊCH" if unit.kind in TERRITORIAL_KINDS else "THỦ TRƯỞNG ĐƠN VỊ",
        "sign_name": "",
        "filename": f"Bao-cao-khac-phuc_{_ascii(unit.code)}_{inspection.pk}",
    }


def _vn_percent(value) -> str:
    text = f"{float(value):.2f}".replace(".", ",")
    return f"{text}%"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split())


# --- DOCX --------------------------------------------------------------------------------------------------


class OfficialDocx:
    """A python-docx document laid out as Decree 30/2020 asks: A4, margins 20/20/30/15 mm, Times New Roman
    13 pt, the two-column header (issuing body and number | national motto and date line)."""

    def __init__(self, *, landscape: bool = False):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        self.document = Document()
        section = self.document.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(13)
        style.element.rPr.rFonts.set(_qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(0)

    # paragraphs

    def paragraph(
        self, text="", *, bold=False, italic=False, size=13, align="justify", indent=True, after=6, into=None
    ):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        target = into if into is not None else self.document
        p = target.add_paragraph()
        p.alignment = alignment
        p.paragraph_format.space_after = Pt(after)
        if indent and align == "justify":
            p.paragraph_format.first_line_indent = Cm(1)
        lines = str(text).split("\n")
        for index, line in enumerate(lines):
            run = p.add_run(line)
            run.bold, run.italic = bold, italic
            run.font.size = Pt(size)
            run.font.name = FONT
            if index < len(lines) - 1:
                run.add_break()
        return p

    def rule(self, *, into=None, width_share: float = 0.35):
        """A short centred line under a header line (a paragraph bottom border narrowed by indents)."""
        from docx.shared import Pt

        p = self.paragraph("", align="center", after=2, into=into, size=4)
        border = _element("w:pBdr")
        bottom = _element("w:bottom", {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"})
        border.append(bottom)
        p._p.get_or_add_pPr().append(border)
        share = (1 - width_share) / 2
        p.paragraph_format.left_indent = Pt(170 * share)
        p.paragraph_format.right_indent = Pt(170 * share)
        return p

    def header(self, context: dict, *, left_cm: float = 6.5, right_cm: float = 9.5) -> None:
        from docx.shared import Cm

        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        left.width, right.width = Cm(left_cm), Cm(right_cm)
        # LibreOffice lays a table out by its grid, not its cells: without this the national name wraps
        grid = table._tbl.tblGrid.findall(_qn("w:gridCol"))
        for column, width in zip(grid, (left_cm, right_cm), strict=True):
            column.set(_qn("w:w"), str(int(Cm(width).twips)))
        table._tbl.tblPr.append(_element("w:tblLayout", {"w:type": "fixed"}))
        first = left.paragraphs[0]
        first.text = ""
        if context["body_line"]:
            self._cell_line(first, context["body_line"], bold=context["body_bold"], size=12)
            first = left.add_paragraph()
        self._cell_line(first, context["issuer_line"], bold=True, size=12)
        self.rule(into=left, width_share=0.4)
        if context["number_line"]:
            self._cell_line(left.add_paragraph(), context["number_line"], size=13)
        motto = right.paragraphs[0]
        self._cell_line(motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
        self._cell_line(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
        self.rule(into=right, width_share=0.6)
        self._cell_line(right.add_paragraph(), context["place_date"], italic=True, size=13)
        _no_borders(table)

    @staticmethod
    def _cell_line(paragraph, text, *, bold=False, italic=False, size=13):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT

    def title(self, title: str, subtitle: str = "") -> None:
        self.paragraph("", after=0)
        self.paragraph(title, bold=True, size=14, align="center", after=0)
        if subtitle:
            self.paragraph(subtitle, bold=True, size=13, align="center", after=0)
        self.rule(width_share=0.3)
        self.paragraph("", after=0)

    def grid(self, columns: list[str], rows: list[list[str]], widths_cm: list[float], *, size: int = 12):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, columns, strict=True):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(size)
        for values in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = ""
                paragraph = cell.paragraphs[0]
                if index == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                lines = str(text).split("\n")
                for number, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    run.font.size = Pt(size)
                    if number < len(lines) - 1:
                        run.add_break()
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
        return table

    def signatures(self, context: dict) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        self.paragraph("", after=0)
        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        left.width, right.width = Cm(8), Cm(8)
        first = left.paragraphs[0]
        run = first.add_run("Nơi nhận:")
        run.bold, run.italic, run.font.size = True, True, Pt(12)
        for line in context["recipients"]:
            p = left.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            r = p.add_run(f"- {line}")
            r.font.size = Pt(11)
        top = right.paragraphs[0]
        if context.get("sign_for"):
            self._cell_line(top, context["sign_for"], bold=True, size=13)
            top = right.add_paragraph()
        self._cell_line(top, context["sign_title"], bold=True, size=13)
        for _ in range(3):
            right.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._cell_line(right.add_paragraph(), context.get("sign_name", ""), bold=True, size=13)
        _no_borders(table)

    def bytes(self) -> bytes:
        out = BytesIO()
        self.document.save(out)
        return out.getvalue()


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _element(tag: str, attrs: dict | None = None):
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(_qn(key), value)
    return element


def _no_borders(table) -> None:
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", {"w:val": "nil"}))
    table._tbl.tblPr.append(borders)


def notice_docx(inspection: Inspection) -> bytes:
    context = notice_context(inspection)
    doc = OfficialDocx()
    doc.header(context)
    if context["draft"]:
        doc.paragraph("DỰ THẢO", bold=True, italic=True, size=12, align="right", after=0)
    doc.title(context["title"], context["subtitle"])
    doc.paragraph(context["intro"])
    if context["topics"]:
        doc.paragraph(f"Nội dung kiểm tra: {context['topics']}")
    if context["team"]:
        doc.paragraph("Thành phần Đoàn kiểm tra:")
        for member in context["team"]:
            title = f", {member['title']}" if member["title"] else ""
            doc.paragraph(f"- {member['name']}{title} - {member['role']};", after=0)
        doc.paragraph("", after=0)
    doc.paragraph(
        f"Qua kiểm tra, Đoàn kiểm tra thông báo kết luận đối với {context['unit_name']} như sau:", after=6
    )
    doc.paragraph("I. ƯU ĐIỂM", bold=True, indent=False, align="left")
    for index, text in enumerate(context["strengths"], start=1):
        doc.paragraph(f"{index}. {text}")
    if not context["strengths"]:
        doc.paragraph("Không có.")
    doc.paragraph("II. TỒN TẠI, HẠN CHẾ", bold=True, indent=False, align="left")
    for index, item in enumerate(context["shortcomings"], start=1):
        doc.paragraph(f"{index}. {item['text']}" + (f" {item['recurring']}" if item["recurring"] else ""))
    if not context["shortcomings"]:
        doc.paragraph("Không có.")
    if context["shortcomings"]:
        doc.paragraph("III. YÊU CẦU KHẮC PHỤC", bold=True, indent=False, align="left")
        doc.grid(
            ["STT", "Tồn tại, hạn chế", "Yêu cầu khắc phục", "Thời hạn"],
            [
                [str(i), s["text"], s["request"], s["deadline"]]
                for i, s in enumerate(context["shortcomings"], start=1)
            ],
            [1.1, 6.4, 6.0, 2.5],
        )
        doc.paragraph("", after=0)
    heading = "IV. KẾT LUẬN CHUNG" if context["shortcomings"] else "III. KẾT LUẬN CHUNG"
    if context["conclusion"]:
        doc.paragraph(heading, bold=True, indent=False, align="left")
        doc.paragraph(context["conclusion"])
    doc.paragraph(context["closing"])
    doc.signatures(context)
    return doc.bytes()


def schedule_docx(plan: InspectionPlan, inspections) -> bytes:
    context = schedule_context(plan, inspections)
    doc = OfficialDocx()
    doc.header(context)
    doc.title(context["title"], "")
    doc.paragraph(context["subtitle"], italic=True, align="center", after=8)
    doc.grid(context["columns"], context["rows"], context["widths_cm"])
    return doc.bytes()


def remediation_docx(inspection: Inspection, rows, summary: dict) -> bytes:
    context = remediation_context(inspection, rows, summary)
    doc = OfficialDocx()
    doc.header(context)
    doc.title(context["title"], context["subtitle"])
    doc.paragraph(context["addressee"], align="center", indent=False)
    doc.paragraph(context["overview"])
    doc.paragraph("Kết quả khắc phục từng nội dung:", after=4)
    doc.grid(context["columns"], context["rows"], context["widths_cm"], size=11)
    doc.signatures(context)
    return doc.bytes()


# --- PDF ---------------------------------------------------------------------------------------------------


def notice_html(inspection: Inspection) -> str:
    return render_to_string(
        "inspections/documents/notice.html", {**notice_context(inspection), "font_faces": font_faces_css()}
    )


def notice_pdf(inspection: Inspection) -> bytes:
    from weasyprint import HTML

    return HTML(string=notice_html(inspection)).write_pdf()
