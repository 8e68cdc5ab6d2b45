"""Database dump and load for ``cchc backup`` / ``cchc restore``, per engine.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot while the server
runs, and copies it back into the live database in one step. PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore``; the restore script runs through ``psql --single-transaction``, so a failed restore leaves the
database as it was. The connection parameters are those of Django's connection (``DATABASE_URL``).
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DUMP_NAMES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.dump"}


class DumpError(Exception):
    """A dump or load that could not be done; the message is one line for the operator."""


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise DumpError(f"the {vendor} database engine is not supported (SQLite or PostgreSQL)")
    return vendor


def is_empty() -> bool:
    """Whether the database has no tables at all (a database made with ``createdb`` and nothing else)."""
    if engine() == SQLITE and not str(connection.settings_dict["NAME"]).startswith(("file:", ":memory:")):
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def dump(target: Path) -> None:
    """Write a consistent copy of the whole database to ``target``."""
    if engine() == SQLITE:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            destination.close()
    else:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={target}"])


def load(source: Path) -> None:
    """Replace the whole database by the dump ``source`` (all or nothing)."""
    if engine() == SQLITE:
        _load_sqlite(source)
    else:
        _load_postgresql(source)


def _load_sqlite(source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    except sqlite3.Error as exc:
        raise DumpError(f"the database could not be written: {exc}") from exc
    finally:
        origin.close()
    connection.close()


def _load_postgresql(source: Path) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    drop = ""
    if tables:
        drop = (
            "DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE;\n"
        )
    pg_restore = [_tool("pg_restore"), "--no-owner", "--no-acl", "--file=-", str(source)]
    psql = [_tool("psql"), "--single-transaction", "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1"]
    connection.close()
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        loader = subprocess.Popen(
            psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=_environment()
        )
        reader = subprocess.Popen(pg_restore, stdout=subprocess.PIPE, stderr=restore_err, env=_environment())
        try:
            loader.stdin.write(drop.encode())
            shutil.copyfileobj(reader.stdout, loader.stdin)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message follows
        finally:
            loader.stdin.close()
            reader.stdout.close()
        for process, name, errors in ((reader, "pg_restore", restore_err), (loader, "psql", psql_err)):
            if process.wait() != 0:
                errors.seek(0)
                raise DumpError(f"{name} failed: {_last_line(errors.read()) or process.returncode}")


def _last_line(output: bytes) -> str:
    lines = output.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def _tool(name: str) -> str:
    """The path of a PostgreSQL client program whose major version is at least the server's."""
    path = shutil.which(name)
    if not path:
        raise DumpError(f"{name} not found: install the PostgreSQL client programs (postgresql-client)")
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", version)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if not found or int(found.group(1)) < server:
        raise DumpError(f"{name} {version.strip()} is older than the PostgreSQL {server} server")
    return path


def _environment() -> dict[str, str]:
    """libpq's variables for Django's connection settings (the password never on a command line)."""
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": settings["NAME"]}
    for key, variable in (
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_environment(), capture_output=True, check=False)
    if result.returncode != 0:
        raise DumpError(f"{Path(args[0]).name} failed: {_last_line(result.stderr) or result.returncode}")
