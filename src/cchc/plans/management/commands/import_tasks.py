"""``cchc import tasks FILE (--unit CODE --year YYYY | --plan ID)``: the task sheet, all or nothing."""

from django.core.management.base import BaseCommand

from cchc.core.permissions import system_actor
from cchc.plans.importing import ImportRejected, import_tasks, plan_by_options
from cchc.plans.management.commands._options import fail, integer
from cchc.plans.tasksheet import UnreadableFile, read_sheet


class Command(BaseCommand):
    help = (
        "Import tasks into a PAR plan from an XLSX (or CSV) task sheet (template: src/cchc/plans/data/"
        "tasks-template.xlsx). Rows whose number exists in the plan update that task; any problem rejects "
        "the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", metavar="CODE", help="unit of the annual plan (with --year)")
        parser.add_argument("--year", metavar="YYYY")
        parser.add_argument("--plan", metavar="ID", help="the plan's id (e.g. a component plan)")

    def handle(self, *args, file, unit, year, plan, **options):
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
        try:
            rows, header = read_sheet(file, file)
        except UnreadableFile as exc:
            fail([f"cchc: {file}: {exc}"])
        try:
            result = import_tasks(plan=target, rows=rows, header_problems=header, actor=system_actor())
        except ImportRejected as exc:
            fail([p.format(file) for p in exc.problems])
        self.stdout.write(
            f"{target.title}: {result.rows} rows, {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
