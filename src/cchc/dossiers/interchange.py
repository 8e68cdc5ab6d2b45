"""The dossier interchange file (``formats/dossiers-csv.md``): reading CSV/XLSX rows and checking each row.

Reading yields ``(line, {column: text})`` with the contract's LINE numbers (the physical CSV line where the
record starts, header = 1; the sheet row for XLSX). :func:`parse_row` turns one row into typed values and the
list of problems ``(column, reason)``; rules that need the database (units, procedures, existing codes) are
checked by the importer with the lookups it passes in.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from cchc.core.parsing import LOCAL_TZ, ParseError, parse_boolean, parse_decimal, parse_instant

COLUMNS = (
    "code",
    "unit_code",
    "procedure_code",
    "procedure_name",
    "field",
    "processing_days",
    "channel",
    "received_at",
    "due_at",
    "supplement_requested_at",
    "supplement_received_at",
    "supplement_count",
    "finished_at",
    "returned_at",
    "stopped_at",
    "outcome",
    "fee_vnd",
    "paid_online",
    "digitized",
    "e_result",
    "disliked",
)
REQUIRED = ("code", "unit_code", "procedure_code", "channel", "received_at")
INSTANTS = (
    "received_at",
    "due_at",
    "supplement_requested_at",
    "supplement_received_at",
    "finished_at",
    "returned_at",
    "stopped_at",
)
BOOLEANS = ("paid_online", "digitized", "e_result", "disliked")
CHANNELS = {
    "direct": "direct",
    "online": "online",
    "postal": "postal",
    "trực tiếp": "direct",
    "trực tuyến": "online",
    "bưu chính": "postal",
}
OUTCOMES = ("approved", "refused", "withdrawn")
CODE_COLUMNS = ("code", "unit_code", "procedure_code")


class HeaderError(ValueError):
    """The header row is wrong: ``problems`` is a list of (column, reason) for line 1."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{c}: {r}" for c, r in problems))
        self.problems = problems


def check_header(raw: list[str]) -> list[str]:
    """Map the file's header to contract column names (trimmed, case-insensitive); raise HeaderError."""
    names = [str(h if h is not None else "").strip().lower() for h in raw]
    problems = []
    seen = set()
    for name in names:
        if name not in COLUMNS:
            problems.append((name or "(blank)", "unknown column"))
        elif name in seen:
            problems.append((name, "column appears twice"))
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append((name, "required column missing"))
    if problems:
        raise HeaderError(problems)
    return names


def read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the generator)
    reader = csv.reader(handle)
    try:
        header = check_header(next(reader, []))
    except HeaderError:
        handle.close()
        raise

    def rows():
        with handle:
            previous_end = reader.line_num
            for record in reader:
                line = previous_end + 1
                previous_end = reader.line_num
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                if len(record) != len(header):
                    padded = (record + [""] * len(header))[: len(header)]
                    yield (
                        line,
                        {
                            **dict(zip(header, padded, strict=True)),
                            "__width__": f"{len(record)} cells, the header has {len(header)}",
                        },
                    )
                    continue
                yield line, dict(zip(header, record, strict=True))

    return header, rows()


