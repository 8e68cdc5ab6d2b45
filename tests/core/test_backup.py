"""``cchc backup`` and ``cchc restore`` as real processes on the engine the suite runs on (issue 16, item 4).

A source installation gets the demo data (units, dossiers, plans, scores, evidence files) and an uploaded
import file; its archive is restored into fresh installations (a new SQLite file, or a throwaway PostgreSQL
database dropped at the end) and compared table by table and file by file.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from cchc.core.backup import file_roots

UPLOAD = "a1b2c3.csv"


def _cchc(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cchc.settings", **env},
        cwd=env["CCHC_HOME"],
        capture_output=True,
        text=True,
        timeout=900,
    )


class Installations:
    """Fresh installations (a home folder and an empty database) of the suite's engine."""

    def __init__(self, base: Path):
        self.base = base
        self.engine = connection.vendor
        self.databases: list[str] = []

    def new(self, name: str) -> dict:
        home = self.base / name
        home.mkdir()
        if self.engine == "sqlite":
            return {"CCHC_HOME": str(home), "DATABASE_URL": f"sqlite:///{home}/var/cchc.sqlite3"}
        database = f"cchc_backup_{name}_{uuid.uuid4().hex[:8]}"
        self._admin(f'CREATE DATABASE "{database}"')
        self.databases.append(database)
        server = settings.DATABASES["default"]
        user = quote(server["USER"] or "")
        password = f":{quote(server['PASSWORD'])}" if server.get("PASSWORD") else ""
        url = f"postgres://{user}{password}@{server['HOST']}:{server['PORT'] or 5432}/{database}"
        return {"CCHC_HOME": str(home), "DATABASE_URL": url}

    def _admin(self, statement: str) -> None:
        import psycopg

        server = settings.DATABASES["default"]
        with psycopg.connect(
            host=server["HOST"],
            port=server["PORT"] or 5432,
            user=server["USER"],
            password=server.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(statement)

    def drop_all(self) -> None:
        for database in self.databases:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def tables(self, env: dict) -> dict[str, list]:
        """Every table's rows, sorted, of the installation's database."""
        if self.engine == "sqlite":
            path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
            if not path.exists():
                return {}
            db = sqlite3.connect(path)
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"'))) for name in names}
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as db:
            names = [
                r[0]
                for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
            ]
            found = {
                name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names
            }
            found["(sequences)"] = db.execute(
                "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
            ).fetchall()
            return found


def _files(env: dict) -> dict[str, str]:
    private = Path(env["CCHC_HOME"]) / "var" / "private"
    return {
        path.relative_to(private).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(private.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def installations(tmp_path_factory):
    made = Installations(tmp_path_factory.mktemp("backup"))
    yield made
    made.drop_all()


@pytest.fixture(scope="module")
def source(installations):
    env = installations.new("source")
    demo = _cchc(env, "demo", "--no-serve")
    assert demo.returncode == 0, demo.stderr
    uploads = Path(env["CCHC_HOME"]) / "var" / "private" / "imports"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / UPLOAD).write_text("code,received_at\nHS-1,2025-04-01T08:00:00+07:00\n", encoding="utf-8")
    archive = Path(env["CCHC_HOME"]).parent / "source.tar.gz"
    made = _cchc(env, "backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert f"{archive}: {installations.engine} database and" in made.stdout
    return env, archive


def _empty(installations, env) -> bool:
    return not installations.tables(env) or set(installations.tables(env)) == {"(sequences)"}


def test_a_restored_installation_has_every_row_and_file_of_the_source(installations, source):
    env, archive = source
    target = installations.new("target")
    checked = _cchc(target, "restore", "--check", str(archive))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.endswith(" files match the manifest\n") and _empty(installations, target)
    restored = _cchc(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "files restored" in restored.stdout
    source_tables = installations.tables(env)
    assert len(source_tables["dossiers_dossier"]) > 100 and source_tables["plans_evidence"]
    assert installations.tables(target) == source_tables
    files = _files(env)
    assert f"imports/{UPLOAD}" in files and any(name.startswith("evidence/") for name in files)
    assert _files(target) == files


def test_a_damaged_archive_is_refused_naming_the_file_and_nothing_changes(installations, source):
    env, _archive = source
    plain = Path(env["CCHC_HOME"]).parent / "damaged.tar"
    assert _cchc(env, "backup", "--output", str(plain)).returncode == 0
    with tarfile.open(plain) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("files/evidence/"))
    data = bytearray(plain.read_bytes())
    data[member.offset_data] ^= 0x01  # one byte of one evidence file
    plain.write_bytes(bytes(data))

    target = installations.new("damaged")
    line = f"{plain}: {member.name}: SHA-256 does not match the manifest (damaged)\n"
    checked = _cchc(target, "restore", "--check", str(plain))
    assert checked.returncode == 1 and checked.stderr == line
    refused = _cchc(target, "restore", str(plain))
    assert refused.returncode == 1 and refused.stderr == line
    assert _empty(installations, target)
    assert not (Path(target["CCHC_HOME"]) / "var" / "private").exists()


def test_a_damaged_compressed_archive_is_refused(installations, source):
    _env, archive = source
    damaged = archive.with_name("damaged.tar.gz")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    target = installations.new("damaged_gz")
    refused = _cchc(target, "restore", str(damaged))
    assert refused.returncode == 1
    first = refused.stderr.splitlines()[0]  # where the byte lies decides what is seen first
    assert (
        first == f"{damaged}: manifest.json: missing: the archive is damaged or not a CCHC backup"
        or first.startswith(f"cchc: {damaged}: not a readable backup archive (")
        or first.endswith(": SHA-256 does not match the manifest (damaged)")
    ), first
    assert _empty(installations, target)


def test_a_used_installation_is_replaced_only_with_force(installations, source):
    env, archive = source
    target = installations.new("used")
    assert _cchc(target, "restore", str(archive)).returncode == 0
    _change_a_unit_name(target)
    stray = Path(target["CCHC_HOME"]) / "var" / "private" / "evidence" / "stray.pdf"
    stray.write_bytes(b"%PDF-1.4 not from the backup")
    before = installations.tables(target)

    refused = _cchc(target, "restore", str(archive))
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "cchc: database: not empty; restore into an empty database, or use --force to replace it",
        f"cchc: {stray.parent}: not empty; use --force to replace its files",
        f"cchc: {stray.parent.parent / 'imports'}: not empty; use --force to replace its files",
    ]
    assert installations.tables(target) == before and stray.exists()

    forced = _cchc(target, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert installations.tables(target) == installations.tables(env)
    assert _files(target) == _files(env) and not stray.exists()


def _change_a_unit_name(env: dict) -> None:
    statement = "UPDATE org_unit SET name = 'Tên đã đổi' WHERE code = '68'"
    if env["DATABASE_URL"].startswith("sqlite"):
        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            db.execute(statement)
    else:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as db:
            db.execute(statement)


def test_backup_refuses_to_overwrite_a_file_and_an_unknown_extension(source, tmp_path):
    env, archive = source
    size = archive.stat().st_size
    existing = _cchc(env, "backup", "--output", str(archive))
    assert existing.returncode == 1
    assert existing.stderr == f"cchc: --output: {archive}: already exists\n"
    assert archive.stat().st_size == size
    zipped = _cchc(env, "backup", "--output", str(tmp_path / "backup.zip"))
    assert zipped.returncode == 1
    assert "the name must end in .tar.gz, .tgz or .tar" in zipped.stderr
    assert not list(tmp_path.iterdir())


def test_every_stored_file_lies_under_a_backed_up_folder():
    roots = [Path(root).resolve() for root in file_roots().values()]
    assert {"evidence", "imports"} <= set(file_roots())
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                location = Path(field.storage.location).resolve()
                assert any(location.is_relative_to(root) for root in roots), (model, field.name)


def test_restore_without_an_archive_is_a_clear_error(tmp_path):
    env = {"CCHC_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/var/cchc.sqlite3"}
    missing = _cchc(env, "restore", str(tmp_path / "none.tar.gz"))
    assert missing.returncode == 1
    assert missing.stderr == f"cchc: {tmp_path / 'none.tar.gz'}: no such file\n"
    assert _cchc(env, "restore").returncode == 2


def test_an_archive_that_is_not_a_cchc_backup_is_refused(tmp_path):
    env = {"CCHC_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/var/cchc.sqlite3"}
    other = tmp_path / "other.tar"
    escaping = tmp_path / "escaping.tar"
    note = tmp_path / "note.txt"
    note.write_text("not a backup", encoding="utf-8")
    with tarfile.open(other, "w") as tar:
        tar.add(note, "note.txt")
    with tarfile.open(escaping, "w") as tar:
        tar.add(note, "files/evidence/../../../note.txt")

    refused = _cchc(env, "restore", str(other))
    assert refused.returncode == 1
    assert refused.stderr == f"{other}: manifest.json: missing: the archive is damaged or not a CCHC backup\n"
    refused = _cchc(env, "restore", str(escaping))
    assert refused.returncode == 1
    assert (
        refused.stderr == f"{escaping}: files/evidence/../../../note.txt: not a plain file of a CCHC backup\n"
    )
    assert not (tmp_path / "var").exists() and not (tmp_path.parent / "note.txt").exists()
