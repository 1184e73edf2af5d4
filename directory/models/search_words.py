"""Search words an editor keeps on an organisation or service (issue 13).

Residents describe their situation in their own words ("lege koelkast", "kraan druppelt",
"boş buzdolabı"); an item's formal description seldom uses them. Social-map directories
keep such words ("trefwoorden") per item. They are searched, never shown, and hold every
language at once: a translation copies them from the Dutch item (a synchronised field, see
``override_translatable_fields``), it never translates them.
"""

from __future__ import annotations

from django.db import models


def search_words_field() -> models.TextField:
    return models.TextField(
        "zoekwoorden",
        blank=True,
        help_text=(
            "Woorden en korte zinnen die inwoners gebruiken als ze dit nodig hebben, in"
            " elke taal, met komma's ertussen (bijvoorbeeld: lege koelkast, geen eten,"
            " empty fridge). Je ziet ze niet op de site; de zoekfunctie vindt dit ermee."
        ),
    )


# Weight of the words in the full-text index: an FAQ's search keywords' (PostgreSQL's third
# of four weight classes). Measured on the tuning sets with words for all items, it beats
# the description's weight and ties 8 without 8's loss on names and misspellings (README,
# "Search words of an item"). A boost no other field has would shift PostgreSQL's classes
# for every field.
SEARCH_WORDS_BOOST = 5
