"""Reads of dossiers: the desk's queues and search, where the desk may receive, who may handle a dossier,
remaining time, timelines and steps. Who may *do* what is asked of :mod:`cchc.dossiers.permissions`.

The queues are database filters over the stored derived fields (``status``, ``due_plus_pause_at``,
``timeliness``), so that a list, its count and its export are one query each:

- *due today*: being processed (clock running) and due, pause included, on today's local date;
- *overdue*: being processed and past the due instant, pause included;
- *awaiting supplement*: the clock is paused until the applicant completes the dossier;
- *apology due*: being processed, not yet apologised, and at most one working day of office time before the
  due instant or past it (the letter must go out no later than one working day before it; DOMAIN.md §4);
- *late without apology*: overdue now, or ended late, and no apology letter recorded.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q
from django.utils import timezone

from cchc.core.parsing import LOCAL_TZ
from cchc.core.scoping import role_paths


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)


def received_between(queryset, date_from: date | None, date_to: date | None):
    """Dossiers whose local receipt date lies in [date_from, date_to] (inclusive; either end optional)."""
    if date_from is not None:
        queryset = queryset.filter(received_at__gte=local_midnight(date_from))
    if date_to is not None:
        queryset = queryset.filter(received_at__lt=local_midnight(date_to + timedelta(days=1)))
    return queryset


# ---------------------------------------------------------------------------------------------------------
# Where the desk receives, who may handle
# ---------------------------------------------------------------------------------------------------------


def person_name(user) -> str:
    """``Huỳnh Văn Phúc``: family and middle names (``last_name``) before the given name, else the login."""
    return " ".join(n for n in (user.last_name, user.first_name) if n) or user.get_username()


def specialists_for(dossier) -> list:
    """The users who may be assigned to handle ``dossier``: active holders of the specialist role, or of an
    officer role, on its competent unit or a unit above it; by name."""
    from django.contrib.auth import get_user_model

    from cchc.dossiers.permissions import SPECIALIST_ROLES, competent_unit

    path = competent_unit(dossier).path
    above = ["/" + "/".join(path.strip("/").split("/")[:n]) + "/" for n in range(1, path.count("/"))]
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role__in=SPECIALIST_ROLES,
            role_assignments__unit__path__in=above,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")  # by given name, the Vietnamese way
    )
    return list(users)


def intake_units(user, current=None) -> list:
    """Units where ``user`` may receive dossiers: the units of the acting roles (a superuser: the unit in
    context and the units right below it)."""
    from cchc.dossiers.models import Dossier
    from cchc.org.models import Unit

    if user.is_superuser:
        if current is None:
            return []
        below = Unit.objects.filter(parent=current, valid_to__isnull=True).order_by("name")
        return [current, *below]
    paths = role_paths(user, Dossier.scope_change_roles)
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


# ---------------------------------------------------------------------------------------------------------
# Queues
# ---------------------------------------------------------------------------------------------------------

QUEUES = ("pending", "due_today", "overdue", "awaiting_supplement", "apology_due", "late_without_apology")


def _special_calendar_units(today: date):
    """Units whose calendar differs from the nationwide one in the coming weeks (local entries or their own
    office hours), deepest first."""
    from cchc.org.models import Unit
    from cchc.workdays.models import CalendarEntry, UnitOfficeHours

    ids = set(
        CalendarEntry.objects.filter(
            unit__isnull=False, date__gte=today - timedelta(days=1), date__lte=today + timedelta(days=60)
        ).values_list("unit_id", flat=True)
    ) | set(UnitOfficeHours.objects.values_list("unit_id", flat=True))
    return sorted(Unit.objects.filter(pk__in=ids), key=lambda u: -len(u.path))


def _apology_due_q(now: datetime) -> Q:
    """Due instant (pause included) no more than one working day of office time after ``now``: the threshold
    is the due instant of a one-day procedure received now, per calendar (local closures, office hours)."""
    from cchc.workdays.selectors import due_for

    condition, handled = Q(), Q()
    for unit in _special_calendar_units(timezone.localdate(now)):
        here = Q(receiving_unit__path__startswith=unit.path)
        condition |= here & ~handled & Q(due_plus_pause_at__lte=due_for(unit, now, 1))
        handled |= here
    return condition | (~handled & Q(due_plus_pause_at__lte=due_for(None, now, 1)))


def queue_conditions(now: datetime | None = None) -> dict[str, Q]:
    from cchc.dossiers.models import Status, Timeliness

    now = now or timezone.now()
    today = timezone.localdate(now)
    running = Q(status=Status.PROCESSING)
    overdue = running & Q(due_plus_pause_at__lt=now)
    return {
        "pending": Q(status__in=[Status.PROCESSING, Status.AWAITING_SUPPLEMENT]),
        "due_today": running
        & Q(
            due_plus_pause_at__gte=local_midnight(today),
            due_plus_pause_at__lt=local_midnight(today + timedelta(days=1)),
        ),
        "overdue": overdue,
        "awaiting_supplement": Q(status=Status.AWAITING_SUPPLEMENT),
        "apology_due": running & Q(apology_sent_at__isnull=True) & _apology_due_q(now),
        "late_without_apology": Q(apology_sent_at__isnull=True) & (overdue | Q(timeliness=Timeliness.LATE)),
    }


def in_queue(queryset, name: str, now: datetime | None = None):
    return queryset.filter(queue_conditions(now)[name])


def queue_counts(queryset, now: datetime | None = None) -> dict[str, int]:
    """The size of the list and of every queue, in one query."""
    conditions = queue_conditions(now)
    counts = queryset.aggregate(all=Count("pk"), **{n: Count("pk", filter=c) for n, c in conditions.items()})
    return counts


def search(queryset, text: str):
    """Dossiers whose code contains ``text``, or whose applicant name (accents and case ignored) or phone
    contains it."""
    from cchc.procedures.text import fold

    text = (text or "").strip()
    if not text:
        return queryset
    words = fold(text).split()
    by_name = Q()
    for word in words:
        by_name &= Q(search_text__contains=word)
    condition = Q(code__icontains=text) | by_name
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4 and all(ch.isdigit() or ch in " +.-" for ch in text):
        condition |= Q(search_text__contains=digits)
    return queryset.filter(condition)


def desk_list(user, *, queue: str = "", text: str = "", now: datetime | None = None):
    """The desk's list: what ``user`` may see, in a queue (or all), matching the search."""
    from cchc.dossiers.models import Dossier

    rows = Dossier.objects.visible_to(user)
    rows = search(rows, text)
    if queue in QUEUES:
        rows = in_queue(rows, queue, now).order_by("due_plus_pause_at", "code")
    else:
        rows = rows.order_by("-received_at", "-code")
    return rows


