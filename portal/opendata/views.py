"""The Open Referral HSDS 3.0 API at ``/api/hsds/`` (read-only, anonymous) and the page
that explains it.

Every answer is JSON with ``Access-Control-Allow-Origin: *``, ``Cache-Control``, an ``ETag``
(answered with 304 when it matches) and ``Last-Modified`` (the newest change in the social
map); bad parameters get 400, unknown ids 404, too many requests 429, each with a message in
the reader's language (``Accept-Language``: Dutch or English). Those shared parts are in
``api_responses``, the query parameters' filters in ``api_filters``; here are the endpoints.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from . import hsds_fields, identifiers, published, searching
from .api import Params, conditional, json_body, paging, ranked
from .api_filters import filter_links, filter_organisations, filter_services, live_links
from .api_responses import api_view, uuid_or_404
from .mapping import Mapping
from .openapi import datapackage_path, document


# --- endpoints ---------------------------------------------------------------------------
@api_view("root")
def root(request, params):
    return {
        "version": hsds_fields.HSDS_VERSION,
        "profile": request.build_absolute_uri(_page_url()),
        "openapi_url": request.build_absolute_uri(reverse("hsds_openapi")),
    }


def _page_url() -> str:
    with translation.override("nl"):
        return reverse("open_data")


def _order(queryset, params: Params, kind: str, search):
    text = params.get("search")
    if text:
        return ranked(queryset, searching.ranked_pks(search, text, kind)[kind])
    return queryset.order_by("name", "pk")


@api_view("services")
def services(request, params, search):
    m = Mapping(request)
    queryset = filter_services(m, params, published.live_services())
    ids = list(_order(queryset, params, searching.SERVICE, search).values_list("pk", flat=True))
    pager = paging(params, len(ids))
    page_ids = ids[pager.offset : pager.offset + pager.per_page]
    if params.get("minimal"):
        rows = {
            service.pk: service
            for service in published.with_modified(
                published.live_services().filter(pk__in=page_ids)
            ).select_related("organisation")
        }
        return pager.page_document([m.minimal_service(rows[pk]) for pk in page_ids])
    loaded = {
        s.pk: s
        for s in published.load_services(
            published.live_services().filter(pk__in=page_ids), full=params.full
        )
    }
    return pager.page_document([m.service(loaded[pk], full=params.full) for pk in page_ids])


@api_view("service")
def service(request, params, id):
    key = uuid_or_404(id)
    found = published.load_services(
        published.live_services().filter(translation_key=key), full=True
    )
    if not found:
        raise Http404
    return Mapping(request).service(found[0], full=True)


def _services_of(m: Mapping, organisations, full_service: bool) -> dict[int, list[dict]]:
    services = published.load_services(
        published.live_services()
        .filter(organisation__in=[o.pk for o in organisations])
        .order_by("name", "pk"),
        full=full_service,
    )
    by_organisation: dict[int, list[dict]] = {o.pk: [] for o in organisations}
    for found in services:
        by_organisation[found.organisation_id].append(m.service(found, full=full_service))
    return by_organisation


@api_view("organizations")
def organizations(request, params, search):
    m = Mapping(request)
    queryset = filter_organisations(m, params, published.live_organizations())
    ids = list(
        _order(queryset, params, searching.ORGANISATION, search).values_list("pk", flat=True)
    )
    pager = paging(params, len(ids))
    page_ids = ids[pager.offset : pager.offset + pager.per_page]
    loaded = {
        o.pk: o
        for o in published.load_organizations(
            published.live_organizations().filter(pk__in=page_ids), full=params.full
        )
    }
    organisations = [loaded[pk] for pk in page_ids]
    if not params.full:
        return pager.page_document([m.organization(o, full=False) for o in organisations])
    services_by = _services_of(m, organisations, bool(params.get("full_service")))
    return pager.page_document(
        [m.organization(o, full=True, services=services_by[o.pk]) for o in organisations]
    )


@api_view("organization")
def organization(request, params, id):
    key = uuid_or_404(id)
    found = published.load_organizations(
        published.live_organizations().filter(translation_key=key), full=True
    )
    if not found:
        raise Http404
    m = Mapping(request)
    services_by = _services_of(m, found, bool(params.get("full_service")))
    return m.organization(found[0], full=True, services=services_by[found[0].pk])


def _matches(text: str, *values: str) -> bool:
    needle = text.casefold()
    return any(needle in (value or "").casefold() for value in values)


@api_view("taxonomies")
def taxonomies(request, params):
    m = Mapping(request)
    found = list(m.taxonomies.values())
    text = params.get("search")
    if text:
        found = [t for t in found if _matches(text, t.name, t.description)]
    pager = paging(params, len(found))
    chosen = found[pager.offset : pager.offset + pager.per_page]
    return pager.page_document([m.taxonomy(t) for t in chosen])


@api_view("taxonomy")
def taxonomy(request, params, id):
    m = Mapping(request)
    found = m.taxonomies.get(uuid_or_404(id))
    if found is None:
        raise Http404
    return m.taxonomy(found)


@api_view("taxonomy_terms")
def taxonomy_terms(request, params):
    m = Mapping(request)
    terms = [term for taxonomy in m.taxonomies.values() for term in taxonomy.terms]
    taxonomy_ids = params.get("taxonomy_id")
    if taxonomy_ids:
        terms = [t for t in terms if t.taxonomy_id == taxonomy_ids[0]]
    if params.get("top_only"):
        terms = [t for t in terms if t.parent_id is None]
    parent_ids = params.get("parent_id")
    if parent_ids:
        terms = [t for t in terms if t.parent_id == parent_ids[0]]
    text = params.get("search")
    if text:
        terms = [t for t in terms if _matches(text, t.name, t.code, t.description)]
    pager = paging(params, len(terms))
    chosen = terms[pager.offset : pager.offset + pager.per_page]
    return pager.page_document([m.taxonomy_term(t) for t in chosen])


@api_view("taxonomy_term")
def taxonomy_term(request, params, id):
    m = Mapping(request)
    found = m.term(uuid_or_404(id))
    if found is None:
        raise Http404
    return m.taxonomy_term(found)


@api_view("service_at_locations")
def service_at_locations(request, params, search):
    m = Mapping(request)
    links = filter_links(m, params, live_links())
    text = params.get("search")
    if text:
        found = searching.ranked_pks(search, text, searching.SERVICE, searching.LOCATION)
        rank = {("s", pk): i for i, pk in enumerate(found[searching.SERVICE])}
        rank.update({("l", pk): i for i, pk in enumerate(found[searching.LOCATION])})
        rows = list(
            links.filter(
                Q(service__in=found[searching.SERVICE]) | Q(location__in=found[searching.LOCATION])
            ).values_list("pk", "service_id", "location_id")
        )
        big = len(rank) + 1
        rows.sort(key=lambda r: (min(rank.get(("s", r[1]), big), rank.get(("l", r[2]), big)), r[0]))
    elif params.get("proximity") is not None:
        rows = list(links.order_by("distance", "pk").values_list("pk", "service_id", "location_id"))
    else:
        rows = list(
            links.order_by("service__name", "location__name", "pk").values_list(
                "pk", "service_id", "location_id"
            )
        )
    pager = paging(params, len(rows))
    chosen = rows[pager.offset : pager.offset + pager.per_page]
    service_rows = {
        s.pk: s
        for s in published.load_services(
            published.live_services().filter(pk__in={r[1] for r in chosen}), full=params.full
        )
    }
    location_rows = {
        loc.pk: loc
        for loc in published.load_locations(
            published.live_locations().filter(pk__in={r[2] for r in chosen})
        )
    }
    return pager.page_document(
        [
            m.service_at_location(service_rows[s], location_rows[loc], full=params.full)
            for _pk, s, loc in chosen
        ]
    )


@api_view("service_at_location")
def service_at_location(request, params, id):
    key = uuid_or_404(id)
    # The id is derived from the service's and the location's (mapping.Mapping
    # .service_at_location_id), so it is found by deriving it for each live link.
    pairs = live_links().values_list(
        "service_id", "location_id", "service__translation_key", "location__translation_key"
    )
    matches = [
        (service_pk, location_pk)
        for service_pk, location_pk, service_key, location_key in pairs
        if identifiers.derived(service_key, "at", location_key) == key
    ]
    if not matches:
        raise Http404
    service_pk, location_pk = matches[0]
    m = Mapping(request)
    found = published.load_services(published.live_services().filter(pk=service_pk), full=True)
    location = published.load_locations(published.live_locations().filter(pk=location_pk))
    return m.service_at_location(found[0], location[0], full=True)


# --- the OpenAPI document and the page -----------------------------------------------------
@require_safe
def openapi(request):
    response = HttpResponse(
        json_body(document(request)), content_type="application/json; charset=utf-8"
    )
    return conditional(request, response, None)


@require_safe
def page(request):
    other = "nl" if translation.get_language() == "en" else "en"
    with translation.override(other):
        translation_url = reverse("open_data")
    return render(
        request,
        "opendata/open_data.html",
        {
            "translation_url": translation_url,  # the language switch (base template)
            "api_url": request.build_absolute_uri(reverse("hsds_root")),
            "openapi_url": request.build_absolute_uri(reverse("hsds_openapi")),
            "example_url": request.build_absolute_uri(reverse("hsds_services")) + "?per_page=5",
            "datapackage_url": (
                request.build_absolute_uri(reverse("hsds_datapackage"))
                if datapackage_path() is not None
                else None
            ),
        },
    )
