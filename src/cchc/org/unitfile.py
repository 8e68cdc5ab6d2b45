"""The units file of ``cchc import units`` (``docs/organisation.md``): reading and checking its rows.

The shape of the shipped ``data/units-2025.csv`` (``code,name,kind,province_code,province_name``) plus three
optional columns for later official changes: ``valid_from`` (``YYYY-MM-DD``, the day the change takes effect),
``replaces`` (codes of the units that this one takes over in a merger, separated by spaces or ``;``) and
``document`` (the decision that made the change). Every problem is reported with its line and column; the
import writes nothing unless the whole file is clean.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cchc.core.parsing import ParseError, parse_date
from cchc.org.reference import COMMUNE_KINDS, PROVINCE_KINDS, UNITS_HEADER, nfc_spaces

OPTIONAL_COLUMNS = ("valid_from", "replaces", "document")
_KINDS = {k.lower(): k for k in PROVINCE_KINDS + COMMUNE_KINDS}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.column}: {self.message}"


class UnreadableFile(Exception):
    """The file cannot be opened or decoded at all."""


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    division_type: str  # the ``kind`` column in lower case: tỉnh, thành phố, xã, phường, đặc khu
    province_code: str | None
    province_name: str
    valid_from: date | None
    replaces: tuple[str, ...]
    document: str


def read_units_file(path: str | Path) -> tuple[list[UnitRow], list[Problem]]:
    """The rows of the file and the problems of its header and rows (checks that need no database)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile("tệp không phải UTF-8") from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    problems = [Problem(1, name, "thiếu cột bắt buộc") for name in UNITS_HEADER if name not in header]
    problems += [
        Problem(1, name or "(trống)", "cột không có trong mẫu")
        for name in header
        if name not in UNITS_HEADER + OPTIONAL_COLUMNS
    ]
    problems += [Problem(1, name, "cột bị lặp lại") for name in set(header) if header.count(name) > 1]
    if problems:
        return [], problems
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(Problem(line, "code", f"dòng có {len(values)} cột, tiêu đề có {len(header)}"))
            continue
        row, row_problems = _row(line, dict(zip(header, values, strict=True)))
        problems += row_problems
        if row is not None:
            if row.code in seen:
                problems.append(Problem(line, "code", f"mã {row.code} đã có ở dòng {seen[row.code]}"))
            seen.setdefault(row.code, line)
            rows.append(row)
    province_rows = {r.code for r in rows if r.province_code is None}
    for row in rows:
        if (
            row.province_code is not None
            and row.province_code in seen
            and row.province_code not in province_rows
        ):
            problems.append(Problem(row.line, "province_code", f"{row.province_code} không phải dòng tỉnh"))
    return rows, problems


def _row(line: int, cells: dict[str, str]) -> tuple[UnitRow | None, list[Problem]]:
    problems: list[Problem] = []
    code = cells["code"].strip()
    name = nfc_spaces(cells["name"])
    kind = _KINDS.get(nfc_spaces(cells["kind"]).lower())
    province = cells["province_code"].strip() or None
    if kind is None:
        problems.append(Problem(line, "kind", f"không phải một trong {', '.join(_KINDS.values())}"))
    elif (kind in PROVINCE_KINDS) != (province is None):
        problems.append(
            Problem(
                line,
                "province_code",
                "dòng tỉnh, thành phố để trống cột này" if province else "thiếu mã tỉnh của đơn vị cấp xã",
            )
        )
    digits = 2 if (kind in PROVINCE_KINDS if kind else province is None) else 5
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        problems.append(Problem(line, "code", f"mã phải gồm {digits} chữ số: {code!r}"))
    if province is not None and not re.fullmatch(r"\d{2}", province):
        problems.append(Problem(line, "province_code", f"mã tỉnh phải gồm 2 chữ số: {province!r}"))
    if not name:
        problems.append(Problem(line, "name", "thiếu tên đơn vị"))
    elif len(name) > 200:
        problems.append(Problem(line, "name", f"dài quá 200 ký tự ({len(name)})"))
    valid_from = None
    if cells.get("valid_from", "").strip():
        try:
            valid_from = parse_date(cells["valid_from"])
        except ParseError:
            problems.append(
                Problem(line, "valid_from", f"ngày phải có dạng YYYY-MM-DD: {cells['valid_from']!r}")
            )
    replaces = tuple(c for c in re.split(r"[\s;,]+", cells.get("replaces", "").strip()) if c)
    if replaces and valid_from is None:
        problems.append(Problem(line, "valid_from", "cần ngày hiệu lực khi đơn vị thay thế đơn vị khác"))
    if code in replaces:
        problems.append(Problem(line, "replaces", "đơn vị không thể thay thế chính nó"))
    document = nfc_spaces(cells.get("document", ""))
    if len(document) > 300:
        problems.append(Problem(line, "document", f"dài quá 300 ký tự ({len(document)})"))
    if problems:
        return None, problems
    return (
        UnitRow(
            line=line,
            code=code,
            name=name,
            division_type=kind.lower(),
            province_code=province,
            province_name=nfc_spaces(cells["province_name"]),
            valid_from=valid_from,
            replaces=replaces,
            document=document,
        ),
        [],
    )
