from __future__ import annotations

import re

from django.db import IntegrityError, models, transaction
from django.db.models import F
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
        query = cls.clean_query(text)
        if not query:
            return
        today = timezone.localdate()
        zero = 1 if result_count == 0 else 0
        changes = {
            "searches": F("searches") + 1,
            "zero_results": F("zero_results") + zero,
            "last_result_count": result_count,
        }
        rows = cls.objects.filter(date=today, query=query, language=language)
        if rows.update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(
                    date=today,
                    query=query,
                    language=language,
                    searches=1,
                    zero_results=zero,
                    last_result_count=result_count,
                )
        except IntegrityError:
            rows.update(**changes)
