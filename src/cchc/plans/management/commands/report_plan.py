"""``cchc report plan --unit CODE --year YYYY [--format json|xlsx|table] [--output F] [--date D]``.

The plan completion report of ``cchc.plans.report``: JSON and table go to stdout without ``--output``; XLSX
needs ``--output``. ``--date`` is the day on which "overdue" is judged (default today).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.org.models import Unit
from cchc.plans.management.commands._options import day, fail, integer
from cchc.plans.report import as_table, as_xlsx, plan_report


class Command(BaseCommand):
    help = "Plan completion of a unit for a year: tasks, done, percent, overdue, by area and by owner."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, metavar="CODE")
        parser.add_argument("--year", required=True, metavar="YYYY")
        parser.add_argument("--format", choices=["json", "xlsx", "table"], default="table")
        parser.add_argument("--output", metavar="F")
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="judge 'overdue' on this day (default today)"
        )

    def handle(self, *args, unit, year, format, output, date, **options):
        problems: list[str] = []
        found = Unit.objects.filter(code=unit.strip()).first()
        if found is None:
            problems.append(f"cchc: --unit: unknown unit {unit}")
        number = integer(year, "--year", problems, low=2000, high=2100)
        on = day(date, "--date", problems)
        if format == "xlsx" and not output:
            problems.append("cchc: --output: required with --format xlsx")
        if problems:
            fail(problems)
        report = plan_report(found, number, on=on or timezone.localdate())
        if format == "xlsx":
            Path(output).write_bytes(as_xlsx(report, found.name))
            self.stdout.write(f"{output}: {report['tasks_total']} tasks, {report['tasks_done']} done")
            return
        text = (
            json.dumps(report, ensure_ascii=False, indent=2) + "\n"
            if format == "json"
            else as_table(report, found.name)
        )
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
