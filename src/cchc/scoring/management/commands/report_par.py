"""``cchc report par --framework CODE [--format json|xlsx|table] [--output F]``."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.scoring.models import Framework
from cchc.scoring.publication import ranking_table, ranking_xlsx
from cchc.scoring.report import as_json, compute


class Command(BaseCommand):
    help = "PAR index results of a framework: points, percent, band and rank per unit, sub-indices per area."

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, metavar="CODE")
        parser.add_argument("--format", choices=["json", "xlsx", "table"], default="table")
        parser.add_argument("--output", metavar="F")

    def handle(self, *args, framework, format, output, **options):
        found = Framework.objects.filter(code=framework.strip()).first()
        problems = []
        if found is None:
            problems.append(f"cchc: --framework: unknown framework {framework}")
        if format == "xlsx" and not output:
            problems.append("cchc: --output: required with --format xlsx")
        if problems:
            for line in problems:
                sys.stderr.write(line + "\n")
            raise SystemExit(1)
        units = compute(found)
        if format == "xlsx":
            Path(output).write_bytes(ranking_xlsx(found, units))
            self.stdout.write(f"{output}: {len(units)} units")
            return
        if format == "json":
            text = json.dumps(as_json(found, units), ensure_ascii=False, indent=2) + "\n"
        else:
            text = ranking_table(found, units)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
