"""The score entry's side of "no silent overwrite" (:mod:`cchc.core.concurrency`): an entry created after the
form was read.

:func:`cchc.core.concurrency.check_version` compares a version with the updates logged since; a leaf that had
no score when its form was read (version ``"0"``) has no update to compare, only the creation row of the
change log. :func:`entry_created` turns that row into the same :class:`~cchc.core.concurrency.Change` lines
(field, "—", new value, who, when), so that the page shows what the other person entered.
"""

from django.contrib.contenttypes.models import ContentType

from cchc.core.concurrency import Change
from cchc.core.models import ChangeLog


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    return (
        str(value).replace(".", ",")
        if isinstance(value, str) and value.replace(".", "").isdigit()
        else str(value)
    )


def entry_created(obj, fields) -> list[Change]:
    """The values ``fields`` of ``obj`` were created with, as changes from nothing (oldest row only)."""
    row = (
        ChangeLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
            object_id=str(obj.pk),
            action=ChangeLog.Action.CREATE,
        )
        .select_related("actor")
        .order_by("id")
        .first()
    )
    if row is None:
        return []
    who = (row.actor.get_full_name() or row.actor.get_username()) if row.actor_id else row.actor_label
    changes = []
    for name in fields:
        field = obj._meta.get_field(name)
        value = (row.after or {}).get(field.attname)
        if value not in (None, ""):
            changes.append(Change(str(field.verbose_name), "—", _shown(value), who, row.at))
    return changes
