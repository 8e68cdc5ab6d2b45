"""The consistency audit: each rule finds what contradicts reality or the rules, and nothing else."""

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import execute_from_command_line
from django.db import connections

from cchc.cli import command_argv
from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.dossiers.consistency import RULE_CODES, audit_dossiers, dossiers_of
from cchc.dossiers.due_reasons import due_reason_record
from cchc.dossiers.models import Dossier
from cchc.org.models import Role
from tests.dossiers.desk_support import SYSTEM
from tests.factories import dossier_for, procedure_with_version, user_with_role

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MON_9 = datetime(2025, 3, 3, 9, 0, tzinfo=VN)  # Monday 3/3/2025 09:00
TUE_9 = datetime(2025, 3, 4, 9, 0, tzinfo=VN)  # 1 working day later (the rule's due for 1 day)
AT = datetime(2025, 3, 20, 12, 0, tzinfo=VN)


def at(day, hour, minute=0):
    return datetime(2025, 3, day, hour, minute, tzinfo=VN)


def make(unit, code, **values):
    values.setdefault("received_at", MON_9)
    values.setdefault("due_at", TUE_9)
    return dossier_for(unit, code=code, **values)


def findings(unit, rule=None, *, at_=AT):
    return [
        (f.rule, f.code)
        for f in audit_dossiers(dossiers_of(unit, subtree=False), at=at_, rules=rule and [rule])
    ]


def test_a_dossier_that_agrees_with_every_rule_has_no_finding(ward_a):
    make(ward_a, "HS-OK", finished_at=at(3, 15), returned_at=at(4, 8))
    make(ward_a, "HS-OK-PENDING", received_at=at(19, 9), due_at=at(20, 9))
    assert findings(ward_a, at_=at(19, 10)) == []


def test_result_returned_while_the_status_still_says_processing(ward_a):
    returned = make(ward_a, "HS-RET", finished_at=at(3, 15), returned_at=at(4, 8))
    finished = make(ward_a, "HS-FIN", finished_at=at(3, 15))
    make(ward_a, "HS-FINE", finished_at=at(3, 15))
    Dossier.objects.filter(pk__in=[returned.pk, finished.pk]).update(status="processing")
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["STATUS_DATES"])
    assert [(f.rule, f.code) for f in found] == [("STATUS_DATES", "HS-FIN"), ("STATUS_DATES", "HS-RET")]
    messages = {f.code: f.message for f in found}
    assert (
        messages["HS-RET"] == "Đã trả kết quả lúc 08:00 04/03/2025 nhưng trạng thái vẫn là «Đang giải quyết»."
    )
    assert messages["HS-FIN"].startswith("Đã có kết quả lúc 15:00 03/03/2025")


def test_status_ahead_of_the_dates_is_a_finding_too(ward_a):
    dossier = make(ward_a, "HS-AHEAD")
    Dossier.objects.filter(pk=dossier.pk).update(status="returned")
    [found] = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["STATUS_DATES"])
    assert (
        found.message
        == "Trạng thái ghi «Đã trả kết quả» nhưng theo các mốc thời gian phải là «Đang giải quyết»."
    )


def test_finished_before_it_was_received(ward_a):
    make(ward_a, "HS-EARLY-END", received_at=at(5, 9), due_at=at(6, 9), finished_at=at(4, 16))
    make(ward_a, "HS-SAME-MOMENT", received_at=at(5, 9), due_at=at(6, 9), finished_at=at(5, 9))
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["END_BEFORE_RECEIPT"])
    assert [f.code for f in found] == ["HS-EARLY-END"]
    assert found[0].message == "Có kết quả lúc 16:00 04/03/2025, trước thời điểm tiếp nhận 09:00 05/03/2025."


