"""Per-client rate limit of the open-data API, the same approach as the report form's
(``portal.editorial.ratelimit``): a counter per salted hash of the client's address in
Django's cache (Redis in production, shared by every worker), fixed windows.

The limit is far above what a harvester or an app needs (reading all services at 100 per
page is a few dozen requests), so only a runaway loop meets it.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from portal.client_ip import client_ip

REQUESTS_PER_WINDOW = 600
WINDOW_SECONDS = 60


def _key(request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"opendata:api-rate:{digest[:32]}"


def register_request(request, limit: int | None = None, window: int = WINDOW_SECONDS) -> int:
    """Count one request; 0 when it may go ahead, else the seconds until the window ends."""
    limit = REQUESTS_PER_WINDOW if limit is None else limit
    key = _key(request)
    if cache.add(key, 0, timeout=window):
        cache.set(key + ":start", time.time(), timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        cache.set(key + ":start", time.time(), timeout=window)
        count = 1
    if count <= limit:
        return 0
    started = cache.get(key + ":start")
    if started is None:
        return window
    return max(1, min(window, math.ceil(started + window - time.time())))
