import json
import sys

from django.core.management.base import BaseCommand

from cchc.core.parsing import ParseError, parse_date
from cchc.org.models import Unit
from cchc.stats.bieu06 import write_xlsx
from cchc.stats.formats import as_table
from cchc.stats.report import dossier_report


class Command(BaseCommand):
    help = "The periodic dossier report (formats/report-dossiers.md) as json, xlsx or a table."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--subtree", action="store_true")
        parser.add_argument("--format", choices=["json", "xlsx", "table"], default="table")
        parser.add_argument("--output")
        self._parser = parser

    def handle(self, *args, unit, date_from, date_to, subtree, format, output, **options):
        if format == "xlsx" and not output:
            self._parser.error("--format xlsx needs --output FILE.xlsx")
        problems, dates = [], {}
        found = Unit.objects.filter(code=unit.strip()).first()
        if found is None:
            problems.append(f"cchc: --unit: unknown unit {unit!r}")
        for option, text in (("--from", date_from), ("--to", date_to)):
            try:
                dates[option] = parse_date(text)
            except ParseError as exc:
                problems.append(f"cchc: {option}: {exc}")
        if len(dates) == 2 and dates["--from"] > dates["--to"]:
            problems.append(f"cchc: --from: {date_from} is after --to {date_to}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            sys.exit(1)
        report = dossier_report(unit=found, date_from=dates["--from"], date_to=dates["--to"], subtree=subtree)
        if format == "xlsx":
            write_xlsx(report, output, unit_name=found.name)
            self.stdout.write(f"report written to {output}")
            return
        text = (
            json.dumps(report, ensure_ascii=False, indent=2) + "\n" if format == "json" else as_table(report)
        )
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"report written to {output}")
        else:
            self.stdout.write(text, ending="")
