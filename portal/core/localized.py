"""Live items for the active language, with Dutch items standing in for missing translations.

The sample data and the import are Dutch only; the English site shows those items (marked
``lang="nl"`` in the templates) until an editor translates them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import get_language, get_language_info


def active_language() -> str:
    """The two-letter code of the language the current request is answered in."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def site_language(language: str | None) -> str:
    """``language`` (its two-letter code) when the site is served in it (``LANGUAGES``),
    otherwise the default language."""
    code = (language or "").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site_language_choices() -> list[tuple[str, str]]:
    """The site's languages for a choice in the admin, named in the admin's language
    ("Engels" in the Dutch admin), from Django's own language names."""
    return [
        (code, str(get_language_info(code)["name_translated"])) for code, _ in settings.LANGUAGES
    ]


def in_language(language: str | None) -> AbstractContextManager:
    """Interface text (gettext) in ``language`` inside the block; None keeps the active
    language. For functions that take an explicit language, e.g. a status line computed
    for another language than the request's."""
    return translation.override(language) if language else nullcontext()


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
