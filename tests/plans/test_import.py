"""The task sheet: shipped template and sample, all-or-nothing import with FILE:LINE: column: reason,
re-import without duplicates, export that imports again unchanged."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.permissions import system_actor
from cchc.plans import services
from cchc.plans.importing import ImportRejected, import_tasks
from cchc.plans.models import Task
from cchc.plans.tasksheet import (
    COLUMN_NAMES,
    SAMPLE_PATH,
    TEMPLATE_PATH,
    build_workbook,
    read_sheet,
    workbook_bytes,
)
from tests.factories import PersonFactory
from tests.plans.conftest import d

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMN_NAMES)


@pytest.fixture
def people(ward_a):
    return {
        name: PersonFactory(unit=ward_a, full_name=name)
        for name in ["Lê Minh Tuấn", "Trương Thị Hồng", "Ngô Quốc Bảo", "Phạm Thị Lan", "Huỳnh Văn Phúc"]
    }


def write_csv(tmp_path, *lines, name="nhiem-vu.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _cells(path):
    book = load_workbook(path, read_only=True)
    return {
        sheet.title: [list(r) for r in sheet.iter_rows(values_only=True) if any(r)]
        for sheet in book.worksheets
    }


def test_shipped_template_is_what_the_code_generates():
    generated = load_workbook(BytesIO(workbook_bytes(build_workbook())), read_only=True)
    assert _cells(TEMPLATE_PATH) == {
        s.title: [list(r) for r in s.iter_rows(values_only=True) if any(r)] for s in generated.worksheets
    }
    assert _cells(TEMPLATE_PATH)["Nhiệm vụ"] == [list(COLUMN_NAMES)]
    assert ["3", "Cải cách thủ tục hành chính"] in _cells(TEMPLATE_PATH)["Lĩnh vực"]


def test_the_shipped_sample_imports_into_a_ward_plan(plan, people):
    rows, header = read_sheet(SAMPLE_PATH, SAMPLE_PATH.name)
    result = import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    assert (result.created, result.updated) == (6, 0)
    sub = Task.objects.get(plan=plan, number="3.1")
    assert (
        sub.parent.number == "3" and sub.owner == people["Huỳnh Văn Phúc"] and sub.deadline == d("2026-06-30")
    )
    digitise = Task.objects.get(plan=plan, number="4")
    assert digitise.weight == 3 and list(digitise.collaborators.all()) == [people["Lê Minh Tuấn"]]


def test_import_reports_every_problem_and_writes_nothing(tmp_path, plan, people):
    path = write_csv(
        tmp_path,
        "1,,Nhiệm vụ đúng,1,,Lê Minh Tuấn,,05/01/2026,15/01/2026,1,",
        "2,,,9,99999,Người Lạ,Ngô Quốc Bảo;Ai Đó,31/02/2026,2026-01-01,-1,",
        "2,5,Trùng số,3,,,,2026-03-01,2026-02-01,abc,",
    )
    rows, header = read_sheet(path, str(path))
    with pytest.raises(ImportRejected) as exc:
        import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    lines = [p.format("nhiem-vu.csv") for p in exc.value.problems]
    assert lines == [
        "nhiem-vu.csv:3: title: bắt buộc",
        "nhiem-vu.csv:3: area: không phải mã lĩnh vực 1–8: '9'",
        "nhiem-vu.csv:3: unit: không có đơn vị mã '99999'",
        "nhiem-vu.csv:3: owner: không tìm thấy người “Người Lạ” tại Phường Phan Thiết hoặc đơn vị trực thuộc",
        "nhiem-vu.csv:3: collaborators: không tìm thấy người “Ai Đó” tại Phường Phan Thiết "
        "hoặc đơn vị trực thuộc",
        "nhiem-vu.csv:3: start: không có ngày này: '31/02/2026'",
        "nhiem-vu.csv:3: weight: phải lớn hơn 0 và nhỏ hơn 10000: '-1'",
        "nhiem-vu.csv:4: number: số thứ tự 2 bị lặp lại trong tệp",
        "nhiem-vu.csv:4: parent: không có nhiệm vụ số 5 ở các dòng trên hoặc trong kế hoạch",
        "nhiem-vu.csv:4: deadline: hạn hoàn thành trước ngày bắt đầu",
        "nhiem-vu.csv:4: weight: không phải số: 'abc'",
    ]
    assert not Task.objects.exists()


def test_problems_found_while_writing_roll_back_the_rows_before(tmp_path, plan, ward_b):
    outsider = PersonFactory(unit=ward_b, full_name="Người Phường Khác")
    path = write_csv(
        tmp_path,
        "1,,Nhiệm vụ đúng,1,,,,,,,",
        f"2,,Giao cho đơn vị khác,1,{ward_b.code},,,,,,",
    )
    rows, header = read_sheet(path, str(path))
    with pytest.raises(ImportRejected) as exc:
        import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    assert [p.format("f") for p in exc.value.problems] == [
        "f:3: unit: Phường Hàm Thắng không thuộc Phường Phan Thiết"
    ]
    assert not Task.objects.exists()
    assert outsider.pk


def test_unknown_and_missing_columns_are_reported_on_line_1(tmp_path, plan):
    path = tmp_path / "sai.csv"
    path.write_text("number,titel,area\n1,Nhiệm vụ,1\n", encoding="utf-8")
    rows, header = read_sheet(path, str(path))
    assert [p.format("sai.csv") for p in header] == [
        "sai.csv:1: titel: cột không có trong mẫu",
        "sai.csv:1: title: thiếu cột bắt buộc",
    ]


def test_importing_the_same_file_again_changes_nothing_and_edits_update(tmp_path, plan, people):
    path = write_csv(
        tmp_path, "1,,Tuyên truyền,1,,Trương Thị Hồng,,,2026-06-30,1,", "1.1,1,Đăng tin,1,,,,,2026-03-31,,"
    )
    rows, header = read_sheet(path, str(path))
    first = import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    again = import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    assert (first.created, again.created, again.updated, again.unchanged) == (2, 0, 0, 2)
    task = Task.objects.get(plan=plan, number="1")
    services.task_complete(task=Task.objects.get(plan=plan, number="1.1"), actor=SYSTEM)
    edited = write_csv(tmp_path, "1,,Tuyên truyền CCHC,1,,Ngô Quốc Bảo,,,2026-07-31,2,", name="sua.csv")
    rows, header = read_sheet(edited, str(edited))
    result = import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    task.refresh_from_db()
    assert (result.updated, task.title, task.owner, task.deadline) == (
        1,
        "Tuyên truyền CCHC",
        people["Ngô Quốc Bảo"],
        d("2026-07-31"),
    )
    assert Task.objects.get(plan=plan, number="1.1").status == "done"  # status is never imported


def test_export_imports_again_unchanged(plan, people, tmp_path):
    rows, header = read_sheet(SAMPLE_PATH, SAMPLE_PATH.name)
    import_tasks(plan=plan, rows=rows, header_problems=header, actor=SYSTEM)
    target = tmp_path / "xuat.xlsx"
    call_command(
        "export_tasks", "--unit", "22945", "--year", "2026", "--output", str(target), stdout=StringIO()
    )
    exported = _cells(target)["Nhiệm vụ"]
    assert exported[0][-4:] == ["status", "progress", "overdue", "evidence"]
    assert exported[4][:4] == ["3.1", "3", "Rà soát nhóm thủ tục lĩnh vực hộ tịch", "3"]
    out = StringIO()
    call_command("import_tasks", str(target), "--unit", "22945", "--year", "2026", stdout=out)
    assert "6 rows, 0 created, 0 updated, 6 unchanged" in out.getvalue()


def test_export_to_stdout_is_csv(plan, people):
    services.task_create(
        plan=plan, number="1", title="Một", area="2", weight="1.5", deadline=d("2026-05-04"), actor=SYSTEM
    )
    out = StringIO()
    call_command("export_tasks", "--plan", str(plan.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == HEADER + ",status,progress,overdue,evidence"
    assert lines[1].startswith("1,,Một,2,22945,,,,2026-05-04,1.5,,not_started,0,")


def test_import_command_prints_problems_as_file_line_column_reason(tmp_path, plan, capsys):
    path = write_csv(tmp_path, "1,,,1,,,,,,,")
    with pytest.raises(SystemExit) as exc:
        call_command("import_tasks", str(path), "--unit", "22945", "--year", "2026")
    assert exc.value.code == 1
    assert capsys.readouterr().err == f"{path}:2: title: bắt buộc\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "00000", "--year", "2026"], "cchc: --unit: unknown unit 00000\n"),
        (["--unit", "22945", "--year", "2031"], "cchc: --year: unit 22945 has no PAR plan for 2031\n"),
        (["--unit", "22945"], "cchc: --unit: give --unit and --year, or --plan\n"),
    ],
)
def test_import_command_rejects_bad_options(tmp_path, plan, capsys, args, message):
    path = write_csv(tmp_path, "1,,Một,1,,,,,,,")
    with pytest.raises(SystemExit) as exc:
        call_command("import_tasks", str(path), *args)
    assert exc.value.code == 1 and capsys.readouterr().err == message


def test_web_import_shows_the_same_problem_lines(client, plan, leader, tmp_path):
    path = write_csv(tmp_path, "1,,,1,,,,,,,")
    client.force_login(leader)
    with path.open("rb") as handle:
        response = client.post(reverse("plans:plan-import", args=[plan.pk]), {"file": handle})
    assert "nhiem-vu.csv:2: title: bắt buộc" in response.content.decode()
    with SAMPLE_PATH.open("rb") as handle:
        response = client.post(reverse("plans:plan-import", args=[plan.pk]), {"file": handle})
    assert (
        response.status_code == 200 and "owner" in response.content.decode()
    )  # sample people are missing here
    assert not Task.objects.exists()


def test_template_download(client, leader):
    client.force_login(leader)
    response = client.get(reverse("plans:sheet-template"))
    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book["Nhiệm vụ"][1]] == list(COLUMN_NAMES)
