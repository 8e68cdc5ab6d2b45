"""The scores file (par-framework.md "Scores file"): read a CSV and check each row against a framework.

Rows come back typed; problems as ``(line, column, reason)`` with LINE the physical CSV line of the record
(header = 1), as in dossiers-csv.md.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.parsing import ParseError, parse_boolean, parse_decimal

COLUMNS = ("unit_code", "criterion_code", "self_score", "appraised_score", "applicable")
REQUIRED = ("unit_code", "criterion_code")


@dataclass
class ScoreRow:
    line: int
    unit_code: str
    criterion_code: str
    self_score: Decimal | None
    appraised_score: Decimal | None
    applicable: bool


def _places(number: Decimal) -> int:
    """Decimal places the value needs (``1.50`` needs 1, ``1.005`` needs 3)."""
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def read(text: str) -> tuple[list[tuple[int, dict]], list[tuple[int, str, str]]]:
    """Records ``(line, {column: text})`` and header problems."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    raw = next(reader, [])
    header = [str(h).strip().lower() for h in raw]
    problems: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for name in header:
        if name not in COLUMNS:
            problems.append((1, name or "(blank)", "unknown column"))
        elif name in seen:
            problems.append((1, name, "column appears twice"))
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append((1, name, "required column missing"))
    if problems:
        return [], problems
    records = []
    previous_end = reader.line_num
    for record in reader:
        line = previous_end + 1
        previous_end = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) != len(header):
            problems.append((line, "(row)", f"{len(record)} cells, the header has {len(header)}"))
            continue
        records.append((line, dict(zip(header, record, strict=True))))
    return records, problems


def check(records, *, leaves: dict, nodes: set[str], units: set[str]) -> tuple[list[ScoreRow], list]:
    """Type and check rows. ``leaves`` maps a leaf code to its max; ``nodes`` holds the non-leaf codes."""
    rows: list[ScoreRow] = []
    problems: list[tuple[int, str, str]] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, values in records:
        bad = len(problems)
        unit = values.get("unit_code", "").strip()
        code = values.get("criterion_code", "").strip()
        if not unit:
            problems.append((line, "unit_code", "required"))
        elif unit not in units:
            problems.append((line, "unit_code", f"unknown unit {unit!r}"))
        if not code:
            problems.append((line, "criterion_code", "required"))
        elif code in nodes:
            problems.append((line, "criterion_code", f"{code!r} is not a leaf (it has sub-criteria)"))
        elif code not in leaves:
            problems.append((line, "criterion_code", f"unknown criterion {code!r} in this framework"))
        text = values.get("applicable", "").strip()
        applicable = True
        if text:
            try:
                applicable = parse_boolean(text)
            except ParseError as exc:
                problems.append((line, "applicable", str(exc)))
        scores = {}
        for column in ("self_score", "appraised_score"):
            text = values.get(column, "").strip()
            scores[column] = None
            if not text:
                continue
            try:
                number = parse_decimal(text)
            except ParseError as exc:
                problems.append((line, column, str(exc)))
                continue
            if not applicable:
                problems.append((line, column, "a score on a row marked not applicable (applicable = 0)"))
            elif number < 0:
                problems.append((line, column, f"must be >= 0, got {text}"))
            elif _places(number) > 2:
                problems.append((line, column, f"at most 2 decimals, got {text}"))
            elif code in leaves and number > leaves[code]:
                problems.append((line, column, f"{text} is above the maximum {leaves[code]} of {code}"))
            else:
                scores[column] = number.quantize(Decimal("0.01"))
        if unit and code:
            key = (unit, code)
            if key in first_line:
                problems.append(
                    (
                        line,
                        "criterion_code",
                        f"unit {unit} and criterion {code} already on line {first_line[key]}",
                    )
                )
            else:
                first_line[key] = line
        if len(problems) == bad:
            rows.append(
                ScoreRow(line, unit, code, scores["self_score"], scores["appraised_score"], applicable)
            )
    return rows, problems
