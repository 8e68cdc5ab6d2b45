"""The dossier import from the web: upload, preview of the problems, confirm, background run, progress."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from cchc.core.models import ChangeLog, Event
from cchc.dossiers import webimport
from cchc.dossiers.importing import Rejected, import_dossiers
from cchc.dossiers.models import Dossier, ImportBatch, WebImport
from cchc.dossiers.tasks import check_web_import, run_web_import
from cchc.org.models import Role
from tests.dossier_files import HEADER, row
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_root(settings, tmp_path):
    settings.CCHC_IMPORT_ROOT = str(tmp_path / "private" / "imports")
    return Path(settings.CCHC_IMPORT_ROOT)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def upload(client, content: bytes, name="thang3.csv"):
    return client.post("/dossiers/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})


def latest() -> WebImport:
    return WebImport.objects.latest("pk")


@pytest.fixture
def officer(client, ward_b):
    user = user_with_role(ward_b, Role.ONESTOP_OFFICER)  # 22933 Phường Hàm Thắng, the default unit of row()
    client.force_login(user)
    return user


# ---- the check does what the command line does, without writing --------------------------------------------


def test_check_only_counts_what_the_import_would_do_and_writes_nothing(write_csv):
    path = write_csv(
        row(code="W-1"), row(code="W-2", procedure_code="9.555555", procedure_name="Thủ tục mới")
    )
    before = (
        Dossier.objects.count(),
        ImportBatch.objects.count(),
        Event.objects.count(),
        ChangeLog.objects.count(),
    )
    result = import_dossiers(path=path, check_only=True)
    assert (result.rows, result.created, result.updated, result.new_procedures) == (2, 2, 0, 1)
    assert result.batch_id is None and result.rejects_path is None
    after = (
        Dossier.objects.count(),
        ImportBatch.objects.count(),
        Event.objects.count(),
        ChangeLog.objects.count(),
    )
    assert after == before
    from cchc.procedures.models import Procedure

    assert not Procedure.objects.filter(code="9.555555").exists()


def test_check_only_reports_the_same_problems_as_the_import(write_csv):
    path = write_csv(row(code="W-1", channel="fax"), row(code="W-1"))
    with pytest.raises(Rejected) as real:
        import_dossiers(path=path)
    with pytest.raises(Rejected) as checked:
        import_dossiers(path=path, check_only=True)
    assert (
        checked.value.result.problems
        == real.value.result.problems
        == [
            (2, "channel", "not one of direct, online, postal: 'fax'"),
            (3, "code", "duplicate code 'W-1' (first on line 2)"),
        ]
    )


def test_check_only_of_a_reimport_counts_updates_and_unchanged(write_csv):
    import_dossiers(path=write_csv(row(code="W-1"), row(code="W-2")))
    path = write_csv(row(code="W-1"), row(code="W-2", fee_vnd="50.000"), row(code="W-3"), name="again.csv")
    result = import_dossiers(path=path, check_only=True)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert Dossier.objects.get(code="W-2").fee_vnd == 0


def test_rows_of_units_outside_the_allowed_ones_are_problems(write_csv, ward_a, ward_b):
    path = write_csv(row(code="W-1", unit_code=ward_b.code), row(code="W-2", unit_code=ward_a.code))
    with pytest.raises(Rejected) as err:
        import_dossiers(path=path, allowed_unit_ids={ward_b.pk})
    assert err.value.result.problems == [(3, "unit_code", "not in your units")]


def test_progress_is_reported_every_thousand_rows_and_at_the_end(write_csv):
    seen = []
    path = write_csv(*(row(code=f"P-{i}") for i in range(2500)))
    import_dossiers(path=path, check_only=True, progress=seen.append)
    assert seen == [1000, 2000, 2500]


# ---- the page: small files are checked and imported during the request -------------------------------------


def test_upload_of_a_valid_file_shows_the_counts_then_imports_on_confirmation(client, officer):
    response = upload(client, csv_bytes(row(code="WEB-1"), row(code="WEB-2")))
    item = latest()
    assert response.status_code == 302 and response["Location"] == f"/dossiers/import/{item.pk}/"
    assert item.state == "checked" and item.rows == 2 and item.preview["created"] == 2
    assert not Dossier.objects.filter(code__startswith="WEB-").exists()
    page = client.get(f"/dossiers/import/{item.pk}/")
    assert page.status_code == 200 and 'data-testid="confirm-form"' in page.content.decode()
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    item.refresh_from_db()
    assert item.state == "done" and item.result["created"] == 2 and item.batch is not None
    assert set(Dossier.objects.filter(code__startswith="WEB-").values_list("code", flat=True)) == {
        "WEB-1",
        "WEB-2",
    }
    assert item.batch.actor == officer and item.batch.file_name == "thang3.csv"
    assert ChangeLog.objects.filter(object_id=str(item.pk), content_type__model="webimport").exists()


def test_preview_lists_every_problem_with_line_column_and_reason(client, officer, ward_a):
    upload(
        client,
        csv_bytes(
            row(code="WEB-1"),
            row(code="WEB-2", received_at="31/02/2025 9:00"),
            row(code="WEB-3", unit_code=ward_a.code),
            row(code="WEB-4", unit_code="99999"),
        ),
    )
    item = latest()
    assert item.state == "checked" and (item.rows, item.rejected_rows, item.problem_count) == (4, 3, 3)
    assert item.problems == [
        [3, "received_at", "not an instant: '31/02/2025 9:00' (day is out of range for month)"],
        [4, "unit_code", "not in your units"],
        [5, "unit_code", "unknown unit '99999'"],
    ]
    body = client.get(f"/dossiers/import/{item.pk}/").content.decode()
    assert "not in your units" in body and "received_at" in body


def test_a_file_with_problems_is_not_imported_unless_the_valid_rows_are_chosen(client, officer, ward_a):
    upload(client, csv_bytes(row(code="WEB-1"), row(code="WEB-2", unit_code=ward_a.code)))
    item = latest()
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    item.refresh_from_db()
    assert item.state == "checked" and not Dossier.objects.filter(code__startswith="WEB-").exists()
    client.post(f"/dossiers/import/{item.pk}/confirm/", {"skip_invalid": "on"})
    item.refresh_from_db()
    assert item.state == "done" and item.result["created"] == 1 and item.result["rejected"] == 1
    assert list(Dossier.objects.filter(code__startswith="WEB-").values_list("code", flat=True)) == ["WEB-1"]
    rejects = client.get(f"/dossiers/import/{item.pk}/rejected.csv")
    text = b"".join(rejects.streaming_content).decode("utf-8")
    assert rejects["Content-Disposition"].startswith('attachment; filename="thang3.csv.rejected.csv"')
    assert text.splitlines()[1].startswith("WEB-2,") and text.splitlines()[1].endswith(
        "unit_code: not in your units"
    )


def test_confirming_twice_imports_once(client, officer):
    upload(client, csv_bytes(row(code="WEB-1")))
    item = latest()
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    assert ImportBatch.objects.filter(file_name="thang3.csv").count() == 1


def test_a_wrong_header_is_rejected_at_once(client, officer):
    upload(client, b"code,unit,procedure_code\nX,22933,1.001193\n")
    item = latest()
    assert item.state == "rejected" and item.problems == [
        [1, "unit", "unknown column"],
        [1, "unit_code", "required column missing"],
        [1, "channel", "required column missing"],
        [1, "received_at", "required column missing"],
    ]
    assert 'data-testid="confirm-form"' not in client.get(f"/dossiers/import/{item.pk}/").content.decode()


def test_a_file_that_is_not_utf8_or_xlsx_is_rejected_with_a_clear_problem(client, officer):
    upload(client, csv_bytes(row(code="WEB-1", field="Hộ tịch")).decode().encode("utf-16"))
    assert latest().problems == [
        [1, "file", "cannot read the file: not a UTF-8 CSV file or an XLSX workbook"]
    ]
    upload(client, b"PK\x03\x04 not really a workbook", name="bad.xlsx")
    assert latest().state == "rejected" and latest().problems[0][1] == "file"


def test_xlsx_upload_is_checked_like_csv(client, officer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(row(code="XL-1").split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, buffer.getvalue(), name="thang3.xlsx")
    item = latest()
    assert item.state == "checked" and item.rows == 1 and item.stored_name.endswith(".xlsx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Only .csv and .xlsx files can be imported."),
        ("empty.csv", b"", "The submitted file is empty."),
    ],
)
def test_upload_form_refuses_other_files(client, officer, name, content, message):
    response = client.post("/dossiers/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and not WebImport.objects.exists()
    from django.utils import translation

    with translation.override("en"):
        assert message in [str(e) for e in response.context["form"].errors["file"]]


def test_upload_larger_than_the_limit_is_refused(client, officer, settings):
    settings.CCHC_IMPORT_MAX_BYTES = 100
    response = upload(client, csv_bytes(row(code="WEB-1"), row(code="WEB-2")))
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not WebImport.objects.exists()


def test_uploads_are_stored_outside_the_web_root_and_seen_only_by_their_uploader(
    client, officer, import_root, settings, ward_b
):
    upload(client, csv_bytes(row(code="WEB-1")))
    item = latest()
    stored = import_root / item.stored_name
    assert stored.is_file() and not str(stored).startswith(str(settings.MEDIA_ROOT))
    other = user_with_role(ward_b, Role.ONESTOP_OFFICER)
    client.force_login(other)
    assert client.get(f"/dossiers/import/{item.pk}/").status_code == 404
    assert client.post(f"/dossiers/import/{item.pk}/confirm/").status_code == 404
    assert client.post(f"/dossiers/import/{item.pk}/discard/").status_code == 404


def test_viewers_cannot_import(client, ward_b):
    client.force_login(user_with_role(ward_b, Role.VIEWER))
    assert client.get("/dossiers/import/").status_code == 403
    assert upload(client, csv_bytes(row(code="WEB-1"))).status_code == 403


def test_discard_deletes_the_stored_file(client, officer, import_root):
    upload(client, csv_bytes(row(code="WEB-1")))
    item = latest()
    client.post(f"/dossiers/import/{item.pk}/discard/")
    assert not WebImport.objects.filter(pk=item.pk).exists()
    assert not (import_root / item.stored_name).exists()


# ---- large files go to the background worker ---------------------------------------------------------------


def test_large_file_is_checked_and_imported_by_the_worker_with_progress(client, officer, settings):
    settings.CCHC_IMPORT_INLINE_ROWS = 10
    upload(client, csv_bytes(*(row(code=f"BIG-{i}") for i in range(1500))))
    item = latest()
    assert item.state == "checking" and item.rows_estimate == 1500
    task = DBTaskResult.objects.get(id=item.task_id)
    assert task.task_path == "cchc.dossiers.tasks.check_web_import" and task.args_kwargs["args"] == [item.pk]
    status = client.get(f"/dossiers/import/{item.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in status and "0 / 1.500" in status

    assert check_web_import.call(item.pk) == "checked"  # what the worker runs
    item.refresh_from_db()
    assert item.preview["created"] == 1500 and webimport.rows_done(item) == 1500
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    item.refresh_from_db()
    assert item.state == "queued" and DBTaskResult.objects.get(id=item.task_id).task_path.endswith(
        "run_web_import"
    )
    assert not Dossier.objects.filter(code__startswith="BIG-").exists()

    assert run_web_import.call(item.pk) == "done"
    item.refresh_from_db()
    assert item.result["created"] == 1500 and Dossier.objects.filter(code__startswith="BIG-").count() == 1500
    finished = client.get(f"/dossiers/import/{item.pk}/status/", HTTP_HX_REQUEST="true")
    assert finished["HX-Redirect"] == f"/dossiers/import/{item.pk}/"
    assert run_web_import.call(item.pk) == "done"  # delivered twice: nothing more
    assert ImportBatch.objects.filter(file_name="thang3.csv").count() == 1


def test_roles_removed_between_check_and_import_reject_the_rows(client, officer, settings, ward_b):
    settings.CCHC_IMPORT_INLINE_ROWS = 0
    upload(client, csv_bytes(row(code="WEB-1")))
    item = latest()
    check_web_import.call(item.pk)
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    officer.role_assignments.all().delete()
    assert run_web_import.call(item.pk) == "rejected"
    item.refresh_from_db()
    assert item.problems == [[2, "unit_code", "not in your units"]]
    assert not Dossier.objects.filter(code="WEB-1").exists()


# ---- a check or import whose process died ---------------------------------------------------------------


def _stall(item, minutes: float) -> None:
    """Make the item's progress file look last written ``minutes`` ago (as if its process had died then)."""
    import os
    import time

    moment = time.time() - minutes * 60
    os.utime(webimport._progress_path(item), (moment, moment))


