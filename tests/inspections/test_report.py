"""``cchc report remediation --inspection ID --format json``."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.inspections import services
from cchc.inspections.models import FindingKind


def test_the_command_prints_the_summary_as_json(inspection, inspector, officer):
    for i in range(2):
        services.finding_add(
            inspection=inspection,
            kind=FindingKind.SHORTCOMING,
            text=f"Tồn tại {i}",
            deadline=date(2026, 7, 1),
            actor=inspector,
        )
    services.notice_issue(
        inspection=inspection, number="1/TB", notice_date=date(2026, 6, 1), signer="x", actor=inspector
    )
    finding = inspection.findings.first()
    services.remediation_report(finding=finding, cause="c", fix="f", actor=officer)
    services.remediation_verify(finding=finding, actor=inspector)
    out = StringIO()
    call_command(
        "report_remediation",
        "--inspection",
        str(inspection.pk),
        "--format",
        "json",
        "--date",
        "2026-07-02",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == {
        "inspection": inspection.pk,
        "unit": "22945",
        "findings": 2,
        "items_total": 2,
        "items_closed": 1,
        "items_overdue": 1,
        "percent_closed": 50,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--inspection", "999999"], "cchc: --inspection: unknown inspection 999999\n"),
        (["--inspection", "abc"], "cchc: --inspection: not an inspection id: 'abc'\n"),
    ],
)
def test_a_wrong_inspection_is_an_option_error(db, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        call_command("report_remediation", *args)
    assert exc.value.code == 1 and capsys.readouterr().err == message
