"""The one permission door: may this actor do this action on this object (or unit)?

Each app registers its actions once, in its own ``permissions`` module, with :func:`permission`::

    @permission("plans.task.extend", who="the unit that assigned the task (its managers)")
    def _may_extend(user, task) -> bool: ...

Services ask the door themselves (``require(actor, "plans.task.extend", task)``) before they write, so a
page, an import, an API call and a command get the same answer; views may call :func:`can` to decide which
buttons to show, never to decide a write. The command line, the demo and background tasks act as an explicit
:func:`system_actor`, which passes every check (its writes are still attributed to its label).

A refused action raises :class:`Forbidden` (a :class:`DomainError` with code ``forbidden``); the web
middleware turns it into HTTP 403, the CLI into exit 1 with its message. ``docs/permissions.md`` lists every
registered action with its ``who`` text; a test keeps the two in step.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cchc.core.errors import DomainError

FORBIDDEN_MESSAGE = "Bạn không có quyền thực hiện việc này."


class Forbidden(DomainError):
    def __init__(self, message: str = FORBIDDEN_MESSAGE, *, action: str = ""):
        super().__init__("forbidden", message)
        self.action = action


class SystemActor:
    """The command line, the demo and background work acting on their own: allowed everything, named in the
    change log by ``label`` (``cli:<os user>``, ``demo``, ``system``)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = True
    is_staff = False
    is_system = True
    pk = None
    id = None

    def __init__(self, label: str = "system"):
        self.label = label

    def get_username(self) -> str:
        return self.label

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"SystemActor({self.label!r})"


def system_actor(label: str | None = None) -> SystemActor:
    """The explicit actor of a command or the demo; by default labelled as the audit context says."""
    if label is None:
        from cchc.core.audit import current_actor_label

        label = current_actor_label() or "system"
    return SystemActor(label)


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def actor_user(actor):
    """The user account behind ``actor`` for a ``ForeignKey`` to the user (``uploaded_by``, ``decided_by``):
    ``None`` for the system actor and anonymous visitors."""
    if actor is None or is_system(actor) or not getattr(actor, "is_authenticated", False):
        return None
    return actor


@dataclass(frozen=True)
class Rule:
    name: str
    who: str
    check: Callable[..., bool]


_RULES: dict[str, Rule] = {}


def permission(name: str, *, who: str) -> Callable:
    """Register ``check(user, obj) -> bool`` as the answer for action ``name`` (``app.object.verb``)."""

    def register(check: Callable[..., bool]) -> Callable[..., bool]:
        if name in _RULES and _RULES[name].check is not check:
            raise ValueError(f"permission {name!r} is registered twice")
        _RULES[name] = Rule(name=name, who=who, check=check)
        return check

    return register


def rules() -> dict[str, Rule]:
    """Every registered action (for the documentation test and the permission matrix)."""
    return dict(sorted(_RULES.items()))


def can(actor, action: str, obj=None) -> bool:
    """Whether ``actor`` may do ``action`` on ``obj``. Unknown actions are a programming error."""
    try:
        rule = _RULES[action]
    except KeyError as exc:
        raise LookupError(f"no permission registered as {action!r}") from exc
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if not getattr(actor, "is_active", False):
        return False
    if is_system(actor):
        return True
    return bool(rule.check(actor, obj))


def require(actor, action: str, obj=None, message: str = FORBIDDEN_MESSAGE) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may do ``action`` on ``obj``."""
    if not can(actor, action, obj):
        raise Forbidden(message, action=action)
