"""Live items for the active language, with Dutch items standing in for missing translations.

The sample data and the import are Dutch only; the English site shows those items (marked
``lang="nl"`` in the templates) until an editor translates them.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language


def active_language() -> str:
    """The two-letter code of the language the current request is answered in."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localized(model):
    items = model.objects.live()
    language = active_language()
    default = settings.LANGUAGE_CODE
    if language == default:
        return items.filter(locale__language_code=default)
    translated = model.objects.live().filter(locale__language_code=language)
    return items.filter(
        Q(locale__language_code=language)
        | (
            Q(locale__language_code=default)
            & ~Q(translation_key__in=translated.values("translation_key"))
        )
    )


def absolute(request, url: str | None) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url
