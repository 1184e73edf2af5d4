"""Per-IP rate limit for residents' reports, kept in Django's cache (Redis in production).

Only a salted hash of the IP address is used as key, so no address is stored.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def client_ip(request) -> str:
    # Behind a reverse proxy, set REPORT_CLIENT_IP_HEADER (e.g. "HTTP_X_FORWARDED_FOR");
    # the right-most entry is the one the trusted proxy added.
    header = getattr(settings, "REPORT_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"editorial:report-rate:{digest[:32]}"


def is_limited(request, limit: int = REPORTS_PER_WINDOW) -> bool:
    return (cache.get(_key(request)) or 0) >= limit


def register_attempt(request, window: int = WINDOW_SECONDS) -> int:
    """Count one submission; the window starts at the first one (atomic with Redis)."""
    key = _key(request)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
