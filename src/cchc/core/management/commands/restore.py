"""``cchc restore FILE [--force]``: put back a ``cchc backup`` archive after checking every checksum
(:mod:`cchc.core.restore`, ``docs/operations.md``)."""

import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cchc.core.backup import BackupError
from cchc.core.restore import read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from a cchc backup archive. Every checksum is verified "
        "first; an empty database and empty file folders are required unless --force. Stop the server and "
        "the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by cchc backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that has tables and file folders that have files",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify every checksum of the archive; change nothing",
        )

    def handle(self, *args, file, force, check, **options):
        try:
            if check:
                manifest = read_manifest(Path(file))
            else:
                restored = restore_backup(Path(file), force=force)
        except BackupError as exc:
            sys.stderr.write("".join(line + "\n" for line in exc.problems))
            raise SystemExit(1) from exc
        if check:
            self.stdout.write(
                f"{file}: {manifest['engine']} database of {manifest['created_at']} and "
                f"{len(manifest['files'])} files match the manifest"
            )
            return
        call_command("migrate", interactive=False, verbosity=0)  # an archive of an older version
        self.stdout.write(
            f"{file}: {restored.engine} database of {restored.created_at} and {restored.files} files restored"
        )