def _cell_text(column: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return datetime.combine(value, time()).isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return str(value)


def read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = check_header(list(next(rows_iter, ())))
    except HeaderError:
        workbook.close()
        raise

    def rows():
        try:
            for index, record in enumerate(rows_iter, start=2):
                cells = list(record[: len(header)]) + [None] * (len(header) - len(record))
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                values = {col: _cell_text(col, cell) for col, cell in zip(header, cells, strict=True)}
                numeric_unit = isinstance(cells[header.index("unit_code")], int | float)
                if numeric_unit:
                    values["__numeric_unit__"] = "1"
                yield index, values
        finally:
            workbook.close()

    return header, rows()


def read_rows(path: Path):
    return read_xlsx(path) if path.suffix.lower() == ".xlsx" else read_csv(path)


@dataclass(slots=True)
class ParsedRow:
    line: int
    raw: dict
    values: dict
    problems: list[tuple[str, str]]
    unit_id: int | None = None
    stored: dict | None = None
    deadline: tuple | None = None  # (processing time, unit of time, cut-off) when due_at must be computed


#: Cells that are kept as text (trimmed).
TEXTS = (*CODE_COLUMNS, "procedure_name", "field")
#: The common boolean cells, read without a call (anything else goes through ``parse_boolean``).
_BOOLEAN_CELLS = {"0": False, "1": True, "": False}


def parse_row(line: int, raw: dict) -> ParsedRow:
    """Typed values of one row and the problems found without the database."""
    if "__width__" in raw:
        return ParsedRow(line, raw, {}, [("row", raw["__width__"])])
    text = dict.fromkeys(COLUMNS, "")  # columns absent from the file are blank
    text.update(zip(raw, map(str.strip, raw.values()), strict=True))
    problems = [(column, "required value missing") for column in REQUIRED if not text[column]]
    values = {column: text[column] for column in TEXTS}

    for column in INSTANTS:
        cell = text[column]
        values[column] = None
        if cell:
            try:
                values[column] = parse_instant(cell)
            except ParseError as exc:
                problems.append((column, str(exc)))

    cell = text["processing_days"]
    values["processing_days"] = None
    if cell:
        try:
            days = parse_decimal(cell)
        except ParseError as exc:
            problems.append(("processing_days", str(exc)))
        else:
            if days < 0:
                problems.append(("processing_days", f"must not be negative: {cell!r}"))
            else:
                values["processing_days"] = days

    cell = text["channel"]
    values["channel"] = CHANNELS.get(cell.lower())
    if cell and values["channel"] is None:
        problems.append(("channel", f"not one of direct, online, postal: {cell!r}"))

    cell = text["outcome"]
    values["outcome"] = cell.lower()
    if cell and values["outcome"] not in OUTCOMES:
        problems.append(("outcome", f"not one of approved, refused, withdrawn: {cell!r}"))

    cell = text["fee_vnd"]
    values["fee_vnd"] = 0
    if cell:
        digits = cell.replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
        if digits.startswith("-") and digits[1:].isdigit():
            problems.append(("fee_vnd", f"must not be negative: {cell!r}"))
        elif not digits.isdigit():
            problems.append(("fee_vnd", f"not a whole number of VND: {cell!r}"))
        else:
            values["fee_vnd"] = int(digits)

    for column in BOOLEANS:
        cell = text[column]
        value = _BOOLEAN_CELLS.get(cell)
        if value is None:
            try:
                value = parse_boolean(cell)
            except ParseError as exc:
                value = False
                problems.append((column, str(exc)))
        values[column] = value

    cell = text["supplement_count"]
    values["supplement_count"] = None
    if cell:
        if cell.isdigit():
            values["supplement_count"] = int(cell)
        else:
            problems.append(("supplement_count", f"not a whole number: {cell!r}"))

    _check_order(values, problems)
    return ParsedRow(line, raw, values, problems)


def _check_order(v: dict, problems: list) -> None:
    received = v["received_at"]
    end_column = next((c for c in ("finished_at", "returned_at", "stopped_at") if v[c] is not None), None)
    requested, completed = v["supplement_requested_at"], v["supplement_received_at"]
    if received is not None:
        if v["due_at"] is not None and v["due_at"] < received:
            problems.append(("due_at", "before received_at"))
        if end_column and v[end_column] < received:
            problems.append((end_column, "before received_at"))
        if requested is not None and requested < received:
            problems.append(("supplement_requested_at", "before received_at"))
    if completed is not None:
        if requested is None:
            problems.append(("supplement_received_at", "set without supplement_requested_at"))
        elif completed < requested:
            problems.append(("supplement_received_at", "before supplement_requested_at"))
        elif received is not None and completed < received:
            problems.append(("supplement_received_at", "before received_at"))
    if v["returned_at"] is not None and v["finished_at"] is not None and v["returned_at"] < v["finished_at"]:
        problems.append(("returned_at", "before finished_at"))
    outcome = v["outcome"]
    if outcome and end_column is None:
        problems.append(
            ("outcome", f"{outcome!r} set but the dossier has no end (finished_at, returned_at, stopped_at)")
        )
    if v["stopped_at"] is not None and outcome not in ("refused", "withdrawn"):
        problems.append(("outcome", "stopped_at requires outcome refused or withdrawn"))
    count = v["supplement_count"]
    if count is None:
        v["supplement_count"] = 1 if requested is not None else 0
    elif count == 0 and requested is not None:
        problems.append(("supplement_count", "0 but supplement_requested_at is set"))
    elif count >= 1 and requested is None:
        problems.append(("supplement_count", f"{count} but supplement_requested_at is blank"))
    if not outcome and (v["finished_at"] is not None or v["returned_at"] is not None):
        v["outcome"] = "approved"


# ---- export -----------------------------------------------------------------------------------------------


def format_instant(value: datetime | None) -> str:
    """``2025-03-03T09:00:00+07:00`` (imports round instants to the second, so nothing is lost)."""
    return "" if value is None else value.astimezone(LOCAL_TZ).replace(microsecond=0).isoformat()


def format_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def format_bool(value: bool) -> str:
    return "1" if value else "0"


def write_csv(rows, out) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def csv_text(rows) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()
