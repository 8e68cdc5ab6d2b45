"""Failed-login throttling (django-axes) per user and per address.

Two counts over the cool-off period (``AXES_COOLOFF_TIME``), from django-axes' attempt records:

- the username from one address: ``AXES_FAILURE_LIMIT`` failures (``CCHC_LOGIN_FAILURE_LIMIT``, default
  5) lock that username at that address;
- one address across all usernames: ``CCHC_LOGIN_ADDRESS_FAILURE_LIMIT`` failures (default 20) lock the
  address for every username, so trying many usernames from one address is stopped too. The second limit is
  higher because an office often reaches the server from one shared address.

A successful log-in clears only the failures of its own username at its address, never the address's count
(else one valid account would reset an attacker's count). ``AXES_LOCKOUT_PARAMETERS`` must list the pair first
and the address second (see ``cchc.settings``).

The address is ``REMOTE_ADDR``. Behind reverse proxies, ``CCHC_PROXY_COUNT`` (default 0) says how many: the
address is then the one the outermost proxy saw, counted from the end of ``X-Forwarded-For`` (the entries
before it are written by the client and cannot be trusted). Without it every log-in would come from the
proxy's address, and 20 failures by anyone would lock everyone out.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def address_failure_limit() -> int:
    return int(settings.CCHC_LOGIN_ADDRESS_FAILURE_LIMIT)


def client_address(request) -> str | None:
    """The client's address for throttling (``AXES_CLIENT_IP_CALLABLE``)."""
    proxies = int(settings.CCHC_PROXY_COUNT)
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate, higher limit for one address across usernames."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address = self.get_user_attempts(request, credentials)
        pair_failures = _failures(pair)
        if _failures(address) >= address_failure_limit():
            # reported as the per-user limit, which is what django-axes compares with
            return max(pair_failures, get_failure_limit(request, credentials))
        return pair_failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair, _address = self.filter_user_attempts(request, credentials)
        count, _ = pair.delete()
        return count
