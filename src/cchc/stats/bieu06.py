"""The periodic report as the official form Biểu số II.06a/VPCP/KSTT (Circular 01/2020/TT-VPCP), exactly
as ``formats/report-dossiers.md`` describes it; the one builder of ``cchc report dossiers --format xlsx`` and
of the statistics page's download.

First worksheet (``II.06a``), the form and nothing else: the form's number, the title ending with the unit's
name, the reporting and the receiving unit, the period, the unit of count; a three-level header whose last row
holds "(1)" … "(13)"; one row per field in the page's Vietnamese order (or, ``by_unit``, per unit right below
the unit) and the "Tổng số" row; the place-and-date line and the signature blocks. Withdrawn dossiers count
as resolved on time (column 9), postal ones with the direct ones (column 5). Second worksheet (``Chi tiết``):
CCHC's finer columns (postal and withdrawn apart, new dossiers in total) and the four rates, for the unit's
own use.

Numbers are integers in number cells; every text cell is stored as text, so a field named ``=…`` never becomes
a formula (``formats/dossiers-csv.md``). Times New Roman, A4 landscape fitted to the page width, the header
rows repeated on every printed page.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from openpyxl import Workbook

from cchc.core.text import vn_sort_key
from cchc.org.models import TERRITORIAL_KINDS, UnitKind
from cchc.org.wording import full_name, long_date, place_name, running_name, upper
from cchc.stats.comparison import report_by_unit
from cchc.stats.formats import COLUMNS, _get
from cchc.stats.report import dossier_report
from cchc.stats.selectors import unit_head
from cchc.stats.xlsx import SheetWriter

FORM_NUMBER = "Biểu số II.06a/VPCP/KSTT"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI"
UNIT_OF_COUNT = "Đơn vị tính: Số hồ sơ TTHC."
GROUP_RECEIVED = "Số hồ sơ nhận giải quyết"
GROUP_RESOLVED = "Số hồ sơ đã giải quyết"
GROUP_PENDING = "Số hồ sơ đang giải quyết"
FIELD_HEADER = "Lĩnh vực giải quyết"
UNIT_HEADER = "Đơn vị"
NO_FIELD = "Chưa xác định lĩnh vực"
TOTAL = "Tổng số"
OWN_ROW = "tiếp nhận tại đơn vị"
FORM_SHEET = "II.06a"
DETAIL_SHEET = "Chi tiết"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

#: Rows of the form: six lines above, a blank row, three header rows, the numbers row, then the figures.
HEAD_TOP, HEAD_MID, HEAD_LOW, NUMBERS_ROW, FIRST_ROW = 8, 9, 10, 11, 12
FORM_WIDTH = 13  # columns (1) … (13)

#: Rates under the detail table: (label, key of ``report["rates"]``).
RATES = [
    ("Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn) / đã giải quyết", "on_time"),
    ("Tỷ lệ hồ sơ trực tuyến / mới tiếp nhận", "online"),
    ("Tỷ lệ hồ sơ số hóa khi tiếp nhận / mới tiếp nhận", "digitized"),
    ("Tỷ lệ thanh toán trực tuyến / hồ sơ có phí, lệ phí", "paid_online"),
]


def form_figures(block: dict) -> list[int]:
    """Columns (3) … (13) of a row from a contract block (a ``by_field`` row or the report itself)."""
    r, s, p = block["received"], block["resolved"], block["pending"]
    return [
        r["total"],
        r["online"],
        r["direct"] + r["postal"],
        r["carried_over"],
        s["total"] + block["withdrawn"],
        s["early"],
        s["on_time"] + block["withdrawn"],
        s["late"],
        p["total"],
        p["within_deadline"],
        p["overdue"],
    ]


def vn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def period_name(date_from: date, date_to: date) -> str:
    """``Quý I năm 2025``, ``Tháng 3 năm 2025``, ``6 tháng đầu năm 2025``, ``Năm 2025`` for whole calendar
    months (or the Decree 09/2019 cut-off, the 15th to the 14th); ``Ngày 10/03/2025``; else ``Tùy chọn``."""
    if date_from == date_to:
        return f"Ngày {date_from:%d/%m/%Y}"
    first, last = _month_span(date_from, date_to)
    if first is None:
        return "Tùy chọn"
    (year, start), (end_year, end) = first, last
    months = (end_year - year) * 12 + end - start + 1
    if end_year != year:
        return "Tùy chọn"
    if months == 1:
        return f"Tháng {start} năm {year}"
    if months == 3 and start % 3 == 1:
        return f"Quý {ROMAN[start // 3 + 1]} năm {year}"
    if months == 6 and start in (1, 7):
        return f"6 tháng {'đầu' if start == 1 else 'cuối'} năm {year}"
    if months == 9 and start == 1:
        return f"9 tháng năm {year}"
    if months == 12:
        return f"Năm {year}"
    return "Tùy chọn"


def _month_span(date_from: date, date_to: date):
    """((year, month), (year, month)) of the months the dates cover whole, or (None, None)."""
    if date_from.day == 1 and date_to.day == monthrange(date_to.year, date_to.month)[1]:
        return (date_from.year, date_from.month), (date_to.year, date_to.month)
    if date_from.day == 15 and date_to.day == 14:  # Decree 09/2019: from the 15th before to the 14th
        year, month = (
            (date_from.year + 1, 1) if date_from.month == 12 else (date_from.year, date_from.month + 1)
        )
        return (year, month), (date_to.year, date_to.month)
    return None, None


def body_name(unit) -> str:
    """The body that reports for a unit: ``UBND phường Phan Thiết``; a department or office is itself."""
    return f"UBND {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else full_name(unit)


def title_line(unit, subtree: bool) -> str:
    """The title ends with the unit: its people's committee, or with ``--subtree`` the whole territory."""
    name = full_name(unit) if subtree and unit.kind in TERRITORIAL_KINDS else body_name(unit)
    return upper(f"{TITLE} {name}")


