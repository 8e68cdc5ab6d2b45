"""XLSX: export, re-import without change, edit a cell in a spreadsheet, numeric code cells."""

from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from cchc.core.models import ChangeLog
from cchc.procedures.interchange import COLUMNS
from cchc.procedures.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(starter, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    call_command("export_procedures", "--output", "catalogue.xlsx")
    assert capsys.readouterr().out.strip() == "52 procedures written to catalogue.xlsx"
    return tmp_path / "catalogue.xlsx"


def _rows(path) -> dict[str, dict]:
    sheet = load_workbook(path).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    return {row[0]: dict(zip(header, row, strict=True)) for row in values[1:]}, header, sheet.title


def test_xlsx_export_has_the_catalogue_columns_with_text_codes_and_numeric_amounts(exported):
    rows, header, title = _rows(exported)
    assert (title, tuple(header)) == ("procedures", COLUMNS)
    assert len(rows) == 52
    row = rows["2.000720"]  # a code whose trailing zero a number cell would lose
    assert isinstance(row["code"], str)
    assert rows["2.000635"]["fee_vnd"] == 8000 and rows["2.000635"]["processing_days"] == 0
    assert rows["1.001193"]["fee_vnd"] is None and rows["1.001193"]["requires_result_document"] == 1
    assert "sotaydientuTTHC" in rows["1.001193"]["source"]


def test_reimporting_the_xlsx_export_changes_nothing(exported, run_import):
    logged = ChangeLog.objects.count()
    code, out, err = run_import("catalogue.xlsx")
    assert (code, err) == (0, [])
    assert "0 added, 0 updated, 0 new versions, 0 versions amended, 52 unchanged" in out
    assert ChangeLog.objects.count() == logged


def test_a_fee_edited_in_the_spreadsheet_becomes_a_new_version(exported, run_import):
    workbook = load_workbook(exported)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "2.000635":
            row[header.index("fee_vnd")].value = 9000
    workbook.save(exported)
    code, out, err = run_import("catalogue.xlsx", "--effective", "2026-07-01")
    assert (code, err) == (0, []) and "1 new versions" in out and "51 unchanged" in out
    procedure = Procedure.objects.get(code="2.000635")
    assert procedure.version_on(date(2026, 7, 1)).fee_vnd == 9000
    assert procedure.version_on(date(2026, 6, 30)).fee_vnd == 8000


def test_xlsx_problems_name_the_sheet_row(tmp_path, monkeypatch, run_import):
    monkeypatch.chdir(tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "processing_days", "cutoff_time"])
    sheet.append([2.00072, "Số mã bị Excel đổi thành số", 3, None])
    sheet.append([None, None, None, None])
    sheet.append(["1.000001", "Thời hạn âm", -2, None])
    workbook.save("bad.xlsx")
    code, _out, err = run_import("bad.xlsx")
    assert code == 1
    assert err == ["bad.xlsx:4: processing_days: must not be negative: '-2'"]


def test_numeric_xlsx_codes_keep_six_decimals_and_time_cells_read_as_hh_mm(tmp_path, monkeypatch, run_import):
    from datetime import time

    monkeypatch.chdir(tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "processing_days", "cutoff_time"])
    sheet.append([2.00072, "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, time(15, 0)])
    workbook.save("codes.xlsx")
    code, _out, err = run_import("codes.xlsx")
    assert (code, err) == (0, [])
    version = Procedure.objects.get(code="2.000720").versions.order_by("-id").first()
    assert version.cutoff_time == time(15, 0)


def test_a_file_that_is_not_a_workbook_is_rejected(tmp_path, monkeypatch, run_import):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fake.xlsx").write_text("code,name\n", encoding="utf-8")
    code, _out, err = run_import("fake.xlsx")
    assert code == 1 and err[0].startswith("cchc: fake.xlsx: not an XLSX workbook")
