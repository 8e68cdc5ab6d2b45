"""The one table of the one-stop forms: which set applies on a date, and each form's number and title.

Two sets (docs/documents.md cites the texts):

- Circular 01/2018/TT-VPCP (signed 23/11/2018, in force from 08/01/2019), guiding Decree 61/2018/NĐ-CP:
  01 receipt, 02 supplement request, 03 refusal, 04 apology and new date, 05 tracking sheet, 06 register;
- Circular 03/2025/TT-VPCP (signed 15/9/2025, in force from :data:`SET_2025_FROM`), guiding Decree
  118/2025/NĐ-CP: 04 becomes the apology *and extension request*, 05 is the stop notice, the tracking sheet
  is 06 and the register 07.

A form's legal basis is the set **in force on the document's date** (the instrument's date of effect, not of
signature): a receipt dated 04/08/2025 is form 01 of Circular 01/2018. The one-stop desk's name follows the
decree in force on that date (:func:`desk_on`): *Bộ phận Một cửa* from 1/7/2025 (Decree 118/2025/NĐ-CP).
``key`` is the stable name used in URLs and template file names; the number and title are what the printed
form shows; ``symbol`` the document type's abbreviation in *Số: 12/TNHS-UBND* (the issuing body's
abbreviation is added by the context).
"""

from dataclasses import dataclass
from datetime import date

#: Circular 01/2018/TT-VPCP takes effect (its forms apply to documents dated from this day).
SET_2018_FROM = date(2019, 1, 8)
#: Circular 03/2025/TT-VPCP takes effect (signed and in force on 15/9/2025; see docs/documents.md).
SET_2025_FROM = date(2025, 9, 15)
#: Decree 118/2025/NĐ-CP takes effect: the desk is called *Bộ phận Một cửa*.
DECREE_118_FROM = date(2025, 7, 1)

#: The forms the system fills, in the order they are listed on a dossier page.
DOSSIER_FORMS = ("receipt", "supplement", "refusal", "apology", "stop", "tracking")
REGISTER = "register"


@dataclass(frozen=True)
class FormSpec:
    key: str
    number: str  # "01" ...
    title: str  # as printed (upper case)
    short_title: str  # for links and file names
    symbol: str  # the document type in "Số: 12/TNHS-UBND"; "" when the form has no number line


@dataclass(frozen=True)
class FormSet:
    code: str
    circular: str  # the legal basis printed under the form number
    decree: str
    effective_from: date
    forms: dict[str, FormSpec]

    def form(self, key: str) -> FormSpec:
        return self.forms[key]

    def has(self, key: str) -> bool:
        return key in self.forms


@dataclass(frozen=True)
class Desk:
    header: str  # the issuing desk in the header
    text: str  # the same in running text


DESK_2018 = Desk("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Bộ phận tiếp nhận và trả kết quả")
DESK_2025 = Desk("BỘ PHẬN MỘT CỬA", "Bộ phận Một cửa")


def _forms(*specs: FormSpec) -> dict[str, FormSpec]:
    return {spec.key: spec for spec in specs}


_COMMON = (
    FormSpec(
        "receipt",
        "01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "TNHS",
    ),
    FormSpec(
        "supplement",
        "02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "YCBS",
    ),
    FormSpec(
        "refusal",
        "03",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "TC",
    ),
)
_TRACKING_TITLE = ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Phiếu kiểm soát quá trình giải quyết hồ sơ")

SET_2018 = FormSet(
    code="2018",
    circular="Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
    decree="Nghị định số 61/2018/NĐ-CP",
    effective_from=SET_2018_FROM,
    forms=_forms(
        *_COMMON,
        FormSpec(
            "apology",
            "04",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            "XL",
        ),
        FormSpec("tracking", "05", *_TRACKING_TITLE, ""),
        FormSpec("register", "06", "SỔ THEO DÕI HỒ SƠ", "Sổ theo dõi hồ sơ", ""),
    ),
)

SET_2025 = FormSet(
    code="2025",
    circular="Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ",
    decree="Nghị định số 118/2025/NĐ-CP",
    effective_from=SET_2025_FROM,
    forms=_forms(
        *_COMMON,
        FormSpec(
            "apology",
            "04",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            "XL",
        ),
        FormSpec("stop", "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Thông báo dừng giải quyết hồ sơ", "TB"),
        FormSpec("tracking", "06", *_TRACKING_TITLE, ""),
        FormSpec("register", "07", "SỔ THEO DÕI HỒ SƠ", "Sổ theo dõi hồ sơ", ""),
    ),
)

SETS = (SET_2018, SET_2025)


def form_set_on(day: date) -> FormSet:
    """The set of forms in force on ``day`` (by the circulars' dates of effect)."""
    return SET_2025 if day >= SET_2025_FROM else SET_2018


def desk_on(day: date) -> Desk:
    """The one-stop desk's name under the decree in force on ``day``."""
    return DESK_2025 if day >= DECREE_118_FROM else DESK_2018