def with_list_relations(rows):
    return rows.select_related("procedure", "receiving_unit", "handling_unit")


def mark_overdue(rows, now: datetime | None = None) -> None:
    """Set ``overdue`` on each dossier of a page: being processed and past its pause-adjusted due instant."""
    from cchc.dossiers.models import Status

    now = now or timezone.now()
    for dossier in rows:
        due = dossier.due_plus_pause_at or dossier.due_at
        dossier.overdue = dossier.status == Status.PROCESSING and due < now


# ---------------------------------------------------------------------------------------------------------
# One dossier
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Remaining:
    """Where the clock of a dossier stands: ``state`` is running, overdue, paused or ended."""

    state: str
    hours: Decimal | None = None
    due: datetime | None = None


def remaining(dossier, now: datetime | None = None) -> Remaining:
    """Office time left before the (pause-adjusted) due instant, in working hours (one decimal)."""
    from cchc.dossiers.models import Status
    from cchc.workdays.engine import working_seconds_between
    from cchc.workdays.selectors import unit_calendar

    now = now or timezone.now()
    due = dossier.due_plus_pause_at or dossier.due_at
    if dossier.status == Status.AWAITING_SUPPLEMENT:
        return Remaining("paused", due=due)
    if dossier.status != Status.PROCESSING:
        return Remaining("ended", due=due)
    if due < now:
        return Remaining("overdue", due=due)
    uc = unit_calendar(dossier.receiving_unit)
    seconds = Fraction(working_seconds_between(now, due, uc.calendar, uc.hours))
    hours = (Decimal(seconds.numerator) / seconds.denominator / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Remaining("running", hours=hours, due=due)


def procedures_for_intake(unit):
    """The catalogue for the intake form: the procedures the unit receives most first, then by code."""
    from cchc.procedures.models import Procedure

    return (
        Procedure.objects.annotate(used=Count("dossiers", filter=Q(dossiers__receiving_unit=unit)))
        .order_by("-used", "code")
        .only("code", "name", "field")
    )


def events_of(dossier):
    from cchc.core.selectors import object_history

    return object_history(dossier)["events"]


def transfers_of(dossier):
    return dossier.transfers.select_related("from_unit", "to_unit").order_by("at", "id")


def steps_of(dossier):
    """The hand-overs inside the competent unit (assigned, proposed, approved or sent back), oldest first."""
    return dossier.steps.select_related("from_user", "to_user", "from_unit", "to_unit").order_by(
        "started_at", "id"
    )


# ---------------------------------------------------------------------------------------------------------
# Public status page
# ---------------------------------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """``Nguyễn Văn An`` → ``N*** V** A*``: each word's initial and at most three stars."""
    return " ".join(word[0] + "*" * min(len(word) - 1, 3) for word in (name or "").split())


def public_dossier(*, code: str = "", token: str = ""):
    """The dossier a citizen asks for by its code (exact, else case-insensitive) or its receipt token."""
    from cchc.dossiers.models import Dossier

    rows = Dossier.objects.select_related("procedure", "receiving_unit")
    if token:
        return rows.filter(public_token=token).first()
    code = (code or "").strip()
    if not code:
        return None
    return rows.filter(code=code).first() or rows.filter(code__iexact=code).first()


def public_timeline(dossier) -> list[tuple[datetime, str]]:
    """(instant, plain sentence) of the events a citizen may read: no names, no notes."""
    from cchc.dossiers.timeline import PUBLIC_TEXT

    events = events_of(dossier).select_related(None).only("at", "verb")
    return [(e.at, PUBLIC_TEXT[e.verb]) for e in events if e.verb in PUBLIC_TEXT]
