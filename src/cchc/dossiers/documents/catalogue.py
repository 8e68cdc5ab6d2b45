"""The one table of the one-stop forms: which set applies on a date, and each form's number and title.

Two sets (DOMAIN.md §4):

- Circular 01/2018/TT-VPCP (guiding Decree 61/2018/NĐ-CP) for dossiers received before 1/7/2025;
- Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP, in force from 1/7/2025) from that day. The
  numbering moves: 04 becomes the apology *and extension request*, 05 is the stop notice, the tracking sheet
  is 06 and the register 07.

A dossier's forms come from the set in force on its local receipt date (it keeps the rules of its receipt);
the register of a period from the set in force on the period's first day. ``key`` is the stable name used in
URLs and template file names; the number and title are what the printed form shows.
"""

from dataclasses import dataclass
from datetime import date

#: The first receipt date of the 2025 set (Decree 118/2025/NĐ-CP takes effect).
SET_2025_FROM = date(2025, 7, 1)

#: The forms the system fills, in the order they are listed on a dossier page.
DOSSIER_FORMS = ("receipt", "supplement", "refusal", "apology", "tracking")
REGISTER = "register"


@dataclass(frozen=True)
class FormSpec:
    key: str
    number: str  # "01" ...
    title: str  # as printed (upper case)
    short_title: str  # for links and file names
    symbol: str  # after the slash in "Số: 12/TNHS"; "" when the form has no number line


@dataclass(frozen=True)
class FormSet:
    code: str
    circular: str  # the legal basis printed under the form number
    decree: str
    desk: str  # the issuing desk in the header
    desk_text: str  # the same in running text
    forms: dict[str, FormSpec]

    def form(self, key: str) -> FormSpec:
        return self.forms[key]


def _forms(*specs: FormSpec) -> dict[str, FormSpec]:
    return {spec.key: spec for spec in specs}


SET_2018 = FormSet(
    code="2018",
    circular="Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
    decree="Nghị định số 61/2018/NĐ-CP",
    desk="BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
    desk_text="Bộ phận tiếp nhận và trả kết quả",
    forms=_forms(
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
        FormSpec(
            "apology",
            "04",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            "XL",
        ),
        FormSpec(
            "tracking",
            "05",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "",
        ),
        FormSpec("register", "06", "SỔ THEO DÕI HỒ SƠ", "Sổ theo dõi hồ sơ", ""),
    ),
)

SET_2025 = FormSet(
    code="2025",
    circular="Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ",
    decree="Nghị định số 118/2025/NĐ-CP",
    desk="BỘ PHẬN MỘT CỬA",
    desk_text="Bộ phận Một cửa",
    forms=_forms(
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
        FormSpec(
            "apology",
            "04",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            "XL",
        ),
        FormSpec(
            "tracking",
            "06",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "",
        ),
        FormSpec("register", "07", "SỔ THEO DÕI HỒ SƠ", "Sổ theo dõi hồ sơ", ""),
    ),
)

SETS = (SET_2018, SET_2025)


def form_set_on(day: date) -> FormSet:
    """The set of forms in force on ``day``."""
    return SET_2025 if day >= SET_2025_FROM else SET_2018
