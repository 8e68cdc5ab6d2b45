"""``cchc import dossiers`` as formats/dossiers-csv.md says: values, rejection rules, idempotency."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cchc.core.models import Event
from cchc.dossiers.importing import Rejected, import_dossiers
from cchc.dossiers.models import Dossier, ImportBatch
from tests.dossier_files import row

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def problems_of(path, **kwargs):
    with pytest.raises(Rejected) as err:
        import_dossiers(path=path, **kwargs)
    return [(line, column) for line, column, _ in err.value.result.problems], err.value.result


def test_example_file_imports_all_twenty_rows(examples_dir):
    result = import_dossiers(path=examples_dir / "dossiers-example.csv")
    assert (result.rows, result.created, result.rejected_rows) == (20, 20, 0)
    d3 = Dossier.objects.get(code="EX-003")
    assert d3.received_at == datetime(2025, 1, 24, 14, 0, tzinfo=VN)  # Vietnamese date format
    assert d3.due_at == datetime(2025, 2, 5, 14, 0, tzinfo=VN)  # across Tết 2025
    assert d3.timeliness == "late"
    d2 = Dossier.objects.get(code="EX-002")
    assert d2.processing_days == Decimal("0.5") and d2.fee_vnd == 2000 and d2.timeliness == "early"
    d20 = Dossier.objects.get(code="EX-020")
    assert d20.channel == "online" and d20.paid_online is False and d20.digitized and d20.e_result
    assert d20.received_at == datetime(2025, 3, 5, 9, 0, tzinfo=VN)  # Z offset
    d13 = Dossier.objects.get(code="EX-013")
    assert d13.due_source == "imported" and d13.due_at == datetime(2025, 2, 28, 17, 0, tzinfo=VN)
    d14 = Dossier.objects.get(code="EX-014")
    assert d14.due_at == datetime(2025, 3, 10, 17, 0, tzinfo=VN)  # Saturday evening: clock starts Monday
    assert Dossier.objects.get(code="EX-019").field == ""
    from cchc.procedures.models import Procedure

    assert Procedure.objects.get(code="9.100001").name == "Xác nhận lý lịch"


def test_import_writes_one_batch_record_and_one_event_per_dossier(examples_dir):
    result = import_dossiers(path=examples_dir / "dossiers-example.csv", file_label="may.csv")
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.file_name, batch.rows, batch.created) == ("may.csv", 20, 20)
    assert len(batch.sha256) == 64
    assert Event.objects.filter(verb="imported", content_type__model="dossier").count() == 20


def test_reimporting_the_same_file_changes_nothing(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    before = list(Dossier.objects.order_by("code").values())
    again = import_dossiers(path=examples_dir / "dossiers-example.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    assert list(Dossier.objects.order_by("code").values()) == before


def test_importing_an_existing_code_replaces_values_and_keeps_history(write_csv):
    import_dossiers(path=write_csv(row(code="R-1", finished_at="2025-03-04T10:00", disliked="1")))
    dossier = Dossier.objects.get(code="R-1")
    result = import_dossiers(path=write_csv(row(code="R-1")))  # blank cells clear values
    assert result.updated == 1
    dossier.refresh_from_db()
    assert dossier.finished_at is None and dossier.disliked is False and dossier.status == "processing"
    verbs = list(
        Event.objects.filter(object_id=str(dossier.pk), content_type__model="dossier").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["imported", "import_updated"]


def test_bom_and_header_case_and_spaces_are_accepted(write_csv):
    from tests.dossier_files import HEADER

    header = ", ".join(c.upper() if i % 2 else c for i, c in enumerate(HEADER.split(",")))
    path = write_csv(row(code="B-1"), header=header, bom=True)
    assert import_dossiers(path=path).created == 1


def test_column_order_is_free(write_csv, tmp_path):
    path = tmp_path / "reordered.csv"
    path.write_text(
        "received_at,channel,code,unit_code,procedure_code,processing_days\n"
        '3/3/2025 9:00,trực tiếp,O-1,22933,1.001193,"0,5"\n',
        encoding="utf-8",
    )
    import_dossiers(path=path)
    dossier = Dossier.objects.get(code="O-1")
    assert dossier.due_at == datetime(2025, 3, 3, 14, 30, tzinfo=VN)
    assert dossier.field == dossier.procedure.field  # blank field takes the catalogue's


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("code,unit_code,procedure_code,channel,received_at,colour", "colour"),
        ("code,unit_code,procedure_code,channel", "received_at"),
    ],
)
def test_header_problems_are_reported_on_line_1(tmp_path, header, column):
    path = tmp_path / "bad.csv"
    path.write_text(header + "\n", encoding="utf-8")
    problems, _ = problems_of(path, skip_invalid=True)
    assert problems == [(1, column)]


REJECTIONS = [
    ({"code": ""}, "code"),
    ({"unit_code": ""}, "unit_code"),
    ({"procedure_code": ""}, "procedure_code"),
    ({"channel": ""}, "channel"),
    ({"received_at": ""}, "received_at"),
    ({"unit_code": "99999"}, "unit_code"),
    ({"procedure_code": "9.999999"}, "procedure_code"),
    (
        {"processing_days": "", "procedure_code": "9.999998", "procedure_name": "Thủ tục mới"},
        "processing_days",
    ),
    ({"received_at": "2025-02-30T09:00"}, "received_at"),
    ({"received_at": "hôm qua"}, "received_at"),
    ({"finished_at": "31/13/2025 9:00"}, "finished_at"),
    ({"processing_days": "một"}, "processing_days"),
    ({"fee_vnd": "năm mươi"}, "fee_vnd"),
    ({"paid_online": "maybe"}, "paid_online"),
    ({"channel": "fax"}, "channel"),
    ({"outcome": "lost", "finished_at": "2025-03-04T09:00"}, "outcome"),
    ({"processing_days": "-1"}, "processing_days"),
    ({"fee_vnd": "-5000"}, "fee_vnd"),
    ({"due_at": "2025-03-02T09:00"}, "due_at"),
    ({"finished_at": "2025-03-02T09:00"}, "finished_at"),
    ({"returned_at": "2025-03-02T09:00"}, "returned_at"),
    ({"stopped_at": "2025-03-02T09:00", "outcome": "refused"}, "stopped_at"),
    ({"supplement_requested_at": "2025-03-02T09:00"}, "supplement_requested_at"),
    ({"supplement_received_at": "2025-03-04T09:00"}, "supplement_received_at"),
    (
        {"supplement_requested_at": "2025-03-04T09:00", "supplement_received_at": "2025-03-03T10:00"},
        "supplement_received_at",
    ),
    ({"finished_at": "2025-03-05T09:00", "returned_at": "2025-03-04T09:00"}, "returned_at"),
    ({"outcome": "approved"}, "outcome"),
    ({"stopped_at": "2025-03-04T09:00", "outcome": "approved"}, "outcome"),
    ({"stopped_at": "2025-03-04T09:00"}, "outcome"),
    ({"supplement_requested_at": "2025-03-04T09:00", "supplement_count": "0"}, "supplement_count"),
    ({"supplement_count": "2"}, "supplement_count"),
    ({"supplement_count": "1,5"}, "supplement_count"),
]


@pytest.mark.parametrize(("values", "column"), REJECTIONS)
def test_each_rejection_rule_names_the_line_and_column(write_csv, values, column):
    path = write_csv(row(code="OK-1"), row(**{"code": "BAD-1", **values}))
    problems, _ = problems_of(path)
    assert (3, column) in problems
    assert all(line == 3 for line, _ in problems)
    assert not Dossier.objects.exists()  # a rejected file changes nothing


def test_duplicate_code_is_reported_on_the_second_occurrence(write_csv):
    problems, _ = problems_of(write_csv(row(code="D-1"), row(code="D-2"), row(code="D-1")))
    assert problems == [(4, "code")]


def test_physical_line_numbers_count_multiline_cells(write_csv):
    path = write_csv(row(code="M-1", procedure_name="Tên\nhai dòng"), row(code="M-2", channel="fax"))
    problems, _ = problems_of(path)
    assert problems == [(4, "channel")]


def test_rejected_file_leaves_existing_data_untouched(write_csv):
    import_dossiers(path=write_csv(row(code="K-1", disliked="1")))
    with pytest.raises(Rejected):
        import_dossiers(path=write_csv(row(code="K-1"), row(code="K-2", channel="fax")))
    assert Dossier.objects.get(code="K-1").disliked is True
    assert not Dossier.objects.filter(code="K-2").exists()


def test_skip_invalid_imports_valid_rows_and_writes_rejects_next_to_the_input(write_csv):
    path = write_csv(row(code="S-1"), row(code="S-2", channel="fax", unit_code="99999"), name="may.csv")
    result = import_dossiers(path=path, skip_invalid=True)
    assert (result.created, result.rejected_rows) == (1, 1)
    rejects = path.with_name("may.csv.rejected.csv")
    assert result.rejects_path == rejects
    import csv

    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [r["code"] for r in rows] == ["S-2"]
    assert rows[0]["reason"].startswith("unit_code: ") and "; channel: " in rows[0]["reason"]


def test_unknown_procedure_named_later_in_the_file_is_accepted(write_csv):
    path = write_csv(
        row(code="P-1", procedure_code="9.000001"),
        row(
            code="P-2",
            procedure_code="9.000001",
            procedure_name="Thủ tục A",
            field="Lĩnh vực A",
            processing_days="2",
        ),
        row(code="P-3", procedure_code="9.000001", procedure_name="Tên khác", processing_days="9"),
    )
    import_dossiers(path=path)
    from cchc.procedures.models import Procedure

    procedure = Procedure.objects.get(code="9.000001")
    assert procedure.name == "Thủ tục A"  # the first row that names it wins
    assert Dossier.objects.filter(procedure=procedure).count() == 3


def test_existing_catalogue_entry_is_never_changed_by_an_import(write_csv):
    from cchc.procedures.models import Procedure

    before = Procedure.objects.get(code="1.001193").name
    import_dossiers(path=write_csv(row(code="C-1", procedure_name="Tên khác hẳn", field="Khác")))
    assert Procedure.objects.get(code="1.001193").name == before
    assert Dossier.objects.get(code="C-1").field == "Khác"


def test_supplement_count_defaults_from_the_request(write_csv):
    import_dossiers(
        path=write_csv(
            row(
                code="SC-1",
                supplement_requested_at="2025-03-03T10:00",
                supplement_received_at="2025-03-04T10:00",
                finished_at="2025-03-05T10:00",
            ),
            row(code="SC-2"),
        )
    )
    assert Dossier.objects.get(code="SC-1").supplement_count == 1
    assert Dossier.objects.get(code="SC-2").supplement_count == 0


def test_outcome_defaults_to_approved_when_finished(write_csv):
    import_dossiers(path=write_csv(row(code="A-1", returned_at="2025-03-03T10:00")))
    dossier = Dossier.objects.get(code="A-1")
    assert dossier.outcome == "approved" and dossier.status == "returned" and dossier.end_at is not None


@pytest.mark.parametrize(("text", "expected"), [("50.000", 50000), ("50,000", 50000), ("1 250 000", 1250000)])
def test_fee_thousands_separators(write_csv, text, expected):
    import_dossiers(path=write_csv(row(code="F-1", fee_vnd=text)))
    assert Dossier.objects.get(code="F-1").fee_vnd == expected


def test_xlsx_input_with_numeric_codes_and_date_cells(tmp_path):
    from openpyxl import Workbook

    from tests.dossier_files import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    values = {c: None for c in COLUMNS}
    values.update(
        code=123,
        unit_code=68,
        procedure_code="1.001193",
        channel="Online",
        received_at=datetime(2025, 3, 3, 9, 0),
        processing_days=0.5,
        paid_online=True,
    )
    ws.append([values[c] for c in COLUMNS])
    values.update(code="X-2", unit_code=1)  # 1 → "01" (Hà Nội) after left-padding
    ws.append([values[c] for c in COLUMNS])
    path = tmp_path / "may.xlsx"
    wb.save(path)
    result = import_dossiers(path=path)
    assert result.created == 2
    dossier = Dossier.objects.get(code="123")
    assert dossier.receiving_unit.code == "68" and dossier.paid_online
    assert dossier.due_at == datetime(2025, 3, 3, 14, 30, tzinfo=VN)
    assert Dossier.objects.get(code="X-2").receiving_unit.code == "01"


def test_xlsx_problems_use_sheet_row_numbers(tmp_path):
    from openpyxl import Workbook

    from tests.dossier_files import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["X-1", "22933", "1.001193", "", "", 1, "direct", "2025-03-03T09:00"] + [None] * 13)
    ws.append([None] * 21)
    ws.append(["X-2", "22933", "1.001193", "", "", 1, "fax", "2025-03-03T09:00"] + [None] * 13)
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    problems, _ = problems_of(path)
    assert problems == [(4, "channel")]


# ---- the change log of an import (issue 13) -------------------------------------------------------------


def test_an_update_by_import_logs_before_and_after_of_each_changed_field_in_one_statement(write_csv):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.core.audit import acting_as
    from cchc.core.models import ChangeLog

    import_dossiers(path=write_csv(*(row(code=f"L-{i}") for i in range(30))))
    changed = write_csv(
        *(row(code=f"L-{i}", fee_vnd="1.000" if i < 20 else "") for i in range(30)), name="b.csv"
    )
    with acting_as(None, label="cli:tester"), CaptureQueriesContext(connection) as queries:
        result = import_dossiers(path=changed)
    assert (result.updated, result.unchanged) == (20, 10)
    inserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "core_changelog"')
    ]
    assert len(inserts) == 1  # the chunk's change-log rows in one statement, not one per dossier
    logs = ChangeLog.objects.filter(content_type__model="dossier", actor_label="cli:tester")
    assert logs.count() == 20 and {log.action for log in logs} == {"update"}
    first = logs.get(object_repr="L-0")
    assert first.before == {"fee_vnd": 0, "import_batch_id": first.before["import_batch_id"]}
    assert first.after == {"fee_vnd": 1000, "import_batch_id": result.batch_id}
    assert first.object_id == str(Dossier.objects.get(code="L-0").pk)


def test_the_command_line_moves_a_dossier_of_any_unit_and_records_the_transfer(write_csv, ward_a, ward_b):
    from cchc.core.audit import acting_as
    from cchc.core.models import ChangeLog

    import_dossiers(path=write_csv(row(code="M-1", unit_code=ward_a.code)))
    with acting_as(None, label="cli:root"):
        result = import_dossiers(path=write_csv(row(code="M-1", unit_code=ward_b.code), name="b.csv"))
    dossier = Dossier.objects.get(code="M-1")
    assert result.updated == 1 and dossier.receiving_unit == ward_b
    events = Event.objects.filter(content_type__model="dossier", object_id=str(dossier.pk))
    assert list(events.values_list("verb", flat=True)) == ["imported", "transferred", "import_updated"]
    transfer = events.get(verb="transferred")
    assert transfer.actor_label == "cli:root" and transfer.data["from"] == ward_a.code
    log = ChangeLog.objects.get(content_type__model="dossier", object_id=str(dossier.pk), action="update")
    assert (log.before["receiving_unit_id"], log.after["receiving_unit_id"]) == (ward_a.pk, ward_b.pk)
