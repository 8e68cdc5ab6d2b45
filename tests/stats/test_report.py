"""The periodic report (formats/report-dossiers.md): the worked examples and every branch of the rules."""

import json
from datetime import date

import pytest

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Unit
from cchc.stats.report import dossier_report
from tests.dossier_files import row

pytestmark = pytest.mark.django_db


def report(unit="22933", start=date(2025, 1, 1), end=date(2025, 3, 31), subtree=False):
    return dossier_report(unit=Unit.objects.get(code=unit), date_from=start, date_to=end, subtree=subtree)


@pytest.mark.parametrize(
    ("unit", "start", "end", "subtree", "expected"),
    [
        ("22933", date(2025, 1, 1), date(2025, 3, 31), False, "report-22933-2025Q1.json"),
        ("68", date(2025, 1, 1), date(2025, 3, 31), True, "report-68-subtree-2025Q1.json"),
        ("22960", date(2025, 3, 10), date(2025, 3, 10), False, "report-22960-2025-03-10.json"),
    ],
)
def test_contract_examples(examples_dir, unit, start, end, subtree, expected):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    assert report(unit, start, end, subtree) == json.loads(
        (examples_dir / expected).read_text(encoding="utf-8")
    )


def identities_hold(block):
    r = block["received"]
    assert r["total"] == r["carried_over"] + r["new"]
    assert r["new"] == r["online"] + r["direct"] + r["postal"]
    assert r["total"] == block["resolved"]["total"] + block["withdrawn"] + block["pending"]["total"]


def test_identities_hold_in_totals_and_every_field_row(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    for unit, subtree in (("22933", False), ("68", True), ("22960", False)):
        result = report(unit, subtree=subtree)
        identities_hold(result)
        for field_row in result["by_field"]:
            identities_hold(field_row)
        for key in ("carried_over", "new", "online"):
            assert sum(r["received"][key] for r in result["by_field"]) == result["received"][key]


def one(write_csv, start=date(2025, 3, 1), end=date(2025, 3, 31), **values):
    import_dossiers(path=write_csv(row(code="B-1", **values)))
    return report(start=start, end=end)


def test_each_channel_is_counted_as_new(write_csv):
    import_dossiers(path=write_csv(*(row(code=f"C-{c}", channel=c) for c in ("direct", "online", "postal"))))
    received = report(start=date(2025, 3, 1), end=date(2025, 3, 31))["received"]
    assert (received["new"], received["online"], received["direct"], received["postal"]) == (3, 1, 1, 1)


def test_carried_over_dossier_finished_in_period(write_csv):
    r = one(write_csv, received_at="2025-02-27T09:00", finished_at="2025-03-02T09:00", start=date(2025, 3, 1))
    assert r["received"]["carried_over"] == 1 and r["received"]["new"] == 0 and r["resolved"]["late"] == 1


def test_dossier_ended_before_the_period_is_not_in_scope(write_csv):
    r = one(write_csv, received_at="2025-02-03T09:00", finished_at="2025-02-03T10:00")
    assert r["received"]["total"] == 0 and r["by_field"] == []


def test_early_on_time_and_late(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="E", processing_days="2", finished_at="2025-03-04T09:00"),  # due 5/3 09:00 → early
            row(code="O", processing_days="2", finished_at="2025-03-05T09:00"),  # exactly due → on time
            row(code="S", processing_days="2", finished_at="2025-03-05T08:00"),  # same day, before → on time
            row(code="L", processing_days="2", finished_at="2025-03-05T09:01"),  # late
        )
    )
    assert report(start=date(2025, 3, 1), end=date(2025, 3, 31))["resolved"] == {
        "total": 4,
        "early": 1,
        "on_time": 2,
        "late": 1,
    }


def test_supplement_pause_is_taken_off_the_end(write_csv):
    r = one(
        write_csv,
        processing_days="1",
        supplement_requested_at="2025-03-03T10:00",
        supplement_received_at="2025-03-05T10:00",
        finished_at="2025-03-05T16:00",
    )
    assert r["resolved"]["early"] == 1  # adjusted end 3/3 16:00, due 4/3 09:00


