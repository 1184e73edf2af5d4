"""The HSDS API's filters (``taxonomy_term_id``, ``taxonomy_id``, ``modified_after``,
``postcode``, ``proximity``) as querysets of live items, AND-ed together."""

from __future__ import annotations

from django.db.models import Avg, Q
from django.utils.translation import gettext as _

from . import identifiers, published
from .api import ApiError, Params, distance_expression
from .mapping import Mapping


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


def filter_services(m: Mapping, params: Params, services):
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


def filter_organisations(m: Mapping, params: Params, organisations):
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


def _links():
    """The service–location link table (one row per service at a location)."""
    return published.Service()._meta.get_field("locations").remote_field.through.objects


def live_links():
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


def filter_links(m: Mapping, params: Params, links):
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
