"""The due/overdue state of an item for a given day (pure, fixed dates)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.editorial.freshness import Freshness, ReviewPolicy, freshness, notice_state

POLICY = ReviewPolicy(review_months=12, long_overdue_months=18, due_soon_days=30)
TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("last_verified", "expected"),
    [
        (None, Freshness.NEVER),
        (date(2026, 6, 15), Freshness.CURRENT),
        (date(2025, 7, 16), Freshness.CURRENT),  # due 16 July, more than 30 days away
        (date(2025, 7, 15), Freshness.DUE_SOON),  # due exactly 30 days from today
        (date(2025, 6, 16), Freshness.DUE_SOON),  # due tomorrow
        (date(2025, 6, 15), Freshness.OVERDUE),  # due today
        (date(2024, 12, 16), Freshness.OVERDUE),
        (date(2024, 12, 15), Freshness.LONG_OVERDUE),  # exactly 18 months
        (date(2020, 1, 1), Freshness.LONG_OVERDUE),
    ],
)
def test_state_on_a_fixed_day(last_verified, expected):
    assert freshness(last_verified, TODAY, POLICY) is expected


def test_review_period_is_configurable():
    six_months = ReviewPolicy(review_months=6, long_overdue_months=18)
    assert freshness(date(2025, 12, 1), TODAY, six_months) is Freshness.OVERDUE
    assert freshness(date(2025, 12, 1), TODAY, POLICY) is Freshness.CURRENT


def test_due_date_clamps_to_month_end():
    assert POLICY.due_date(date(2024, 2, 29)) == date(2025, 2, 28)
    assert POLICY.due_date(None) is None
    assert freshness(date(2024, 2, 29), date(2025, 2, 28), POLICY) is Freshness.OVERDUE
    assert freshness(date(2024, 2, 29), date(2025, 2, 27), POLICY) is Freshness.DUE_SOON


def test_only_overdue_states_are_notified():
    assert notice_state(Freshness.OVERDUE) is Freshness.OVERDUE
    assert notice_state(Freshness.LONG_OVERDUE) is Freshness.LONG_OVERDUE
    assert notice_state(Freshness.DUE_SOON) is None
    assert notice_state(Freshness.NEVER) is None


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)
def test_state_never_improves_as_time_passes(last, today):
    order = [Freshness.CURRENT, Freshness.DUE_SOON, Freshness.OVERDUE, Freshness.LONG_OVERDUE]
    later = date.fromordinal(today.toordinal() + 45)
    assert order.index(freshness(last, later, POLICY)) >= order.index(
        freshness(last, today, POLICY)
    )


@given(last=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_overdue_from_the_due_date_on(last):
    due = POLICY.due_date(last)
    day_before = date.fromordinal(due.toordinal() - 1)
    assert freshness(last, due, POLICY).needs_review
    assert not freshness(last, day_before, POLICY).needs_review
