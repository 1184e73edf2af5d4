"""Our social map as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON).

Used by the API (``portal.opendata.views``) and the tabular data package. What maps to
what, field by field, is documented in the README ("Open data (HSDS 3.0)"). The parts:
what is published and how it is loaded (``published``), field values (``hsds_fields``),
web addresses (``web_addresses``), taxonomies and attributes (``taxonomies``), opening
hours (``schedules``); this module writes organisations, locations and services.

Performance: ``load_services``/``load_organizations``/``load_locations`` fetch everything a
list of documents needs in a fixed number of queries, and one ``Mapping`` keeps what all
documents share (taxonomy terms, ids, site URLs), so a page of 50 services costs the same
number of queries as a page of 5, whatever the size of the database.

    mapping = Mapping()
    services = load_services(live_services().filter(...)[:50], full=True)
    documents = [mapping.service(service, full=True) for service in services]
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from wagtail.rich_text import expand_db_html

from . import identifiers
from .hsds_fields import (
    COST_OPTIONS,
    COUNTRY,
    CURRENCY,
    PROVINCE,
    date_text,
    datetime_text,
    language_name,
    newest,
    without_empty,
)
from .identifiers import derived, item_uuid
from .schedules import location_schedules, public_holidays, today_in_hengelo
from .taxonomies import TaxonomyMapping


class Mapping(TaxonomyMapping):
    """What all documents of one response (or one export) share; build one per use."""

    # --- organisations ---------------------------------------------------------------------
    def organization(self, organisation, *, full: bool = False, services=()) -> dict:
        org_id = item_uuid(organisation)
        description = expand_db_html(organisation.description) if organisation.description else ""
        document = without_empty(
            {
                "id": org_id,
                "name": organisation.name,
                "description": description or organisation.summary,
                "email": organisation.email,
                "website": organisation.website,
                # Extension (documented): the B1 summary of at most 160 characters.
                "summary": organisation.summary,
                "uri": self.item_url("organisation", organisation),
            }
        )
        document.setdefault("description", "")
        if not full:
            return document
        document["phones"] = self._phones(org_id, organisation.phone, organization_id=org_id)
        document["contacts"] = self._contacts(org_id, organisation, organization_id=org_id)
        locations = []
        postal = self._postal_location(organisation)
        if postal is not None:
            locations.append(postal)
        locations += [self.location(location) for location in organisation.locations.all()]
        document["locations"] = locations
        document["attributes"] = self._attributes(
            org_id,
            "organization",
            [(identifiers.ORGANISATION_KINDS_TAXONOMY, (None, organisation.kind))]
            + [(identifiers.THEMES_TAXONOMY, (t.pk,)) for t in organisation.themes.all()]
            + [
                (identifiers.TARGET_GROUPS_TAXONOMY, (g.pk,))
                for g in organisation.target_groups.all()
            ],
        )
        document["services"] = list(services)
        return document

    def _postal_location(self, organisation) -> dict | None:
        """The organisation's own address (its office): a location of type postal."""
        if not organisation.street:
            return None
        location_id = derived(item_uuid(organisation), "postal-address")
        return {
            "id": location_id,
            "location_type": "postal",
            "organization_id": item_uuid(organisation),
            "name": organisation.name,
            "addresses": [
                self._address(
                    location_id,
                    organisation.street,
                    organisation.postcode,
                    organisation.city,
                    address_type="postal",
                )
            ],
        }

    def _contacts(self, owner_id: str, organisation, **links) -> list[dict]:
        if not organisation.email:
            return []
        return [
            without_empty(
                {
                    "id": derived(owner_id, "contact"),
                    **links,
                    "name": organisation.name,
                    "email": organisation.email,
                }
            )
        ]

    def _phones(self, owner_id: str, number: str, **links) -> list[dict]:
        if not number:
            return []
        return [{"id": derived(owner_id, "phone"), **links, "number": number, "type": "voice"}]

    def _address(self, location_id, street, postcode, city, address_type="physical") -> dict:
        return {
            "id": derived(location_id, "address", address_type),
            "location_id": location_id,
            "address_1": street,
            "city": city,
            "state_province": PROVINCE,
            "postal_code": postcode,
            "country": COUNTRY,
            "address_type": address_type,
        }

    # --- locations -------------------------------------------------------------------------
    def location(self, location) -> dict:
        location_id = item_uuid(location)
        organisation = location.organisation
        document = without_empty(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": item_uuid(organisation)
                if organisation is not None and organisation.live
                else None,
                "name": location.name,
                "description": location.description,
                "latitude": float(location.latitude) if location.latitude is not None else None,
                "longitude": float(location.longitude) if location.longitude is not None else None,
            }
        )
        document["addresses"] = [
            self._address(location_id, location.street, location.postcode, location.city)
        ]
        document["phones"] = self._phones(location_id, location.phone, location_id=location_id)
        document["accessibility"] = (
            [
                {
                    "id": derived(location_id, "accessibility"),
                    "location_id": location_id,
                    "description": location.accessibility,
                }
            ]
            if location.accessibility
            else []
        )
        document["schedules"] = self.schedules(location)
        pairs = [(identifiers.LOCATION_KINDS_TAXONOMY, (None, location.kind))]
        if location.district_id:
            pairs.append((identifiers.DISTRICTS_TAXONOMY, (location.district_id,)))
        document["attributes"] = self._attributes(location_id, "location", pairs)
        return document

    @cached_property
    def today(self) -> dt.date:
        return today_in_hengelo()

    @cached_property
    def public_holidays(self) -> dict[dt.date, str]:
        """Dutch public holidays (date: name) from today on, for a year: a location closed
        on public holidays publishes them as closed dates; the importer recognises them."""
        return public_holidays(self.today)

    def schedules(self, location) -> list[dict]:
        """The location's opening hours and closed dates (``schedules.location_schedules``)."""
        return location_schedules(location, self.today, self.public_holidays)

    # --- services --------------------------------------------------------------------------
    def service_modified(self, service) -> dt.datetime | None:
        return newest(
            service.last_published_at,
            service.organisation.last_published_at,
            getattr(service, "locations_modified", None),
        )

    def minimal_service(self, service) -> dict:
        """``minimal=true``: what a harvester needs to see what changed (name and status
        because the schema requires them)."""
        return without_empty(
            {
                "id": item_uuid(service),
                "name": service.name,
                "status": "active",
                "last_modified": datetime_text(self.service_modified(service)),
            }
        )

    def service(self, service, *, full: bool = True, with_locations: bool = True) -> dict:
        service_id = item_uuid(service)
        organisation = service.organisation
        cost_text = COST_OPTIONS.get(service.cost, (service.get_cost_display(), None))[0]
        document = without_empty(
            {
                "id": service_id,
                "organization_id": item_uuid(organisation),
                "name": service.name,
                "description": service.description,
                "url": self.item_url("service", service),
                "email": organisation.email,
                "status": "active",
                "fees_description": cost_text,
                "assured_date": date_text(service.last_verified),
                "last_modified": datetime_text(self.service_modified(service)),
            }
        )
        document["organization"] = self.organization(organisation, full=False)
        if not full:
            return document
        document["phones"] = self._phones(service_id, organisation.phone, service_id=service_id)
        document["contacts"] = self._contacts(service_id, organisation, service_id=service_id)
        document["schedules"] = []
        document["service_areas"] = self.service_areas(service)
        if with_locations:
            document["service_at_locations"] = [
                self.service_at_location(service, location, with_service=False)
                for location in service.locations.all()
            ]
        document["languages"] = [
            {
                "id": derived(service_id, "language", code),
                "service_id": service_id,
                "name": language_name(code),
                "code": code,
            }
            for code in organisation.languages
        ]
        option, amount = COST_OPTIONS.get(service.cost, (cost_text, None))
        document["cost_options"] = [
            without_empty(
                {
                    "id": derived(service_id, "cost"),
                    "service_id": service_id,
                    "option": option,
                    "currency": CURRENCY if amount is not None else None,
                    "amount": amount,
                    "amount_description": cost_text,
                }
            )
        ]
        document["attributes"] = self._attributes(
            service_id,
            "service",
            [(identifiers.THEMES_TAXONOMY, (t.pk,)) for t in service.themes.all()],
        )
        return document

    def service_areas(self, service) -> list[dict]:
        """The districts the organisation works in (its werkgebied)."""
        service_id = item_uuid(service)
        areas = []
        for district in service.organisation.districts.all():
            term = self._dutch_term(identifiers.DISTRICTS_TAXONOMY, district.pk)
            if term is None:
                continue
            areas.append(
                without_empty(
                    {
                        "id": derived(service_id, "service-area", term.id),
                        "service_id": service_id,
                        "name": term.name,
                        "description": term.description,
                        "extent": ",".join(term.postcodes),
                        "extent_type": "text",
                        "uri": f"{self.api_root}/taxonomy_terms/{term.id}",
                    }
                )
            )
        return areas

    # --- services at locations -------------------------------------------------------------
    @staticmethod
    def service_at_location_id(service, location) -> str:
        return derived(item_uuid(service), "at", item_uuid(location))

    def service_at_location(
        self, service, location, *, with_service: bool = True, full: bool = True
    ) -> dict:
        document = {
            "id": self.service_at_location_id(service, location),
            "service_id": item_uuid(service),
            "location_id": item_uuid(location),
        }
        if full:
            document["location"] = self.location(location)
        else:
            document["location"] = {
                key: value
                for key, value in self.location(location).items()
                if not isinstance(value, list)
            }
        if with_service:
            document["service"] = self.service(service, full=full, with_locations=False)
        return document


# --- the functions other modules call -----------------------------------------------------
def service_document(service, full: bool = True, mapping: Mapping | None = None) -> dict:
    return (mapping or Mapping()).service(service, full=full)


def organization_document(organisation, full: bool = True, mapping: Mapping | None = None):
    return (mapping or Mapping()).organization(organisation, full=full)


def location_document(location, mapping: Mapping | None = None) -> dict:
    return (mapping or Mapping()).location(location)


def taxonomy_documents(mapping: Mapping | None = None) -> list[dict]:
    mapping = mapping or Mapping()
    return [mapping.taxonomy(taxonomy) for taxonomy in mapping.taxonomies.values()]


def taxonomy_term_documents(mapping: Mapping | None = None) -> list[dict]:
    mapping = mapping or Mapping()
    return [
        mapping.taxonomy_term(term)
        for taxonomy in mapping.taxonomies.values()
        for term in taxonomy.terms
    ]


__all__ = [
    "Mapping",
    "location_document",
    "organization_document",
    "service_document",
    "taxonomy_documents",
    "taxonomy_term_documents",
]
