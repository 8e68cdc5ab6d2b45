"""``cchc export procedures [--output F]``: the catalogue (each procedure's latest version) as CSV or XLSX."""

import io
import sys

from django.core.management.base import BaseCommand

from cchc.procedures.interchange import export_row, write_csv, write_xlsx
from cchc.procedures.selectors import catalogue, with_latest_version


class Command(BaseCommand):
    help = "Export the procedure catalogue: CSV to stdout, or to --output (XLSX when it ends in .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="F", help="file to write; .xlsx gives a workbook")

    def handle(self, *args, output, **options):
        rows = [export_row(p, v) for p, v in with_latest_version(catalogue())]
        try:
            if output is None:
                buffer = io.StringIO()
                write_csv(buffer, rows)
                self.stdout.write(buffer.getvalue(), ending="")
            elif output.lower().endswith(".xlsx"):
                write_xlsx(output, rows)
            else:
                with open(output, "w", encoding="utf-8", newline="") as stream:
                    write_csv(stream, rows)
        except OSError as exc:
            sys.stderr.write(f"cchc: --output: {exc.strerror or exc}\n")
            raise SystemExit(1) from None
        if output is not None:
            self.stdout.write(f"{len(rows)} procedures written to {output}")
