"""The catalogue file (CSV or XLSX): its columns, reading and checking rows, writing the export.

Format (``docs/procedures.md``): the header of the shipped ``procedures-commune.csv`` plus the columns
``processing_unit``, ``cutoff_time``, ``components``, ``requires_result_document``, ``announcing_decision``.
Column order is free, header names are matched trimmed and case-insensitively, an unknown column is an error,
``code`` and ``name`` are required. A column left out of the file leaves that value as it is (or its default
for a new procedure); a blank cell in a present column means "not known" and clears it.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

from cchc.procedures import parsing
from cchc.procedures.models import CODE_RE, Level, OnlineLevel, ProcessingUnit
from cchc.procedures.text import clean, fold, one_line

#: The starter file's header first, then the columns this system adds.
COLUMNS = (
    "code",
    "name",
    "field",
    "level",
    "processing_days",
    "processing_note",
    "fee_vnd",
    "fee_note",
    "online_level",
    "legal_basis",
    "source",
    "processing_unit",
    "cutoff_time",
    "components",
    "requires_result_document",
    "announcing_decision",
)
REQUIRED = ("code", "name")
#: Columns stored on the procedure itself; the others belong to a version.
IDENTITY_COLUMNS = ("name", "field", "level")

_LEVEL_WORDS = {
    "trung uong": Level.CENTRAL,
    "tinh": Level.PROVINCE,
    "cap tinh": Level.PROVINCE,
    "huyen": Level.DISTRICT,
    "cap huyen": Level.DISTRICT,
    "xa": Level.COMMUNE,
    "cap xa": Level.COMMUNE,
}
_UNIT_WORDS = {"ngay": ProcessingUnit.DAYS, "ngay lam viec": ProcessingUnit.DAYS, "gio": ProcessingUnit.HOURS}
_UNIT_WORDS |= {"gio lam viec": ProcessingUnit.HOURS}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.column}: {self.message}"


class UnreadableFile(Exception):
    """The file cannot be opened or decoded at all."""


@dataclass
class ProcedureRow:
    """One checked row: the code, the procedure's own values and the version values the file gives."""

    line: int
    code: str
    identity: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)


def _choice(choices: dict[str, str], default: str = "") -> Callable[[str], str]:
    """Accept the codes and their Vietnamese words, accents and case ignored (``Toàn trình``)."""

    def parse(text: str) -> str:
        key = fold(text)
        if not key:
            return default
        value = choices.get(key) or choices.get(key.replace(" ", "_"))
        if value is None:
            raise ValueError(f"not one of {', '.join(sorted(set(choices.values())))}: {text.strip()!r}")
        return value

    return parse


def _code(text: str) -> str:
    code = one_line(text)
    if code and not CODE_RE.match(code):
        raise ValueError(
            f"not a procedure code (letters, digits, '.', '-', '_'; at most 64): {text.strip()!r}"
        )
    return code


def _field(text: str) -> str:
    value = one_line(text)
    if len(value) > 200:
        raise ValueError(f"longer than 200 characters ({len(value)})")
    return value


def _components(text: str) -> str:
    return "\n".join(line for line in clean(text).split("\n") if line)


PARSERS: dict[str, Callable[[str], object]] = {
    "code": _code,
    "name": one_line,
    "field": _field,
    "level": _choice({c.value: c.value for c in Level} | _LEVEL_WORDS),
    "processing_days": parsing.parse_days,
    "processing_unit": _choice({c.value: c.value for c in ProcessingUnit} | _UNIT_WORDS, ProcessingUnit.DAYS),
    "processing_note": clean,
    "cutoff_time": parsing.parse_time,
    "fee_vnd": parsing.parse_vnd,
    "fee_note": clean,
    "online_level": _choice(
        {c.value: c.value for c in OnlineLevel} | {"toan trinh": "toan_trinh", "mot phan": "mot_phan"}
    ),
    "components": _components,
    "requires_result_document": parsing.parse_true_unless_no,
    "legal_basis": clean,
    "announcing_decision": clean,
    "source": clean,
}


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------


def read_table(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) of a CSV (UTF-8, BOM accepted) or XLSX file (first sheet), minus blank rows.

    LINE is the physical line where the CSV record starts (the header is line 1) or the sheet's row number.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def _read_csv(path: Path):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(f"line {reader.line_num}: not valid CSV ({exc})") from exc
    if not rows or rows[0][0] != 1:
        return [], rows
    return rows[0][1], rows[1:]


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file ({exc.strerror or exc})") from exc
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise UnreadableFile(f"not an XLSX workbook ({type(exc).__name__})") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in values]
            if any(str(c).strip() for c in cells):
                rows.append((number, cells))
    finally:
        workbook.close()
    if not rows or rows[0][0] != 1:
        return [], rows
    header = [str(c) for c in rows[0][1]]
    columns = [h.strip().lower() for h in header]
    body = []
    for number, cells in rows[1:]:
        texts = [_xlsx_text(columns[i] if i < len(columns) else "", c) for i, c in enumerate(cells)]
        body.append((number, texts))
    return header, body