def _died_while_importing(client, settings):
    """A checked, confirmed import whose worker stopped after it started (state running, nothing written)."""
    settings.CCHC_IMPORT_INLINE_ROWS = 0
    upload(client, csv_bytes(row(code="CUT-1"), row(code="CUT-2")))
    item = latest()
    check_web_import.call(item.pk)
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    WebImport.objects.filter(pk=item.pk).update(state="running")  # the worker took it, then died
    item.refresh_from_db()
    webimport._write_progress(item, 1000)
    return item


def test_an_import_whose_worker_died_is_shown_interrupted_and_runs_again(client, officer, settings):
    item = _died_while_importing(client, settings)
    _stall(item, webimport.DEFAULT_STALL_MINUTES + 1)
    page = client.get(f"/dossiers/import/{item.pk}/").content.decode()
    item.refresh_from_db()
    assert item.state == "failed" and item.error == webimport.INTERRUPTED and item.finished_at is not None
    assert 'data-testid="interrupted"' in page and 'data-testid="retry-form"' in page
    assert "Chạy lại việc nhập" in page
    assert not Dossier.objects.filter(code__startswith="CUT-").exists()

    client.post(f"/dossiers/import/{item.pk}/retry/")
    item.refresh_from_db()
    assert item.state == "queued" and item.error == "" and item.finished_at is None
    assert webimport.rows_done(item) == 0
    assert run_web_import.call(item.pk) == "done"  # the worker, started again, takes it
    item.refresh_from_db()
    assert item.result["created"] == 2 and Dossier.objects.filter(code__startswith="CUT-").count() == 2


