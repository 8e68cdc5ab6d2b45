"""Rate limit of the public status lookup: at most ``CCHC_LOOKUP_LIMIT`` lookups (default 30) per client IP
address in a fixed window of ``CCHC_LOOKUP_WINDOW`` seconds (default 600), counted in Django's cache.

The default cache is per process (``LocMemCache``), which is exact for ``cchc serve`` (one process, several
threads); several server processes need a shared cache (``CACHES`` in the settings) to share the count. The
client address is ``REMOTE_ADDR``; behind a reverse proxy, set ``CCHC_LOOKUP_TRUST_FORWARDED=1`` to read the
first address of ``X-Forwarded-For`` instead.
"""

import os

from django.conf import settings
from django.core.cache import cache


def limit() -> int:
    return int(getattr(settings, "CCHC_LOOKUP_LIMIT", os.environ.get("CCHC_LOOKUP_LIMIT", 30)))


def window() -> int:
    return int(getattr(settings, "CCHC_LOOKUP_WINDOW", os.environ.get("CCHC_LOOKUP_WINDOW", 600)))


def client_ip(request) -> str:
    trusted = getattr(
        settings, "CCHC_LOOKUP_TRUST_FORWARDED", os.environ.get("CCHC_LOOKUP_TRUST_FORWARDED", "")
    )
    if str(trusted).lower() in {"1", "true", "yes", "on"}:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, scope: str = "lookup") -> bool:
    """Count one lookup of the client; False when it is over the limit of the current window."""
    key = f"cchc:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window())
        count = 1
    return count <= limit()