def test_computed_due_that_differs_from_the_rule_is_a_finding(ward_a):
    make(ward_a, "HS-RULE", processing_days=1)
    make(ward_a, "HS-OFF", processing_days=1, due_at=at(5, 9))
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["DUE_MISMATCH"])
    assert [f.code for f in found] == ["HS-OFF"]
    assert found[0].message.startswith(
        "Hạn trả ghi 09:00 05/03/2025, theo quy định (1 ngày làm việc từ 09:00 03/03/2025) "
        "là 09:00 04/03/2025;"
    )


def test_computed_due_follows_the_units_calendar_and_office_hours(ward_a):
    """Friday 16:00 + 1 working day is Monday 16:00 (the weekend is skipped)."""
    make(ward_a, "HS-WEEKEND", received_at=at(7, 16), due_at=at(10, 16), processing_days=1)
    make(ward_a, "HS-HALF", received_at=MON_9, due_at=at(3, 14, 30), processing_days="0.5")
    assert findings(ward_a, "DUE_MISMATCH") == []


def test_imported_due_is_a_finding_only_until_a_reason_is_recorded(ward_a):
    imported = make(
        ward_a, "HS-IMP", processing_days=1, due_at=at(6, 17), due_source="imported", origin="import"
    )
    assert findings(ward_a, "DUE_MISMATCH") == [("DUE_MISMATCH", "HS-IMP")]
    due_reason_record(actor=SYSTEM, dossier=imported, reason="Hẹn theo giấy tiếp nhận bản giấy số 12/TNHS")
    assert findings(ward_a, "DUE_MISMATCH") == []


def test_manual_due_changed_with_a_reason_is_not_a_finding(ward_a):
    manual = make(ward_a, "HS-MAN", processing_days=1, due_at=at(7, 17), due_source="manual")
    record_event(manual, "due_changed", "", unit_code=ward_a.code)  # no reason written
    assert findings(ward_a, "DUE_MISMATCH") == [("DUE_MISMATCH", "HS-MAN")]
    record_event(manual, "due_changed", "Gia hạn theo văn bản số 45/UBND", unit_code=ward_a.code)
    assert findings(ward_a, "DUE_MISMATCH") == []


def test_a_reason_does_not_excuse_a_computed_due(ward_a):
    computed = make(ward_a, "HS-COMP", processing_days=1, due_at=at(5, 9))
    due_reason_record(actor=SYSTEM, dossier=computed, reason="Không rõ")
    assert findings(ward_a, "DUE_MISMATCH") == [("DUE_MISMATCH", "HS-COMP")]


def test_due_in_hours_and_same_day_cutoff_are_recomputed_as_the_catalogue_says(ward_a):
    hours = procedure_with_version(code="9.800001", processing_days=4, processing_unit="hours")
    cutoff = procedure_with_version(code="9.800002", processing_days=0, cutoff_time=time(15, 0))
    make(
        ward_a,
        "HS-HOURS",
        procedure=hours,
        procedure_version=hours.versions.get(),
        processing_days="0.5",
        due_at=at(3, 14, 30),
    )
    make(
        ward_a,
        "HS-CUTOFF",
        procedure=cutoff,
        procedure_version=cutoff.versions.get(),
        received_at=at(3, 15, 30),
        processing_days=0,
        due_at=at(4, 17),
    )
    make(
        ward_a,
        "HS-CUTOFF-WRONG",
        procedure=cutoff,
        procedure_version=cutoff.versions.get(),
        received_at=at(3, 15, 30),
        processing_days=0,
        due_at=at(3, 17),
    )
    assert findings(ward_a, "DUE_MISMATCH") == [("DUE_MISMATCH", "HS-CUTOFF-WRONG")]


