from __future__ import annotations

import re

from django.db import connection, models
from django.utils import timezone

from .text import normalise

MAX_LOGGED_LENGTH = 100
# Residents sometimes type e-mail addresses, phone numbers, BSNs or bank account numbers:
# never store those. The masks run on the text as typed, *before* normalisation turns
# "jan@example.nl" into the harmless-looking words "jan example nl".
_EMAIL = re.compile(r"[^\s@]*@[^\s@]*")
# IBAN: country code, check digits, then groups of letters/digits ("NL91 ABNA 0417 1643 00"
# or written as one word); only masked when it holds enough digits to be an account.
_IBAN = re.compile(
    r"\b[a-z]{2}\d{2}(?:[ .-]?[a-z0-9]{4}){2,7}(?:[ .-]?[a-z0-9]{1,3})?\b", re.IGNORECASE
)
# A run of digits with separators ("06-123 456 78", "+31 74 000 1234", "1234.56.782").
_NUMBER_RUN = re.compile(r"\+?\d[\d\s\-./()]*\d")
# Six digits or more is a phone number, BSN, account or date of birth, never a topic;
# postcodes (4 digits) and house numbers stay.
MIN_PERSONAL_DIGITS = 6


def _mask_number_run(match: re.Match) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return " " if digits >= MIN_PERSONAL_DIGITS else match.group()


def mask_personal_data(text: str) -> str:
    """Remove e-mail addresses, IBANs and long numbers from a query as typed."""
    text = _EMAIL.sub(" ", text)
    text = _IBAN.sub(_mask_number_run, text)
    return _NUMBER_RUN.sub(_mask_number_run, text)


# A best result scoring below this matched only weakly (no theme, hardly a word of the name):
# see ``search.ranking.score`` for the scale (a theme match alone gives 3).
LOW_SCORE = 1.5


class SearchQueryLog(models.Model):
    """What residents searched, counted per day, language and normalised query.

    Only the query text and counts are stored (no IP address, no user), with e-mail
    addresses, IBANs and numbers of six digits or more removed before normalisation.
    """

    date = models.DateField("datum", db_index=True)
    query = models.CharField("zoekopdracht", max_length=MAX_LOGGED_LENGTH)
    language = models.CharField("taal", max_length=2, default="nl")
    searches = models.PositiveIntegerField("aantal keer gezocht", default=0)
    zero_results = models.PositiveIntegerField("keer zonder resultaat", default=0)
    last_result_count = models.PositiveIntegerField("aantal resultaten (laatste keer)", default=0)
    # How well the best result matched (``search.ranking.score`` of the first result), the
    # last time: a low figure means residents got results, but probably not what they meant.
    last_top_score = models.FloatField("beste score (laatste keer)", default=0.0)
    low_score = models.PositiveIntegerField("keer met een zwakke beste treffer", default=0)

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
    def clean_query(cls, raw_text: str) -> str:
        """The query as typed -> what may be stored: masked first, then normalised.

        Masking again after normalising catches digits that only the normalisation joined
        into one run ("123,456,789" -> "123 456 789"); the result is stable when cleaned again.
        """
        text = normalise(mask_personal_data(raw_text or ""))
        return normalise(mask_personal_data(text))[:MAX_LOGGED_LENGTH].strip()

    @classmethod
    def record(
        cls, raw_text: str, language: str, result_count: int, top_score: float | None = None
    ) -> None:
        """Count one search (``raw_text`` as typed): one upsert, so one round trip.

        The upsert's commit does not wait for the write-ahead log to reach the disk
        (``synchronous_commit`` off for this statement's transaction only): that wait was
        1-4 ms of every search here, and a crash can at most lose the counts of the last
        fraction of a second. Editors' changes keep the server's setting.
        """
        query = cls.clean_query(raw_text)
        if not query:
            return
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (date, query, language, searches, zero_results, last_result_count,
                     last_top_score, low_score)
                SELECT %s, %s, %s, 1, %s, %s, %s, %s
                FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait
                ON CONFLICT (date, query, language) DO UPDATE SET
                    searches = {table}.searches + 1,
                    zero_results = {table}.zero_results + EXCLUDED.zero_results,
                    last_result_count = EXCLUDED.last_result_count,
                    last_top_score = EXCLUDED.last_top_score,
                    low_score = {table}.low_score + EXCLUDED.low_score
                """,  # noqa: S608 - the table name is ours, values are parameters
                [
                    timezone.localdate(),
                    query,
                    language,
                    int(result_count == 0),
                    result_count,
                    float(top_score or 0.0),
                    int(result_count > 0 and top_score is not None and top_score < LOW_SCORE),
                ],
            )


class ItemEmbedding(models.Model):
    """The meaning of one searchable item as a vector (``search.semantic``).

    Computed when the item changes (save signal, import, ``update_index``), never while
    searching. ``text_hash`` tells whether the item's text changed since; ``model`` which
    encoder made the vector, so that a new encoder re-embeds everything.
    """

    kind = models.CharField("soort", max_length=20)
    object_id = models.PositiveIntegerField("object")
    model = models.CharField("model", max_length=40)
    text_hash = models.CharField("tekst-hash", max_length=32)
    vector = models.BinaryField("vector")  # float32, L2-normalised, little-endian

    class Meta:
        verbose_name = "betekenisvector"
        verbose_name_plural = "betekenisvectoren"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_item_embedding")
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
