"""Change-log rows and timeline events as people read them (issue 15).

The change log stores raw values (``owner_id: 4``, ``status: "not_started"``, instants in UTC as text); this
module turns them into what a reader expects, in one place for every page and export: the field's label
(``verbose_name``), the choice's label, a related object by its name (looked up in bulk, one query per related
model; a deleted one reads "#4 (đã xóa)"), dates and instants in local time (dd/mm/yyyy HH:MM), booleans as
Có/Không and an empty value as "—".

Timeline verbs get their label here too: an app's ``timeline`` module, found on first use, declares its
verbs in ``VERB_LABELS`` (or calls :func:`register_event_labels`); an app's label wins over the general one
of the same verb.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy

EMPTY = "—"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"

#: Verbs used by several apps, in the reader's language.
GENERAL_EVENT_LABELS = {
    "created": pgettext_lazy("timeline", "created"),
    "updated": pgettext_lazy("timeline", "updated"),
    "edited": pgettext_lazy("timeline", "edited"),
    "added": pgettext_lazy("timeline", "added"),
    "removed": pgettext_lazy("timeline", "removed"),
    "started": pgettext_lazy("timeline", "started"),
    "assigned": pgettext_lazy("timeline", "assigned to"),
    "assigned_concurrently": pgettext_lazy("timeline", "assigned concurrently to"),
    "unassigned": pgettext_lazy("timeline", "assignment ended"),
    "cancelled": pgettext_lazy("timeline", "cancelled"),
    "reopened": pgettext_lazy("timeline", "reopened"),
    "commented": pgettext_lazy("timeline", "comment"),
    "received": pgettext_lazy("timeline", "received"),
    "transferred": pgettext_lazy("timeline", "handed over"),
    "renamed": pgettext_lazy("timeline", "renamed"),
    "merged": pgettext_lazy("timeline", "merged"),
    "recoded": pgettext_lazy("timeline", "code changed"),
    "retired": pgettext_lazy("timeline", "retired"),
    "not_in_official_list": pgettext_lazy("timeline", "not in the official list"),
    "scheduled": pgettext_lazy("timeline", "scheduled"),
    "checklist": pgettext_lazy("timeline", "checklist set"),
    "extension_requested": pgettext_lazy("timeline", "extension requested"),
    "extension_granted": pgettext_lazy("timeline", "extension granted"),
    "extension_refused": pgettext_lazy("timeline", "extension refused"),
    "done_confirmed": pgettext_lazy("timeline", "completion confirmed"),
    "done_refused": pgettext_lazy("timeline", "completion not accepted"),
    "recovery_task": pgettext_lazy("timeline", "remediation task"),
    "target_set": pgettext_lazy("timeline", "target set"),
    "target_cleared": pgettext_lazy("timeline", "target removed"),
    "due_explained": pgettext_lazy("timeline", "delay explained"),
}

#: Labels of fields declared without a ``verbose_name`` (their default label is the English attribute name).
FIELD_LABELS = {
    "actor": pgettext_lazy("field", "actor"),
    "actor_label": pgettext_lazy("field", "actor (as recorded)"),
    "appraised_by": pgettext_lazy("field", "appraised by"),
    "area_code": pgettext_lazy("field", "area code"),
    "assessment": pgettext_lazy("field", "assessment"),
    "author": pgettext_lazy("field", "author"),
    "author_label": pgettext_lazy("field", "author (as recorded)"),
    "batch": pgettext_lazy("field", "import record"),
    "checked_at": pgettext_lazy("field", "checked at"),
    "checked_by": pgettext_lazy("field", "checked by"),
    "content_type": pgettext_lazy("field", "file type"),
    "criterion": pgettext_lazy("field", "criterion"),
    "depth": pgettext_lazy("field", "level"),
    "due_source": pgettext_lazy("field", "source of the due date"),
    "error": pgettext_lazy("field", "error"),
    "figure": pgettext_lazy("field", "figure"),
    "file": pgettext_lazy("field", "file"),
    "finalised_by": pgettext_lazy("field", "finalised by"),
    "finished_at": pgettext_lazy("field", "finished at"),
    "framework": pgettext_lazy("field", "framework"),
    "from_label": pgettext_lazy("field", "handed over by (as recorded)"),
    "from_user": pgettext_lazy("field", "handed over by"),
    "inspection": pgettext_lazy("field", "inspection"),
    "issued_at": pgettext_lazy("field", "issued at"),
    "issued_by": pgettext_lazy("field", "issued by"),
    "item": pgettext_lazy("field", "checklist item"),
    "new_code": pgettext_lazy("field", "new code"),
    "new_framework": pgettext_lazy("field", "new framework"),
    "old_code": pgettext_lazy("field", "old code"),
    "old_framework": pgettext_lazy("field", "old framework"),
    "order": pgettext_lazy("field", "order"),
    "origin": pgettext_lazy("field", "origin"),
    "parent": pgettext_lazy("field", "parent"),
    "plan": pgettext_lazy("field", "plan"),
    "position": pgettext_lazy("field", "position in the list"),
    "problem_count": pgettext_lazy("field", "problems"),
    "rejected_rows": pgettext_lazy("field", "rejected rows"),
    "rows": pgettext_lazy("field", "rows"),
    "rows_estimate": pgettext_lazy("field", "estimated rows"),
    "score": pgettext_lazy("field", "score"),
    "sha256": pgettext_lazy("field", "SHA-256 checksum"),
    "size": pgettext_lazy("field", "size (bytes)"),
    "skip_invalid": pgettext_lazy("field", "skip invalid rows"),
    "source": pgettext_lazy("field", "source"),
    "submitted_by": pgettext_lazy("field", "submitted by"),
    "to_user": pgettext_lazy("field", "received by"),
    "uploaded_by": pgettext_lazy("field", "uploaded by"),
    "uploaded_by_label": pgettext_lazy("field", "uploaded by (as recorded)"),
    "user": pgettext_lazy("field", "user"),
    "verified_by": pgettext_lazy("field", "verified by"),
}
#: Columns that only serve the program (a generic link, a job id, a stored preview): not shown to readers.
HIDDEN_FIELDS = frozenset({"source_type", "source_id", "task_id", "preview", "result", "stored_name"})

_GENERAL: dict[str, object] = dict(GENERAL_EVENT_LABELS)
_BY_APP: dict[str, dict[str, object]] = {}
_discovered = False


def register_event_labels(labels: dict, *, app: str | None = None) -> None:
    """Add timeline verb labels: an app's own (``app="plans"``) or general ones (no app)."""
    (_BY_APP.setdefault(app, {}) if app else _GENERAL).update(labels)


