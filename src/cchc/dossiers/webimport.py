"""The dossier import from the web (``/dossiers/import/``): upload, check, confirm, import.

The checks and the import are those of ``cchc import dossiers``
(:func:`cchc.dossiers.importing.import_dossiers`): the check is the same run with ``check_only`` (nothing
written), the import the real one, all or nothing unless the uploader chooses to skip the rejected rows. On
top of the contract, the import changes only what the uploader may change: every row's receiving unit must be
one the uploader may change dossiers of (a role other than read-only on it or above it), else the row is a
problem ``unit_code: not in your units``; a row whose code is already a dossier of a unit outside those is a
problem ``code: mã hồ sơ đã thuộc đơn vị khác`` (moving a dossier between two of the uploader's units is
allowed and recorded as a transfer); and only catalogue administrators
(:func:`cchc.procedures.selectors.can_change_catalogue`) may add a missing procedure to the nationwide
catalogue: for anyone else such a row is a problem on ``procedure_code``.

Small files (at most ``CCHC_IMPORT_INLINE_ROWS`` rows, estimated from the file) are checked and imported
during the request; larger ones by the background worker (``cchc worker``, tasks in
:mod:`cchc.dossiers.tasks`), while the page polls the number of rows done. That number is kept in a small file
beside the upload, not in the database, because the import holds its transaction until the end (another
connection could not see, and on SQLite could not even write, a progress row before then).

A check or import whose process died (the worker stopped, the machine restarted) wrote nothing: its
transaction is gone with it. It is seen as *interrupted* when its progress file has not moved for
``CCHC_IMPORT_STALL_MINUTES``: it is then marked failed, and its uploader may run it again
(:func:`web_import_retry`): the check again if it never finished, else the import of the checked file.

Settings (with defaults): ``CCHC_IMPORT_ROOT`` (``$CCHC_HOME/var/private/imports``: outside the web root,
files are only served to their uploader by the views), ``CCHC_IMPORT_MAX_BYTES`` (200 MB),
``CCHC_IMPORT_INLINE_ROWS`` (2000), ``CCHC_IMPORT_STALL_MINUTES`` (10; progress is written every 1,000 rows).
"""

import csv
import hashlib
import json
import logging
import os
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl.utils.exceptions import InvalidFileException

from cchc.core.audit import acting_as
from cchc.core.errors import DomainError
from cchc.core.scoping import READ_ONLY_ROLES, role_paths
from cchc.dossiers.importing import Rejected, import_dossiers
from cchc.dossiers.models import Dossier, WebImport, WebImportState
from cchc.org.models import Role, Unit
from cchc.procedures.selectors import can_change_catalogue

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_INLINE_ROWS = 2000
DEFAULT_STALL_MINUTES = 10
#: The error kept on an import found interrupted (shown to its uploader, with the offer to run it again).
INTERRUPTED = "interrupted"
#: The states in which a process is working on the file (an upload waiting for the worker is not).
WORKING_STATES = (WebImportState.CHECKING, WebImportState.RUNNING)
#: Problems kept on the import record (all of them are counted; the rejects file has every rejected row).
MAX_STORED_PROBLEMS = 1000
ACTIVE_STATES = (WebImportState.CHECKING, WebImportState.QUEUED, WebImportState.RUNNING)


