"""Recording why a dossier's due instant differs from the deadline rule (read by the consistency audit)."""

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.core.permissions import require
from cchc.dossiers.documents.formatting import nfc
from cchc.dossiers.services import service

MAX_REASON = 1000


@service
def due_reason_record(*, dossier, reason: str, actor):
    """Add a ``due_explained`` event with ``reason`` to the dossier's timeline (e.g. "hẹn theo Giấy tiếp nhận
    bản giấy số 12/TNHS", "gia hạn theo văn bản số ..."); the audit then no longer lists the difference.
    ``actor`` needs ``dossiers.dossier.explain_due``."""
    require(actor, "dossiers.dossier.explain_due", dossier)
    text = " ".join(nfc(reason).split())
    if not text:
        raise DomainError(
            "due_reason_missing", "Hãy nhập lý do hạn trả kết quả khác quy định.", field="reason"
        )
    if len(text) > MAX_REASON:
        raise DomainError(
            "due_reason_too_long", f"Lý do dài quá {MAX_REASON} ký tự ({len(text)}).", field="reason"
        )
    unit_code = (dossier.competent_unit or dossier.receiving_unit).code
    return record_event(dossier, "due_explained", text, unit_code=unit_code)
