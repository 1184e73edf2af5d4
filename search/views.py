"""HTML search page, JSON search API and autocomplete suggestions."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

from locations import statuses
from portal.core.localized import site_language
from portal.core.pagination import paginate

from . import responses
from .engine import attach_urls, run_search
from .hits import FILTER_NAMES, Filters, SearchInputError
from .models import SearchQueryLog
from .scoring import explain
from .suggestions import autocomplete, zero_result_suggestions
from .text import MAX_QUERY_LENGTH, normalise, strip_unsafe

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MAX_OFFSET = 1000
PAGE_SIZE = 10
PAGE_PARAMETER = "page"  # kept from the first release: links to result pages exist
MAX_FILTER_VALUES = 10

# Errors in the request's parameters, shown in the language asked for (``lang``).
MESSAGES = {
    "limit": gettext_lazy("De parameter 'limit' moet een heel getal van 1 tot en met 50 zijn."),
    "offset": gettext_lazy("De parameter 'offset' moet een heel getal van 0 tot en met 1000 zijn."),
    "too_many": gettext_lazy("Te veel filterwaarden."),
}


def unknown_language_message() -> str:
    """The 400 for a ``lang`` the site is not served in, naming the ones it is."""
    codes = ", ".join(code for code, _name in settings.LANGUAGES)
    return gettext("De parameter 'lang' moet een van deze taalcodes zijn: %(codes)s.") % {
        "codes": codes
    }


class BadRequest(ValueError):
    pass


def _filters_from(params) -> Filters:
    filters = Filters()
    for name in FILTER_NAMES:
        values: list[str] = []
        for raw in params.getlist(name):
            values.extend(v.strip() for v in raw.split(",") if v.strip())
        if len(values) > MAX_FILTER_VALUES:
            raise BadRequest(str(MESSAGES["too_many"]))
        setattr(filters, name, list(dict.fromkeys(values)))
    return filters


def _int_param(params, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadRequest(str(MESSAGES[name])) from None
    if value < low:
        raise BadRequest(str(MESSAGES[name]))
    return min(value, high)


def promotions_for(raw_query: str, language: str, request=None) -> list[dict]:
    """Editors' promoted results for this query (Wagtail search promotions)."""
    # Editors type promotion queries freely ("Schulden?"): match both forms, never raw input.
    safe = strip_unsafe(raw_query or "")[:MAX_QUERY_LENGTH]
    keys = {normalise_query_string(safe), normalise(raw_query)} - {""}
    if not keys:
        return []
    promotions = (
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .select_related("page")
        .order_by("sort_order")
    )
    found = []
    for promotion in promotions:
        page = promotion.page
        if page is not None:
            if not page.live:
                continue
            translated = (
                page.specific.get_translation_or_none(_locale(language))
                if hasattr(page.specific, "get_translation_or_none")
                else None
            )
            page = translated if translated and translated.live else page
            url = page.get_url(request=request) or ""
            title = page.title
        else:
            url = promotion.external_link_url
            title = promotion.external_link_text or promotion.external_link_url
        found.append({"title": title, "url": url, "summary": promotion.description})
    return found


def _locale(language: str):
    return Locale.objects.filter(language_code=language).first()


def _record(raw_query: str, outcome) -> None:
    # The query as typed, not ``outcome.query.text``: personal data is masked before
    # normalisation (which would turn an e-mail address into ordinary words).
    top_score = outcome.hits[0].score if outcome.hits else None
    _record_text(raw_query, outcome.language, outcome.count, top_score)


def _record_text(raw_query: str, language: str, count: int, top_score: float | None = None) -> None:
    try:
        SearchQueryLog.record(raw_query, language, count, top_score)
    except Exception:  # statistics must never break a search
        logger.exception("Could not record search query")


def _hit_json(hit, query) -> dict:
    return {
        "type": hit.type,
        "slug": hit.slug,
        "title": hit.title,
        "url": hit.url,
        "summary": hit.summary,
        "themes": sorted(hit.themes),
        "districts": sorted(hit.districts),
        "cost": hit.cost or None,
        "language": hit.item_language,
        "score": round(hit.score, 4),
        "matched": explain(hit, query),
    }


def _query_json(outcome) -> dict:
    query = outcome.query
    place = query.place
    return {
        "text": query.text,
        "corrected": query.corrected_text,
        "themes": [
            {
                "slug": m.theme.slug,
                "name": m.theme.display_name(outcome.language),
                "by": m.source,
            }
            for m in query.themes
        ],
        # The district the query names (a postcode, neighbourhood or stadsdeel), or null.
        "place": None
        if place is None
        else {"district": place.slug, "name": place.name, "matched": place.matched, "by": place.by},
    }


