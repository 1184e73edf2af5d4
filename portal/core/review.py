"""Since when an unchecked item counts as long overdue: asked by search (which ranks such
items lower), answered by the editorial feature (its review settings).

Search and the editorial tools are features side by side and do not import each other:
``portal.editorial`` registers its answer here in ``AppConfig.ready()``. Without an answer
(the editorial app not installed) nothing counts as long overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

_cutoff_source: Callable[[date], date | None] | None = None


def set_long_overdue_cutoff_source(source: Callable[[date], date | None]) -> None:
    """``source(today)`` returns the date on or before which an item's last check makes
    it long overdue."""
    global _cutoff_source  # noqa: PLW0603 - one answer per process, set once in ready()
    _cutoff_source = source


def long_overdue_cutoff(today: date) -> date | None:
    return _cutoff_source(today) if _cutoff_source is not None else None
