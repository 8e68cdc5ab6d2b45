"""The plans task page of a remediation item: it links to its finding and leaves the closing to the team."""

from datetime import date

from django.urls import reverse

from cchc.inspections import services
from cchc.inspections.models import FindingKind


def test_the_remediation_task_page_links_the_finding_and_has_no_mark_done(
    client, inspection, inspector, officer
):
    finding = services.finding_add(
        inspection=inspection, kind=FindingKind.SHORTCOMING, text="Sổ theo dõi chưa cập nhật", actor=inspector
    )
    services.notice_issue(
        inspection=inspection, number="9/TB", notice_date=date(2026, 6, 1), signer="x", actor=inspector
    )
    task = services.remediation_task(finding)
    client.force_login(officer)
    body = client.get(reverse("plans:task-detail", args=[task.pk])).content.decode()
    assert f'href="{reverse("inspections:finding-detail", args=[finding.pk])}"' in body
    assert 'data-testid="closed-by-source"' in body and 'data-testid="mark-done"' not in body