def test_late_desk_dossier_without_apology(ward_a):
    make(ward_a, "HS-LATE", finished_at=at(5, 10))
    make(
        ward_a,
        "HS-LATE-SORRY",
        finished_at=at(5, 10),
        apology_sent_at=at(3, 10),
        apology_new_due_at=at(5, 17),
    )
    make(ward_a, "HS-LATE-IMPORTED", finished_at=at(5, 10), origin="import")
    make(ward_a, "HS-ON-TIME", finished_at=at(4, 9))
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["LATE_NO_APOLOGY"])
    assert [f.code for f in found] == ["HS-LATE"]
    assert found[0].message == (
        "Kết thúc lúc 10:00 05/03/2025, sau hạn trả 09:00 04/03/2025, mà không có văn bản xin lỗi."
    )


def test_pending_dossier_past_its_due_without_apology_is_late_but_not_while_the_applicant_supplements(ward_a):
    make(ward_a, "HS-OVERDUE")
    make(ward_a, "HS-WAITING", supplement_requested_at=at(3, 10), supplement_count=1)
    make(
        ward_a,
        "HS-PAUSED",  # 2 days of pause move its due to 6/3 09:00
        supplement_requested_at=at(3, 10),
        supplement_received_at=at(5, 10),
        supplement_count=1,
    )
    assert findings(ward_a, "LATE_NO_APOLOGY", at_=at(5, 12)) == [("LATE_NO_APOLOGY", "HS-OVERDUE")]
    assert findings(ward_a, "LATE_NO_APOLOGY", at_=at(6, 12)) == [
        ("LATE_NO_APOLOGY", "HS-OVERDUE"),
        ("LATE_NO_APOLOGY", "HS-PAUSED"),
    ]
    assert findings(ward_a, "LATE_NO_APOLOGY", at_=at(4, 8)) == []


def test_apology_after_the_due_instant_or_within_its_last_working_day(ward_a):
    due = at(7, 9)  # Friday 09:00
    make(ward_a, "HS-SORRY-LATE", due_at=due, apology_sent_at=at(7, 10), apology_new_due_at=at(10, 17))
    make(ward_a, "HS-SORRY-CLOSE", due_at=due, apology_sent_at=at(6, 14), apology_new_due_at=at(10, 17))
    make(ward_a, "HS-SORRY-OK", due_at=due, apology_sent_at=at(6, 9), apology_new_due_at=at(10, 17))
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["APOLOGY_LATE"])
    messages = {f.code: f.message for f in found}
    assert set(messages) == {"HS-SORRY-LATE", "HS-SORRY-CLOSE"}
    assert (
        messages["HS-SORRY-LATE"]
        == "Văn bản xin lỗi gửi lúc 10:00 07/03/2025, sau hạn trả kết quả 09:00 07/03/2025."
    )
    assert "chưa đủ 1 ngày làm việc trước hạn" in messages["HS-SORRY-CLOSE"]


def test_more_than_one_supplement_request(ward_a):
    make(
        ward_a,
        "HS-TWICE",
        supplement_requested_at=at(3, 10),
        supplement_received_at=at(3, 11),
        supplement_count=2,
    )
    make(
        ward_a,
        "HS-ONCE",
        supplement_requested_at=at(3, 10),
        supplement_received_at=at(3, 11),
        supplement_count=1,
    )
    found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT, rules=["MULTI_SUPPLEMENT"])
    assert [(f.code, f.message.split(" (")[0]) for f in found] == [
        ("HS-TWICE", "Hồ sơ bị yêu cầu bổ sung 2 lần")
    ]


def test_online_dossier_with_a_result_document_but_no_e_result(ward_a):
    paper = procedure_with_version(code="9.700001", requires_result_document=True)
    no_paper = procedure_with_version(code="9.700002", requires_result_document=False)
    common = {"channel": "online", "finished_at": at(3, 15)}
    make(ward_a, "HS-ONLINE", procedure=paper, procedure_version=paper.versions.get(), **common)
    make(
        ward_a,
        "HS-ONLINE-E",
        procedure=paper,
        procedure_version=paper.versions.get(),
        e_result=True,
        **common,
    )
    make(ward_a, "HS-ONLINE-NODOC", procedure=no_paper, procedure_version=no_paper.versions.get(), **common)
    make(ward_a, "HS-DIRECT", procedure=paper, procedure_version=paper.versions.get(), finished_at=at(3, 15))
    make(
        ward_a, "HS-ONLINE-PENDING", procedure=paper, procedure_version=paper.versions.get(), channel="online"
    )
    assert findings(ward_a, "ONLINE_NO_ERESULT") == [("ONLINE_NO_ERESULT", "HS-ONLINE")]


