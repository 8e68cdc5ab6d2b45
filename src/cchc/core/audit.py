"""Recording who changed what.

Two layers (STYLE.md): :class:`~cchc.core.models.ChangeLog` rows are written automatically for every
save/delete of a model registered with :func:`audited` (and for ``.update()``/``bulk_create`` through
:class:`AuditedQuerySet`, so bulk writes are never unlogged); :func:`record_event` adds a semantic
event to an object's timeline and is called by services in the same transaction as the change.

The actor comes from a context variable set by the web middleware (the logged-in user and a request id)
or by the CLI (``cli:<os user>``).
"""

import contextvars
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import class_prepared, m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

_actor = contextvars.ContextVar("cchc_actor", default=None)
_actor_label = contextvars.ContextVar("cchc_actor_label", default="system")
_request_id = contextvars.ContextVar("cchc_request_id", default="")

_REGISTRY: dict[type, tuple[str, ...]] = {}


def set_actor_label(label: str) -> None:
    _actor_label.set(label)


@contextmanager
def acting_as(user=None, *, label: str | None = None, request_id: str = ""):
    """Attribute the writes inside the block to ``user`` (or a label such as ``cli:root``)."""
    tokens = [
        _actor.set(user if user is not None and user.is_authenticated else None),
        _actor_label.set(
            label or (user.get_username() if user is not None and user.is_authenticated else "")
        ),
        _request_id.set(request_id),
    ]
    try:
        yield
    finally:
        for var, token in zip((_actor, _actor_label, _request_id), tokens, strict=True):
            var.reset(token)


def current_actor():
    return _actor.get()


def current_actor_label() -> str:
    """Who the writes are attributed to: a username, ``cli:<os user>`` or ``system``."""
    return _actor_label.get()


def _context() -> dict:
    return {"actor": _actor.get(), "actor_label": _actor_label.get(), "request_id": _request_id.get()}


def json_value(value):
    """A field's value as the change log stores it: None, booleans, integers and text as they are, any other
    value (instants, decimals, durations, files) as its text."""
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def snapshot(instance: models.Model) -> dict:
    """JSON-safe values of the concrete fields, minus the model's excluded ones."""
    exclude = _REGISTRY.get(type(instance), ())
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = json_value(field.value_from_object(instance))
    return data


def _log(instance, action, before, after) -> None:
    from cchc.core.models import ChangeLog

    ChangeLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        before=before,
        after=after,
        **_context(),
    )


class AuditedQuerySet(models.QuerySet):
    """A queryset whose bulk writes are logged row by row, like saves."""

    def update(self, covered_by=None, **kwargs):
        """Update rows and log each change; ``covered_by`` (an import record) replaces the per-row log."""
        from cchc.core.models import ChangeLog

        if self.model not in _REGISTRY or covered_by is not None:
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        before = {obj.pk: snapshot(obj) for obj in self.model._base_manager.filter(pk__in=pks)}
        count = super().update(**kwargs)
        ct = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        ctx = _context()
        rows = []
        for obj in self.model._base_manager.filter(pk__in=pks):
            after = snapshot(obj)
            if after != before.get(obj.pk):
                rows.append(
                    ChangeLog(
                        content_type=ct,
                        object_id=str(obj.pk),
                        object_repr=str(obj)[:300],
                        action=ChangeLog.Action.UPDATE,
                        before=before.get(obj.pk),
                        after=after,
                        **ctx,
                    )
                )
        ChangeLog.objects.bulk_create(rows, batch_size=500)
        return count

    def bulk_create(self, objs, *args, covered_by=None, **kwargs):
        """Insert rows and log each one; ``covered_by`` (an import record) replaces the per-row log: the one
        place where unlogged bulk writes are allowed (STYLE.md), because the import record covers them."""
        from cchc.core.models import ChangeLog

        created = super().bulk_create(objs, *args, **kwargs)
        if covered_by is None and self.model in _REGISTRY and created and created[0].pk is not None:
            ct = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
            ctx = _context()
            ChangeLog.objects.bulk_create(
                [
                    ChangeLog(
                        content_type=ct,
                        object_id=str(o.pk),
                        object_repr=str(o)[:300],
                        action=ChangeLog.Action.CREATE,
                        before=None,
                        after=snapshot(o),
                        **ctx,
                    )
                    for o in created
                ],
                batch_size=500,
            )
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise TypeError(
            "bulk_update bypasses the change log on audited models; "
            "use update(), save() or bulk_update_logged()."
        )

    def bulk_update_logged(self, objs, fields, *, batch_size: int = 500) -> int:
        """``bulk_update`` with the change log: Django runs it as one ``update()`` per batch, which this
        queryset logs row by row (before/after as stored)."""
        return super().bulk_update(objs, fields, batch_size=batch_size)