def _discover() -> None:
    """Import each app's ``timeline`` module once and register its ``VERB_LABELS``."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.timeline")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.timeline":
                raise
            continue
        labels = getattr(module, "VERB_LABELS", None)
        if labels:
            _BY_APP[config.label] = {**labels, **_BY_APP.get(config.label, {})}


def event_label(verb: str, app: str | None = None) -> str:
    """The label of a timeline verb; an unknown verb reads as it is, its underscores as spaces."""
    _discover()
    label = _BY_APP.get(app or "", {}).get(verb) or _GENERAL.get(verb)
    return str(label) if label is not None else verb.replace("_", " ")


# --- values ------------------------------------------------------------------------------------------------


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_instant(value) -> str:
    """An instant (aware or text as stored) in local time: ``08/12/2026 06:41``."""
    if isinstance(value, str):
        value = parse_datetime(value) or value
    return _local(value).strftime(DATETIME_FORMAT) if isinstance(value, datetime) else str(value)


def _plain(field_obj, value, related: dict) -> str:
    """One stored value of ``field_obj`` as a reader sees it (``related`` maps (model, pk) to objects)."""
    if value is None or value == "":
        return EMPTY
    if field_obj is None:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    if field_obj.many_to_many:
        names = [_related_name(field_obj, pk, related) for pk in value or []]
        return ", ".join(names) or EMPTY
    if field_obj.is_relation:
        return _related_name(field_obj, value, related)
    if field_obj.flatchoices:
        labels = {str(k): v for k, v in field_obj.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field_obj, models.DateTimeField):
        return format_instant(value)
    if isinstance(field_obj, models.DateField):
        parsed = parse_date(value) if isinstance(value, str) else value
        return parsed.strftime(DATE_FORMAT) if isinstance(parsed, date) else str(value)
    if isinstance(field_obj, models.TimeField):
        parsed = parse_time(value) if isinstance(value, str) else value
        return parsed.strftime("%H:%M") if parsed is not None else str(value)
    if isinstance(field_obj, models.DecimalField | models.FloatField):
        from cchc.core.templatetags.cchc import vn_number

        text = str(value)
        places = len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0
        return vn_number(text, places)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _related_name(field_obj, pk, related: dict) -> str:
    obj = related.get((field_obj.related_model, str(pk)))
    if obj is None:
        return gettext("#%(id)s (deleted)") % {"id": pk}
    if isinstance(obj, get_user_model()):
        return user_name(obj)
    return str(obj)


def user_name(user) -> str:
    """A user's name in the Vietnamese order (family name first), else the username."""
    return " ".join(n for n in (user.last_name, user.first_name) if n) or user.get_username()


