"""``cchc report remediation --inspection ID [--format json|table] [--date D]``."""

import json
import sys

from django.core.management.base import BaseCommand

from cchc.core.parsing import ParseError, parse_date
from cchc.inspections.models import Inspection
from cchc.inspections.selectors import remediation_summary


class Command(BaseCommand):
    help = "Remediation of an inspection's shortcomings: items, closed, overdue, percent closed."

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, metavar="ID")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="judge 'overdue' on this day (default today)"
        )

    def handle(self, *args, inspection, format, date, **options):
        problems = []
        found = None
        if not inspection.strip().isdigit():
            problems.append(f"cchc: --inspection: not an inspection id: {inspection!r}")
        else:
            found = Inspection.objects.select_related("unit").filter(pk=int(inspection)).first()
            if found is None:
                problems.append(f"cchc: --inspection: unknown inspection {inspection}")
        on = None
        if date is not None:
            try:
                on = parse_date(date)
            except ParseError as exc:
                problems.append(f"cchc: --date: {exc}")
        if problems:
            sys.stderr.write("\n".join(problems) + "\n")
            raise SystemExit(1)
        summary = remediation_summary(found, on=on)
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        percent = "-" if summary["percent_closed"] is None else summary["percent_closed"]
        self.stdout.write(
            f"inspection {summary['inspection']} - {found.unit.name} ({summary['unit']})\n"
            f"findings {summary['findings']}  items_total {summary['items_total']}  "
            f"items_closed {summary['items_closed']}  items_overdue {summary['items_overdue']}  "
            f"percent_closed {percent}"
        )