@dataclass(frozen=True)
class Signature:
    on: date
    place: str
    sign_for: str  # "TM. ỦY BAN NHÂN DÂN" or ""
    title: str  # "CHỦ TỊCH" or "THỦ TRƯỞNG ĐƠN VỊ"
    name: str  # blank when the unit's data record no head

    @classmethod
    def of(cls, unit, on: date) -> "Signature":
        head = unit_head(unit, on)
        territorial = unit.kind in TERRITORIAL_KINDS
        return cls(
            on=on,
            place=place_name(unit),
            sign_for="TM. ỦY BAN NHÂN DÂN" if territorial else "",
            title="CHỦ TỊCH" if territorial else "THỦ TRƯỞNG ĐƠN VỊ",
            name=head.full_name if head else "",
        )


@dataclass(frozen=True)
class Row:
    label: str
    block: dict


def vn_field_order(by_field: list[dict]) -> list[dict]:
    """The ``by_field`` rows in the Vietnamese order of the field names, as the page shows them (the blank
    field, "Chưa xác định lĩnh vực", first)."""
    return sorted(by_field, key=lambda r: vn_sort_key(r["field"]))


def field_rows(report: dict) -> list[Row]:
    """One row per ``by_field`` entry in the page's order."""
    return [Row(r["field"] or NO_FIELD, r) for r in vn_field_order(report["by_field"])]


def unit_rows(by_unit: list[tuple]) -> list[Row]:
    """One row per unit from ``comparison.report_by_unit``; the unit's own dossiers say so."""
    return [
        Row(full_name(u) if whole else f"{full_name(u)} ({OWN_ROW})", block) for u, whole, block in by_unit
    ]


def report_workbook(
    *, unit, date_from: date, date_to: date, subtree: bool, by_unit: bool = False, base=None, on=None
):
    """The workbook of the report (``by_unit`` needs ``subtree``); ``base`` narrows the dossiers as on the
    pages (``visible_to(user)``), ``on`` is the date of the date line (default: today)."""
    if by_unit and not subtree:
        raise ValueError("a report by unit covers the whole subtree")
    report = dossier_report(unit=unit, date_from=date_from, date_to=date_to, subtree=subtree, base=base)
    if by_unit:
        rows = unit_rows(report_by_unit(unit=unit, date_from=date_from, date_to=date_to, base=base))
    else:
        rows = field_rows(report)
    return build_workbook(
        report, unit=unit, rows=rows, by_unit=by_unit, sign=Signature.of(unit, on or timezone.localdate())
    )


