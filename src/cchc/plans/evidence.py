"""Checks on evidence uploads: size limit and allowed types (extension AND content), with clear messages.

Allowed: PDF, DOCX, XLSX, PNG, JPEG. The extension picks the expected type; the first bytes must match it
(``%PDF-``, the PNG and JPEG signatures) and a DOCX/XLSX must be a ZIP holding ``word/document.xml`` or
``xl/workbook.xml``. A renamed executable or a ZIP named ``.docx`` is refused.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from cchc.core.errors import DomainError
from cchc.plans import conf

ALLOWED_LABEL = "PDF, DOCX, XLSX, PNG, JPEG"


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: bytes = b""
    zip_member: str = ""


TYPES = {
    ".pdf": FileType("PDF", "application/pdf", magic=b"%PDF-"),
    ".docx": FileType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        magic=b"PK\x03\x04",
        zip_member="word/document.xml",
    ),
    ".xlsx": FileType(
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        magic=b"PK\x03\x04",
        zip_member="xl/workbook.xml",
    ),
    ".png": FileType("PNG", "image/png", magic=b"\x89PNG\r\n\x1a\n"),
    ".jpg": FileType("JPEG", "image/jpeg", magic=b"\xff\xd8\xff"),
    ".jpeg": FileType("JPEG", "image/jpeg", magic=b"\xff\xd8\xff"),
}


def _megabytes(size: int) -> str:
    """``20 MB``, ``20,5 MB`` (Vietnamese decimal comma)."""
    value = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} MB"


def check_upload(uploaded) -> FileType:
    """Validate an uploaded file (Django ``UploadedFile`` or any file object with ``name`` and ``size``).

    Returns its type; raises :class:`DomainError` (field ``file``) with a Vietnamese message naming the file.
    """
    name = PurePath(uploaded.name or "").name
    limit = conf.evidence_max_bytes()
    if not uploaded.size:
        raise DomainError("empty_file", f"Tệp “{name}” rỗng.", field="file")
    if uploaded.size > limit:
        raise DomainError(
            "file_too_large",
            f"Tệp “{name}” có dung lượng {_megabytes(uploaded.size)}, vượt quá giới hạn {_megabytes(limit)}.",
            field="file",
        )
    kind = TYPES.get(PurePath(name).suffix.lower())
    if kind is None:
        raise DomainError(
            "file_type",
            f"Tệp “{name}” không thuộc loại được phép. Chỉ nhận các tệp {ALLOWED_LABEL}.",
            field="file",
        )
    uploaded.seek(0)
    head = uploaded.read(len(kind.magic))
    uploaded.seek(0)
    valid = head == kind.magic
    if valid and kind.zip_member:
        try:
            with zipfile.ZipFile(uploaded) as archive:
                valid = kind.zip_member in archive.namelist()
        except zipfile.BadZipFile:
            valid = False
        uploaded.seek(0)
    if not valid:
        raise DomainError(
            "file_content",
            f"Nội dung tệp “{name}” không phải là tệp {kind.label} hợp lệ (không khớp với phần mở rộng).",
            field="file",
        )
    return kind


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in (
        uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(65536), b"")
    ):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def store(item, uploaded, *, save=None):
    """Check ``uploaded``, fill the file fields of an evidence row (``file``, ``original_name``,
    ``content_type``, ``size``, ``sha256``) and save it with ``save`` (default ``item.save``); the stored file
    is removed again when the row cannot be saved. Shared by every kind of evidence (tasks, PAR scores,
    inspection checklists)."""
    import unicodedata

    kind = check_upload(uploaded)
    name = PurePath(uploaded.name).name
    item.original_name = unicodedata.normalize("NFC", name).strip()[:255]
    item.content_type = kind.content_type
    item.size = uploaded.size
    item.sha256 = sha256_of(uploaded)
    item.file.save(name, uploaded, save=False)
    try:
        (save or item.save)()
    except Exception:
        item.file.delete(save=False)
        raise
    return item


#: Types a browser shows in place; any other file is downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def file_response(item):
    """The stored file of an evidence record (any ``EvidenceFile``) as a private response: shown in place when
    it is a PDF or an image, else downloaded; sandboxed unless it is a PDF (Chromium's PDF viewer does not run
    in a sandboxed page); never cached. Raises Http404 when the file is gone. The caller checks who may see
    it."""
    from django.http import FileResponse, Http404

    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=item.content_type not in INLINE_TYPES,
        filename=item.original_name,
        content_type=item.content_type,
    )
    if item.content_type != "application/pdf":
        response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
