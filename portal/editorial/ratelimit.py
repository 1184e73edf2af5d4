"""Per-client rate limit for residents' reports, kept in Django's cache (Redis in production).

The client is ``portal.client_ip.client_ip`` (the trusted proxy's header, never the proxy's
own address). Only a salted hash of the address is used as key, so no address is stored.
Honeypot hits are not counted here: a bot must not use up a real resident's reports.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from portal.client_ip import client_ip

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def _key(request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"editorial:report-rate:{digest[:32]}"


def is_limited(request, limit: int = REPORTS_PER_WINDOW) -> bool:
    return (cache.get(_key(request)) or 0) >= limit


def seconds_left(request, window: int = WINDOW_SECONDS) -> int:
    """Seconds until this client's window ends (the whole window when it is unknown)."""
    started = cache.get(_key(request) + ":start")
    if started is None:
        return window
    return max(0, min(window, math.ceil(started + window - time.time())))


def minutes_left(request, window: int = WINDOW_SECONDS) -> int:
    return max(1, math.ceil(seconds_left(request, window) / 60))


def register_attempt(request, window: int = WINDOW_SECONDS) -> int:
    """Count one submission; the window starts at the first one (atomic with Redis)."""
    key = _key(request)
    if cache.add(key, 0, timeout=window):
        cache.set(key + ":start", time.time(), timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        cache.set(key + ":start", time.time(), timeout=window)
        return 1