def import_root() -> Path:
    configured = getattr(settings, "CCHC_IMPORT_ROOT", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "private" / "imports"


def max_upload_bytes() -> int:
    return int(getattr(settings, "CCHC_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def inline_rows() -> int:
    return int(getattr(settings, "CCHC_IMPORT_INLINE_ROWS", DEFAULT_INLINE_ROWS))


# ---- who may import what -----------------------------------------------------------------------------------


def _change_roles() -> frozenset[str]:
    allowed = getattr(Dossier, "scope_change_roles", None)
    return frozenset(allowed) if allowed is not None else frozenset(Role.values) - READ_ONLY_ROLES


def can_import(user) -> bool:
    """Whether ``user`` may change dossiers of at least one unit (so may use the import page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(role_paths(user, _change_roles()))


def importable_unit_ids(user) -> set[int] | None:
    """The receiving units whose dossiers ``user`` may import (None: any unit, for superusers)."""
    if user.is_superuser:
        return None
    paths = role_paths(user, _change_roles())
    if not paths:
        return set()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return set(Unit.objects.filter(condition).values_list("id", flat=True))


def imports_of(user):
    """The user's own uploads (nobody else sees them)."""
    return WebImport.objects.filter(user=user)


# ---- files -------------------------------------------------------------------------------------------------


def stored_path(web_import: WebImport) -> Path:
    return import_root() / web_import.stored_name


def rejects_path(web_import: WebImport) -> Path:
    path = stored_path(web_import)
    return path.with_name(path.name + ".rejected.csv")


def _progress_path(web_import: WebImport) -> Path:
    path = stored_path(web_import)
    return path.with_name(path.name + ".progress")


def _write_progress(web_import: WebImport, rows: int) -> None:
    target = _progress_path(web_import)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    os.replace(temporary, target)


def stall_after() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "CCHC_IMPORT_STALL_MINUTES", DEFAULT_STALL_MINUTES)))


def _last_progress(web_import: WebImport) -> datetime:
    """When the running check or import last wrote its progress (the upload time before it wrote any)."""
    try:
        moment = _progress_path(web_import).stat().st_mtime
    except OSError:
        return web_import.uploaded_at
    return datetime.fromtimestamp(moment, tz=timezone.get_current_timezone())


@transaction.atomic
def web_import_mark_interrupted(*, web_import: WebImport, now: datetime | None = None) -> WebImport:
    """Mark a check or import failed when its progress has not moved for :func:`stall_after` (its process
    died; its transaction, and so every write, died with it). Anything else is returned unchanged."""
    web_import = WebImport.objects.select_for_update().get(pk=web_import.pk)
    if web_import.state not in WORKING_STATES:
        return web_import
    if (now or timezone.now()) - _last_progress(web_import) < stall_after():
        return web_import
    web_import.state = WebImportState.FAILED
    web_import.error = INTERRUPTED
    web_import.finished_at = now or timezone.now()
    web_import.save(update_fields=["state", "error", "finished_at"])
    return web_import


def mark_interrupted(web_imports) -> list[WebImport]:
    """``web_imports`` with the stalled checks and imports among them marked failed (as they are now)."""
    return [
        web_import_mark_interrupted(web_import=item) if item.state in WORKING_STATES else item
        for item in web_imports
    ]


@transaction.atomic
def web_import_retry(*, web_import: WebImport) -> WebImport:
    """Make a failed check or import ready to run again: the check when it never finished, else the import
    of the checked file (as its uploader confirmed it). Raises DomainError for any other state."""
    web_import = WebImport.objects.select_for_update().get(pk=web_import.pk)
    if web_import.state != WebImportState.FAILED:
        raise DomainError("import_not_failed", "Chỉ có thể chạy lại một lần kiểm tra hoặc nhập đã thất bại.")
    if not stored_path(web_import).is_file():
        raise DomainError("import_file_missing", "Tệp đã tải lên không còn: hãy tải tệp lên lại.")
    web_import.state = WebImportState.QUEUED if web_import.preview else WebImportState.CHECKING
    web_import.error = ""
    web_import.finished_at = None
    web_import.task_id = ""
    web_import.save(update_fields=["state", "error", "finished_at", "task_id"])
    _write_progress(web_import, 0)
    return web_import


def start_retry(*, web_import: WebImport) -> WebImport:
    """Run a failed check or import again (now for small files, else by the worker)."""
    web_import = web_import_retry(web_import=web_import)
    if web_import.state == WebImportState.QUEUED:
        return start_import(web_import=web_import)
    return start_check(web_import=web_import)


def rows_done(web_import: WebImport) -> int:
    """Rows read so far by the running check or import (0 before it starts)."""
    try:
        return int(json.loads(_progress_path(web_import).read_text(encoding="utf-8"))["rows"])
    except (OSError, ValueError, KeyError):
        return 0


