"""The Open Referral HSDS 3.0 API at ``/api/hsds/`` (read-only, anonymous) and the page
that explains it.

Every answer is JSON with ``Access-Control-Allow-Origin: *``, ``Cache-Control``, an ``ETag``
(answered with 304 when it matches) and ``Last-Modified`` (the newest change in the social
map); bad parameters get 400, unknown ids 404, too many requests 429, each with a message in
the reader's language (``Accept-Language``: Dutch or English).
"""

from __future__ import annotations

import functools
import uuid

from django.db.models import Avg, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import ModelLogEntry

from . import hsds_fields, identifiers, published, ratelimit, searching
from .api import (
    ENDPOINTS,
    ApiError,
    Params,
    add_common_headers,
    conditional,
    distance_expression,
    json_body,
    paging,
    ranked,
)
from .mapping import Mapping
from .openapi import datapackage_path, document

JSON = "application/json; charset=utf-8"


def _language(request) -> str:
    return "en" if translation.get_language_from_request(request) == "en" else "nl"


def _error(request, error: ApiError):
    body = {"status": error.status, "message": error.message}
    if error.parameter:
        body["parameter"] = error.parameter
    response = HttpResponse(json_body(body), status=error.status, content_type=JSON)
    return add_common_headers(response, cache=False)


def api_view(endpoint_name: str):
    """Rate limit, parameters, errors and HTTP headers for one endpoint."""
    endpoint = ENDPOINTS[endpoint_name]

    def decorator(view):
        @functools.wraps(view)
        @require_safe
        def wrapper(request, *args, **kwargs):
            with translation.override(_language(request)):
                wait = ratelimit.register_request(request)
                if wait:
                    response = _error(
                        request,
                        ApiError(
                            _("Te veel verzoeken. Probeer het over %(seconds)s seconden opnieuw.")
                            % {"seconds": wait},
                            status=429,
                        ),
                    )
                    response["Retry-After"] = str(wait)
                    return response
                try:
                    params = Params(request, endpoint)
                    payload = view(request, params, *args, **kwargs)
                except ApiError as error:
                    return _error(request, error)
                except Http404:
                    return _error(
                        request, ApiError(_("Niet gevonden: dit id kennen we niet."), status=404)
                    )
            response = HttpResponse(
                json_body(payload), content_type="application/json; charset=utf-8"
            )
            return conditional(request, response, data_last_modified())

        wrapper.endpoint = endpoint
        return wrapper

    return decorator


def data_last_modified():
    """The newest publication or logged change (unpublish, delete, edit) in the social map.

    Data-wide on purpose: a removed service changes no remaining row, but it is in the log.
    """
    moments = [
        model.objects.filter(live=True).aggregate(newest=Max("last_published_at"))["newest"]
        for model in (published.Organisation(), published.Service(), published.Location())
    ]
    moments.append(ModelLogEntry.objects.aggregate(newest=Max("timestamp"))["newest"])
    return hsds_fields.newest(*moments)


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404 from None


# --- filters -----------------------------------------------------------------------------
def _term_or_none(m: Mapping, term_id: str):
    term = m.term(term_id)
    if term is None:
        return None
    return term


def _service_term_q(m: Mapping, term) -> Q:
    Service, Organisation = published.Service(), published.Organisation()
    key = term.pk if term.pk is not None else term.code
    located = published.live_locations()
    if term.taxonomy_id == identifiers.THEMES_TAXONOMY:
        return Q(pk__in=Service.objects.filter(themes__pk=key).values("pk"))
    if term.taxonomy_id == identifiers.TARGET_GROUPS_TAXONOMY:
        return Q(organisation__in=Organisation.objects.filter(target_groups__pk=key).values("pk"))
    if term.taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
        return Q(organisation__in=Organisation.objects.filter(districts__pk=key).values("pk")) | Q(
            locations__in=located.filter(district_id=key).values("pk")
        )
    if term.taxonomy_id == identifiers.ORGANISATION_KINDS_TAXONOMY:
        return Q(organisation__kind=key)
    return Q(locations__in=located.filter(kind=key).values("pk"))


