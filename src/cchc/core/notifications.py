"""In-app notifications: one small service and two reads, for any app (reminders, assignments)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.core.models import Notification


@transaction.atomic
def notify(*, user, text: str, url: str = "", key: str = "") -> tuple[Notification, bool]:
    """Create a notification; with a ``key``, at most one per user and key.

    Returns ``(notification, created)``.
    """
    if key:
        existing = Notification.objects.filter(user=user, key=key).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                return Notification.objects.create(user=user, text=text[:500], url=url, key=key), True
        except IntegrityError:  # a concurrent run created it first
            return Notification.objects.get(user=user, key=key), False
    return Notification.objects.create(user=user, text=text[:500], url=url), True


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def for_user(user, *, limit: int = 200):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


@transaction.atomic
def mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())