def test_more_than_one_supplement_request_is_late(write_csv):
    r = one(
        write_csv,
        processing_days="10",
        supplement_requested_at="2025-03-03T10:00",
        supplement_received_at="2025-03-03T11:00",
        supplement_count="2",
        finished_at="2025-03-04T09:00",
    )
    assert r["resolved"]["late"] == 1


def test_withdrawn_and_refused(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="W", stopped_at="2025-03-03T10:00", outcome="withdrawn"),
            row(code="R", stopped_at="2025-03-03T10:00", outcome="refused"),
        )
    )
    r = report(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert r["withdrawn"] == 1 and r["resolved"] == {"total": 1, "early": 1, "on_time": 0, "late": 0}


def test_pending_within_and_overdue(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="P1", received_at="2025-03-28T09:00", processing_days="5"),  # due in April: within
            row(code="P2", received_at="2025-03-20T09:00", processing_days="2"),  # due 24/3: overdue
            row(
                code="P3", received_at="2025-03-20T09:00", processing_days="2", finished_at="2025-04-02T09:00"
            ),
        )
    )
    r = report(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert r["pending"] == {"total": 3, "within_deadline": 1, "overdue": 2}


def test_open_supplement_at_period_end_stops_the_clock(write_csv):
    r = one(
        write_csv,
        received_at="2025-03-03T09:00",
        processing_days="1",
        supplement_requested_at="2025-03-03T10:00",
    )
    assert r["pending"]["within_deadline"] == 1


def test_supplement_received_before_period_end_extends_the_due_by_the_pause(write_csv):
    r = one(
        write_csv,
        received_at="2025-03-26T09:00",
        processing_days="1",
        supplement_requested_at="2025-03-26T10:00",
        supplement_received_at="2025-03-31T10:00",
    )
    assert r["pending"]["within_deadline"] == 1  # due 27/3 09:00 + 5 days 0 h = 1/4 09:00 ≥ period end
    r = one(
        write_csv,
        received_at="2025-03-20T09:00",
        processing_days="1",
        supplement_requested_at="2025-03-20T10:00",
        supplement_received_at="2025-03-21T10:00",
    )
    assert r["pending"]["overdue"] == 1


def test_supplement_received_after_period_end_counts_as_open(write_csv):
    r = one(
        write_csv,
        received_at="2025-03-20T09:00",
        processing_days="1",
        supplement_requested_at="2025-03-20T10:00",
        supplement_received_at="2025-04-02T10:00",
    )
    assert r["pending"]["within_deadline"] == 1


def test_rates_are_rounded_half_up_to_four_decimals_or_null(write_csv):
    import_dossiers(
        path=write_csv(
            *(
                row(
                    code=f"R{i}",
                    channel="online" if i < 1 else "direct",
                    fee_vnd="10000",
                    paid_online="1" if i < 2 else "0",
                    digitized="1" if i < 2 else "0",
                )
                for i in range(3)
            )
        )
    )
    rates = report(start=date(2025, 3, 1), end=date(2025, 3, 31))["rates"]
    assert rates == {"on_time": None, "online": 0.3333, "digitized": 0.6667, "paid_online": 0.6667}


def test_by_field_is_sorted_by_code_point_with_blank_field_first(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="F1", field="Đất đai"),
            row(code="F2", field="Chứng thực"),
            row(code="F3", procedure_code="9.1", procedure_name="Không lĩnh vực", field=""),
        )
    )
    fields = [r["field"] for r in report(start=date(2025, 3, 1), end=date(2025, 3, 31))["by_field"]]
    assert fields == ["", "Chứng thực", "Đất đai"]


# --- boundaries, scope and the identities on generated data ----------------------------------------------


