"""Who may do what in inspections, registered with the permission door (:mod:`cchc.core.permissions`).

The inspecting body (Home Affairs inspectors and administrators on the plan's unit or above) plans, inspects
and issues notices; a member of the team fills the checklist and records findings. Remediation separates the
duties: the inspected unit *reports* (cause, fix, evidence, "reported fixed"); the inspection team *decides*
(verifies and closes, reopens, cancels with a reason) — its leader or deputy, or an inspector/administrator
whose role covers the inspecting unit and sits above the inspected unit. A role held only on the inspected
unit (or below) never decides its own remediation.
"""

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over, role_paths
from cchc.inspections.models import INSPECT_ROLES, Finding, Inspection, MemberRole
from cchc.org.models import Unit
from cchc.plans.models import MANAGE_ROLES
from cchc.plans.permissions import is_on_task, person_of

DECIDING_MEMBERS = (MemberRole.LEADER, MemberRole.DEPUTY)


def on_team(user, inspection: Inspection, roles=None) -> bool:
    person = person_of(user)
    if person is None:
        return False
    members = inspection.team.filter(person=person)
    if roles is not None:
        members = members.filter(role__in=roles)
    return members.exists()


def inspecting_body(user, inspection: Inspection) -> bool:
    """An inspector or administrator over the inspecting unit (the plan's unit)."""
    return holds_role_over(user, inspection.plan.unit, INSPECT_ROLES)


def above_inspected(user, inspection: Inspection) -> bool:
    """An inspector or administrator whose role covers the inspecting unit from a unit above the inspected
    one (so not a role on the inspected unit itself, even when it inspects itself)."""
    if user.is_superuser:
        return True
    inspected, inspecting = inspection.unit.path, inspection.plan.unit.path
    return any(
        inspecting.startswith(path) and inspected.startswith(path) and path != inspected
        for path in role_paths(user, INSPECT_ROLES)
    )


@permission("inspections.plan.manage", who="inspectors and administrators of the inspecting unit or above")
def _may_manage(user, unit: Unit) -> bool:
    return holds_role_over(user, unit, INSPECT_ROLES)


@permission(
    "inspections.inspection.inspect",
    who="inspectors and administrators of the inspecting unit or above, and the members of the team",
)
def _may_inspect(user, inspection: Inspection) -> bool:
    return inspecting_body(user, inspection) or on_team(user, inspection)


@permission("inspections.notice.issue", who="inspectors and administrators of the inspecting unit or above")
def _may_issue(user, inspection: Inspection) -> bool:
    return inspecting_body(user, inspection)


@permission(
    "inspections.remediation.report",
    who="the inspected unit's managers (leader, PAR officer) and the item's owner and collaborators",
)
def _may_report(user, finding: Finding) -> bool:
    from cchc.inspections.services import remediation_task

    if holds_role_over(user, finding.inspection.unit, MANAGE_ROLES):
        return True
    task = remediation_task(finding)
    return task is not None and is_on_task(user, task)


@permission(
    "inspections.remediation.decide",
    who="the team leader or deputy, or an inspector/administrator above the inspected unit (verify, reopen, "
    "cancel)",
)
def _may_decide(user, finding: Finding) -> bool:
    inspection = finding.inspection
    return on_team(user, inspection, DECIDING_MEMBERS) or above_inspected(user, inspection)
