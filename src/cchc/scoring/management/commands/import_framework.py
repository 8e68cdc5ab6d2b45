"""``cchc import framework FILE.yaml``: a PAR framework (par-framework.md), all or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.permissions import system_actor
from cchc.scoring.frameworks import FrameworkRejected, import_framework


class Command(BaseCommand):
    help = (
        "Import a PAR index framework from YAML (formats/par-framework.md); re-importing a code replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"{file}: (file): cannot be read as UTF-8 text: {exc}\n")
            raise SystemExit(1) from None
        try:
            framework, replaced = import_framework(text, actor=system_actor())
        except FrameworkRejected as exc:
            for line in exc.lines(file):
                sys.stderr.write(line + "\n")
            raise SystemExit(1) from None
        leaves = framework.criteria.filter(max_points__isnull=False)
        total = sum(c.max_points for c in leaves)
        verb = "replaced" if replaced else "imported"
        self.stdout.write(
            f"{framework.code} {verb}: {framework.name} ({framework.year}, {framework.unit_level}), "
            f"{framework.criteria.filter(parent__isnull=True).count()} areas, {leaves.count()} leaves, "
            f"{format(total.normalize(), 'f')} points"
        )