def estimate_rows(path: Path) -> int | None:
    """Data rows of a file, estimated cheaply (CSV: line breaks; XLSX: the sheet's dimension)."""
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True)
            try:
                rows = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(rows - 1, 0) if rows else None
        count, last = 0, b"\n"
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                count += block.count(b"\n")
                last = block[-1:]
        return max(count - (1 if last == b"\n" else 0), 0)
    except Exception:  # an unreadable file: the check reports it
        return None


# ---- the steps ---------------------------------------------------------------------------------------------


@transaction.atomic
def web_import_upload(*, user, upload) -> WebImport:
    """Store an uploaded file (``django.core.files.uploadedfile.UploadedFile``) and record it."""
    if not can_import(user):
        raise DomainError("import_not_allowed", "Bạn không có quyền nhập hồ sơ cho đơn vị nào.")
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    stored_name = f"{uuid.uuid4().hex}{suffix}"
    root = import_root()
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(root / stored_name, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    web_import = WebImport.objects.create(
        user=user,
        file_name=Path(upload.name).name[:300],
        stored_name=stored_name,
        size=size,
        sha256=digest.hexdigest(),
        rows_estimate=estimate_rows(root / stored_name),
    )
    return web_import


#: Without a row estimate (an unreadable file, an XLSX without dimensions) a file runs inline up to this size.
INLINE_BYTES_WITHOUT_ESTIMATE = 1024 * 1024


def runs_inline(web_import: WebImport) -> bool:
    if web_import.rows_estimate is None:
        return web_import.size <= INLINE_BYTES_WITHOUT_ESTIMATE
    return web_import.rows_estimate <= inline_rows()


def _unreadable(web_import: WebImport, exc: Exception) -> list[list]:
    logger.info("web import %s: unreadable file: %r", web_import.pk, exc)
    return [[1, "file", "cannot read the file: not a UTF-8 CSV file or an XLSX workbook"]]


_UNREADABLE = (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, InvalidFileException, KeyError, OSError)


def _store_problems(web_import: WebImport, problems) -> None:
    web_import.problem_count = len(problems)
    web_import.problems = [list(p) for p in problems[:MAX_STORED_PROBLEMS]]


def web_import_check(*, web_import: WebImport) -> WebImport:
    """Run every check of the import without writing (the preview); the record says what was found.

    Not one transaction: the record's state is committed before and after the check, which runs (and rolls
    back) its own.
    """
    _write_progress(web_import, 0)
    header_rejected = False
    try:
        result = import_dossiers(
            path=stored_path(web_import),
            skip_invalid=True,
            file_label=web_import.file_name,
            check_only=True,
            allowed_unit_ids=importable_unit_ids(web_import.user),
            may_add_procedures=can_change_catalogue(web_import.user),
            progress=lambda rows: _write_progress(web_import, rows),
        )
    except Rejected as exc:  # the header is wrong: no row was checked
        result, header_rejected = exc.result, True
    except _UNREADABLE as exc:
        _store_problems(web_import, _unreadable(web_import, exc))
        web_import.state = WebImportState.REJECTED
        web_import.finished_at = timezone.now()
        web_import.save()
        return web_import
    except Exception as exc:
        logger.exception("web import %s: the check failed", web_import.pk)
        web_import.state = WebImportState.FAILED
        web_import.error = f"{type(exc).__name__}: {exc}"[:2000]
        web_import.finished_at = timezone.now()
        web_import.save()
        return web_import
    web_import.rows = result.rows
    web_import.rejected_rows = result.rejected_rows
    _store_problems(web_import, result.problems)
    web_import.preview = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "new_procedures": result.new_procedures,
    }
    if header_rejected or result.rows == 0:
        web_import.state = WebImportState.REJECTED
        web_import.finished_at = timezone.now()
        if result.rows == 0 and not header_rejected:
            _store_problems(web_import, [(1, "file", "no data rows")])
    else:
        web_import.state = WebImportState.CHECKED
    web_import.save()
    return web_import


