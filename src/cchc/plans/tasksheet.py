"""The task sheet: columns, the shipped XLSX template, reading a file and writing an export.

One row per task; the first sheet of an XLSX workbook (or a UTF-8 CSV) with a header row. Header names are
matched after trimming, case-insensitively; column order is free; an unknown column is an error (a typo is not
silently ignored). The export columns ``status``, ``progress``, ``overdue`` and ``evidence`` are accepted and
ignored on import, so that an export can be imported again. LINE in a problem is the sheet's row number (the
header is line 1). ``python -m cchc.plans.tasksheet`` regenerates the shipped template and sample.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cchc.core.text import nfc
from cchc.plans.areas import VIETNAMESE_NAMES, ReformArea

DATA_DIR = Path(__file__).resolve().parent / "data"
TEMPLATE_PATH = DATA_DIR / "tasks-template.xlsx"
SAMPLE_PATH = DATA_DIR / "tasks-sample.xlsx"
FIXED_TIME = datetime(2026, 1, 1)  # document properties of the shipped files (reproducible)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # Vietnamese, shown on the template's instructions sheet
    width: int = 14


COLUMNS = (
    Column("number", True, "Số thứ tự của nhiệm vụ trong kế hoạch (duy nhất), ví dụ 1, 1.1, 2.3", 8),
    Column("parent", False, "Số thứ tự của nhiệm vụ cha; để trống nếu là nhiệm vụ cấp 1", 8),
    Column("title", True, "Tên nhiệm vụ", 60),
    Column("area", True, "Mã lĩnh vực cải cách 1–8 (xem trang “Lĩnh vực”)", 6),
    Column(
        "unit",
        False,
        "Mã đơn vị chủ trì; để trống: đơn vị của người chủ trì, nếu không có thì đơn vị ban hành kế hoạch",
        10,
    ),
    Column("owner", False, "Người chủ trì: họ và tên, tên đăng nhập hoặc e-mail", 24),
    Column("collaborators", False, "Người phối hợp, cách nhau bởi dấu chấm phẩy (;)", 30),
    Column("start", False, "Ngày bắt đầu: dd/mm/yyyy hoặc yyyy-mm-dd", 12),
    Column("deadline", False, "Hạn hoàn thành: dd/mm/yyyy hoặc yyyy-mm-dd", 12),
    Column("weight", False, "Trọng số khi tính tiến độ chung (số dương, mặc định 1)", 8),
    Column("description", False, "Nội dung, sản phẩm đầu ra", 40),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
#: Written by the export, ignored by the import.
EXPORT_ONLY = ("status", "progress", "overdue", "evidence")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.column}: {self.reason}"


class UnreadableFile(Exception):
    """The file cannot be read at all (not a workbook, not UTF-8...)."""


def cell_text(value) -> str:
    """A cell as text: integers without ``.0``, dates as ISO, strings NFC and trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return nfc(str(value))


