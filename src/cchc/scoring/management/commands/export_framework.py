"""``cchc export framework CODE [--output F]``: the framework as par-framework.md YAML."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.scoring.frameworks import export_framework
from cchc.scoring.models import Framework


class Command(BaseCommand):
    help = "Write a PAR framework as YAML (formats/par-framework.md), to stdout or --output."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--output", metavar="F")

    def handle(self, *args, code, output, **options):
        framework = Framework.objects.filter(code=code.strip()).first()
        if framework is None:
            sys.stderr.write(f"cchc: code: unknown framework {code}\n")
            raise SystemExit(1)
        text = export_framework(framework)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"{framework.code} written to {output}")
        else:
            self.stdout.write(text, ending="")