def test_period_boundaries_are_start_inclusive_and_end_exclusive(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="AT-START", received_at="2025-03-01T00:00"),  # new
            row(code="AT-END", received_at="2025-04-01T00:00"),  # after the period: not in scope
            row(code="END-AT-START", received_at="2025-02-20T09:00", finished_at="2025-03-01T00:00"),
            row(code="END-AT-END", received_at="2025-03-20T09:00", finished_at="2025-04-01T00:00"),
        )
    )
    r = report(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert r["received"] == {"total": 3, "carried_over": 1, "new": 2, "online": 0, "direct": 2, "postal": 0}
    assert r["resolved"]["total"] == 1  # ended at the start instant: in the period
    assert r["pending"]["total"] == 2  # ended at the end instant: still pending at the end


def test_due_exactly_at_the_period_end_is_within_the_deadline(write_csv):
    r = one(write_csv, received_at="2025-03-28T09:00", due_at="2025-04-01T00:00")
    assert r["pending"] == {"total": 1, "within_deadline": 1, "overdue": 0}
    r = one(write_csv, received_at="2025-03-28T09:00", due_at="2025-03-31T23:59")
    assert r["pending"] == {"total": 1, "within_deadline": 0, "overdue": 1}


def test_carried_over_withdrawal_and_refusal_after_the_due_date(write_csv):
    import_dossiers(
        path=write_csv(
            row(code="W", received_at="2025-02-10T09:00", stopped_at="2025-03-03T10:00", outcome="withdrawn"),
            row(code="R", received_at="2025-02-10T09:00", stopped_at="2025-03-03T10:00", outcome="refused"),
        )
    )
    r = report(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert r["received"]["carried_over"] == 2 and r["withdrawn"] == 1
    assert r["resolved"] == {"total": 1, "early": 0, "on_time": 0, "late": 1}


def test_a_single_unit_excludes_the_units_below_and_the_subtree_includes_them(write_csv):
    import_dossiers(path=write_csv(row(code="S-1", unit_code="22933"), row(code="S-2", unit_code="22960")))
    march = dict(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert report("68", **march)["received"]["total"] == 0
    assert report("68", subtree=True, **march)["received"]["total"] == 2
    assert report("22933", **march)["received"]["total"] == 1


def test_base_narrows_the_report_to_what_a_user_may_see(write_csv, ward_b):
    from cchc.dossiers.models import Dossier
    from cchc.org.models import Role
    from tests.factories import user_with_role

    import_dossiers(path=write_csv(row(code="V-1", unit_code="22933"), row(code="V-2", unit_code="22960")))
    user = user_with_role(ward_b, Role.VIEWER)
    province = Unit.objects.get(code="68")
    seen = dossier_report(
        unit=province,
        date_from=date(2025, 3, 1),
        date_to=date(2025, 3, 31),
        subtree=True,
        base=Dossier.objects.visible_to(user),
    )
    assert seen["received"]["total"] == 1


@pytest.mark.parametrize(
    ("unit", "subtree", "start", "end"),
    [
        ("68", True, date(2025, 1, 1), date(2025, 3, 31)),
        ("68", True, date(2025, 2, 1), date(2025, 2, 28)),
        ("22933", False, date(2025, 1, 15), date(2025, 1, 15)),
        ("22945", False, date(2024, 12, 20), date(2025, 4, 30)),
    ],
)
def test_identities_hold_on_generated_data_in_every_row(write_csv, unit, subtree, start, end):
    from tests.stats.generated import generated_rows

    import_dossiers(path=write_csv(*generated_rows()))
    result = report(unit, start, end, subtree)
    identities_hold(result)
    assert result["received"]["total"] > 0
    for field_row in result["by_field"]:
        identities_hold(field_row)
    for block in ("received", "resolved", "pending"):
        for key, value in result[block].items():
            assert sum(r[block][key] for r in result["by_field"]) == value, (block, key)
    assert sum(r["withdrawn"] for r in result["by_field"]) == result["withdrawn"]
    pending = result["pending"]
    assert pending["total"] == pending["within_deadline"] + pending["overdue"]
    resolved = result["resolved"]
    assert resolved["total"] == resolved["early"] + resolved["on_time"] + resolved["late"]