def test_scope_is_the_unit_or_its_subtree(province, ward_a, ward_b):
    make(ward_a, "HS-A-TWICE", supplement_requested_at=at(3, 10), supplement_count=2)
    make(ward_b, "HS-B-TWICE", supplement_requested_at=at(3, 10), supplement_count=2)
    assert findings(ward_a, "MULTI_SUPPLEMENT") == [("MULTI_SUPPLEMENT", "HS-A-TWICE")]
    whole = audit_dossiers(dossiers_of(province, subtree=True), at=AT, rules=["MULTI_SUPPLEMENT"])
    assert {f.code for f in whole} == {"HS-A-TWICE", "HS-B-TWICE"}


def test_audit_runs_a_bounded_number_of_queries(ward_a, django_assert_max_num_queries):
    for i in range(30):
        make(
            ward_a,
            f"HS-Q-{i}",
            processing_days=1,
            due_at=at(6, 9),
            supplement_count=2,
            supplement_requested_at=at(3, 10),
        )
    with django_assert_max_num_queries(20):
        found = audit_dossiers(dossiers_of(ward_a, subtree=False), at=AT)
    assert len([f for f in found if f.rule == "DUE_MISMATCH"]) == 30


def test_due_reason_must_be_written(ward_a):
    dossier = make(ward_a, "HS-NO-REASON")
    with pytest.raises(DomainError) as err:
        due_reason_record(actor=SYSTEM, dossier=dossier, reason="   ")
    assert err.value.field == "reason" and "lý do" in err.value.message


# ---- the command line --------------------------------------------------------------------------------------


@pytest.fixture
def keep_test_connection(monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args):
    """``cchc audit dossiers ARGS`` as the console script runs it: (exit code, stdout, stderr)."""
    code = 0
    try:
        execute_from_command_line(["cchc", *command_argv(["audit", "dossiers", *args])])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_command_prints_the_findings_as_json_and_exits_0(capsys, keep_test_connection, ward_a):
    make(ward_a, "HS-CLI", supplement_requested_at=at(3, 10), supplement_count=3, finished_at=at(3, 15))
    code, out, err = run(capsys, "--unit", ward_a.code, "--format", "json", "--at", "2025-03-20T12:00")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["unit"] == "22945" and data["dossiers"] == 1 and data["at"] == "2025-03-20T12:00:00+07:00"
    assert data["counts"]["MULTI_SUPPLEMENT"] == 1 and set(data["counts"]) == set(RULE_CODES)
    [finding] = [f for f in data["findings"] if f["rule"] == "MULTI_SUPPLEMENT"]
    assert finding["code"] == "HS-CLI" and finding["received_at"] == "2025-03-03T09:00:00+07:00"
    assert finding["title"] == "Yêu cầu bổ sung hồ sơ nhiều hơn một lần"


def test_command_table_lists_rule_code_dossier_and_explanation(
    capsys, keep_test_connection, province, ward_a
):
    make(ward_a, "HS-TABLE", supplement_requested_at=at(3, 10), supplement_count=2, finished_at=at(3, 15))
    code, out, _ = run(capsys, "--unit", province.code, "--subtree", "--rule", "multi_supplement")
    assert code == 0
    line = next(x for x in out.splitlines() if "HS-TABLE" in x)
    assert line.startswith("MULTI_SUPPLEMENT") and "22945" in line and "03/03/2025" in line
    assert "1 phát hiện trên" in out


