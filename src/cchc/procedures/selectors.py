"""Reads of the procedure catalogue."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.core.text import vn_sort_key
from cchc.procedures.models import Procedure, ProcedureVersion
from cchc.procedures.text import fold

_CHUNK = 500
#: Oldest version first; a version with an open start (blank ``valid_from``) is the oldest on every database.
OLDEST_FIRST = F("valid_from").asc(nulls_first=True)
NEWEST_FIRST = F("valid_from").desc(nulls_last=True)

#: ``online_level`` filter value for versions whose online level is not known.
UNKNOWN = "unknown"


def procedures_by_code(codes: Iterable[str]) -> dict[str, Procedure]:
    """The catalogue entries of the given codes, with their versions prefetched (a few queries in all).

    ``version_in_force(procedure, day)`` then needs no query, so a dossier import can look up every row.
    """
    wanted = sorted({c for c in codes if c})
    found: dict[str, Procedure] = {}
    versions = ProcedureVersion.objects.order_by(OLDEST_FIRST)
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        for procedure in Procedure.objects.filter(code__in=chunk).prefetch_related(
            Prefetch("versions", queryset=versions)
        ):
            found[procedure.code] = procedure
    return found


def version_in_force(procedure: Procedure, on_date: date | datetime) -> ProcedureVersion | None:
    """The version of ``procedure`` in force on ``on_date`` (a receipt instant counts by its local date)."""
    return procedure.version_on(on_date)


def in_force_q(on: date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def catalogue(*, q: str = "", field: str = "", online_level: str = "", on: date | None = None) -> QuerySet:
    """The catalogue filtered as on the list page and its export: search in code and name (accents and case
    ignored), field, online level of the version in force ``on`` (default today)."""
    on = on or timezone.localdate()
    rows = Procedure.objects.all()
    for word in fold(q).split():
        rows = rows.filter(search_text__contains=word)
    if field:
        rows = rows.filter(field=field)
    if online_level:
        in_force = ProcedureVersion.objects.filter(in_force_q(on), procedure=OuterRef("pk"))
        if online_level == UNKNOWN:
            rows = rows.exclude(Exists(in_force.exclude(online_level="")))
        else:
            rows = rows.filter(Exists(in_force.filter(online_level=online_level)))
    return rows.order_by("code")


def with_version_in_force(rows: QuerySet, on: date | None = None) -> QuerySet:
    """Prefetch the version in force ``on`` (default today) as ``in_force`` (a list of 0 or 1 versions)."""
    on = on or timezone.localdate()
    return rows.prefetch_related(
        Prefetch("versions", queryset=ProcedureVersion.objects.filter(in_force_q(on)), to_attr="in_force")
    )


def with_latest_version(rows: QuerySet) -> list[tuple[Procedure, ProcedureVersion | None]]:
    """(procedure, its latest version) for the export, in the queryset's order (two queries)."""
    rows = rows.prefetch_related(
        Prefetch("versions", queryset=ProcedureVersion.objects.order_by(OLDEST_FIRST))
    )
    return [(p, p.latest_version()) for p in rows]


def field_choices() -> list[str]:
    """The fields (lĩnh vực) present in the catalogue, in Vietnamese alphabetical order."""
    fields = Procedure.objects.exclude(field="").order_by().values_list("field", flat=True).distinct()
    return sorted(set(fields), key=vn_sort_key)


def can_change_catalogue(user) -> bool:
    """Administrators (role ``admin`` on any unit) and superusers change the national catalogue."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from cchc.core.scoping import user_roles
    from cchc.org.models import Role

    return Role.ADMIN in user_roles(user)


def procedure_detail(code: str) -> Procedure | None:
    versions = ProcedureVersion.objects.order_by(NEWEST_FIRST)
    return (
        Procedure.objects.prefetch_related(Prefetch("versions", queryset=versions)).filter(code=code).first()
    )
