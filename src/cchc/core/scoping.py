"""The one door to the data: ``Model.objects.visible_to(user)``.

A user holds roles on units; a role covers that unit and its whole subtree (units carry a materialised
``path`` such as ``/68/22933/``). A model joins the scheme by using :class:`ScopedQuerySet` as its
manager and naming the lookup to its unit in ``scope_unit_field`` (``""`` for the unit model itself).
Lists, exports, reports, the API and search all go through :meth:`ScopedQuerySet.visible_to`; a view
never filters by unit by hand.
"""

from django.db.models import Q

from cchc.core.audit import AuditedQuerySet

#: Actions a role may take on the objects of its subtree. ``view`` is every role.
CHANGE = "change"
VIEW = "view"

#: Roles that may only read. Every other role may change the objects of its subtree that its
#: model allows (``scope_change_roles``).
READ_ONLY_ROLES = frozenset({"viewer"})


def role_paths(user, roles: frozenset[str] | None = None) -> list[str]:
    """Unit paths the user holds a role on (optionally only these roles), cached on the user object."""
    if user is None or not user.is_authenticated:
        return []
    cache = getattr(user, "_cchc_role_cache", None)
    if cache is None:
        cache = list(user.role_assignments.values_list("role", "unit__path"))
        user._cchc_role_cache = cache
    return sorted({path for role, path in cache if roles is None or role in roles})


def holds_role_over(user, unit, roles: frozenset[str] | None = None) -> bool:
    """Whether an active user holds one of ``roles`` (any role when ``None``) on ``unit`` or a unit above it;
    superusers always do. The check behind the services' "may this user act on this unit"."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(unit.path.startswith(path) for path in role_paths(user, roles))


def user_roles(user) -> set[str]:
    role_paths(user)
    return {role for role, _ in getattr(user, "_cchc_role_cache", [])}


def forget_roles(user) -> None:
    if hasattr(user, "_cchc_role_cache"):
        del user._cchc_role_cache


def unit_path_lookups(model) -> list[str]:
    """``path`` lookups of the unit(s) an object belongs to; ``scope_unit_field`` may name several
    (e.g. a dossier belongs to its receiving unit and to its competent unit)."""
    fields = getattr(model, "scope_unit_field", None)
    if fields is None:
        raise TypeError(f"{model.__name__} does not declare scope_unit_field")
    if isinstance(fields, str):
        fields = (fields,)
    return [f"{field}__path" if field else "path" for field in fields]


class ScopedQuerySet(AuditedQuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Rows of units the user holds a role on, or below them; nothing for anonymous users.

        ``action="change"`` keeps only the units where one of the user's roles may change this model
        (``scope_change_roles`` on the model, by default every role but the read-only ones).
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        role_paths(user)
        assignments = user._cchc_role_cache
        if action == VIEW:
            paths = {path for _, path in assignments}
        else:
            allowed = getattr(self.model, "scope_change_roles", None)
            paths = {
                path
                for role, path in assignments
                if (role in allowed if allowed is not None else role not in READ_ONLY_ROLES)
            }
        return self._within(sorted(paths))

    def _within(self, paths: list[str]):
        if not paths:
            return self.none()
        condition = Q()
        for lookup in unit_path_lookups(self.model):
            for path in _outermost(paths):
                condition |= Q(**{f"{lookup}__startswith": path})
        return self.filter(condition)


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie under another path of the list (a smaller OR)."""
    result: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return result
