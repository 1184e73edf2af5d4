"""Autocomplete and the way out of a search that found nothing."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from rapidfuzz import fuzz, process
from wagtail.search.backends import get_search_backend

from portal.core.kinds import item_kinds
from portal.core.localized import in_language

from .engine import attach_urls, index_url
from .hits import Hit
from .retrieval import locales_for
from .text import normalise, words
from .vocabulary import get_vocabulary

MAX_SUGGESTIONS = 8
MIN_PREFIX = 2


def _theme_url(slug: str, language: str, request=None) -> str:
    base = index_url("directory.ThemeIndexPage", language, request)
    return f"{base}{slug}/" if base else ""


def closest_themes(text: str, language: str, limit: int = 3, request=None) -> list[dict]:
    """Themes whose name or everyday words look most like the query."""
    vocabulary = get_vocabulary()
    choices = {}
    for theme in vocabulary.themes:
        for phrase in theme.phrases:
            choices[(theme.slug, " ".join(phrase.words))] = " ".join(phrase.words)
    if not text or not choices:
        return []
    found = process.extract(text, choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
    result, seen = [], set()
    by_slug = {t.slug: t for t in vocabulary.themes}
    for _choice, _score, (slug, _phrase) in found:
        if slug in seen:
            continue
        seen.add(slug)
        theme = by_slug[slug]
        result.append(
            {
                "slug": slug,
                "name": theme.display_name(language),
                "url": _theme_url(slug, language, request),
            }
        )
        if len(result) == limit:
            break
    return result


def help_block(language: str, request=None) -> dict:
    """Who to call or where to walk in when a search found nothing (in ``language``)."""
    phone = getattr(settings, "MUNICIPALITY_PHONE", "14 074")
    with in_language(language):
        text = gettext(
            "Bel de gemeente op %(phone)s (werkdagen 8.30–17.00 uur) of loop zonder "
            "afspraak binnen bij een Wijkentree bij u in de buurt."
        ) % {"phone": phone}
    return {
        "text": text,
        "phone": phone,
        "walk_in_url": index_url("locations.LocationIndexPage", language, request) or "",
    }


def zero_result_suggestions(outcome, language: str, request=None) -> dict:
    text = outcome.query.text
    return {
        "spelling": outcome.query.corrected_text,
        "themes": closest_themes(text, language, request=request),
        "help": help_block(language, request),
    }


def autocomplete(raw: str, language: str, request=None) -> list[dict]:
    """Themes and names that start with what the resident is typing."""
    text = normalise(raw, max_length=60)
    if len(text) < MIN_PREFIX:
        return []
    prefix_words = words(text)
    if not prefix_words:
        return []
    vocabulary = get_vocabulary()
    suggestions: list[dict] = []
    last = prefix_words[-1]
    for theme in vocabulary.themes:
        names = [theme.display_name(language), theme.name, *theme.names.values()]
        phrases = [" ".join(p.words) for p in theme.phrases]
        if any(w.startswith(last) for p in phrases for w in p.split()) or any(
            text in n.lower() for n in names
        ):
            suggestions.append(
                {
                    "type": "theme",
                    "title": names[0],
                    "url": _theme_url(theme.slug, language, request),
                }
            )
    suggestions = suggestions[:3]

    _active, locale_ids = locales_for(language)
    backend = get_search_backend()
    hits = []
    # Kinds found by name first (an organisation, a place), then the others.
    for kind in sorted(item_kinds, key=lambda kind: not kind.found_by_name):
        queryset = kind.model.objects.live().filter(locale_id__in=locale_ids)
        try:
            found = list(backend.autocomplete(text, queryset)[:3])
        except Exception:  # noqa: BLE001 - autocomplete is a convenience, never an error
            found = []
        for obj in found:
            hit = Hit(kind.name, obj)
            hit.slug = obj.slug
            hit.title = getattr(obj, "name", None) or getattr(obj, "question", "")
            hits.append(hit)
    attach_urls(hits, language, request)
    suggestions.extend({"type": h.type, "title": h.title, "url": h.url} for h in hits)
    return suggestions[:MAX_SUGGESTIONS]