def build_workbook(report: dict, *, unit, rows: list[Row], by_unit: bool, sign: Signature) -> Workbook:
    wb = Workbook()
    _form_sheet(wb.active, report, unit=unit, rows=rows, by_unit=by_unit, sign=sign)
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), report, unit=unit, rows=rows, by_unit=by_unit)
    return wb


def _form_sheet(ws, report: dict, *, unit, rows: list[Row], by_unit: bool, sign: Signature) -> None:
    ws.title = FORM_SHEET
    s = SheetWriter(ws)
    s.widths(label=34 if by_unit else 30, figures=10.5, last=FORM_WIDTH)
    bold, italic = s.font(bold=True), s.font(italic=True)
    s.line(1, FORM_NUMBER, last=4, font=bold)
    title_font = s.font(bold=True, size=13)
    s.line(2, title_line(unit, report["subtree"]), last=FORM_WIDTH, font=title_font, horizontal="center")
    s.line(3, f"Đơn vị báo cáo: {body_name(unit)}", last=FORM_WIDTH)
    receiver = body_name(unit.parent) if unit.parent_id and unit.kind != UnitKind.PROVINCE else ""
    s.line(4, f"Đơn vị nhận báo cáo: {receiver}".rstrip(), last=FORM_WIDTH)
    period = (
        f"Kỳ báo cáo: {period_name(date.fromisoformat(report['from']), date.fromisoformat(report['to']))} "
        f"(Từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])})"
    )
    s.line(5, period, last=FORM_WIDTH, font=italic, horizontal="center")
    s.line(6, UNIT_OF_COUNT, last=FORM_WIDTH, font=italic, horizontal="right")

    s.head(HEAD_TOP, 1, "TT", rows=3)
    s.head(HEAD_TOP, 2, UNIT_HEADER if by_unit else FIELD_HEADER, rows=3)
    s.head(HEAD_TOP, 3, GROUP_RECEIVED, cols=4)
    s.head(HEAD_MID, 3, "Tổng số", rows=2)
    s.head(HEAD_MID, 4, "Trong kỳ", cols=2)
    s.head(HEAD_LOW, 4, "Trực tuyến")
    s.head(HEAD_LOW, 5, "Trực tiếp, dịch vụ bưu chính")
    s.head(HEAD_MID, 6, "Từ kỳ trước", rows=2)
    s.head(HEAD_TOP, 7, GROUP_RESOLVED, cols=4)
    for offset, text in enumerate(("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn")):
        s.head(HEAD_MID, 7 + offset, text, rows=2)
    s.head(HEAD_TOP, 11, GROUP_PENDING, cols=3)
    for offset, text in enumerate(("Tổng số", "Trong hạn", "Quá hạn")):
        s.head(HEAD_MID, 11 + offset, text, rows=2)
    for col in range(1, FORM_WIDTH + 1):
        s.head(NUMBERS_ROW, col, f"({col})", font=s.font(italic=True, size=11))

    row = FIRST_ROW
    for number, item in enumerate(rows, start=1):
        s.figures_row(row, number, item.label, form_figures(item.block))
        row += 1
    s.figures_row(row, None, TOTAL, form_figures(report), bold=True)
    last_table_row = row

    right = (FORM_WIDTH - 5, FORM_WIDTH)  # the signer's block over columns (8) … (13)
    left = (1, 3)
    row += 2
    s.line(
        row,
        f"{sign.place}, {long_date(sign.on)}",
        first=right[0],
        last=right[1],
        font=italic,
        horizontal="center",
    )
    row += 1
    s.line(row, "NGƯỜI LẬP BIỂU", first=left[0], last=left[1], font=bold, horizontal="center")
    if sign.sign_for:
        s.line(row, sign.sign_for, first=right[0], last=right[1], font=bold, horizontal="center")
        row += 1
    s.line(row, sign.title, first=right[0], last=right[1], font=bold, horizontal="center")
    row += 1
    s.line(row, "(Ký, ghi rõ họ tên)", first=left[0], last=left[1], font=italic, horizontal="center")
    s.line(
        row,
        "(Ký, ghi rõ họ tên và đóng dấu)",
        first=right[0],
        last=right[1],
        font=italic,
        horizontal="center",
    )
    row += 4
    s.line(row, sign.name, first=right[0], last=right[1], font=bold, horizontal="center")

    ws.row_dimensions[2].height = 36
    for r, height in ((HEAD_TOP, 32), (HEAD_MID, 22), (HEAD_LOW, 48)):
        ws.row_dimensions[r].height = height
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)
    s.print_setup(
        title_rows=f"{HEAD_TOP}:{NUMBERS_ROW}", last_row=max(row, last_table_row), last_col=FORM_WIDTH
    )