@require_safe  # GET and HEAD (monitors and link checkers use HEAD)
def search_api(request):
    params = request.GET
    language = params.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return JsonResponse({"error": unknown_language_message()}, status=400)
    cache_key = responses.key_for(params, language, request.get_host())
    cached = responses.get(cache_key)
    if cached is not None:
        if request.method == "GET":
            _record_text(*cached["log"])
        return _json_response(cached["body"])
    try:
        with translation.override(language):
            limit = _int_param(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
            offset = _int_param(params, "offset", 0, 0, MAX_OFFSET)
            filters = _filters_from(params)
            outcome = run_search(params.get("q", ""), language, filters)
            promoted = promotions_for(params.get("q", ""), language, request)
            page = outcome.hits[offset : offset + limit]
            attach_urls(page, language, request)
    except (BadRequest, SearchInputError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    # What the search log keeps (the masked text only, never what the resident typed); the
    # same entry is counted again for every answer from the response cache.
    log = (
        SearchQueryLog.clean_query(params.get("q", "")),
        outcome.language,
        outcome.count,
        outcome.hits[0].score if outcome.hits else None,
    )
    if request.method == "GET":  # a HEAD is no search
        _record_text(*log)
    body = {
        "count": outcome.count,
        "limit": limit,
        "offset": offset,
        "query": _query_json(outcome),
        "results": [_hit_json(hit, outcome.query) for hit in page],
        "promoted": promoted,
        "facets": outcome.facets,
    }
    if outcome.count == 0:
        with translation.override(language):
            body["suggestions"] = zero_result_suggestions(outcome, language, request)
    responses.put(cache_key, {"body": body, "log": log})
    return _json_response(body)


def _json_response(body: dict) -> JsonResponse:
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe  # GET and HEAD (monitors and link checkers use HEAD)
def suggest_api(request):
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return JsonResponse({"error": unknown_language_message()}, status=400)
    with translation.override(language):
        suggestions = autocomplete(request.GET.get("q", ""), language, request)
    return JsonResponse(
        {"query": normalise(request.GET.get("q", "")), "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )


def _open_locations_only(moment):
    """The "Nu open" filter for ``Filters.narrow``: only locations open at ``moment``
    (other kinds have no opening hours). Three queries for all candidates together."""

    def narrow(hits):
        locations = [hit for hit in hits if hit.type == "location"]
        schedules = statuses.schedules_by_location(hit.obj.pk for hit in locations)
        open_now = statuses.open_ids(schedules, moment)
        return [hit for hit in locations if hit.obj.pk in open_now]

    return narrow


def _attach_statuses(hits, moment, language: str) -> None:
    """The "open now" line for the locations among the shown hits (None for the rest)."""
    schedules = statuses.schedules_by_location(hit.obj.pk for hit in hits if hit.type == "location")
    by_location = statuses.status_by_location(schedules, moment, language)
    for hit in hits:
        hit.opening_status = by_location.get(hit.obj.pk) if hit.type == "location" else None


@require_safe  # GET and HEAD (monitors and link checkers use HEAD)
def search_page(request, moment=None):
    language = site_language(translation.get_language())
    moment = moment or timezone.now()
    raw_query = request.GET.get("q", "")
    context = {
        "search_query": normalise(raw_query),
        "language": language,
        "error": None,
        "open_now": False,
        "open_now_value": statuses.open_now_value(),
        # This page opens with its own search form; see navigation/header.html.
        "hide_header_search": True,
    }
    outcome = None
    try:
        filters = _filters_from(request.GET)
        context["open_now"] = statuses.open_now_requested(request.GET, language)
        if context["open_now"]:
            filters.narrow = _open_locations_only(moment)
        if context["search_query"] or filters.active:
            outcome = run_search(raw_query, language, filters)
    except (BadRequest, SearchInputError, statuses.OpenNowChoiceError) as error:
        context["error"] = str(error)
        context["open_now"] = False
        filters = Filters()
    if outcome is not None:
        pager = paginate(request, outcome.hits, PAGE_SIZE, PAGE_PARAMETER)
        attach_urls(pager.page.object_list, language, request)
        _attach_statuses(pager.page.object_list, moment, language)
        facets = outcome.facets
        # "Nu open" is offered when the results (with the other filters) hold locations.
        offer_open_now = context["open_now"] or any(
            facet["value"] == "location" for facet in facets.get("type", [])
        )
        context.update(
            outcome=outcome,
            results=pager.page,
            pager=pager,
            promoted=promotions_for(raw_query, language, request),
            facets=facets,
            filters=filters,
            offer_open_now=offer_open_now,
            # Without results there is nothing to narrow down: no (empty) filter panel,
            # only the active filters and a way to clear them.
            show_filter_panel=bool(outcome.count) and (offer_open_now or any(facets.values())),
            suggestions=(
                zero_result_suggestions(outcome, language, request) if not outcome.count else None
            ),
        )
        if context["search_query"] and request.method == "GET":  # a HEAD is no search
            _record(raw_query, outcome)
    return TemplateResponse(request, "pages/search_page.html", context)