def test_a_running_import_that_still_moves_is_left_alone(client, officer, settings):
    item = _died_while_importing(client, settings)
    _stall(item, webimport.DEFAULT_STALL_MINUTES - 1)
    status = client.get(f"/dossiers/import/{item.pk}/status/").content.decode()
    item.refresh_from_db()
    assert item.state == "running" and 'hx-trigger="every 1s"' in status
    response = client.post(f"/dossiers/import/{item.pk}/retry/", follow=True)
    item.refresh_from_db()
    assert item.state == "running" and "Chỉ có thể chạy lại" in response.content.decode()


def test_the_stall_time_is_a_setting_and_the_upload_list_marks_stalled_items(client, officer, settings):
    item = _died_while_importing(client, settings)
    settings.CCHC_IMPORT_STALL_MINUTES = 2
    _stall(item, 3)
    client.get("/dossiers/import/")
    item.refresh_from_db()
    assert item.state == "failed" and item.error == webimport.INTERRUPTED


def test_a_check_that_died_runs_the_check_again(client, officer, settings):
    settings.CCHC_IMPORT_INLINE_ROWS = 0
    upload(client, csv_bytes(row(code="CUT-1")))
    item = latest()
    assert item.state == "checking"
    webimport._write_progress(item, 0)
    _stall(item, 60)
    client.get(f"/dossiers/import/{item.pk}/status/")
    item.refresh_from_db()
    assert item.state == "failed" and not item.preview
    page = client.get(f"/dossiers/import/{item.pk}/").content.decode()
    assert "Chạy lại việc kiểm tra" in page
    client.post(f"/dossiers/import/{item.pk}/retry/")
    item.refresh_from_db()
    assert item.state == "checking"
    assert check_web_import.call(item.pk) == "checked" and not Dossier.objects.filter(code="CUT-1").exists()


