"""The demo inspections: 2025 notices issued with half the items closed, a recurrence in 2026, and the
inspection of Phường Phan Thiết under way for the browser test; loaded once."""

from datetime import date

import pytest

from cchc.inspections.demo import load_demo_inspections
from cchc.inspections.models import Finding, Inspection, InspectionStatus, ItemResult
from cchc.inspections.selectors import open_findings, remediation_summary
from cchc.org.demo import load_demo_org

pytestmark = pytest.mark.django_db


def test_demo_inspections_follow_the_seeds_and_load_once(ward_a, ward_b):
    load_demo_org()
    assert load_demo_inspections() is True
    on = date(2026, 11, 26)
    past = Inspection.objects.filter(plan__year=2025)
    assert past.count() == 4 and all(i.status == InspectionStatus.ISSUED for i in past)
    assert all(not i.checklist.filter(result="").exists() for i in past)  # every item checked
    phan_thiet = past.get(unit=ward_a)
    assert (phan_thiet.notice_number, phan_thiet.notice_date) == ("514/TBKL-SNV", date(2025, 5, 19))
    assert remediation_summary(phan_thiet, on=on) == {
        "inspection": phan_thiet.pk,
        "unit": "22945",
        "findings": 4,
        "items_total": 4,
        "items_closed": 2,
        "items_overdue": 1,
        "percent_closed": 50,
    }
    # the tracking registers were due on Sunday 15/06/2025: not overdue on Monday 16/06, overdue the day after
    assert remediation_summary(phan_thiet, on=date(2025, 6, 16))["items_overdue"] == 0
    assert remediation_summary(phan_thiet, on=date(2025, 6, 17))["items_overdue"] == 1
    totals = [remediation_summary(i, on=on) for i in past]
    assert sum(t["items_total"] for t in totals) == 12 and sum(t["items_closed"] for t in totals) == 7

    recurring = Finding.objects.exclude(recurrence_of=None).get()
    assert recurring.inspection.unit == ward_b and recurring.inspection.plan.year == 2026
    assert recurring.recurrence_of.inspection.plan.year == 2025 and recurring.item.code == "MC-07"
    rows = open_findings(Inspection.objects.all(), on=on)
    assert any(r.finding == recurring and r.overdue for r in rows)

    under_way = Inspection.objects.get(plan__year=2026, unit=ward_a)
    assert under_way.status == InspectionStatus.IN_PROGRESS and not under_way.findings.exists()
    assert under_way.checklist.get(code="MC-07").result == ItemResult.UNCHECKED
    assert load_demo_inspections() is False