def start_check(*, web_import: WebImport) -> WebImport:
    """Check now (small files) or hand the check to the worker."""
    if runs_inline(web_import):
        return web_import_check(web_import=web_import)
    from cchc.dossiers.tasks import check_web_import

    result = check_web_import.enqueue(web_import.pk)
    web_import.task_id = str(result.id)
    web_import.save(update_fields=["task_id"])
    return web_import


@transaction.atomic
def web_import_confirm(*, web_import: WebImport, skip_invalid: bool) -> WebImport:
    """Accept a checked file for import; raises DomainError when it cannot be imported as asked."""
    web_import = WebImport.objects.select_for_update().get(pk=web_import.pk)
    if web_import.state != WebImportState.CHECKED:
        raise DomainError(
            "import_not_checked",
            "Tệp này không ở trạng thái chờ xác nhận (đã nhập, đang nhập hoặc bị từ chối).",
        )
    if web_import.problem_count and not skip_invalid:
        raise DomainError(
            "import_has_problems",
            f"Tệp có {web_import.problem_count} lỗi ở {web_import.rejected_rows} dòng: sửa tệp rồi tải lên "
            "lại, hoặc chọn chỉ nhập các dòng hợp lệ.",
            field="skip_invalid",
        )
    if web_import.rows - web_import.rejected_rows <= 0:
        raise DomainError("import_nothing_valid", "Không có dòng hợp lệ nào để nhập.")
    web_import.skip_invalid = skip_invalid
    web_import.state = WebImportState.QUEUED
    web_import.save()
    return web_import


def start_import(*, web_import: WebImport) -> WebImport:
    """Import now (small files) or hand the import to the worker."""
    if runs_inline(web_import):
        return web_import_run(web_import=web_import)
    from cchc.dossiers.tasks import run_web_import

    result = run_web_import.enqueue(web_import.pk)
    web_import.task_id = str(result.id)
    web_import.save(update_fields=["task_id"])
    return web_import


def web_import_run(*, web_import: WebImport) -> WebImport:
    """Import a confirmed file as its uploader (the change log and the import record name them).

    Not one transaction: the import is its own (all or nothing); the record's state is committed around it.
    """
    web_import = WebImport.objects.select_related("user").get(pk=web_import.pk)
    if web_import.state != WebImportState.QUEUED:
        return web_import  # already run (a task delivered twice)
    web_import.state = WebImportState.RUNNING
    web_import.save(update_fields=["state"])
    _write_progress(web_import, 0)
    try:
        with acting_as(web_import.user):
            result = import_dossiers(
                path=stored_path(web_import),
                skip_invalid=web_import.skip_invalid,
                file_label=web_import.file_name,
                allowed_unit_ids=importable_unit_ids(web_import.user),
                may_add_procedures=can_change_catalogue(web_import.user),
                progress=lambda rows: _write_progress(web_import, rows),
            )
    except Rejected as exc:  # the file or the uploader's roles changed since the check
        web_import.state = WebImportState.REJECTED
        web_import.rows, web_import.rejected_rows = exc.result.rows, exc.result.rejected_rows
        _store_problems(web_import, exc.result.problems)
    except Exception as exc:
        logger.exception("web import %s failed", web_import.pk)
        web_import.state = WebImportState.FAILED
        web_import.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        web_import.state = WebImportState.DONE
        web_import.rows, web_import.rejected_rows = result.rows, result.rejected_rows
        _store_problems(web_import, result.problems)
        web_import.batch_id = result.batch_id
        web_import.result = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected_rows,
            "new_procedures": result.new_procedures,
            "rejects_file": bool(result.rejects_path),
        }
    web_import.finished_at = timezone.now()
    web_import.save()
    return web_import


@transaction.atomic
def web_import_discard(*, web_import: WebImport) -> None:
    """Delete an upload that is not being checked or imported, with its files (the import record stays)."""
    web_import = WebImport.objects.select_for_update().get(pk=web_import.pk)
    if web_import.state in ACTIVE_STATES:
        raise DomainError("import_running", "Không thể xóa tệp đang được kiểm tra hoặc đang nhập.")
    for path in (stored_path(web_import), rejects_path(web_import), _progress_path(web_import)):
        path.unlink(missing_ok=True)
    web_import.delete()
