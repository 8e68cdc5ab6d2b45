"""``cchc import scores --framework CODE FILE``: unit scores (par-framework.md), all or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.permissions import system_actor
from cchc.scoring.models import Framework
from cchc.scoring.services import ScoresRejected, import_scores


class Command(BaseCommand):
    help = (
        "Import unit scores for a PAR framework from CSV; importing again replaces a unit's imported scores."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, metavar="CODE")
        parser.add_argument("file")

    def handle(self, *args, framework, file, **options):
        found = Framework.objects.filter(code=framework.strip()).first()
        if found is None:
            sys.stderr.write(f"cchc: --framework: unknown framework {framework}\n")
            raise SystemExit(1)
        try:
            text = Path(file).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"{file}:1: (file): cannot be read as UTF-8 text: {exc}\n")
            raise SystemExit(1) from None
        try:
            result = import_scores(framework=found, text=text, actor=system_actor())
        except ScoresRejected as exc:
            for line in exc.lines(file):
                sys.stderr.write(line + "\n")
            raise SystemExit(1) from None
        self.stdout.write(
            f"{found.code}: {result.rows} rows for {result.units} units, {result.created} created, "
            f"{result.updated} updated, {result.removed} removed"
        )
