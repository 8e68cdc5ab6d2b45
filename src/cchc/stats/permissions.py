"""Who may do what with the statistics (registered with the permission door, ``cchc.core.permissions``)."""

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over
from cchc.stats.models import Target


@permission(
    "stats.target.set",
    who="an administrator, leader or PAR officer of the unit or above: set or clear the unit's own targets",
)
def _may_set_targets(user, unit) -> bool:
    return unit is not None and holds_role_over(user, unit, Target.scope_change_roles)
