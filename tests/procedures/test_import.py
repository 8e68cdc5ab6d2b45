"""``cchc import procedures``: every rejection rule, all-or-nothing, idempotency and versions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.core.models import ChangeLog
from cchc.procedures.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db

HEADER = "code,name,field,processing_days,fee_vnd,online_level"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,name,colour\n1.000001,A,red\n", "p.csv:1: colour: unknown column (see docs/procedures.md)"),
        ("code,name,name\n1.000001,A,B\n", "p.csv:1: name: column appears twice"),
        ("code,field\n1.000001,Hộ tịch\n", "p.csv:1: name: required column missing"),
        ("code,name\n,Không mã\n", "p.csv:2: code: required value missing"),
        ("code,name\n1.000001,\n", "p.csv:2: name: required value missing"),
        ("code,name\nmã sai!,A\n", "p.csv:2: code: not a procedure code"),
        ("code,name\n1.000001,A\n1.000001,B\n", "p.csv:3: code: code appears twice (first on line 2)"),
        (
            "code,name,processing_days\n1.000001,A,-1\n",
            "p.csv:2: processing_days: must not be negative: '-1'",
        ),
        ("code,name,processing_days\n1.000001,A,ba\n", "p.csv:2: processing_days: not a number: 'ba'"),
        ('code,name,processing_days\n1.000001,A,"0,125"\n', "p.csv:2: processing_days: at most 2 decimal"),
        ("code,name,processing_days\n1.000001,A,100000\n", "p.csv:2: processing_days: too large"),
        ("code,name,processing_unit\n1.000001,A,weeks\n", "p.csv:2: processing_unit: not one of days, hours"),
        ("code,name,fee_vnd\n1.000001,A,-5000\n", "p.csv:2: fee_vnd: must not be negative"),
        ("code,name,fee_vnd\n1.000001,A,50k\n", "p.csv:2: fee_vnd: not a whole number of VND: '50k'"),
        (
            "code,name,online_level\n1.000001,A,full\n",
            "p.csv:2: online_level: not one of mot_phan, toan_trinh",
        ),
        ("code,name,level\n1.000001,A,planet\n", "p.csv:2: level: not one of central, commune"),
        ("code,name,cutoff_time\n1.000001,A,25:00\n", "p.csv:2: cutoff_time: not a time HH:MM (24-hour)"),
        (
            "code,name,requires_result_document\n1.000001,A,maybe\n",
            "p.csv:2: requires_result_document: not a boolean: 'maybe'",
        ),
        ('code,name,field\n1.000001,A,"' + "x" * 201 + '"\n', "p.csv:2: field: longer than 200 characters"),
        ("code,name\n1.000001,A,surplus\n", "p.csv:2: #3: a value beyond the last column of the header"),
    ],
)
def test_each_bad_input_is_rejected_with_file_line_and_column(run_import, csv_file, text, expected):
    code, out, err = run_import(csv_file(text))
    assert code == 1
    assert out == ""
    assert any(line.startswith(expected) for line in err), err
    assert not Procedure.objects.filter(code="1.000001").exists()


def test_a_rejected_file_writes_nothing_even_for_its_valid_rows(run_import, csv_file):
    logged = ChangeLog.objects.count()
    path = csv_file(f"{HEADER}\n1.000001,Hợp lệ,Hộ tịch,3,0,toan_trinh\n1.000002,Sai,Hộ tịch,-3,0,\n")
    code, _out, err = run_import(path)
    assert code == 1
    assert err == ["p.csv:3: processing_days: must not be negative: '-3'"]
    assert not Procedure.objects.filter(code__in=["1.000001", "1.000002"]).exists()
    assert ChangeLog.objects.count() == logged


def test_every_problem_of_the_file_is_reported_one_per_line(run_import, csv_file):
    path = csv_file("code,name,fee_vnd\n1.000001,,abc\n1.000001,B,1\n")
    _code, _out, err = run_import(path)
    assert err == [
        "p.csv:2: fee_vnd: not a whole number of VND: 'abc'",
        "p.csv:2: name: required value missing",
        "p.csv:3: code: code appears twice (first on line 2)",
    ]


def test_line_numbers_count_physical_lines_of_multi_line_cells(run_import, csv_file):
    path = csv_file('code,name,components\n1.000001,A,"Tờ khai\nGiấy tờ tùy thân\nẢnh"\n1.000002,B,x,extra\n')
    _code, _out, err = run_import(path)
    assert err == ["p.csv:5: #4: a value beyond the last column of the header"]


def test_unreadable_files_and_bad_options_are_reported_with_the_cchc_prefix(run_import, csv_file, tmp_path):
    code, _out, err = run_import(tmp_path / "missing.csv")
    assert code == 1 and err[0].startswith(f"cchc: {tmp_path / 'missing.csv'}: cannot open the file")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name\n1.000001,Thủ tục\n".encode("cp1258", errors="replace") + b"\xff\n")
    code, _out, err = run_import(latin)
    assert code == 1 and "not UTF-8 text" in err[0]
    code, _out, err = run_import(csv_file("code,name\n1.000001,A\n"), "--effective", "01/07/2025")
    assert code == 1
    assert err == ["cchc: --effective: not a date: '01/07/2025' (expected YYYY-MM-DD)"]
    assert not Procedure.objects.filter(code="1.000001").exists()


def test_a_missing_argument_is_a_usage_error():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):  # argparse; ``cchc`` turns it into exit status 2
        call_command("import_procedures")


def test_new_codes_are_added_with_values_accepting_vietnamese_spellings(run_import, csv_file):
    path = csv_file(
        "\ufeffCode , Name,Field,Level,Processing_days,Processing_unit,Fee_vnd,Online_level,Cutoff_time,"
        "requires_result_document,components\n"
        '1.000001,"  Thủ tục   thử ",Hộ tịch,cấp xã,"2,5",giờ,50.000,Toàn trình,15:00,không,'
        '"Tờ khai\n\n Ảnh "\n'
    )
    code, out, err = run_import(path)
    assert (code, err) == (0, [])
    assert "1 added" in out
    procedure = Procedure.objects.get(code="1.000001")
    assert (procedure.name, procedure.field, procedure.level) == ("Thủ tục thử", "Hộ tịch", "commune")
    version = procedure.versions.get()
    assert version.valid_from is None and version.valid_to is None
    assert version.processing_days == Decimal("2.5") and version.processing_unit == "hours"
    assert version.processing_time_in_days() == Decimal("0.3125")
    assert version.fee_vnd == 50000 and version.online_level == "toan_trinh"
    assert version.cutoff_time.strftime("%H:%M") == "15:00"
    assert version.requires_result_document is False
    assert version.component_list == ["Tờ khai", "Ảnh"]
    assert "p.csv, dòng 2" in procedure.source


def test_reimporting_an_export_changes_nothing(run_import, starter, tmp_path, capsys):
    from django.core.management import call_command

    exported = tmp_path / "catalogue.csv"
    call_command("export_procedures", "--output", str(exported))
    capsys.readouterr()
    logged = ChangeLog.objects.count()
    code, out, err = run_import(exported)
    assert (code, err) == (0, [])
    assert out.strip() == (
        "52 procedures: 0 added, 0 updated, 0 new versions, 0 versions amended, 52 unchanged"
    )
    assert ChangeLog.objects.count() == logged


def test_importing_the_same_changes_twice_changes_nothing_the_second_time(run_import, starter, csv_file):
    path = csv_file("code,name,fee_vnd\n2.000635,Cấp bản sao Trích lục hộ tịch,9000\n")
    assert "1 new versions" in run_import(path, "--effective", "2026-01-01")[1]
    logged = ChangeLog.objects.count()
    code, out, _err = run_import(path, "--effective", "2026-01-01")
    assert code == 0 and "1 unchanged" in out
    assert ChangeLog.objects.count() == logged


def test_a_changed_fee_makes_a_new_version_from_the_effective_date_and_closes_the_old(
    run_import, starter, csv_file
):
    path = csv_file(
        'code,name,fee_vnd\n2.000635,"Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",10.000\n'
    )
    code, out, err = run_import(path, "--effective", "2026-01-01")
    assert (code, err) == (0, [])
    assert "0 updated, 1 new versions" in out
    old, new = ProcedureVersion.objects.filter(procedure__code="2.000635").order_by("id")
    assert (old.valid_from, old.valid_to, old.fee_vnd) == (None, date(2025, 12, 31), 8000)
    assert (new.valid_from, new.valid_to, new.fee_vnd) == (date(2026, 1, 1), None, 10000)
    # columns the file leaves out are carried over from the old version
    assert new.processing_days == 0 and new.online_level == "toan_trinh"
    assert new.source == old.source and "sotaydientuTTHC" in new.source


def test_without_effective_a_new_version_starts_today(run_import, starter, csv_file):
    path = csv_file("code,name,processing_days\n1.004873,Thủ tục cấp Giấy xác nhận tình trạng hôn nhân,2\n")
    assert run_import(path)[0] == 0
    today = timezone.localdate()
    latest = ProcedureVersion.objects.filter(procedure__code="1.004873").order_by("-id").first()
    assert latest.valid_from == today and latest.processing_days == 2
    previous = ProcedureVersion.objects.filter(procedure__code="1.004873").order_by("id").first()
    assert previous.valid_to == today - timedelta(days=1)


def test_a_change_on_the_latest_versions_start_date_amends_it(run_import, starter, csv_file):
    first = csv_file("code,name,fee_vnd\n2.000635,Trích lục,10000\n", "a.csv")
    second = csv_file("code,name,fee_vnd\n2.000635,Trích lục,12000\n", "b.csv")
    run_import(first, "--effective", "2026-01-01")
    code, out, _err = run_import(second, "--effective", "2026-01-01")
    assert code == 0 and "1 versions amended" in out
    fees = list(
        ProcedureVersion.objects.filter(procedure__code="2.000635")
        .order_by("id")
        .values_list("fee_vnd", flat=True)
    )
    assert fees == [8000, 12000]


def test_an_effective_date_before_the_latest_version_is_rejected(run_import, starter, csv_file):
    run_import(
        csv_file("code,name,fee_vnd\n2.000635,Trích lục,10000\n", "a.csv"), "--effective", "2026-01-01"
    )
    code, _out, err = run_import(
        csv_file("code,name,fee_vnd\n2.000635,Trích lục,12000\n"), "--effective", "2025-06-01"
    )
    assert code == 1
    assert err == [
        "p.csv:2: code: the latest version of 2.000635 starts on 2026-01-01, "
        "after the effective date 2025-06-01"
    ]
    assert ProcedureVersion.objects.filter(procedure__code="2.000635").count() == 2


def test_a_changed_name_or_field_updates_the_procedure_without_a_new_version(run_import, starter, csv_file):
    path = csv_file("code,name,field\n1.001193,Đăng ký khai sinh,Hộ tịch - Tư pháp\n")
    code, out, _err = run_import(path)
    assert code == 0 and "1 updated, 0 new versions" in out
    procedure = Procedure.objects.get(code="1.001193")
    assert (procedure.name, procedure.field) == ("Đăng ký khai sinh", "Hộ tịch - Tư pháp")
    assert procedure.versions.count() == 1


def test_a_blank_cell_clears_the_value_in_a_new_version(run_import, starter, csv_file):
    path = csv_file('code,name,fee_vnd\n2.000635,"Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",\n')
    run_import(path, "--effective", "2026-02-01")
    procedure = Procedure.objects.get(code="2.000635")
    assert procedure.version_on(date(2026, 2, 1)).fee_vnd is None
    assert procedure.version_on(date(2026, 1, 31)).fee_vnd == 8000


def test_a_new_code_with_effective_has_no_version_before_that_date(run_import, csv_file):
    run_import(csv_file("code,name,processing_days\n1.000001,A,3\n"), "--effective", "2026-03-01")
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.version_on(date(2026, 2, 28)) is None
    assert procedure.version_on(date(2026, 3, 1)).processing_days == 3


def test_changes_are_in_the_change_log_and_the_timeline(run_import, starter, csv_file):
    from cchc.core.audit import acting_as
    from cchc.core.models import Event

    with acting_as(None, label="cli:tester"):
        run_import(csv_file("code,name,fee_vnd\n2.000635,Trích lục,10000\n"), "--effective", "2026-01-01")
    procedure = Procedure.objects.get(code="2.000635")
    new = procedure.versions.get(valid_from=date(2026, 1, 1))
    entry = ChangeLog.objects.get(content_type__model="procedureversion", object_id=str(new.pk))
    assert entry.action == "create" and entry.actor_label == "cli:tester"
    verbs = list(
        Event.objects.filter(object_id=str(procedure.pk), content_type__model="procedure").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["added", "updated", "version_added"]
