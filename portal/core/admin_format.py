"""How the admin writes dates: one format on every editor's screen (06-12-2026).

Lists, the "Te controleren" report, the check history and the reports inbox all use it, so
an editor never compares "6 december 2026" with "2026-12-06". Public pages have their own
wording (``components/verified.html``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone

ADMIN_DATE_FORMAT = "d-m-Y"
ADMIN_DATETIME_FORMAT = "d-m-Y H:i"


def admin_date(value: date | datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, ADMIN_DATETIME_FORMAT)
    return dateformat.format(value, ADMIN_DATE_FORMAT)