def _xlsx_text(column: str, value) -> str:
    """Cell text as a CSV would hold it. A numeric code keeps six decimals (``2.00072`` → ``2.000720``)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and column == "code" and not value.is_integer():
        return f"{value:.6f}"
    if isinstance(value, float | int | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.strftime("%H:%M") if column == "cutoff_time" else value.date().isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def check_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    names = [str(h).strip().lower() for h in header]
    problems = []
    seen = set()
    for name in names:
        if name and name not in COLUMNS:
            problems.append(Problem(1, name, "unknown column (see docs/procedures.md)"))
        elif name in seen:
            problems.append(Problem(1, name, "column appears twice"))
        seen.add(name)
    for name in REQUIRED:
        if name not in names:
            problems.append(Problem(1, name, "required column missing"))
    return names, problems


def parse_rows(
    header: list[str], rows: Iterable[tuple[int, list[str]]]
) -> tuple[list[ProcedureRow], list[Problem]]:
    """Check every row; a code seen twice is reported on its second line."""
    names, problems = check_header(header)
    if problems:
        return [], problems
    result: list[ProcedureRow] = []
    first_line: dict[str, int] = {}
    for line, cells in rows:
        row_problems = []
        values = {}
        for index, name in enumerate(names):
            cell = str(cells[index]) if index < len(cells) else ""
            if not name:
                if cell.strip():
                    row_problems.append(Problem(line, f"#{index + 1}", "a value under a blank header"))
                continue
            try:
                values[name] = PARSERS[name](cell)
            except ValueError as exc:
                row_problems.append(Problem(line, name, str(exc)))
        for index in range(len(names), len(cells)):
            if str(cells[index]).strip():
                row_problems.append(
                    Problem(line, f"#{index + 1}", "a value beyond the last column of the header")
                )
        for name in REQUIRED:
            if name in values and not values[name]:
                row_problems.append(Problem(line, name, "required value missing"))
        code = values.get("code")
        if code and code in first_line:
            row_problems.append(
                Problem(line, "code", f"code appears twice (first on line {first_line[code]})")
            )
        elif code:
            first_line[code] = line
        problems.extend(row_problems)
        if not row_problems:
            identity = {k: values[k] for k in IDENTITY_COLUMNS if k in values}
            rules = {k: v for k, v in values.items() if k not in IDENTITY_COLUMNS and k != "code"}
            result.append(ProcedureRow(line, code, identity, rules))
    return result, problems


def read_file(path: str | Path) -> tuple[list[ProcedureRow], list[Problem]]:
    header, rows = read_table(path)
    return parse_rows(header, rows)


# ---------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------


def export_row(procedure, version) -> dict[str, object]:
    """Machine formats: ISO/``.`` decimals without trailing zeros, booleans 1/0, ``HH:MM``, unknown blank."""
    rules = version.values() if version is not None else {}
    days = rules.get("processing_days")
    cutoff = rules.get("cutoff_time")
    fee = rules.get("fee_vnd")
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "processing_days": "" if days is None else format(Decimal(days).normalize(), "f"),
        "processing_note": rules.get("processing_note", ""),
        "fee_vnd": "" if fee is None else str(fee),
        "fee_note": rules.get("fee_note", ""),
        "online_level": rules.get("online_level", ""),
        "legal_basis": rules.get("legal_basis", ""),
        "source": rules.get("source", ""),
        "processing_unit": rules.get("processing_unit", ProcessingUnit.DAYS),
        "cutoff_time": "" if cutoff is None else cutoff.strftime("%H:%M"),
        "components": rules.get("components", ""),
        "requires_result_document": "1" if rules.get("requires_result_document", True) else "0",
        "announcing_decision": rules.get("announcing_decision", ""),
    }


def write_csv(stream, rows: Iterable[dict]) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_xlsx(target, rows: Iterable[dict]) -> None:
    """First sheet ``procedures``; codes and times as text, processing time and fee as numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("procedures")
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = row[column]
            if column == "processing_days" and value != "":
                value = Decimal(value)
            elif column in ("fee_vnd", "requires_result_document") and value != "":
                value = int(value)
            cells.append(value)
        sheet.append(cells)
    workbook.save(target)
