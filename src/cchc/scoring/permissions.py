"""Who may do what in the PAR index cycle, registered with the permission door (:mod:`cchc.core.permissions`).

Separation of duties (DOMAIN.md §7): the unit being judged reports (starts, scores itself, attaches evidence,
submits, explains adjusted leaves, plans the recovery of lost points); the Home Affairs council, an
administrator or inspector holding the role on a unit *above* the assessed unit, judges (returns, appraises,
closes the appraisal, records the final decision). A commune's own officers therefore never reach a judging
action, whatever their role, and every action also depends on the assessment's status: a submitted
self-assessment is locked for the unit.
"""

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over, role_paths
from cchc.org.models import Unit, UnitKind
from cchc.scoring.models import APPRAISE_ROLES, ASSESS_ROLES, Assessment, AssessmentStatus

DRAFT, SUBMITTED, APPRAISED = AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.APPRAISED
UNIT_OFFICERS = "the unit's officers (administrator, inspector, leader, PAR officer of the unit or above)"
COUNCIL = "the Home Affairs council (administrator or inspector of a unit above the assessed unit)"


def reports_for(user, unit: Unit) -> bool:
    """The unit's own officers and those above them: they enter, submit and explain its self-assessment."""
    return holds_role_over(user, unit, ASSESS_ROLES)


def judges(user, unit: Unit) -> bool:
    """A member of the Home Affairs council for ``unit``: an administrator or inspector on a unit strictly
    above it (a commune's own inspector role covers only itself), or a superuser."""
    if user.is_superuser:
        return True
    return any(unit.path.startswith(p) and p != unit.path for p in role_paths(user, APPRAISE_ROLES))


def province_manager(user) -> bool:
    """An administrator or inspector of a province: a framework applies to the whole province."""
    if user.is_superuser:
        return True
    return user.role_assignments.filter(
        role__in=APPRAISE_ROLES, unit__kind=UnitKind.PROVINCE, unit__parent__isnull=True
    ).exists()


def _unit_of(obj) -> Unit:
    return obj.unit if isinstance(obj, Assessment) else obj


@permission("scoring.assessment.start", who=UNIT_OFFICERS)
def _may_start(user, unit: Unit) -> bool:
    return reports_for(user, unit)


@permission("scoring.score.self_assess", who=f"{UNIT_OFFICERS}, while the assessment is a draft")
def _may_self_assess(user, assessment: Assessment) -> bool:
    return assessment.status == DRAFT and reports_for(user, assessment.unit)


@permission(
    "scoring.score.add_evidence",
    who=f"{UNIT_OFFICERS}, in draft or while explaining after the appraisal",
)
def _may_add_evidence(user, assessment: Assessment) -> bool:
    return assessment.status in (DRAFT, APPRAISED) and reports_for(user, assessment.unit)


@permission("scoring.assessment.submit", who=f"{UNIT_OFFICERS}, while the assessment is a draft")
def _may_submit(user, assessment: Assessment) -> bool:
    return assessment.status == DRAFT and reports_for(user, assessment.unit)


@permission("scoring.score.respond", who=f"{UNIT_OFFICERS}, after the appraisal is closed")
def _may_respond(user, assessment: Assessment) -> bool:
    return assessment.status == APPRAISED and reports_for(user, assessment.unit)


@permission("scoring.recovery_task.create", who=UNIT_OFFICERS)
def _may_plan_recovery(user, assessment: Assessment) -> bool:
    return reports_for(user, assessment.unit)


@permission("scoring.assessment.return", who=f"{COUNCIL}, while the assessment is submitted")
def _may_return(user, assessment: Assessment) -> bool:
    return assessment.status == SUBMITTED and judges(user, assessment.unit)


@permission("scoring.score.appraise", who=f"{COUNCIL}, while the assessment is submitted")
def _may_appraise(user, assessment: Assessment) -> bool:
    return assessment.status == SUBMITTED and judges(user, assessment.unit)


@permission("scoring.assessment.close_appraisal", who=f"{COUNCIL}, while the assessment is submitted")
def _may_close(user, assessment: Assessment) -> bool:
    return assessment.status == SUBMITTED and judges(user, assessment.unit)


@permission("scoring.assessment.finalise", who=f"{COUNCIL}, once the appraisal is closed")
def _may_finalise(user, obj) -> bool:
    """On an assessment: it is appraised and the user judges its unit. On a unit (the ranking page's "finalise
    many" action): the user judges that unit."""
    if isinstance(obj, Assessment):
        return obj.status == APPRAISED and judges(user, obj.unit)
    return judges(user, _unit_of(obj))


@permission(
    "scoring.framework.set_evidence_rule",
    who="administrators and Home Affairs inspectors of the province",
)
def _may_set_evidence_rule(user, framework) -> bool:
    return province_manager(user)


@permission(
    "scoring.framework.import",
    who="system administrators (superusers) and the command line",
)
def _may_import_framework(user, framework) -> bool:
    return user.is_superuser


@permission("scoring.scores.import", who="system administrators (superusers) and the command line")
def _may_import_scores(user, framework) -> bool:
    return user.is_superuser
