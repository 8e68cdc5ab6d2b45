import json
import sys

from django.core.management.base import BaseCommand

from cchc.core.parsing import ParseError, parse_date
from cchc.org.models import Unit
from cchc.stats.bieu06 import report_workbook
from cchc.stats.formats import as_table
from cchc.stats.report import dossier_report


class Command(BaseCommand):
    help = (
        "The periodic dossier report (formats/report-dossiers.md) as json, a table or the official form "
        "II.06a (xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--subtree", action="store_true")
        parser.add_argument(
            "--by", choices=["unit"], help="xlsx with --subtree: one row per unit directly below --unit"
        )
        parser.add_argument("--format", choices=["json", "xlsx", "table"], default="table")
        parser.add_argument("--output")
        self._parser = parser

    def _usage(self, option: str, reason: str) -> None:
        """Wrong usage (a combination of options): one line on stderr, exit 2."""
        self.stderr.write(f"cchc: {option}: {reason}")
        sys.exit(2)

    def handle(self, *args, unit, date_from, date_to, subtree, by, format, output, **options):
        if format == "xlsx" and not output:
            self._parser.error("--format xlsx needs --output FILE.xlsx")
        if by and format != "xlsx":
            self._usage("--by", "one row per unit is a layout of the form, use it with --format xlsx")
        if by and not subtree:
            self._usage("--by", "one row per unit below --unit needs --subtree")
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
        scope = {"unit": found, "date_from": dates["--from"], "date_to": dates["--to"], "subtree": subtree}
        if format == "xlsx":
            report_workbook(**scope, by_unit=by == "unit").save(output)
            self.stdout.write(f"report written to {output}")
            return
        report = dossier_report(**scope)
        text = (
            json.dumps(report, ensure_ascii=False, indent=2) + "\n" if format == "json" else as_table(report)
        )
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"report written to {output}")
        else:
            self.stdout.write(text, ending="")
