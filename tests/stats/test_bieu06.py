"""The Biểu 06 workbook written by ``cchc report dossiers --format xlsx``, re-opened and checked by cell."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.dossiers.importing import import_dossiers
from cchc.stats.bieu06 import FIRST_ROW, GROUP_PENDING, GROUP_RECEIVED, GROUP_RESOLVED

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(examples_dir, tmp_path):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    path = tmp_path / "bieu06.xlsx"
    out = StringIO()
    args = ["--unit", "68", "--subtree", "--from", "2025-01-01", "--to", "2025-03-31"]
    call_command("report_dossiers", *args, "--format", "xlsx", "--output", str(path), stdout=out)
    assert "report written to" in out.getvalue()
    expected = json.loads((examples_dir / "report-68-subtree-2025Q1.json").read_text(encoding="utf-8"))
    return load_workbook(path).active, expected


def _merged(sheet, coordinate: str) -> str:
    return next(str(r) for r in sheet.merged_cells.ranges if coordinate in r)


def test_title_unit_and_period(workbook):
    sheet, _ = workbook
    assert sheet.title == "Bieu06"
    assert sheet["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert "01/2020/TT-VPCP" in sheet["E1"].value
    assert sheet["A2"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A3"].value == "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/03/2025"
    assert sheet["A4"].value == "Đơn vị báo cáo: Lâm Đồng (68) và các đơn vị trực thuộc"
    assert sheet["A2"].font.name == "Times New Roman" and sheet["A2"].font.bold


def test_grouped_vietnamese_headers_and_sub_headers(workbook):
    sheet, _ = workbook
    assert (sheet["A7"].value, sheet["B7"].value) == ("STT", "Lĩnh vực giải quyết")
    assert sheet["C7"].value == GROUP_RECEIVED and _merged(sheet, "C7") == "C7:H7"
    assert sheet["I7"].value == GROUP_RESOLVED and _merged(sheet, "I7") == "I7:L7"
    assert sheet["M7"].value.startswith("Số hồ sơ rút") and _merged(sheet, "M7") == "M7:M9"
    assert sheet["N7"].value == GROUP_PENDING and _merged(sheet, "N7") == "N7:P7"
    assert [sheet.cell(8, c).value for c in (3, 4, 5)] == [
        "Tổng số",
        "Số kỳ trước chuyển qua",
        "Số mới tiếp nhận",
    ]
    assert [sheet.cell(9, c).value for c in range(5, 9)] == [
        "Tổng",
        "Trực tuyến",
        "Trực tiếp",
        "Dịch vụ bưu chính",
    ]
    assert [sheet.cell(8, c).value for c in range(9, 13)] == [
        "Tổng số",
        "Trả trước hạn",
        "Trả đúng thời hạn",
        "Trả quá hạn",
    ]
    assert [sheet.cell(8, c).value for c in range(14, 17)] == ["Tổng số", "Chưa đến hạn", "Quá hạn"]
    assert [sheet.cell(10, c).value for c in (1, 2, 16)] == ["(1)", "(2)", "(16)"]


def _figures(block):
    r, s, p = block["received"], block["resolved"], block["pending"]
    return [
        r["total"],
        r["carried_over"],
        r["new"],
        r["online"],
        r["direct"],
        r["postal"],
        s["total"],
        s["early"],
        s["on_time"],
        s["late"],
        block["withdrawn"],
        p["total"],
        p["within_deadline"],
        p["overdue"],
    ]


def test_one_row_per_field_in_vietnamese_order_then_the_totals(workbook):
    sheet, expected = workbook
    by_name = {r["field"] or "Chưa xác định lĩnh vực": r for r in expected["by_field"]}
    names = [sheet.cell(FIRST_ROW + n, 2).value for n in range(len(by_name))]
    assert set(names) == set(by_name)
    assert names.index("Đăng ký kinh doanh") < names.index("Đất đai") < names.index("Hộ tịch")
    assert names[-1] == "Chưa xác định lĩnh vực"
    for n, name in enumerate(names):
        row = FIRST_ROW + n
        assert sheet.cell(row, 1).value == n + 1
        assert [sheet.cell(row, c).value for c in range(3, 17)] == _figures(by_name[name])
    total_row = FIRST_ROW + len(names)
    assert sheet.cell(total_row, 2).value == "Tổng cộng" and sheet.cell(total_row, 2).font.bold
    assert [sheet.cell(total_row, c).value for c in range(3, 17)] == _figures(expected)


def test_rates_are_stored_as_fractions_with_a_percent_format(workbook):
    sheet, expected = workbook
    rows = {sheet.cell(r, 1).value: sheet.cell(r, 8) for r in range(FIRST_ROW, sheet.max_row + 1)}
    on_time = rows["Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn) / đã giải quyết"]
    assert on_time.value == expected["rates"]["on_time"] and on_time.number_format == "0.00%"
    assert (
        rows["Tỷ lệ thanh toán trực tuyến / hồ sơ có phí, lệ phí"].value == expected["rates"]["paid_online"]
    )


def test_prints_on_a4_landscape_with_repeated_headers(workbook):
    sheet, _ = workbook
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$7:$10"
    assert any(sheet.cell(r, 1).value == "NGƯỜI LẬP BIỂU" for r in range(1, sheet.max_row + 1))
