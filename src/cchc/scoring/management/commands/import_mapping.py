"""``cchc import mapping --old CODE --new CODE FILE``: criterion codes that changed between two frameworks."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.permissions import system_actor
from cchc.scoring.models import Framework
from cchc.scoring.services import MappingRejected, import_mapping


class Command(BaseCommand):
    help = (
        "Import the codes that changed between two versions of a framework (CSV old_code,new_code), used "
        "by the year-over-year comparison; criteria whose code did not change need no row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--old", required=True, metavar="CODE")
        parser.add_argument("--new", required=True, metavar="CODE")
        parser.add_argument("file")

    def handle(self, *args, old, new, file, **options):
        frameworks = {code: Framework.objects.filter(code=code.strip()).first() for code in (old, new)}
        problems = [f"cchc: --{opt}: unknown framework {code}" for opt, code in (("old", old), ("new", new))]
        problems = [p for p, code in zip(problems, (old, new), strict=True) if frameworks[code] is None]
        if problems:
            sys.stderr.write("\n".join(problems) + "\n")
            raise SystemExit(1)
        try:
            count = import_mapping(
                old=frameworks[old],
                new=frameworks[new],
                text=Path(file).read_text("utf-8"),
                actor=system_actor(),
            )
        except MappingRejected as exc:
            sys.stderr.write("\n".join(exc.lines(file)) + "\n")
            raise SystemExit(1) from None
        self.stdout.write(f"{old} → {new}: {count} changed codes")
