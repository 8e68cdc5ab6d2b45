"""Who may do what with the organisation (registered with the permission door, ``cchc.core.permissions``)."""

from cchc.core.permissions import permission
from cchc.core.scoping import holds_role_over
from cchc.org.models import Person


@permission(
    "org.person.change",
    who="an administrator, Home Affairs inspector or leader of the person's unit or above",
)
def _may_change_person(user, person) -> bool:
    return person is not None and holds_role_over(user, person.unit, Person.scope_change_roles)
