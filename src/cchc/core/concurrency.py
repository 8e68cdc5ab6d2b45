"""No silent overwrite: an edit form carries the version of the object it was read at.

The version of an audited object is the id of its latest change-log row (:class:`~cchc.core.models.ChangeLog`
ids only grow), so every ``@audited`` model has one without a migration or a counter to keep. A form adds
:class:`VersionField` (hidden) with :func:`version_of` as its initial value; the service, holding the row
lock, calls :func:`check_version` with the posted version and the fields the form edits. When one of those
fields changed since, it raises :class:`StaleEdit`, which lists what changed in between (field, old, new,
who, when) and carries the current version, so that the page can show the differences, keep the user's input
and let them save again knowingly.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cchc.core.errors import DomainError


def _rows(obj: models.Model):
    from cchc.core.models import ChangeLog

    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
        object_id=str(obj.pk),
    )


def version_of(obj: models.Model) -> str:
    """The object's current version: its latest change-log id (``"0"`` when it has none)."""
    latest = _rows(obj).order_by("-id").values_list("id", flat=True).first()
    return str(latest or 0)


@dataclass(frozen=True)
class Change:
    field: str  # the field's label
    old: str
    new: str
    who: str
    at: datetime

    @property
    def when(self) -> str:
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M}"

    def __str__(self) -> str:
        return f"{self.field}: “{self.old}” → “{self.new}” ({self.who}, {self.when})"


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return str(value)


def _label(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname or field.name == attname:
            return str(field.verbose_name)
    return attname


def changes_since(obj: models.Model, version, *, fields=None) -> list[Change]:
    """What changed on ``obj`` after ``version`` (oldest first), limited to ``fields`` (names) if given."""
    try:
        since = int(version)
    except (TypeError, ValueError):
        since = 0
    wanted = None
    if fields is not None:
        wanted = set()
        for name in fields:
            field = obj._meta.get_field(name)
            wanted.add(getattr(field, "attname", name))
    changes = []
    for row in _rows(obj).filter(id__gt=since).select_related("actor").order_by("id"):
        before, after = row.before or {}, row.after or {}
        who = row.actor.get_full_name() or row.actor.get_username() if row.actor_id else row.actor_label
        for key in after:
            if key in before and before[key] != after[key] and (wanted is None or key in wanted):
                changes.append(
                    Change(_label(type(obj), key), _shown(before[key]), _shown(after[key]), who, row.at)
                )
    return changes


class StaleEdit(DomainError):
    """The object changed after the form was read: ``changes`` says what, ``version`` is the current one."""

    def __init__(self, changes: list[Change], version: str):
        super().__init__(
            "stale",
            "Dữ liệu đã được người khác sửa sau khi bạn mở trang này; chưa lưu. "
            "Xem các thay đổi bên dưới, kiểm tra lại nội dung của bạn rồi lưu lại nếu vẫn muốn thay đổi.",
            field="version",
        )
        self.changes = changes
        self.version = version


def check_version(obj: models.Model, version, *, fields=None) -> None:
    """Raise :class:`StaleEdit` when one of ``fields`` of ``obj`` changed after ``version``.

    ``version=None`` (a command, an import) skips the check. Call it with the row locked
    (``select_for_update``) so that no save slips in between the check and the write.
    """
    if version is None:
        return
    changes = changes_since(obj, version, fields=fields)
    if changes:
        raise StaleEdit(changes, version_of(obj))


class VersionField(forms.CharField):
    """The hidden version an edit form was read at."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)


def refuse_stale(form: forms.Form, exc: StaleEdit) -> None:
    """Show a stale edit on ``form``: one error per change, the user's input kept, and the current version
    put in the form so that saving again (after reading the changes) is a deliberate overwrite."""
    form.add_error(None, exc.message)
    for change in exc.changes:
        form.add_error(None, str(change))
    data = form.data.copy()
    data[form.add_prefix("version")] = exc.version
    form.data = data
