"""Where evidence files live: a private folder outside the web root (see :mod:`cchc.plans.conf`)."""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from cchc.plans import conf


@deconstructible
class EvidenceStorage(FileSystemStorage):
    """File-system storage rooted at ``CCHC_EVIDENCE_ROOT`` (read on every access); no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(conf.evidence_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public URL; use the evidence download view.")


def evidence_storage() -> EvidenceStorage:
    return EvidenceStorage()
