"""The ``cchc`` console script: a small wrapper around Django management commands.

``cchc import dossiers F`` runs the management command ``import_dossiers F`` (likewise ``export``,
``report``, ``audit``); any other ``cchc NAME`` runs the command ``NAME``. Before a command runs, ``var/`` is
created and pending migrations are applied, and the change log attributes its writes to ``cli:<os user>``.
"""

import getpass
import os
import sys

GROUPED = {"import", "export", "report", "audit"}
#: ``backup`` copies the database as it is; ``restore`` needs it empty (it migrates after restoring)
NO_MIGRATE = {"makemigrations", "help", "--help", "-h", "version", "--version", "check", "backup", "restore"}
SETS_UP_ITSELF = {"setup", "demo", "migrate"}


def command_argv(argv: list[str]) -> list[str]:
    """Translate ``cchc`` arguments into a Django management argv (without the program name)."""
    if not argv:
        return ["help", "--commands"]
    if argv[0] in GROUPED and len(argv) > 1 and not argv[1].startswith("-"):
        return [f"{argv[0]}_{argv[1]}", *argv[2:]]
    return argv


def _prepare(command: str) -> None:
    """Create ``var/``, apply pending migrations and, on a database without reference data, load it (the
    same steps as ``cchc setup``), so that any command works on a fresh home."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
    if command in SETS_UP_ITSELF:
        return
    from cchc.core.steps import setup_steps
    from cchc.org.models import Unit

    if not Unit.objects.exists():
        for step in setup_steps():
            with transaction.atomic():
                step.run()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    from cchc.core.audit import set_actor_label

    args = command_argv(argv)
    set_actor_label(f"cli:{getpass.getuser()}")
    if args[0] not in NO_MIGRATE:
        _prepare(args[0])
    execute_from_command_line(["cchc", *args])


if __name__ == "__main__":
    main()
