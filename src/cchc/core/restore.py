"""``cchc restore FILE``: put back a ``cchc backup`` archive (:mod:`cchc.core.backup`), checked first.

1. Every member of the archive is read and its SHA-256 compared with the manifest; any difference, missing or
   unexpected member, a manifest of another engine or of a newer CCHC (a migration unknown here) refuses the
   restore with one line per problem, before anything is changed.
2. Without ``force`` the database must have no tables and every file folder must be empty or absent.
3. The files are written to a folder beside each file root (checked again while written), the database is
   replaced in one transaction (:func:`cchc.core.dbdump.load`), then each file root is swapped for its new
   folder: the files left are exactly those of the archive.
"""

import hashlib
import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.db.migrations.loader import MigrationLoader

from cchc.core import dbdump
from cchc.core.backup import CHUNK, FILES, FORMAT, MANIFEST, VERSION, BackupError, file_roots


@dataclass
class Restored:
    engine: str
    created_at: str
    files: int


def _members(tar: tarfile.TarFile):
    """(name, member) of every regular file, refusing links, devices and paths outside the archive."""
    for member in tar:
        name = PurePosixPath(member.name)
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupError([f"{tar.name}: {member.name}: not a plain file of a CCHC backup"])
        yield member.name, member


def _digest(tar: tarfile.TarFile, member: tarfile.TarInfo, write=None) -> str:
    sha256 = hashlib.sha256()
    handle = tar.extractfile(member)
    while chunk := handle.read(CHUNK):
        sha256.update(chunk)
        if write:
            write(chunk)
    return sha256.hexdigest()


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError([f"cchc: {archive}: no such file"])
    return tarfile.open(archive, "r:*")


def _unreadable(archive: Path, exc: Exception) -> BackupError:
    return BackupError([f"cchc: {archive}: not a readable backup archive ({exc})"])


def read_manifest(archive: Path) -> dict:
    """Read the whole archive once, check every checksum against the manifest; the manifest when all match."""
    digests, manifest = {}, None
    try:
        with _open(archive) as tar:
            for name, member in _members(tar):
                if name == MANIFEST:
                    manifest = json.loads(tar.extractfile(member).read())
                else:
                    digests[name] = (member.size, _digest(tar, member))
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise _unreadable(archive, exc) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError([f"{archive}: {MANIFEST}: missing: the archive is damaged or not a CCHC backup"])
    if manifest.get("version") != VERSION:
        raise BackupError(
            [f"{archive}: {MANIFEST}: format version {manifest.get('version')} is not {VERSION}"]
        )
    if not _well_formed(manifest):
        raise BackupError([f"{archive}: {MANIFEST}: unreadable: the archive is damaged or not a CCHC backup"])
    listed = [manifest["database"], *manifest["files"]]
    problems = []
    for entry in listed:
        found = digests.get(entry["path"])
        if found is None:
            problems.append(f"{archive}: {entry['path']}: missing from the archive")
        elif found != (entry["bytes"], entry["sha256"]):
            problems.append(f"{archive}: {entry['path']}: SHA-256 does not match the manifest (damaged)")
    known = {entry["path"] for entry in listed}
    problems.extend(f"{archive}: {name}: not in the manifest" for name in sorted(set(digests) - known))
    if problems:
        raise BackupError(problems)
    return manifest


def _well_formed(manifest: dict) -> bool:
    """The keys restore relies on, the dump under its own name and every file inside a listed folder."""
    entries = [manifest.get("database"), *(manifest.get("files") or [])]
    roots = manifest.get("roots")
    return (
        manifest.get("engine") in dbdump.DUMP_NAMES
        and isinstance(manifest.get("migrations"), list)
        and isinstance(roots, list)
        and all(isinstance(e, dict) and {"path", "bytes", "sha256"} <= set(e) for e in entries)
        and manifest["database"]["path"] == dbdump.DUMP_NAMES[manifest["engine"]]
        and all(
            len(PurePosixPath(e["path"]).parts) > 2
            and PurePosixPath(e["path"]).parts[:2] in {(FILES, r) for r in roots}
            for e in entries[1:]
        )
    )


def _check_target(archive: Path, manifest: dict, *, force: bool) -> dict[str, Path]:
    engine = dbdump.engine()
    problems = []
    if manifest["engine"] != engine:
        problems.append(
            f"{archive}: engine: the archive holds a {manifest['engine']} database, "
            f"this installation uses {engine}"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [m for m in manifest["migrations"] if tuple(m.split(".", 1)) not in known]
    if unknown:
        problems.append(
            f"{archive}: migrations: made by a newer CCHC ({unknown[0]} is unknown here): "
            "install that version first"
        )
    roots = file_roots()
    problems.extend(
        f"{archive}: {FILES}/{name}: no such file folder in this installation"
        for name in manifest["roots"]
        if name not in roots
    )
    if not force:
        if not dbdump.is_empty():
            problems.append(
                "cchc: database: not empty; restore into an empty database, or use --force to replace it"
            )
        problems.extend(
            f"cchc: {root}: not empty; use --force to replace its files"
            for root in roots.values()
            if root.is_dir() and any(root.iterdir())
        )
    if problems:
        raise BackupError(problems)
    return roots


def _staging(root: Path) -> Path:
    return root.parent / f".{root.name}.restoring"


def _extract(archive: Path, manifest: dict, roots: dict[str, Path], work: Path) -> Path:
    """Write the dump into ``work`` and the files into each root's staging folder, checking them again."""
    expected = {entry["path"]: entry["sha256"] for entry in [manifest["database"], *manifest["files"]]}
    for root in roots.values():
        shutil.rmtree(_staging(root), ignore_errors=True)
        _staging(root).mkdir(parents=True)
    dump = work / manifest["database"]["path"]
    with _open(archive) as tar:
        for name, member in _members(tar):
            if name == MANIFEST:
                continue
            if name == manifest["database"]["path"]:
                target = dump
            else:
                _files, root_name, *rest = PurePosixPath(name).parts
                target = _staging(roots[root_name]).joinpath(*rest)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                if _digest(tar, member, handle.write) != expected[name]:
                    raise BackupError([f"{archive}: {name}: changed while being restored"])
    return dump


def _swap(root: Path) -> None:
    replaced = root.parent / f".{root.name}.replaced"
    shutil.rmtree(replaced, ignore_errors=True)
    if root.exists():
        root.rename(replaced)
    _staging(root).rename(root)
    shutil.rmtree(replaced, ignore_errors=True)


def restore_backup(archive: Path, *, force: bool = False) -> Restored:
    manifest = read_manifest(archive)
    roots = _check_target(archive, manifest, force=force)
    try:
        with tempfile.TemporaryDirectory(prefix="cchc-restore-") as work:
            dbdump.load(_extract(archive, manifest, roots, Path(work)))
    except BaseException as exc:
        for root in roots.values():
            shutil.rmtree(_staging(root), ignore_errors=True)
        if isinstance(exc, tarfile.TarError | EOFError | zlib.error):
            raise _unreadable(archive, exc) from exc
        if isinstance(exc, dbdump.DumpError):
            raise BackupError([f"cchc: restore: {exc}; nothing was changed"]) from exc
        if isinstance(exc, OSError):
            raise BackupError([f"cchc: {exc.filename or archive}: {exc.strerror or exc}"]) from exc
        raise
    for root in roots.values():
        _swap(root)
    return Restored(manifest["engine"], manifest["created_at"], len(manifest["files"]))
