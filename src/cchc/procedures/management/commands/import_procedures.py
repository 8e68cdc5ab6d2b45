"""``cchc import procedures FILE [--effective DATE]``: load a catalogue file (CSV or XLSX), all or nothing."""

import sys

from django.core.management.base import BaseCommand

from cchc.procedures.interchange import UnreadableFile, read_file
from cchc.procedures.parsing import parse_date
from cchc.procedures.services import CatalogueRejected, catalogue_import


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue from CSV or XLSX (docs/procedures.md). New codes are added; changed "
        "values of an existing code make a new version valid from --effective (default today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or .xlsx file")
        parser.add_argument(
            "--effective",
            metavar="DATE",
            help="YYYY-MM-DD: start of the new versions (default today); also the start of new codes' first "
            "version (default: open start)",
        )

    def handle(self, *args, file, effective, **options):
        problems: list[str] = []
        effective_date = None
        if effective is not None:
            try:
                effective_date = parse_date(effective)
            except ValueError as exc:
                problems.append(f"cchc: --effective: {exc}")
        try:
            rows, row_problems = read_file(file)
        except UnreadableFile as exc:
            problems.append(f"cchc: {file}: {exc}")
        else:
            problems.extend(p.format(file) for p in row_problems)
        if not problems:
            try:
                result = catalogue_import(rows=rows, effective=effective_date, origin=f"Nhập từ tệp {file}")
            except CatalogueRejected as exc:
                problems.extend(p.format(file) for p in exc.problems)
        if problems:
            for line in problems:
                sys.stderr.write(line + "\n")
            raise SystemExit(1)
        self.stdout.write(
            f"{len(rows)} procedures: {len(result.added)} added, {len(result.updated)} updated, "
            f"{len(result.new_versions)} new versions, {len(result.amended_versions)} versions amended, "
            f"{result.unchanged} unchanged"
        )
