"""``cchc deadline``: the due instant of a receipt, or of every row of a CSV file (``formats/cli.md``).

    cchc deadline --unit CODE --received DATETIME --days N
    cchc deadline --unit CODE --batch FILE

Exit 0 with the answer on stdout (and, when a due date's span touches a year whose official notice nobody
confirmed, one warning line on stderr, which changes neither stdout nor the exit code); 1 with one line per
problem on stderr (``cchc: --OPTION: reason`` for option
values, ``FILE:LINE: column: reason`` for the rows of FILE; nothing on stdout then); 2 for wrong usage.
The command has no procedure, so it never applies a same-day cut-off.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand

from cchc.core.errors import DomainError
from cchc.core.parsing import ParseError, parse_decimal, parse_instant
from cchc.org.models import Unit
from cchc.workdays.selectors import MAX_PROCESSING_DAYS, check_processing, due_many, span_warning

COLUMNS = ("received_at", "processing_days")
OUTPUT_COLUMNS = (*COLUMNS, "due_at")


def format_instant(moment: datetime) -> str:
    """``2025-04-28T09:00:00+07:00``."""
    return moment.isoformat(timespec="seconds")


def read_days(text: str) -> tuple[Decimal | None, str | None]:
    """(days, problem) for a processing time in working days."""
    try:
        return check_processing(parse_decimal(text)), None
    except ParseError as exc:
        return None, str(exc)
    except DomainError as exc:
        if exc.code == "negative_processing_time":
            return None, f"negative processing time: {text.strip()}"
        return None, f"processing time too large: {text.strip()} (at most {MAX_PROCESSING_DAYS} working days)"


def read_instant(text: str) -> tuple[datetime | None, str | None]:
    try:
        return parse_instant(text), None
    except ParseError as exc:
        return None, str(exc)


@dataclass
class Batch:
    """The rows of a batch file as given, and the problems found (``(line, column, reason)``)."""

    raw: list[tuple[str, str]] = field(default_factory=list)
    values: list[tuple[datetime, Decimal]] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def read_batch(text: str) -> Batch:
    batch = Batch()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        batch.problems.append(
            (1, "received_at", "empty file (expected the header received_at,processing_days)")
        )
        return batch
    names = [h.strip().lower() for h in header]
    for name in names:
        if name not in COLUMNS:
            batch.problems.append((1, name or "(blank)", "unknown column"))
    for name in COLUMNS:
        if names.count(name) > 1:
            batch.problems.append((1, name, "column given twice"))
        elif name not in names:
            batch.problems.append((1, name, "missing column"))
    if batch.problems:
        return batch
    index = {name: names.index(name) for name in COLUMNS}
    previous_end = reader.line_num
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells) and len(cells) <= 1:
            continue  # a blank line is not a row
        if len(cells) != len(names):
            batch.problems.append((line, "row", f"{len(cells)} values, expected {len(names)}"))
            continue
        received_text, days_text = cells[index["received_at"]], cells[index["processing_days"]]
        received, days, ok = None, None, True
        for column, text in (("received_at", received_text), ("processing_days", days_text)):
            if not text.strip():
                batch.problems.append((line, column, "missing value"))
                ok = False
                continue
            value, problem = read_instant(text) if column == "received_at" else read_days(text)
            if problem:
                batch.problems.append((line, column, problem))
                ok = False
            elif column == "received_at":
                received = value
            else:
                days = value
        batch.raw.append((received_text, days_text))
        if ok:
            batch.values.append((received, days))
    return batch


class Command(BaseCommand):
    help = "Print the due instant of a receipt (or of each row of a CSV file) on a unit's working calendar."
    requires_system_checks: list = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        self._parser = super().create_parser(prog_name, subcommand, **kwargs)
        return self._parser

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, metavar="CODE", help="code of the receiving unit")
        parser.add_argument(
            "--received", metavar="DATETIME", help="receipt instant (ISO 8601 or d/m/yyyy H:MM)"
        )
        parser.add_argument("--days", metavar="N", help="processing time in working days (decimal . or ,)")
        parser.add_argument(
            "--batch", metavar="FILE", help="CSV file with the header received_at,processing_days"
        )

    def handle(self, *args, unit, received, days, batch, **options):
        if batch is not None and (received is not None or days is not None):
            self._usage("--batch cannot be combined with --received or --days")
        if batch is None and (received is None or days is None):
            self._usage("give --received and --days, or --batch FILE")
        problems = []
        target = Unit.objects.filter(code=unit.strip()).first()
        if target is None:
            problems.append(f"cchc: --unit: unknown unit {unit}")
        if batch is not None:
            return self._batch(target, batch, problems)
        moment, problem = read_instant(received)
        if problem:
            problems.append(f"cchc: --received: {problem}")
        amount, problem = read_days(days)
        if problem:
            problems.append(f"cchc: --days: {problem}")
        self._fail_on(problems)
        due = due_many(target, [(moment, amount)])[0]
        self.stdout.write(format_instant(due))
        self._warn(span_warning([(moment, due)]))

    def _batch(self, unit, path: str, problems: list[str]):
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except OSError as exc:
            problems.append(f"cchc: --batch: cannot read {path}: {exc.strerror or exc}")
            self._fail_on(problems)
        except UnicodeDecodeError:
            problems.append(f"cchc: --batch: {path} is not UTF-8 text")
            self._fail_on(problems)
        rows = read_batch(text)
        problems.extend(f"{path}:{line}: {column}: {reason}" for line, column, reason in rows.problems)
        self._fail_on(problems)
        due = due_many(unit, rows.values)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        for (received_text, days_text), due_at in zip(rows.raw, due, strict=True):
            writer.writerow([received_text, days_text, format_instant(due_at)])
        self.stdout.write(out.getvalue(), ending="")
        self._warn(
            span_warning((received, due_at) for (received, _), due_at in zip(rows.values, due, strict=True))
        )

    def _warn(self, warning: str):
        """One line on stderr, after the answer on stdout (neither it nor the exit code changes)."""
        if warning:
            self.stdout.flush()
            self.stderr.write(warning, style_func=str)
            self.stderr.flush()

    def _usage(self, message: str):
        if getattr(self, "_called_from_command_line", False):
            self._parser.error(message)  # exits 2 with the usage line
        from django.core.management.base import CommandError

        raise CommandError(message, returncode=2)

    def _fail_on(self, problems: list[str]):
        if problems:
            for line in problems:
                self.stderr.write(line, style_func=str)
            self.stderr.flush()
            raise SystemExit(1)