def _detail_sheet(ws, report: dict, *, unit, rows: list[Row], by_unit: bool) -> None:
    """CCHC's finer columns: received (carried over, new: online, direct, postal), resolved, withdrawn apart,
    pending; then the rates."""

    s = SheetWriter(ws)
    bold = s.font(bold=True)
    last = 2 + len(COLUMNS)
    s.widths(label=34, figures=10, last=last)
    s.line(
        1,
        f"SỐ LIỆU CHI TIẾT KÈM {FORM_NUMBER.replace('Biểu số', 'BIỂU SỐ')}",
        last=last,
        font=s.font(bold=True, size=13),
        horizontal="center",
    )
    scope = body_name(unit) + (" và các đơn vị trực thuộc" if report["subtree"] else "")
    s.line(2, f"Đơn vị: {scope}", last=last, horizontal="center")
    s.line(
        3,
        f"Từ ngày {vn_date(report['from'])} đến ngày {vn_date(report['to'])}",
        last=last,
        font=s.font(italic=True),
        horizontal="center",
    )
    top, mid, low, numbers = 5, 6, 7, 8
    s.head(top, 1, "TT", rows=3)
    s.head(top, 2, UNIT_HEADER if by_unit else FIELD_HEADER, rows=3)
    s.head(top, 3, GROUP_RECEIVED, cols=6)
    s.head(mid, 3, "Tổng số", rows=2)
    s.head(mid, 4, "Từ kỳ trước", rows=2)
    s.head(mid, 5, "Mới tiếp nhận", cols=4)
    for offset, text in enumerate(("Tổng số", "Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính")):
        s.head(low, 5 + offset, text)
    s.head(top, 9, GROUP_RESOLVED, cols=4)
    for offset, text in enumerate(("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn")):
        s.head(mid, 9 + offset, text, rows=2)
    s.head(top, 13, "Số hồ sơ rút (dừng giải quyết)", rows=3)
    s.head(top, 14, GROUP_PENDING, cols=3)
    for offset, text in enumerate(("Tổng số", "Trong hạn", "Quá hạn")):
        s.head(mid, 14 + offset, text, rows=2)
    for col in range(1, last + 1):
        s.head(numbers, col, f"({col})", font=s.font(italic=True, size=11))
    row = numbers + 1
    for number, item in enumerate(rows, start=1):
        s.figures_row(row, number, item.label, [_get(item.block, path) for _, path in COLUMNS])
        row += 1
    s.figures_row(row, None, TOTAL, [_get(report, path) for _, path in COLUMNS], bold=True)
    row += 2
    for label, key in RATES:
        s.line(row, label, last=8)
        value = report["rates"][key]
        s.put(row, 9, "–" if value is None else value, font=bold, number_format="0.00%")
        row += 1
    for r, height in ((top, 32), (mid, 22), (low, 32)):
        ws.row_dimensions[r].height = height
    ws.freeze_panes = ws.cell(numbers + 1, 3)
    s.print_setup(title_rows=f"{top}:{numbers}", last_row=row - 1, last_col=last)