# --- change-log rows ---------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class ChangeRow:
    """One change-log entry as read: when (local), who, what happened and the changed fields."""

    entry: object
    at: str
    actor: str
    action: str
    fields: list[FieldChange] = field(default_factory=list)


def _cached_actor(entry) -> bool:
    return entry.actor_id is None or entry._meta.get_field("actor").is_cached(entry)


def _unnamed(field_obj) -> bool:
    return str(field_obj.verbose_name) == field_obj.name.replace("_", " ")


def _internal(field_obj) -> bool:
    """The primary key, a program-only column, a derived one with no label (a search key): not for readers."""
    if field_obj is None:
        return False
    return (
        field_obj.primary_key
        or field_obj.name in HIDDEN_FIELDS
        or (not field_obj.editable and _unnamed(field_obj))
    )


def field_label(field_obj) -> str:
    """The field's label as read: its ``verbose_name``, or the core label of a common unnamed field."""
    if _unnamed(field_obj) and field_obj.name in FIELD_LABELS:
        return str(capfirst(FIELD_LABELS[field_obj.name]))
    return str(capfirst(field_obj.verbose_name))


def _fields_by_key(model) -> dict:
    found = {}
    for f in model._meta.concrete_fields:
        found[f.attname] = f
        found[f.name] = f
    for f in model._meta.many_to_many:
        found[f.name] = f
    return found


def _actor(entry, users: dict) -> str:
    user = entry.actor if _cached_actor(entry) else users.get(entry.actor_id)
    if user is not None:
        return user_name(user)
    return entry.actor_label or gettext("system")


def _field_change(key, f, before, after, related) -> FieldChange:
    label = field_label(f) if f is not None else key
    return FieldChange(key, label, _plain(f, before, related), _plain(f, after, related))


def present_changes(entries, model=None) -> list[ChangeRow]:
    """Readable rows of change-log entries (of ``model``, or each entry's own model): a fixed number of
    queries whatever the number of rows (one per related model)."""
    entries = list(entries)
    keyed = []
    wanted: dict[type, set] = {}
    for entry in entries:
        entry_model = model or ContentType.objects.get_for_id(entry.content_type_id).model_class()
        fields = _fields_by_key(entry_model) if entry_model is not None else {}
        changed = [
            (k, fields.get(k), b, a) for k, b, a in entry.changed_fields if not _internal(fields.get(k))
        ]
        for _key, f, before, after in changed:
            if f is not None and f.is_relation and f.related_model is not None:
                values = [*(before or []), *(after or [])] if f.many_to_many else [before, after]
                wanted.setdefault(f.related_model, set()).update(
                    str(v) for v in values if v not in (None, "")
                )
        keyed.append((entry, changed))
    related = {}
    for rel_model, pks in wanted.items():
        for obj in rel_model._base_manager.filter(pk__in=list(pks)):
            related[(rel_model, str(obj.pk))] = obj
    missing = {e.actor_id for e in entries if not _cached_actor(e)}
    users = get_user_model()._base_manager.in_bulk(missing) if missing else {}
    rows = []
    for entry, changed in keyed:
        rows.append(
            ChangeRow(
                entry=entry,
                at=format_instant(entry.at),
                actor=_actor(entry, users),
                action=entry.get_action_display(),
                fields=[
                    change
                    for key, f, before, after in changed
                    if (change := _field_change(key, f, before, after, related)).before != change.after
                ],
            )
        )
    return rows


def present_events(events, app: str | None = None) -> list[tuple[object, str, str]]:
    """``(event, label, actor)`` of timeline events, the label from the registry of ``app``'s verbs (the
    events' actors selected with them, as :func:`cchc.core.selectors.object_history` does)."""
    return [(e, event_label(e.verb, app), _actor(e, {})) for e in events]
