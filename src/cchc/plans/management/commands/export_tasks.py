"""``cchc export tasks (--unit CODE --year YYYY | --plan ID) [--output F]``: the task sheet of a plan.

CSV on stdout without ``--output``; XLSX when F ends in ``.xlsx`` (else CSV). Importing it again changes
nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.plans.exporting import plan_sheet
from cchc.plans.importing import plan_by_options
from cchc.plans.management.commands._options import fail, integer


class Command(BaseCommand):
    help = "Export the tasks of a PAR plan in the task-sheet format (CSV, or XLSX with --output F.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", metavar="CODE")
        parser.add_argument("--year", metavar="YYYY")
        parser.add_argument("--plan", metavar="ID")
        parser.add_argument("--output", metavar="F")

    def handle(self, *args, unit, year, plan, output, **options):
        problems: list[str] = []
        plan_id = integer(plan, "--plan", problems, low=1, high=2**62)
        number = integer(year, "--year", problems, low=2000, high=2100)
        if plan is None and (unit is None or year is None):
            problems.append("cchc: --unit: give --unit and --year, or --plan")
        if problems:
            fail(problems)
        try:
            target = plan_by_options(unit_code=unit, year=number, plan_id=plan_id)
        except LookupError as exc:
            fail([f"cchc: {exc}"])
        as_xlsx = bool(output) and output.lower().endswith(".xlsx")
        data = plan_sheet(target, on=timezone.localdate(), as_xlsx=as_xlsx)
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"{output}: {target.title}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
