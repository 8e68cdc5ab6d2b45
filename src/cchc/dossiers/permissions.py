"""Who may do what with a dossier (the one door, :mod:`cchc.core.permissions`; table in docs/permissions.md).

Separation of duties (docs/dossiers.md "Who does what"): the desk receives, assigns a specialist and returns
the result; the assigned specialist handles the dossier and proposes the result; a leader of the competent
unit approves it (never the proposer); the specialist or a leader records that the result is ready (or the
refusal). A one-stop officer who is not the dossier's specialist cannot record a result nor approve one.

A dossier's units are its receiving unit, its competent unit and the unit that holds it after a hand-over;
the *competent unit* is the one named at intake, else the receiving unit. Roles cover their unit's subtree.
"""

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over
from cchc.org.models import Role

#: The desk: who receives, hands over, requests supplements, returns results (as before this module).
DESK_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.PAR_OFFICER, Role.ONESTOP_OFFICER})
#: Who assigns (and reassigns) the specialist.
ASSIGNING_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.ONESTOP_OFFICER})
#: Who may be assigned to handle a dossier: a specialist, or any officer of the competent unit.
SPECIALIST_ROLES = frozenset({Role.SPECIALIST, Role.ONESTOP_OFFICER, Role.PAR_OFFICER})
LEADER_ROLES = frozenset({Role.LEADER})


def competent_unit(dossier):
    return dossier.competent_unit or dossier.receiving_unit


def _units(dossier) -> list:
    units = [dossier.receiving_unit, dossier.competent_unit, dossier.handling_unit]
    return [u for u in units if u is not None]


def _desk(user, dossier) -> bool:
    return any(holds_role_over(user, unit, DESK_ROLES) for unit in _units(dossier))


def is_specialist(user, dossier) -> bool:
    return dossier.specialist_id is not None and dossier.specialist_id == user.pk


def is_leader(user, dossier) -> bool:
    return holds_role_over(user, competent_unit(dossier), LEADER_ROLES)


@permission(
    "dossiers.dossier.receive",
    who="a one-stop officer, leader, PAR officer or administrator of the receiving unit",
)
def _may_receive(user, unit) -> bool:
    return holds_role_over(user, unit, DESK_ROLES)


@permission(
    "dossiers.dossier.update",
    who="the desk (one-stop officer, leader, PAR officer, administrator) of the dossier's receiving, "
    "competent or holding unit, or its assigned specialist: supplements, hand-over, withdrawal, apology, "
    "payment, rating",
)
def _may_update(user, dossier) -> bool:
    return _desk(user, dossier) or is_specialist(user, dossier)


@permission(
    "dossiers.dossier.assign",
    who="a one-stop officer, leader or administrator of the receiving or competent unit",
)
def _may_assign(user, dossier) -> bool:
    units = {dossier.receiving_unit, competent_unit(dossier)}
    return any(holds_role_over(user, unit, ASSIGNING_ROLES) for unit in units)


@permission("dossiers.dossier.propose", who="the dossier's assigned specialist")
def _may_propose(user, dossier) -> bool:
    return is_specialist(user, dossier)


@permission(
    "dossiers.dossier.approve",
    who="a leader of the competent unit who is not the dossier's specialist (never one's own proposal)",
)
def _may_approve(user, dossier) -> bool:
    return is_leader(user, dossier) and not is_specialist(user, dossier)


@permission(
    "dossiers.dossier.decide",
    who="the dossier's assigned specialist or a leader of the competent unit: result ready, refusal "
    "(after approval when the procedure requires it)",
)
def _may_decide(user, dossier) -> bool:
    return is_specialist(user, dossier) or is_leader(user, dossier)


@permission(
    "dossiers.dossier.return_result",
    who="the desk (one-stop officer, leader, PAR officer, administrator) of the dossier's receiving, "
    "competent or holding unit",
)
def _may_return(user, dossier) -> bool:
    return _desk(user, dossier)


@permission(
    "dossiers.dossier.explain_due",
    who="the desk (one-stop officer, leader, PAR officer, administrator) of the dossier's receiving, "
    "competent or holding unit",
)
def _may_explain_due(user, dossier) -> bool:
    return _desk(user, dossier)
