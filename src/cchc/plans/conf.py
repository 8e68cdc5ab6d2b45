"""Settings of the plans app, with their defaults (override them in the Django settings).

- ``CCHC_EVIDENCE_ROOT``: folder of the evidence files; default ``$CCHC_HOME/var/private/evidence``. It lies
  outside ``STATIC_ROOT`` and ``MEDIA_ROOT``: files are served only by the evidence view, which checks
  that the user may see the task.
- ``CCHC_EVIDENCE_MAX_BYTES``: largest accepted evidence file; default 20 MB (20 × 1024 × 1024 bytes).
- ``CCHC_REMIND_DAYS``: default of ``cchc remind --days`` (3 working days).
"""

from pathlib import Path

from django.conf import settings

DEFAULT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_REMIND_DAYS = 3


def evidence_root() -> Path:
    configured = getattr(settings, "CCHC_EVIDENCE_ROOT", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "private" / "evidence"


def evidence_max_bytes() -> int:
    return int(getattr(settings, "CCHC_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def remind_days() -> int:
    return int(getattr(settings, "CCHC_REMIND_DAYS", DEFAULT_REMIND_DAYS))