def test_command_without_findings_still_exits_0(capsys, keep_test_connection, ward_b):
    code, out, _ = run(capsys, "--unit", ward_b.code)
    assert code == 0 and "0 phát hiện trên 0 hồ sơ." in out


def test_command_bad_option_values_exit_1_one_line_each(capsys, keep_test_connection):
    code, out, err = run(
        capsys, "--unit", "99999", "--format", "xml", "--at", "31/02/2025 9:00", "--rule", "NOPE"
    )
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "cchc: --unit: unknown unit '99999'"
    assert lines[1] == "cchc: --format: 'xml' is not one of table, json"
    assert lines[2].startswith("cchc: --at: ") and lines[3].startswith("cchc: --rule: unknown rule 'NOPE'")


def test_command_without_unit_is_a_usage_error(capsys, keep_test_connection):
    code, _, err = run(capsys, "--subtree")
    assert code == 2 and "--unit" in err


# ---- the page ----------------------------------------------------------------------------------------------


def test_audit_page_lists_findings_with_links_and_counts(client, ward_a, ward_b):
    make(ward_a, "HS-PAGE", supplement_requested_at=at(3, 10), supplement_count=2, finished_at=at(3, 15))
    make(ward_b, "HS-PAGE-B", supplement_requested_at=at(3, 10), supplement_count=2, finished_at=at(3, 15))
    client.force_login(user_with_role(ward_a, Role.PAR_OFFICER))
    body = client.get("/dossiers/audit/").content.decode()
    assert "HS-PAGE" in body and "HS-PAGE-B" not in body and "MULTI_SUPPLEMENT" in body
    assert 'href="/dossiers/HS-PAGE/"' in body
    csv_body = client.get(f"/dossiers/audit/?unit={ward_a.code}&export=csv").content.decode("utf-8-sig")
    assert csv_body.splitlines()[0] == "rule,title,dossier,unit_code,received_at,message"
    assert (
        "MULTI_SUPPLEMENT,Yêu cầu bổ sung hồ sơ nhiều hơn một lần,HS-PAGE,22945,2025-03-03T09:00:00+07:00"
        in csv_body
    )


def test_audit_page_refuses_a_unit_the_user_cannot_see(client, ward_a, ward_b):
    make(ward_b, "HS-HIDDEN", supplement_requested_at=at(3, 10), supplement_count=2)
    client.force_login(user_with_role(ward_a, Role.PAR_OFFICER))
    response = client.get(f"/dossiers/audit/?unit={ward_b.code}")
    assert "HS-HIDDEN" not in response.content.decode() and response.context["form"].errors["unit"]


def test_officer_records_a_due_reason_from_the_audit_page(client, ward_a, ward_b):
    mine = make(
        ward_a, "HS-EXPLAIN", processing_days=1, due_at=at(6, 17), due_source="imported", origin="import"
    )
    theirs = make(ward_b, "HS-EXPLAIN-B", processing_days=1, due_at=at(6, 17), due_source="imported")
    client.force_login(user_with_role(ward_a, Role.ONESTOP_OFFICER))
    page = client.get(f"/dossiers/audit/?unit={ward_a.code}&rule=DUE_MISMATCH").content.decode()
    assert "HS-EXPLAIN" in page and 'name="reason"' in page
    response = client.post(f"/dossiers/{mine.code}/explain-due/", {"reason": "Hẹn theo giấy hẹn bản giấy"})
    assert response.status_code == 302
    assert findings(ward_a, "DUE_MISMATCH") == []
    assert client.post(f"/dossiers/{theirs.code}/explain-due/", {"reason": "x"}).status_code == 404
    viewer = user_with_role(ward_a, Role.VIEWER)
    client.force_login(viewer)
    assert client.post(f"/dossiers/{mine.code}/explain-due/", {"reason": "x"}).status_code == 403
