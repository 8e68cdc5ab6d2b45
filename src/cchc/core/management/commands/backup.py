"""``cchc backup [--output FILE]``: the database and every stored file in one checked archive
(:mod:`cchc.core.backup`, ``docs/operations.md``)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.backup import BackupError, create_backup, default_name


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz or .tar) with a consistent copy of the database, every evidence and "
        "uploaded file, and a manifest of their SHA-256. Runs while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="a new .tar.gz, .tgz or .tar file (default cchc-backup-DATE-TIME.tar.gz)",
        )

    def handle(self, *args, output, **options):
        try:
            summary = create_backup(Path(output or default_name()))
        except BackupError as exc:
            sys.stderr.write("".join(line + "\n" for line in exc.problems))
            raise SystemExit(1) from exc
        self.stdout.write(
            f"{summary.path}: {summary.engine} database and {summary.files} files "
            f"({summary.bytes:,} bytes before compression)"
        )
