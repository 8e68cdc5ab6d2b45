import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.dossiers.importing import Rejected, import_dossiers


class Command(BaseCommand):
    help = "Import a dossier file (formats/dossiers-csv.md), CSV or XLSX (by the extension .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows; write the rejected ones to FILE.rejected.csv.",
        )

    def handle(self, *args, file, skip_invalid, **options):
        path = Path(file)
        if not path.is_file():
            self.stderr.write(f"cchc: FILE: no such file: {file}")
            sys.exit(1)
        try:
            result = import_dossiers(path=path, skip_invalid=skip_invalid, file_label=file)
        except Rejected as exc:
            for line, column, reason in exc.result.problems:
                self.stderr.write(f"{file}:{line}: {column}: {reason}")
            self.stdout.write(f"{file}: rejected, nothing imported ({len(exc.result.problems)} problems)")
            sys.exit(1)
        for line, column, reason in result.problems:
            self.stderr.write(f"{file}:{line}: {column}: {reason}")
        summary = (
            f"{file}: {result.rows} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.rejected_rows} rejected"
        )
        if result.new_procedures:
            summary += f"; {result.new_procedures} procedures added to the catalogue"
        self.stdout.write(summary)
        if result.rejects_path:
            self.stdout.write(f"rejected rows written to {result.rejects_path}")
