"""The official form Biểu số II.06a/VPCP/KSTT written by ``cchc report dossiers --format xlsx``, re-opened
with openpyxl and checked cell by cell against the public worked example (``formats/examples``)."""

import json
import zipfile
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from cchc.core.permissions import system_actor
from cchc.dossiers.importing import import_dossiers
from cchc.org import services as org_services
from cchc.org.models import PositionCategory, Unit
from cchc.org.wording import long_date
from cchc.stats.bieu06 import (
    FIRST_ROW,
    NUMBERS_ROW,
    Row,
    Signature,
    build_workbook,
    period_name,
)

pytestmark = pytest.mark.django_db

Q1 = ["--from", "2025-01-01", "--to", "2025-03-31"]
#: Columns (3) … (13) of the total row, worked out by hand from report-22933-2025Q1.json: received 13 = online
#: 4 + direct 7 and postal 1 + carried over 1; resolved 9 + withdrawn 1 = 10 (early 3, on time 3 + 1
#: withdrawn, late 3); pending 3 (within 2, overdue 1).
TOTALS_22933 = [13, 4, 8, 1, 10, 3, 4, 3, 3, 2, 1]
#: The same for report-68-subtree-2025Q1.json.
TOTALS_68 = [18, 6, 10, 2, 14, 4, 6, 4, 4, 2, 2]


def write_form(tmp_path, *args) -> tuple:
    path = tmp_path / "ii06a.xlsx"
    out = StringIO()
    call_command("report_dossiers", *args, *Q1, "--format", "xlsx", "--output", str(path), stdout=out)
    assert out.getvalue().strip() == f"report written to {path}"
    return load_workbook(path), path


def expected(examples_dir, name: str) -> dict:
    return json.loads((examples_dir / name).read_text(encoding="utf-8"))


def thirteen(block: dict) -> list[int]:
    """Columns (3) … (13) from a contract block, as report-dossiers.md's table says."""
    r, s, p = block["received"], block["resolved"], block["pending"]
    return [
        r["total"],
        r["online"],
        r["direct"] + r["postal"],
        r["carried_over"],
        s["total"] + block["withdrawn"],
        s["early"],
        s["on_time"] + block["withdrawn"],
        s["late"],
        p["total"],
        p["within_deadline"],
        p["overdue"],
    ]


def table(sheet) -> list[list]:
    """Rows from the first figure row to the "Tổng số" row, columns (1) … (13)."""
    rows = []
    for r in range(FIRST_ROW, sheet.max_row + 1):
        rows.append([sheet.cell(r, c).value for c in range(1, 14)])
        if rows[-1][1] == "Tổng số":
            return rows
    raise AssertionError("no total row")


def assert_identities(row: list) -> None:
    c = dict(zip(range(1, 14), row, strict=True))
    assert c[3] == c[4] + c[5] + c[6] == c[7] + c[11], row
    assert c[7] == c[8] + c[9] + c[10] and c[11] == c[12] + c[13], row


def below_table(sheet, last_row: int) -> list[str]:
    return [
        str(cell.value)
        for row in sheet.iter_rows(min_row=last_row + 1)
        for cell in row
        if cell.value is not None
    ]


