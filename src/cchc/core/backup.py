"""``cchc backup``: one archive with the database, every stored file and a manifest of their SHA-256.

Apps register the folders of the files they keep (evidence, uploaded imports) with :func:`register_file_root`
in their ``ready()``, so ``core`` backs them up without importing them. The archive (``.tar`` or ``.tar.gz``):

- ``database.sqlite3`` or ``database.dump`` (see :mod:`cchc.core.dbdump`);
- ``files/<root>/<path>``: every file under each registered root;
- ``manifest.json``, last: format version, engine, creation time, applied migrations, and for the dump and
  every file its path, size and SHA-256. ``cchc restore`` (:mod:`cchc.core.restore`) checks them all first.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cchc.core import dbdump

FORMAT = "cchc-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files"
CHUNK = 1024 * 1024

_ROOTS: dict[str, Callable[[], Path]] = {}


class BackupError(Exception):
    """A backup or restore refused or failed: one line per problem for stderr."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def register_file_root(name: str, folder: Callable[[], Path]) -> None:
    """Back up every file under ``folder()`` (read at backup and restore time) as ``files/<name>/...``."""
    _ROOTS[name] = folder


def file_roots() -> dict[str, Path]:
    return {name: Path(folder()) for name, folder in sorted(_ROOTS.items())}


def archive_mode(path: Path, action: str) -> str:
    """``w:gz``/``w`` (action ``w``) for a ``.tar.gz``/``.tgz`` or ``.tar`` name; BackupError otherwise."""
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return f"{action}:gz"
    if name.endswith(".tar"):
        return action
    raise BackupError([f"cchc: --output: {path}: the name must end in .tar.gz, .tgz or .tar"])


def default_name() -> str:
    return f"cchc-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


@dataclass
class Summary:
    path: Path
    engine: str
    files: int
    bytes: int


class _Hashing(io.RawIOBase):
    """A file read through once, into the archive, hashing what passes."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, source: Path, arcname: str) -> dict:
    info = tar.gettarinfo(str(source), arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as handle:
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    return {"path": arcname, "bytes": info.size, "sha256": reader.sha256.hexdigest()}


def _stored_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        found.extend(Path(folder) / name for name in names if (Path(folder) / name).is_file())
    return sorted(found)


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def create_backup(output: Path) -> Summary:
    """Write the archive to ``output`` (refused when it exists); written as ``output.partial`` and renamed at
    the end, so a failed backup never leaves a file under the final name."""
    mode = archive_mode(output, "w")
    if output.exists():
        raise BackupError([f"cchc: --output: {output}: already exists"])
    engine = dbdump.engine()
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(prefix="cchc-backup-") as work:
            dump = Path(work) / dbdump.DUMP_NAMES[engine]
            dbdump.dump(dump)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "engine": engine,
                "created_at": timezone.localtime().isoformat(timespec="seconds"),
                "migrations": _applied_migrations(),
                "roots": sorted(_ROOTS),
            }
            with tarfile.open(partial, mode, dereference=True) as tar:
                manifest["database"] = _add(tar, dump, dump.name)
                manifest["files"] = [
                    _add(tar, path, f"{FILES}/{name}/{path.relative_to(root).as_posix()}")
                    for name, root in file_roots().items()
                    for path in _stored_files(root)
                ]
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
        partial.rename(output)
    except dbdump.DumpError as exc:
        raise BackupError([f"cchc: backup: {exc}"]) from exc
    except OSError as exc:
        raise BackupError([f"cchc: {exc.filename or output}: {exc.strerror or exc}"]) from exc
    finally:
        partial.unlink(missing_ok=True)
    files = manifest["files"]
    return Summary(output, engine, len(files), sum(f["bytes"] for f in files) + manifest["database"]["bytes"])
