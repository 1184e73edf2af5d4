"""The editors' long-overdue rule as other features read it (``portal.core.review``):
search ranks items nobody checked since the cutoff lower."""

from __future__ import annotations

from django.core.cache import cache

from .freshness import ReviewPolicy
from .models import ReviewSettings

LONG_OVERDUE_CACHE_KEY = "search:long-overdue-months"


def _current_months() -> int:
    # Read, never create: ``ReviewSettings.load()`` writes the row on first use, and a
    # write during a search bumps the response cache's version mid-request.
    stored = ReviewSettings.objects.only("long_overdue_months").first()
    return (stored or ReviewSettings()).long_overdue_months


def long_overdue_cutoff(today):
    """Items checked on or before this date count as long overdue (editors' review setting)."""
    months = cache.get_or_set(LONG_OVERDUE_CACHE_KEY, _current_months, 300)
    return ReviewPolicy(long_overdue_months=months).long_overdue_cutoff(today)


def forget_long_overdue_months(**kwargs) -> None:
    cache.delete(LONG_OVERDUE_CACHE_KEY)
