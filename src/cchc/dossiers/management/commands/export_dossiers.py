import sys

from django.core.management.base import BaseCommand

from cchc.core.parsing import ParseError, parse_date
from cchc.dossiers.exporting import dossiers_for_export, export_rows, write_xlsx
from cchc.dossiers.interchange import write_csv
from cchc.org.models import Unit


class Command(BaseCommand):
    help = "Write dossiers in the interchange format (formats/dossiers-csv.md): CSV, or XLSX by extension."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--subtree", action="store_true")
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--output")

    def fail(self, problems):
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(1)

    def handle(self, *args, unit, subtree, date_from, date_to, output, **options):
        problems, dates = [], {}
        found = Unit.objects.filter(code=unit.strip()).first()
        if found is None:
            problems.append(f"cchc: --unit: unknown unit {unit!r}")
        for option, text in (("--from", date_from), ("--to", date_to)):
            if text is not None:
                try:
                    dates[option] = parse_date(text)
                except ParseError as exc:
                    problems.append(f"cchc: {option}: {exc}")
        if "--from" in dates and "--to" in dates and dates["--from"] > dates["--to"]:
            problems.append(f"cchc: --from: {date_from} is after --to {date_to}")
        if problems:
            self.fail(problems)
        queryset = dossiers_for_export(
            unit=found, subtree=subtree, date_from=dates.get("--from"), date_to=dates.get("--to")
        )
        rows = export_rows(queryset)
        if output and output.lower().endswith(".xlsx"):
            count = write_xlsx(rows, output)
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_csv(rows, handle)
        else:
            count = write_csv(rows, self.stdout._out)
            return
        self.stdout.write(f"{count} dossiers written to {output}")