def _read_xlsx(source) -> list[tuple[int, list[str]]]:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except OSError as exc:
        raise UnreadableFile(f"không mở được tệp ({exc.strerror or exc})") from exc
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise UnreadableFile(f"không phải tệp XLSX ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in values]
            if any(texts):
                rows.append((number, texts))
        return rows
    finally:
        book.close()


def _read_csv(source) -> list[tuple[int, list[str]]]:
    raw = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"không phải văn bản UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for values in reader:
            if any(v.strip() for v in values):
                rows.append((reader.line_num, [nfc(v) for v in values]))
    except csv.Error as exc:
        raise UnreadableFile(f"dòng {reader.line_num}: không phải CSV hợp lệ ({exc})") from exc
    return rows


def read_sheet(source, filename: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows as ``(line, {column: text})`` and the header's problems (line 1). ``source``: path or file."""
    is_xlsx = PurePath(filename).suffix.lower() == ".xlsx"
    try:
        raw_rows = _read_xlsx(source) if is_xlsx else _read_csv(source)
    except OSError as exc:
        raise UnreadableFile(f"không mở được tệp ({exc.strerror or exc})") from exc
    if not raw_rows:
        return [], [Problem(1, "number", "tệp không có dòng tiêu đề")]
    header_line, header = raw_rows[0]
    names = [h.strip().lower() for h in header]
    problems = []
    known = set(COLUMN_NAMES) | set(EXPORT_ONLY)
    for name in names:
        if name and name not in known:
            problems.append(Problem(header_line, name, "cột không có trong mẫu"))
    for name in {n for n in names if n and names.count(n) > 1}:
        problems.append(Problem(header_line, name, "cột bị lặp lại"))
    for column in COLUMNS:
        if column.required and column.name not in names:
            problems.append(Problem(header_line, column.name, "thiếu cột bắt buộc"))
    rows = []
    for line, values in raw_rows[1:]:
        row = {name: (values[i] if i < len(values) else "") for i, name in enumerate(names) if name}
        rows.append((line, row))
    return rows, problems


# ---------------------------------------------------------------------------------------------------------
# Writing: template, sample, export
# ---------------------------------------------------------------------------------------------------------

SAMPLE_ROWS = (
    (
        "1",
        "",
        "Ban hành Kế hoạch CCHC năm 2026 của UBND phường",
        "1",
        "",
        "Lê Minh Tuấn",
        "",
        "2026-01-05",
        "2026-01-15",
        "1",
        "Kế hoạch được Chủ tịch UBND phường ký ban hành",
    ),
    (
        "2",
        "",
        "Tuyên truyền về CCHC trên Trang thông tin điện tử và loa truyền thanh",
        "1",
        "",
        "Trương Thị Hồng",
        "Ngô Quốc Bảo",
        "2026-01-15",
        "2026-12-15",
        "2",
        "Tối thiểu 12 tin, bài trong năm",
    ),
    (
        "3",
        "",
        "Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền của UBND phường",
        "3",
        "",
        "Phạm Thị Lan",
        "",
        "2026-03-01",
        "2026-09-30",
        "2",
        "",
    ),
    (
        "3.1",
        "3",
        "Rà soát nhóm thủ tục lĩnh vực hộ tịch",
        "3",
        "",
        "Huỳnh Văn Phúc",
        "",
        "2026-03-01",
        "2026-06-30",
        "1",
        "Báo cáo kết quả rà soát",
    ),
    (
        "3.2",
        "3",
        "Rà soát nhóm thủ tục lĩnh vực chứng thực",
        "3",
        "",
        "Phạm Thị Lan",
        "Huỳnh Văn Phúc",
        "2026-05-01",
        "2026-09-30",
        "1",
        "Báo cáo kết quả rà soát",
    ),
    (
        "4",
        "",
        "Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực",
        "7",
        "",
        "Phạm Thị Lan",
        "Lê Minh Tuấn",
        "2026-02-01",
        "2026-11-30",
        "3",
        "Tỷ lệ số hóa tối thiểu 80%",
    ),
)


def _style_header(sheet) -> None:
    fill = PatternFill("solid", fgColor="EEF1F4")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"


def build_workbook(rows=(), *, columns=COLUMN_NAMES, with_help: bool = True) -> Workbook:
    """A task workbook: the "Nhiệm vụ" sheet with the header and ``rows``; help and area sheets."""
    book = Workbook()
    book.properties.creator = "CCHC"
    book.properties.created = book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append(list(columns))
    for values in rows:
        sheet.append(list(values))
    widths = {c.name: c.width for c in COLUMNS}
    for index, name in enumerate(columns, start=1):
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 12)
        if name in ("number", "parent", "unit", "area"):  # text, so that 1.10 stays 1.10
            for row in range(2, (1001 if with_help else sheet.max_row + 1)):
                sheet.cell(row, index).number_format = "@"
    _style_header(sheet)
    if "area" in columns:
        letter = sheet.cell(1, list(columns).index("area") + 1).column_letter
        check = DataValidation(type="list", formula1=f'"{",".join(ReformArea.values)}"', allow_blank=False)
        check.error = "Chọn mã lĩnh vực từ 1 đến 8"
        sheet.add_data_validation(check)
        check.add(f"{letter}2:{letter}1000")
    if with_help:
        guide = book.create_sheet("Hướng dẫn")
        guide.append(["Cột", "Bắt buộc", "Ý nghĩa"])
        for column in COLUMNS:
            guide.append([column.name, "có" if column.required else "", column.help])
        guide.append([])
        guide.append(
            [
                "",
                "",
                "Tiêu đề cột giữ nguyên tên tiếng Anh như mẫu. Nhập lại một tệp đã nhập: nhiệm vụ "
                "cùng số thứ tự được cập nhật, không tạo trùng. Có lỗi thì không dòng nào được nhập.",
            ]
        )
        for letter, width in (("A", 16), ("B", 10), ("C", 90)):
            guide.column_dimensions[letter].width = width
        _style_header(guide)
        areas = book.create_sheet("Lĩnh vực")
        areas.append(["Mã", "Lĩnh vực cải cách"])
        for code, _label in ReformArea.choices:
            areas.append([code, VIETNAMESE_NAMES[code]])
        areas.column_dimensions["B"].width = 70
        _style_header(areas)
    return book


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_bytes() -> bytes:
    return workbook_bytes(build_workbook())


def export_rows(tasks, *, overdue_ids: set[int], evidence_counts: dict[int, int]) -> list[list]:
    """Rows in the column order of :data:`COLUMN_NAMES` + :data:`EXPORT_ONLY` (machine formats: ISO dates)."""
    rows = []
    for task in tasks:
        collaborators = "; ".join(p.full_name for p in task.collaborators.all())
        rows.append(
            [
                task.number,
                task.parent.number if task.parent_id else "",
                task.title,
                task.area,
                task.unit.code,
                task.owner.full_name if task.owner_id else "",
                collaborators,
                task.start_date.isoformat() if task.start_date else "",
                task.deadline.isoformat() if task.deadline else "",
                _decimal_text(task.weight),
                task.description,
                task.status,
                task.progress if task.status != "done" else 100,
                "1" if task.pk in overdue_ids else "0",
                evidence_counts.get(task.pk, 0),
            ]
        )
    return rows


def _decimal_text(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def export_bytes(rows: list[list], *, as_xlsx: bool) -> bytes:
    columns = (*COLUMN_NAMES, *EXPORT_ONLY)
    if as_xlsx:
        return workbook_bytes(build_workbook(rows, columns=columns, with_help=False))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_shipped_files() -> None:
    """Regenerate ``data/tasks-template.xlsx`` and ``data/tasks-sample.xlsx``."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    TEMPLATE_PATH.write_bytes(template_bytes())
    SAMPLE_PATH.write_bytes(workbook_bytes(build_workbook(SAMPLE_ROWS)))


if __name__ == "__main__":
    write_shipped_files()
    print(TEMPLATE_PATH)
    print(SAMPLE_PATH)