def _service_taxonomy_q(taxonomy_id: str) -> Q:
    Service, Organisation = published.Service(), published.Organisation()
    located = published.live_locations()
    if taxonomy_id == identifiers.THEMES_TAXONOMY:
        return Q(pk__in=Service.objects.filter(themes__isnull=False).values("pk"))
    if taxonomy_id == identifiers.TARGET_GROUPS_TAXONOMY:
        return Q(
            organisation__in=Organisation.objects.filter(target_groups__isnull=False).values("pk")
        )
    if taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
        return Q(
            organisation__in=Organisation.objects.filter(districts__isnull=False).values("pk")
        ) | Q(locations__in=located.filter(district__isnull=False).values("pk"))
    if taxonomy_id == identifiers.ORGANISATION_KINDS_TAXONOMY:
        return Q()
    return Q(locations__in=located.values("pk"))


def _organisation_term_q(term) -> Q:
    Organisation = published.Organisation()
    key = term.pk if term.pk is not None else term.code
    located = published.live_locations()
    if term.taxonomy_id == identifiers.THEMES_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(themes__pk=key).values("pk"))
    if term.taxonomy_id == identifiers.TARGET_GROUPS_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(target_groups__pk=key).values("pk"))
    if term.taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(districts__pk=key).values("pk")) | Q(
            pk__in=located.filter(district_id=key).values("organisation_id")
        )
    if term.taxonomy_id == identifiers.ORGANISATION_KINDS_TAXONOMY:
        return Q(kind=key)
    return Q(pk__in=located.filter(kind=key).values("organisation_id"))


def _organisation_taxonomy_q(taxonomy_id: str) -> Q:
    Organisation = published.Organisation()
    located = published.live_locations()
    if taxonomy_id == identifiers.THEMES_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(themes__isnull=False).values("pk"))
    if taxonomy_id == identifiers.TARGET_GROUPS_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(target_groups__isnull=False).values("pk"))
    if taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
        return Q(pk__in=Organisation.objects.filter(districts__isnull=False).values("pk")) | Q(
            pk__in=located.filter(district__isnull=False).values("organisation_id")
        )
    if taxonomy_id == identifiers.ORGANISATION_KINDS_TAXONOMY:
        return Q()
    return Q(pk__in=located.values("organisation_id"))


def _taxonomy_or_nothing(m: Mapping, params: Params):
    """The taxonomy id asked for; None when there is none (an unknown id matches nothing)."""
    ids = params.get("taxonomy_id")
    return ids[0] if ids else None


def _filter_services(m: Mapping, params: Params, services):
    for term_id in params.get("taxonomy_term_id", []):
        term = _term_or_none(m, term_id)
        services = services.none() if term is None else services.filter(_service_term_q(m, term))
    taxonomy_id = _taxonomy_or_nothing(m, params)
    if taxonomy_id is not None:
        if taxonomy_id not in m.taxonomies:
            services = services.none()
        else:
            services = services.filter(_service_taxonomy_q(taxonomy_id))
    if params.get("organization_id"):
        services = services.filter(organisation__translation_key=params.get("organization_id")[0])
    moment = params.get("modified_after")
    if moment is not None:
        services = services.filter(
            Q(last_published_at__gte=moment)
            | Q(organisation__last_published_at__gte=moment)
            | Q(
                locations__in=published.live_locations()
                .filter(last_published_at__gte=moment)
                .values("pk")
            )
        )
    return services.distinct()


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
    queryset = _filter_services(m, params, published.live_services())
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
    key = _uuid_or_404(id)
    found = published.load_services(
        published.live_services().filter(translation_key=key), full=True
    )
    if not found:
        raise Http404
    return Mapping(request).service(found[0], full=True)


