"""When an item of the social map needs checking again (pure functions, no database).

Every state is decided by comparing the last verification date with cut-off dates counted
back from *today*. The same cut-offs filter querysets (``overdue_filter`` and friends), so
the admin report, the digest and the public notice always agree about an item.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


class Freshness(enum.StrEnum):
    CURRENT = "actueel"
    DUE_SOON = "binnenkort"
    OVERDUE = "verlopen"
    LONG_OVERDUE = "lang-verlopen"
    NEVER = "nooit"  # never verified: editors must check it; residents see no warning

    @property
    def label(self) -> str:
        return FRESHNESS_LABELS[self]

    @property
    def needs_review(self) -> bool:
        return self in (Freshness.OVERDUE, Freshness.LONG_OVERDUE, Freshness.NEVER)


FRESHNESS_LABELS = {
    Freshness.CURRENT: "Actueel",
    Freshness.DUE_SOON: "Binnenkort controleren",
    Freshness.OVERDUE: "Te laat gecontroleerd",
    Freshness.LONG_OVERDUE: "Lang niet gecontroleerd",
    Freshness.NEVER: "Nog nooit gecontroleerd",
}


@dataclass(frozen=True)
class ReviewPolicy:
    review_months: int = 12
    long_overdue_months: int = 18
    due_soon_days: int = 30

    def overdue_cutoff(self, today: date) -> date:
        """Items verified on or before this date are overdue."""
        return _last_start_due_by(today, self.review_months)

    def due_soon_cutoff(self, today: date) -> date:
        """Items verified on or before this date are overdue within ``due_soon_days``."""
        return self.overdue_cutoff(today + timedelta(days=self.due_soon_days))

    def long_overdue_cutoff(self, today: date) -> date:
        return _last_start_due_by(today, self.long_overdue_months)

    def due_date(self, last_verified: date | None) -> date | None:
        """The first day on which the item counts as overdue."""
        if last_verified is None:
            return None
        return last_verified + relativedelta(months=self.review_months)


def _last_start_due_by(today: date, months: int) -> date:
    """The latest start date whose period of ``months`` has ended by ``today``.

    Plain subtraction is off by up to three days at month ends (29 February plus twelve
    months is 28 February), so step forward while the next day still qualifies.
    """
    start = today - relativedelta(months=months)
    while start + timedelta(days=1) + relativedelta(months=months) <= today:
        start += timedelta(days=1)
    return start


def freshness(last_verified: date | None, today: date, policy: ReviewPolicy) -> Freshness:
    if last_verified is None:
        return Freshness.NEVER
    if last_verified <= policy.long_overdue_cutoff(today):
        return Freshness.LONG_OVERDUE
    if last_verified <= policy.overdue_cutoff(today):
        return Freshness.OVERDUE
    if last_verified <= policy.due_soon_cutoff(today):
        return Freshness.DUE_SOON
    return Freshness.CURRENT


def notice_state(state: Freshness) -> Freshness | None:
    """The state the digest reports on: an item 'becomes overdue' and later 'long overdue'."""
    if state in (Freshness.OVERDUE, Freshness.LONG_OVERDUE):
        return state
    return None