def log_bulk_changes(model, changes, *, batch_size: int = 2000) -> int:
    """Write the change-log rows of updates made without model instances (an import's set-based writes), in
    bulk: ``changes`` holds ``(pk, repr, before, after)``, the two dicts being the changed fields (attnames)
    with their stored values, which are made JSON-safe here. Returns the number of rows written."""
    from cchc.core.models import ChangeLog

    exclude = {model._meta.get_field(name).attname for name in _REGISTRY.get(model, ())}
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    ctx = _context()
    rows = [
        ChangeLog(
            content_type=ct,
            object_id=str(pk),
            object_repr=str(text)[:300],
            action=ChangeLog.Action.UPDATE,
            before={k: json_value(v) for k, v in before.items() if k not in exclude},
            after={k: json_value(v) for k, v in after.items() if k not in exclude},
            **ctx,
        )
        for pk, text, before, after in changes
    ]
    ChangeLog.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


#: Abstract models decorated with :func:`audited`: each concrete model built on one is audited as well.
_ABSTRACT: dict[type, tuple[str, ...]] = {}


def audited(*, exclude: tuple[str, ...] = ()):
    """Class decorator: record every change of this model in the change log. On an abstract model it applies
    to every concrete model built on it (e.g. the evidence files of tasks, scores and checklist items)."""

    def wrap(model):
        (_ABSTRACT if model._meta.abstract else _REGISTRY)[model] = tuple(exclude)
        return model

    return wrap


def _class_prepared(sender, **kwargs):
    if sender._meta.abstract or sender in _REGISTRY:
        return
    base = next((base for base in sender.__mro__[1:] if base in _ABSTRACT), None)
    if base is not None:
        _REGISTRY[sender] = _ABSTRACT[base]


class_prepared.connect(_class_prepared, dispatch_uid="cchc_audit_class_prepared")


def is_audited(model) -> bool:
    return model in _REGISTRY


def _pre_save(sender, instance, raw=False, **kwargs):
    if sender not in _REGISTRY or raw:
        return
    instance._audit_before = None
    if instance.pk is not None:
        old = sender._base_manager.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old) if old is not None else None


def _post_save(sender, instance, created, raw=False, **kwargs):
    if sender not in _REGISTRY or raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if before is None:
        _log(instance, "create", None, after)
    elif before != after:
        _log(instance, "update", before, after)


def _post_delete(sender, instance, **kwargs):
    if sender in _REGISTRY:
        _log(instance, "delete", snapshot(instance), None)


def _m2m_changed(sender, instance, action, model, **kwargs):
    if type(instance) not in _REGISTRY:
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance._audit_m2m_before = current
    elif action.startswith("post_"):
        before = getattr(instance, "_audit_m2m_before", None)
        if before != current:
            _log(instance, "update", {field.name: before}, {field.name: current})


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="cchc_audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="cchc_audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="cchc_audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="cchc_audit_m2m")


def record_event(obj: models.Model, verb: str, message: str = "", *, unit_code: str = "", at=None, **data):
    """Append an event to ``obj``'s timeline, attributed to the current actor."""
    from cchc.core.models import Event

    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
        object_id=str(obj.pk),
        verb=verb,
        message=message,
        unit_code=unit_code,
        at=at or timezone.now(),
        data=data,
        actor=_actor.get(),
        actor_label=_actor_label.get(),
    )
