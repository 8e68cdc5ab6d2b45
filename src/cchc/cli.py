"""The ``cchc`` console script: a small wrapper around Django management commands.

``cchc import dossiers F`` runs the management command ``import_dossiers F`` (likewise ``export``,
``report``); any other ``cchc NAME`` runs the command ``NAME``. Before a command runs, ``var/`` is created
and pending migrations are applied, and the change log attributes its writes to ``cli:<os user>``.
"""

import getpass
import os
import sys

GROUPED = {"import", "export", "report"}
NO_MIGRATE = {"makemigrations", "help", "--help", "-h", "version", "--version", "check"}


def command_argv(argv: list[str]) -> list[str]:
    """Translate ``cchc`` arguments into a Django management argv (without the program name)."""
    if not argv:
        return ["help", "--commands"]
    if argv[0] in GROUPED and len(argv) > 1 and not argv[1].startswith("-"):
        return [f"{argv[0]}_{argv[1]}", *argv[2:]]
    return argv


def _prepare() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    from cchc.core.audit import set_actor_label

    args = command_argv(argv)
    if args[0] not in NO_MIGRATE:
        _prepare()
    set_actor_label(f"cli:{getpass.getuser()}")
    execute_from_command_line(["cchc", *args])


if __name__ == "__main__":
    main()
