from __future__ import annotations

import re

from django.db import connection, models
from django.utils import timezone

MAX_LOGGED_LENGTH = 100
# Residents sometimes type phone numbers, BSNs or e-mail addresses: never store those.
_PERSONAL = re.compile(r"\S+@\S+|\d[\d ]{4,}\d")


class SearchQueryLog(models.Model):
    """What residents searched, counted per day, language and normalised query.

    Only the query text and counts are stored (no IP address, no user), with long numbers
    and e-mail addresses removed.
    """

    date = models.DateField("datum", db_index=True)
    query = models.CharField("zoekopdracht", max_length=MAX_LOGGED_LENGTH)
    language = models.CharField("taal", max_length=2, default="nl")
    searches = models.PositiveIntegerField("aantal keer gezocht", default=0)
    zero_results = models.PositiveIntegerField("keer zonder resultaat", default=0)
    last_result_count = models.PositiveIntegerField("aantal resultaten (laatste keer)", default=0)

    class Meta:
        verbose_name = "zoekopdracht"
        verbose_name_plural = "zoekopdrachten"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "query", "language"], name="unique_search_query_per_day"
            )
        ]

    def __str__(self):
        return self.query

    @classmethod
    def clean_query(cls, text: str) -> str:
        return _PERSONAL.sub("…", text).strip()[:MAX_LOGGED_LENGTH]

    @classmethod
    def record(cls, text: str, language: str, result_count: int) -> None:
        """Count one search: a single upsert, so logging costs one round trip."""
        query = cls.clean_query(text)
        if not query:
            return
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (date, query, language, searches, zero_results, last_result_count)
                VALUES (%s, %s, %s, 1, %s, %s)
                ON CONFLICT (date, query, language) DO UPDATE SET
                    searches = {table}.searches + 1,
                    zero_results = {table}.zero_results + EXCLUDED.zero_results,
                    last_result_count = EXCLUDED.last_result_count
                """,  # noqa: S608 - the table name is ours, values are parameters
                [timezone.localdate(), query, language, int(result_count == 0), result_count],
            )
