"""The 8 reform areas of a PAR plan (DOMAIN.md §7), a fixed list for now.

The PAR index issue links them to the areas of each framework; until then a task is tagged with one of
these codes ("1".."8").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformArea(models.TextChoices):
    DIRECTION = "1", _("Direction and management of PAR")  # Công tác chỉ đạo, điều hành CCHC
    LEGAL_DOCUMENTS = "2", _("Legal documents: drafting and implementation")  # văn bản QPPL
    PROCEDURES = "3", _("Administrative procedure reform")  # Cải cách thủ tục hành chính
    ORGANISATION = "4", _("Reform of the administrative apparatus")  # tổ chức bộ máy hành chính
    CIVIL_SERVICE = "5", _("Civil service reform")  # Cải cách chế độ công vụ
    PUBLIC_FINANCE = "6", _("Public finance reform")  # Cải cách tài chính công
    DIGITAL_GOVERNMENT = "7", _("E-government and digital government")  # Chính phủ điện tử, Chính phủ số
    IMPACT = "8", _("Impact of PAR on people, organisations and development")  # Tác động của CCHC


#: The names as the regulations write them, for documents that are Vietnamese whatever the reader's language.
VIETNAMESE_NAMES = {
    "1": "Công tác chỉ đạo, điều hành CCHC",
    "2": "Xây dựng và tổ chức thực hiện văn bản QPPL",
    "3": "Cải cách thủ tục hành chính",
    "4": "Cải cách tổ chức bộ máy hành chính",
    "5": "Cải cách chế độ công vụ",
    "6": "Cải cách tài chính công",
    "7": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    "8": "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
}


def area_label(code: str | None) -> str:
    """The area's name (translated), or "" for a blank code."""
    if not code:
        return ""
    try:
        return str(ReformArea(code).label)
    except ValueError:
        return code
