"""Reminders for tasks due soon and overdue (``cchc remind``): in-app notifications and optional e-mail.

For every open task with a deadline, on date ``on``:
- *due soon*: at most ``days`` working days left (:func:`cchc.plans.deadlines.working_days_left`;
  0 = due today);
- *overdue*: the effective deadline has passed (:func:`cchc.plans.deadlines.is_overdue`).

Nothing is sent for a task on a day off of its unit's calendar. Recipients: the owner's user; a task without
an owner (or whose owner has no account) goes to the leaders and PAR officers of its unit. Idempotent per day:
a notification's key is ``plans.<kind>:<task>:<date>``, so running twice on a day adds nothing, and an e-mail
goes out only with a new notification.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from cchc.core.notifications import notify
from cchc.org.models import Role
from cchc.plans.deadlines import Calendars, is_overdue, working_days_left, working_days_overdue
from cchc.plans.models import CLOSED_STATUSES, Task

DUE_SOON = "due_soon"
OVERDUE = "overdue"


@dataclass
class RemindResult:
    due_soon: int = 0
    overdue: int = 0
    created: int = 0
    existing: int = 0
    emails: int = 0
    email_failures: list[str] = field(default_factory=list)


def _recipients(task: Task, managers_by_unit: dict[int, list]) -> list:
    owner = task.owner
    if owner is not None and owner.user_id and owner.user.is_active:
        return [owner.user]
    if task.unit_id not in managers_by_unit:
        managers_by_unit[task.unit_id] = list(
            get_user_model()
            .objects.filter(
                is_active=True,
                role_assignments__unit_id=task.unit_id,
                role_assignments__role__in=[Role.LEADER, Role.PAR_OFFICER],
            )
            .distinct()
            .order_by("pk")
        )
    return managers_by_unit[task.unit_id]


def _text(kind: str, task: Task, on: date, calendar) -> str:
    deadline = f"{task.deadline:%d/%m/%Y}"
    if kind == OVERDUE:
        late = working_days_overdue(task.deadline, on, calendar)
        suffix = f", trễ {late} ngày làm việc" if late else ""
        return f"Nhiệm vụ quá hạn (hạn {deadline}{suffix}): {task.title}"
    left = working_days_left(task.deadline, on, calendar)
    when = "hôm nay" if left == 0 else f"còn {left} ngày làm việc"
    return f"Nhiệm vụ sắp đến hạn ({deadline}, {when}): {task.title}"


def _email_address(user) -> str:
    person = getattr(user, "person", None)
    return (person.email if person is not None and person.email else "") or user.email


@transaction.atomic
def remind(*, on: date, days: int, email: bool = False) -> RemindResult:
    result = RemindResult()
    calendars = Calendars()
    managers: dict[int, list] = {}
    outbox: list[EmailMessage] = []
    tasks = (
        Task.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(deadline__isnull=False)
        .select_related("unit", "owner__user")
        .order_by("deadline", "pk")
    )
    for task in tasks:
        calendar = calendars.for_unit(task.unit)
        if not calendar.is_working(on):
            continue
        if is_overdue(task.deadline, on, calendar):
            kind = OVERDUE
            result.overdue += 1
        else:
            left = working_days_left(task.deadline, on, calendar)
            if left is None or left > days:
                continue
            kind = DUE_SOON
            result.due_soon += 1
        text = _text(kind, task, on, calendar)
        url = reverse("plans:task-detail", args=[task.pk])
        for user in _recipients(task, managers):
            _note, created = notify(
                user=user, text=text, url=url, key=f"plans.{kind}:{task.pk}:{on.isoformat()}"
            )
            if not created:
                result.existing += 1
                continue
            result.created += 1
            address = _email_address(user)
            if email and address:
                outbox.append(
                    EmailMessage(subject=f"[CCHC] {text[:150]}", body=f"{text}\n\n{url}\n", to=[address])
                )
    if outbox:
        transaction.on_commit(lambda: _send(outbox, result))
    return result


def _send(outbox: list[EmailMessage], result: RemindResult) -> None:
    connection = get_connection(fail_silently=False)
    for message in outbox:
        message.from_email = settings.DEFAULT_FROM_EMAIL
        message.connection = connection
        try:
            message.send()
            result.emails += 1
        except Exception as exc:  # noqa: BLE001 - one failed address must not stop the others
            result.email_failures.append(f"{','.join(message.to)}: {exc}")