@pytest.fixture
def examples(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    return examples_dir


def test_the_form_of_a_ward_has_the_lines_above_the_table_in_the_contract_order(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    assert book.sheetnames == ["II.06a", "Chi tiết"]
    sheet = book["II.06a"]
    assert [sheet.cell(r, 1).value for r in range(1, 7)] == [
        "Biểu số II.06a/VPCP/KSTT",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI UBND PHƯỜNG HÀM THẮNG",
        "Đơn vị báo cáo: UBND phường Hàm Thắng",
        "Đơn vị nhận báo cáo: UBND tỉnh Lâm Đồng",
        "Kỳ báo cáo: Quý I năm 2025 (Từ ngày 01/01/2025 đến ngày 31/03/2025)",
        "Đơn vị tính: Số hồ sơ TTHC.",
    ]
    assert sheet["A2"].font.bold and sheet["A2"].alignment.horizontal == "center"


def test_three_header_levels_then_the_column_numbers_as_text(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["II.06a"]
    head = {sheet.cell(r, c).coordinate: sheet.cell(r, c).value for r in (8, 9, 10) for c in range(1, 14)}
    assert (head["A8"], head["B8"]) == ("TT", "Lĩnh vực giải quyết")
    assert (head["C8"], head["G8"], head["K8"]) == (
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    )
    assert [head[k] for k in ("C9", "D9", "F9")] == ["Tổng số", "Trong kỳ", "Từ kỳ trước"]
    assert [head[k] for k in ("D10", "E10")] == ["Trực tuyến", "Trực tiếp, dịch vụ bưu chính"]
    assert [head[f"{c}9"] for c in "GHIJ"] == ["Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]
    assert [head[f"{c}9"] for c in "KLM"] == ["Tổng số", "Trong hạn", "Quá hạn"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A8:A10", "B8:B10", "C8:F8", "G8:J8", "K8:M8", "C9:C10", "D9:E9", "F9:F10", "M9:M10"} <= merged
    numbers = [sheet.cell(NUMBERS_ROW, c) for c in range(1, 14)]
    assert [c.value for c in numbers] == [f"({n})" for n in range(1, 14)]
    assert {c.data_type for c in numbers} == {"s"} and sheet.cell(NUMBERS_ROW, 14).value is None


def test_one_row_per_field_in_vietnamese_order_and_the_13_totals(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["II.06a"]
    report = expected(examples, "report-22933-2025Q1.json")
    rows = table(sheet)
    by_field = {r["field"]: r for r in report["by_field"]}
    assert [r[1] for r in rows] == [
        "Chứng thực",
        "Đăng ký kinh doanh",
        "Đất đai",
        "Hộ tịch",
        "Xây dựng",
        "Tổng số",
    ]
    for number, row in enumerate(rows[:-1], start=1):
        assert row[0] == number and row[2:] == thirteen(by_field[row[1]])
    total = rows[-1]
    assert total[0] is None and total[2:] == TOTALS_22933 == thirteen(report)
    for row in rows:
        assert_identities(row)
    assert rows[0][8] == 1 + 0  # Chứng thực: EX-009, withdrawn, counted on time in column (9)


def test_figures_are_integers_in_number_cells_and_every_cell_is_times_new_roman(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["II.06a"]
    last = FIRST_ROW + len(table(sheet)) - 1
    for r in range(FIRST_ROW, last + 1):
        for c in range(3, 14):
            cell = sheet.cell(r, c)
            assert cell.data_type == "n" and type(cell.value) is int, cell.coordinate
    assert sheet.cell(last, 2).font.bold
    fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Times New Roman"}


def test_the_date_line_and_the_signature_block_below_the_table(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["II.06a"]
    last = FIRST_ROW + len(table(sheet)) - 1
    today = timezone.localdate()
    lines = below_table(sheet, last)
    assert lines[0] == f"Hàm Thắng, {long_date(today)}" and lines[0].startswith("Hàm Thắng, ngày ")
    assert lines[1:] == [
        "NGƯỜI LẬP BIỂU",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "(Ký, ghi rõ họ tên)",
        "(Ký, ghi rõ họ tên và đóng dấu)",
    ]  # no head recorded for the ward: the name is left blank


def test_the_signer_is_the_head_of_the_unit_not_a_deputy(examples, tmp_path):
    ward = Unit.objects.get(code="22933")
    start = date(2025, 1, 1)
    for title, name in (("Phó Chủ tịch UBND phường", "Lê Văn Phó"), ("Chủ tịch UBND phường", "Trần Thị Thủ")):
        position = org_services.position_create(
            unit=ward, title=title, category=PositionCategory.LEADER, quota=1
        )
        person = org_services.person_create(full_name=name, unit=ward, title=title)
        org_services.position_assign(position=position, person=person, start=start)
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["II.06a"]
    lines = below_table(sheet, FIRST_ROW + len(table(sheet)) - 1)
    assert lines[-1] == "Trần Thị Thủ" and "Lê Văn Phó" not in lines


def test_a_department_signs_as_head_of_unit_and_reports_to_its_parent(province):
    department = org_services.unit_create(
        code="68-STP", name="Sở Tư pháp tỉnh Lâm Đồng", kind="department", parent=province, division_type="sở"
    )
    sign = Signature.of(department, date(2025, 4, 5))
    assert (sign.sign_for, sign.title, sign.name, sign.place) == ("", "THỦ TRƯỞNG ĐƠN VỊ", "", "Lâm Đồng")
    report = {
        "unit": "68-STP",
        "subtree": False,
        "from": "2025-04-01",
        "to": "2025-04-05",
        **_zero_block(),
        "rates": dict.fromkeys(("on_time", "online", "digitized", "paid_online")),
        "by_field": [],
    }
    sheet = build_workbook(report, unit=department, rows=[], by_unit=False, sign=sign)["II.06a"]
    assert sheet["A2"].value.endswith("TẠI SỞ TƯ PHÁP TỈNH LÂM ĐỒNG")
    assert sheet["A4"].value == "Đơn vị nhận báo cáo: UBND tỉnh Lâm Đồng"
    assert sheet["A5"].value == "Kỳ báo cáo: Tùy chọn (Từ ngày 01/04/2025 đến ngày 05/04/2025)"
    assert [sheet.cell(FIRST_ROW, c).value for c in range(1, 14)] == [None, "Tổng số", *[0] * 11]


def _zero_block() -> dict:
    return {
        "received": dict.fromkeys(("total", "carried_over", "new", "online", "direct", "postal"), 0),
        "resolved": dict.fromkeys(("total", "early", "on_time", "late"), 0),
        "withdrawn": 0,
        "pending": dict.fromkeys(("total", "within_deadline", "overdue"), 0),
    }


def test_prints_on_a4_landscape_fitted_to_the_width_with_the_header_repeated(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["II.06a"].print_title_rows == "$8:$11"


def test_the_detail_sheet_keeps_postal_and_withdrawn_apart_and_the_rates(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "22933")
    sheet = book["Chi tiết"]
    report = expected(examples, "report-22933-2025Q1.json")
    assert sheet["H7"].value == "Dịch vụ bưu chính" and sheet["M5"].value == "Số hồ sơ rút (dừng giải quyết)"
    total = next(r for r in range(9, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng số")
    r, s, p = report["received"], report["resolved"], report["pending"]
    assert [sheet.cell(total, c).value for c in range(3, 17)] == [
        *(r["total"], r["carried_over"], r["new"], r["online"], r["direct"], r["postal"]),
        *(s["total"], s["early"], s["on_time"], s["late"], report["withdrawn"]),
        *(p["total"], p["within_deadline"], p["overdue"]),
    ]
    rates = {sheet.cell(row, 1).value: sheet.cell(row, 9) for row in range(total + 1, sheet.max_row + 1)}
    on_time = rates["Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn) / đã giải quyết"]
    assert on_time.value == report["rates"]["on_time"] and on_time.number_format == "0.00%"


def test_by_unit_lists_every_unit_below_the_province_with_its_whole_subtree(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "68", "--subtree", "--by", "unit")
    sheet = book["II.06a"]
    assert sheet["B8"].value == "Đơn vị"
    assert sheet["A2"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI TỈNH LÂM ĐỒNG"
    assert sheet["A3"].value == "Đơn vị báo cáo: UBND tỉnh Lâm Đồng"
    assert sheet["A4"].value == "Đơn vị nhận báo cáo:"  # a province: blank
    rows = table(sheet)
    children = Unit.objects.filter(parent__code="68", valid_to__isnull=True)
    assert len(rows) - 1 == children.count() and [r[0] for r in rows[:-1]] == list(range(1, len(rows)))
    named = {r[1]: r[2:] for r in rows[:-1]}
    assert named["Phường Hàm Thắng"] == thirteen(expected(examples, "report-22933-2025Q1.json"))
    assert named["Phường Bình Thuận"] == [5, 2, 2, 1, 4, 1, 2, 1, 1, 0, 1]  # 22960: 18 − 13 in the province
    assert sum(1 for figures in named.values() if any(figures)) == 2  # the others are listed with zeros
    assert rows[-1][2:] == TOTALS_68 == thirteen(expected(examples, "report-68-subtree-2025Q1.json"))
    assert [sum(r[c] for r in rows[:-1]) for c in range(2, 13)] == TOTALS_68
    for row in rows:
        assert_identities(row)
    assert book["Chi tiết"]["B5"].value == "Đơn vị"


def test_the_form_of_the_subtree_by_field_matches_the_subtree_json(examples, tmp_path):
    book, _ = write_form(tmp_path, "--unit", "68", "--subtree")
    rows = table(book["II.06a"])
    assert rows[0][1] == "Chưa xác định lĩnh vực"  # EX-019, field "": first, as on the page
    assert rows[-1][2:] == TOTALS_68


def test_text_cells_never_become_formulas(province, tmp_path):
    report = {"unit": "68", "subtree": True, "from": "2025-01-01", "to": "2025-01-31", **_zero_block()}
    report["rates"] = dict.fromkeys(("on_time", "online", "digitized", "paid_online"))
    names = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"]
    rows = [Row(name, {**_zero_block(), "field": name}) for name in names]
    sign = Signature.of(province, date(2025, 2, 3))
    path = tmp_path / "f.xlsx"
    build_workbook(report, unit=province, rows=rows, by_unit=False, sign=sign).save(path)
    with zipfile.ZipFile(path) as archive:
        assert not any(
            "<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    sheet = load_workbook(path)["II.06a"]
    assert [sheet.cell(FIRST_ROW + n, 2).value for n in range(4)] == names
    assert {sheet.cell(FIRST_ROW + n, 2).data_type for n in range(4)} == {"s"}


@pytest.mark.parametrize(
    ("date_from", "date_to", "name"),
    [
        (date(2025, 3, 1), date(2025, 3, 31), "Tháng 3 năm 2025"),
        (date(2025, 1, 1), date(2025, 3, 31), "Quý I năm 2025"),
        (date(2025, 10, 1), date(2025, 12, 31), "Quý IV năm 2025"),
        (date(2025, 1, 1), date(2025, 6, 30), "6 tháng đầu năm 2025"),
        (date(2025, 7, 1), date(2025, 12, 31), "6 tháng cuối năm 2025"),
        (date(2025, 1, 1), date(2025, 9, 30), "9 tháng năm 2025"),
        (date(2025, 1, 1), date(2025, 12, 31), "Năm 2025"),
        (date(2024, 12, 15), date(2025, 3, 14), "Quý I năm 2025"),  # Decree 09/2019 cut-off
        (date(2024, 12, 15), date(2025, 12, 14), "Năm 2025"),
        (date(2025, 3, 10), date(2025, 3, 10), "Ngày 10/03/2025"),
        (date(2025, 2, 1), date(2025, 3, 31), "Tùy chọn"),
        (date(2024, 11, 1), date(2025, 1, 31), "Tùy chọn"),
    ],
)
def test_period_names(date_from, date_to, name):
    assert period_name(date_from, date_to) == name


def test_the_head_holds_the_post_on_the_date_else_a_concurrent_holder_covers_it(ward_a, ward_b):
    post = org_services.position_create(
        unit=ward_a, title="Chủ tịch UBND phường", category=PositionCategory.LEADER, quota=1
    )
    former = org_services.person_create(full_name="Người Tiền Nhiệm", unit=ward_a)
    held = org_services.position_assign(position=post, person=former, start=date(2025, 1, 1))
    held.end = date(2025, 6, 30)  # the services record no end yet; the model has it
    held.save()
    cover = org_services.person_create(full_name="Người Kiêm Nhiệm", unit=ward_b)
    org_services.position_assign(position=post, person=cover, concurrent=True, start=date(2025, 7, 1))
    retired = org_services.person_create(full_name="Người Đã Nghỉ", unit=ward_a)
    org_services.position_assign(position=post, person=retired, start=date(2025, 9, 1))
    org_services.person_update(person=retired, active=False, actor=system_actor("test"))
    assert Signature.of(ward_a, date(2025, 3, 1)).name == "Người Tiền Nhiệm"
    assert Signature.of(ward_a, date(2025, 10, 1)).name == "Người Kiêm Nhiệm"
    assert Signature.of(ward_a, date(2024, 12, 31)).name == ""
