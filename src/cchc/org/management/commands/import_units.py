"""``cchc import units FILE [--document TEXT]``: official changes of units (renames, new units, mergers), all
or nothing, in the shape of the shipped ``units-2025.csv`` (``docs/organisation.md``)."""

import sys

from django.core.management.base import BaseCommand

from cchc.org.services import UnitsRejected, import_units
from cchc.org.unitfile import UnreadableFile, read_units_file


class Command(BaseCommand):
    help = (
        "Import official unit changes from a CSV file shaped like units-2025.csv (code, name, kind, "
        "province_code, province_name; optional valid_from, replaces, document): new codes are created, "
        "changed names renamed, replaced units ended. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8)")
        parser.add_argument(
            "--document",
            metavar="TEXT",
            default="",
            help="the decision behind the changes, for rows without a document column",
        )

    def handle(self, *args, file, document, **options):
        problems: list[str] = []
        try:
            rows, row_problems = read_units_file(file)
        except UnreadableFile as exc:
            problems.append(f"cchc: {file}: {exc}")
        else:
            problems.extend(p.format(file) for p in row_problems)
        if not problems:
            try:
                result = import_units(rows=rows, document=document.strip())
            except UnitsRejected as exc:
                problems.extend(p.format(file) for p in exc.problems)
        if problems:
            for line in problems:
                sys.stderr.write(line + "\n")
            raise SystemExit(1)
        self.stdout.write(
            f"{len(rows)} units: {result['created']} created, {result['renamed']} renamed, "
            f"{result['replaced']} replaced, {result['unchanged']} unchanged"
        )