def _filter_organisations(m: Mapping, params: Params, organisations):
    for term_id in params.get("taxonomy_term_id", []):
        term = _term_or_none(m, term_id)
        organisations = (
            organisations.none()
            if term is None
            else organisations.filter(_organisation_term_q(term))
        )
    taxonomy_id = _taxonomy_or_nothing(m, params)
    if taxonomy_id is not None:
        if taxonomy_id not in m.taxonomies:
            organisations = organisations.none()
        else:
            organisations = organisations.filter(_organisation_taxonomy_q(taxonomy_id))
    moment = params.get("modified_after")
    if moment is not None:
        organisations = organisations.filter(
            Q(last_published_at__gte=moment)
            | Q(
                pk__in=published.live_locations()
                .filter(last_published_at__gte=moment)
                .values("organisation_id")
            )
            | Q(
                pk__in=published.live_services()
                .filter(last_published_at__gte=moment)
                .values("organisation_id")
            )
        )
    return organisations


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
    queryset = _filter_organisations(m, params, published.live_organizations())
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
    key = _uuid_or_404(id)
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
    found = m.taxonomies.get(_uuid_or_404(id))
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
    found = m.term(_uuid_or_404(id))
    if found is None:
        raise Http404
    return m.taxonomy_term(found)


# --- services at locations -----------------------------------------------------------------
def _links():
    """The service–location link table (one row per service at a location)."""
    return published.Service()._meta.get_field("locations").remote_field.through.objects


def _live_links():
    return _links().filter(
        service__in=published.live_services().values("pk"),
        location__in=published.live_locations().values("pk"),
    )


def _postcode_position(postcode: str):
    """Where a postcode is: the average position of the addresses we know in it (the full
    postcode when we know one there, else its four digits), or None."""
    located = published.live_locations().filter(latitude__isnull=False, longitude__isnull=False)
    for lookup in ([{"postcode": postcode}] if " " in postcode else []) + [
        {"postcode__startswith": postcode[:4]}
    ]:
        centre = located.filter(**lookup).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
        if centre["lat"] is not None:
            return float(centre["lat"]), float(centre["lon"])
    return None


def _filter_links(m: Mapping, params: Params, links):
    services = published.live_services()
    locations = published.live_locations()
    for term_id in params.get("taxonomy_term_id", []):
        term = _term_or_none(m, term_id)
        if term is None:
            return links.none()
        key = term.pk if term.pk is not None else term.code
        if term.taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
            locations = locations.filter(district_id=key)
        elif term.taxonomy_id == identifiers.LOCATION_KINDS_TAXONOMY:
            locations = locations.filter(kind=key)
        else:
            services = services.filter(_service_term_q(m, term))
    taxonomy_id = _taxonomy_or_nothing(m, params)
    if taxonomy_id is not None:
        if taxonomy_id not in m.taxonomies:
            return links.none()
        if taxonomy_id == identifiers.DISTRICTS_TAXONOMY:
            locations = locations.filter(district__isnull=False)
        elif taxonomy_id != identifiers.LOCATION_KINDS_TAXONOMY:
            services = services.filter(_service_taxonomy_q(taxonomy_id))
    if params.get("organization_id"):
        services = services.filter(organisation__translation_key=params.get("organization_id")[0])
    moment = params.get("modified_after")
    if moment is not None:
        links = links.filter(
            Q(service__last_published_at__gte=moment)
            | Q(service__organisation__last_published_at__gte=moment)
            | Q(location__last_published_at__gte=moment)
        )
    postcode = params.get("postcode")
    if postcode is not None:
        district = m.district_of_pc4(postcode[:4])
        no_area = Q(organisation__districts__isnull=True)
        if district is None:
            services = services.filter(no_area)
        else:
            services = services.filter(no_area | Q(organisation__districts__pk=district.pk))
    links = links.filter(service__in=services.values("pk"), location__in=locations.values("pk"))
    proximity = params.get("proximity")
    if proximity is not None:
        position = _postcode_position(postcode)
        if position is None:
            raise ApiError(
                _(
                    "We kennen geen adres in postcode %(postcode)s, dus ook de afstand niet. "
                    "Probeer alleen de 4 cijfers, of laat 'proximity' weg."
                )
                % {"postcode": postcode},
                "postcode",
            )
        links = (
            links.filter(location__latitude__isnull=False, location__longitude__isnull=False)
            .annotate(distance=distance_expression(*position, prefix="location__"))
            .filter(distance__lte=proximity)
        )
    return links


@api_view("service_at_locations")
def service_at_locations(request, params, search):
    m = Mapping(request)
    links = _filter_links(m, params, _live_links())
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
    key = _uuid_or_404(id)
    # The id is derived from the service's and the location's (mapping.Mapping
    # .service_at_location_id), so it is found by deriving it for each live link.
    pairs = _live_links().values_list(
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