def test_a_retry_needs_the_uploaded_file(client, officer, settings):
    item = _died_while_importing(client, settings)
    _stall(item, 60)
    client.get(f"/dossiers/import/{item.pk}/")
    webimport.stored_path(item).unlink()
    response = client.post(f"/dossiers/import/{item.pk}/retry/", follow=True)
    item.refresh_from_db()
    assert item.state == "failed" and "không còn" in response.content.decode()


# ---- an import changes only what its uploader may change (issue 13) ------------------------------------


def _returned_dossier_of(unit, code: str) -> Dossier:
    """A dossier of ``unit`` imported by the command line, returned to its applicant, with desk data."""
    import_dossiers(
        path=_file(
            row(
                code=code,
                unit_code=unit.code,
                finished_at="2025-03-03T15:00",
                returned_at="2025-03-04T08:00",
            )
        )
    )
    Dossier.objects.filter(code=code).update(applicant_name="Trần Thị Bích", applicant_phone="0912345678")
    return Dossier.objects.get(code=code)


def _file(*lines: str) -> Path:
    import tempfile

    handle = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)  # noqa: SIM115 (closed below)
    with handle:
        handle.write(csv_bytes(*lines))
    return Path(handle.name)


def _state(dossier: Dossier) -> dict:
    return Dossier.objects.filter(pk=dossier.pk).values().get()


