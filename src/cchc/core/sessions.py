"""Idle timeout of signed-in sessions: ``SESSION_COOKIE_AGE`` (``CCHC_SESSION_IDLE_MINUTES``, default 30)
after the last request.

Django moves a session's end (its database row and its cookie) forward only when the session is saved. Saving
it on every request (``SESSION_SAVE_EVERY_REQUEST``) would make every page a database write, and on SQLite a
long import holds the only write lock; so :class:`IdleTimeoutMiddleware` saves it when the last save is at
least :data:`REFRESH_SECONDS` old (at most once a minute): the session ends 29 to 30 minutes after the last
request. The time of the last save is kept in the session; a log-in sets it (:func:`mark_fresh`).
"""

import time

from django.contrib.auth.signals import user_logged_in

REFRESH_SECONDS = 60
SEEN = "_cchc_refreshed"


def mark_fresh(sender, request, user, **kwargs) -> None:
    """On log-in the session is being written anyway: note the time, so the next page need not write it."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())


def connect_signals() -> None:
    user_logged_in.connect(mark_fresh, dispatch_uid="cchc_session_fresh")


class IdleTimeoutMiddleware:
    """Mark a signed-in session modified (so ``SessionMiddleware`` saves it and re-sends its cookie) when its
    last save is a minute old or more. Placed after ``SessionMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response  # no stored session: nothing to keep alive
        now = int(time.time())
        if session.modified or now - session.get(SEEN, 0) >= REFRESH_SECONDS:
            session[SEEN] = now
        return response