def test_a_row_with_the_code_of_another_units_dossier_is_rejected_and_changes_nothing(
    client, officer, ward_a, ward_b
):
    dossier = _returned_dossier_of(ward_a, "HT-0001")
    history = ChangeLog.objects.filter(content_type__model="dossier", object_id=str(dossier.pk))
    before, logged, events = _state(dossier), history.count(), Event.objects.filter(object_id=str(dossier.pk))
    timeline = list(events.values_list("verb", flat=True))
    upload(client, csv_bytes(row(code="HT-0001", unit_code=ward_b.code), row(code="WEB-1")))
    item = latest()
    assert item.problems == [[2, "code", "mã hồ sơ đã thuộc đơn vị khác"]]
    assert item.preview["updated"] == 0 and item.preview["created"] == 1
    body = client.get(f"/dossiers/import/{item.pk}/").content.decode()
    assert "mã hồ sơ đã thuộc đơn vị khác" in body and "Trần Thị Bích" not in body
    client.post(f"/dossiers/import/{item.pk}/confirm/", {"skip_invalid": "on"})
    item.refresh_from_db()
    assert item.state == "done" and item.result["rejected"] == 1 and item.result["updated"] == 0
    assert _state(dossier) == before  # still the other unit's, returned, with its end dates
    assert before["status"] == "returned" and before["receiving_unit_id"] == ward_a.pk
    assert history.count() == logged and list(events.values_list("verb", flat=True)) == timeline
    assert client.get(f"/dossiers/{dossier.code}/").status_code == 404  # and the name stays unreadable


def test_moving_a_dossier_between_two_units_of_the_uploader_is_a_logged_transfer(
    client, province, ward_a, ward_b
):
    user = user_with_role(province, Role.ONESTOP_OFFICER)  # both wards are below the province
    client.force_login(user)
    dossier = _returned_dossier_of(ward_a, "HT-0002")
    upload(client, csv_bytes(row(code="HT-0002", unit_code=ward_b.code)))
    item = latest()
    assert item.problems == [] and item.preview["updated"] == 1
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    dossier.refresh_from_db()
    assert dossier.receiving_unit == ward_b and dossier.status == "processing"
    transfer = Event.objects.get(content_type__model="dossier", object_id=str(dossier.pk), verb="transferred")
    assert transfer.data["from"] == ward_a.code and transfer.data["to"] == ward_b.code
    assert transfer.actor == user and transfer.unit_code == ward_a.code
    assert ward_a.name in transfer.message and ward_b.name in transfer.message
    entry = ChangeLog.objects.get(content_type__model="dossier", object_id=str(dossier.pk), actor=user)
    assert entry.action == "update" and entry.actor_label == user.username
    assert entry.before["receiving_unit_id"] == ward_a.pk and entry.after["receiving_unit_id"] == ward_b.pk
    assert entry.before["status"] == "returned" and entry.after["status"] == "processing"
    assert entry.before["returned_at"] == "2025-03-04 01:00:00+00:00" and entry.after["returned_at"] is None


def test_reimporting_a_returned_dossier_of_ones_own_unit_logs_every_value_it_clears(client, officer, ward_b):
    dossier = _returned_dossier_of(ward_b, "HT-0003")
    upload(client, csv_bytes(row(code="HT-0003", fee_vnd="20.000")))
    item = latest()
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    item.refresh_from_db()
    dossier.refresh_from_db()
    assert dossier.status == "processing"  # the contract: a blank cell clears a value
    entry = ChangeLog.objects.get(content_type__model="dossier", object_id=str(dossier.pk), actor=officer)
    assert entry.action == "update" and entry.actor_label == officer.username
    assert {name for name, _before, _after in entry.changed_fields} == {
        "finished_at",
        "returned_at",
        "outcome",
        "fee_vnd",
        "end_at",
        "adjusted_end_at",
        "timeliness",
        "status",
        "import_batch_id",
    }
    assert (entry.before["fee_vnd"], entry.after["fee_vnd"]) == (0, 20000)
    assert (entry.before["outcome"], entry.after["outcome"]) == ("approved", "")
    assert entry.before["finished_at"] == "2025-03-03 08:00:00+00:00" and entry.after["finished_at"] is None
    assert entry.after["import_batch_id"] == item.batch_id


def test_an_importer_without_catalogue_rights_never_adds_a_procedure(client, officer):
    from cchc.procedures.models import Procedure

    upload(
        client,
        csv_bytes(
            row(code="WEB-1", procedure_code="9.555555", procedure_name="Thủ tục của phường"),
            row(code="WEB-2", procedure_code="9.555555"),
            row(code="WEB-3"),
        ),
    )
    item = latest()
    assert [problem[:2] for problem in item.problems] == [[2, "procedure_code"], [3, "procedure_code"]]
    assert "'9.555555' chưa có trong danh mục" in item.problems[0][2]
    assert "procedure_code" in item.problems[0][2] and item.preview["new_procedures"] == 0
    client.post(f"/dossiers/import/{item.pk}/confirm/", {"skip_invalid": "on"})
    item.refresh_from_db()
    assert item.state == "done" and item.result["created"] == 1 and item.result["new_procedures"] == 0
    assert not Procedure.objects.filter(code="9.555555").exists()
    assert list(Dossier.objects.filter(code__startswith="WEB-").values_list("code", flat=True)) == ["WEB-3"]


def test_a_catalogue_administrator_still_adds_a_missing_procedure(client, ward_b):
    from cchc.procedures.models import Procedure

    client.force_login(user_with_role(ward_b, Role.ADMIN))
    upload(client, csv_bytes(row(code="WEB-1", procedure_code="9.555555", procedure_name="Thủ tục mới")))
    item = latest()
    assert item.problems == [] and item.preview["new_procedures"] == 1
    client.post(f"/dossiers/import/{item.pk}/confirm/")
    assert Procedure.objects.get(code="9.555555").name == "Thủ tục mới"
