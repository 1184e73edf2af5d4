"""Our social map as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON).

Used by the API (``portal.opendata.views``) and the tabular data package. What maps to
what, field by field, is documented in the README ("Open data (HSDS 3.0)").

Only live Dutch items are published (``live_services()`` and friends); a live service of an
organisation that is not live is left out, a location's link to such an organisation too.

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
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays
from django.apps import apps
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from portal.core.kinds import item_kinds

from . import identifiers
from .identifiers import derived, item_uuid

HSDS_VERSION = "3.0"
LANGUAGE = "nl"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Public holidays are published as closed dates this far ahead (a schedule says so).
HOLIDAY_HORIZON_DAYS = 365
COUNTRY = "NL"
PROVINCE = "Overijssel"
CURRENCY = "EUR"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

COST_OPTIONS = {
    # our code: (option text, amount or None when it depends)
    "gratis": ("Gratis", 0),
    "eigen-bijdrage": ("Eigen bijdrage", None),
    "betaald": ("Betaald", None),
}


def _model(name: str):
    return item_kinds.get(name).model


def Organisation():  # noqa: N802 - reads like the model class it returns
    return _model("organisation")


def Service():  # noqa: N802
    return _model("service")


def Location():  # noqa: N802
    return _model("location")


def Theme():  # noqa: N802
    return apps.get_model("directory", "Theme")


def TargetGroup():  # noqa: N802
    return apps.get_model("directory", "TargetGroup")


def District():  # noqa: N802
    return apps.get_model("locations", "District")


# --- what is published --------------------------------------------------------------------
def live_organizations():
    return Organisation().objects.filter(live=True, locale__language_code=LANGUAGE)


def live_services():
    return Service().objects.filter(
        live=True, locale__language_code=LANGUAGE, organisation__live=True
    )


def live_locations():
    return Location().objects.filter(live=True, locale__language_code=LANGUAGE)


def _modified_subquery(relation_model, link_filter: str):
    """Newest ``last_published_at`` of the live locations linked to the outer row."""
    return Subquery(
        relation_model.objects.filter(**{link_filter: OuterRef("pk")}, live=True)
        .order_by("-last_published_at")
        .values("last_published_at")[:1]
    )


def with_modified(services):
    """Annotate ``locations_modified``: last_modified covers the service's locations too."""
    return services.annotate(
        locations_modified=_modified_subquery(Location(), "services"),
    )


def load_services(queryset, *, full: bool = True) -> list:
    """Services with everything their documents need, in a fixed number of queries."""
    queryset = with_modified(queryset).select_related("organisation")
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("themes", queryset=Theme().objects.only("pk")),
            Prefetch("organisation__districts", queryset=District().objects.only("pk")),
            Prefetch("locations", queryset=_location_queryset(live_locations())),
        )
    return list(queryset)


def _location_queryset(queryset):
    return queryset.select_related("organisation").prefetch_related("opening_hours", "closed_dates")


def load_locations(queryset) -> list:
    return list(_location_queryset(queryset))


def load_organizations(queryset, *, full: bool = True) -> list:
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("themes", queryset=Theme().objects.only("pk")),
            Prefetch("target_groups", queryset=TargetGroup().objects.only("pk")),
            Prefetch("locations", queryset=_location_queryset(live_locations())),
        )
    return list(queryset)


# --- small formatters ----------------------------------------------------------------------
def datetime_text(moment: dt.datetime | None) -> str | None:
    """RFC 3339 in UTC with milliseconds, as HSDS asks for ``last_modified``."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def date_text(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def time_text(moment: dt.time) -> str:
    return moment.strftime("%H:%M:%S")


def newest(*moments):
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def language_name(code: str) -> str:
    with translation.override(LANGUAGE):
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:
            return code


def _clean(document: dict) -> dict:
    """Leave out fields we have no value for (HSDS: absent, not empty or null)."""
    return {key: value for key, value in document.items() if value is not None and value != ""}


def _pc4_list(postcodes) -> str:
    return ", ".join(postcodes)


# --- taxonomies ----------------------------------------------------------------------------
@dataclass
class Term:
    id: str
    taxonomy_id: str
    code: str
    name: str
    description: str
    language: str = LANGUAGE
    parent_id: str | None = None
    term_uri: str | None = None
    # The Dutch term this one translates (English terms), and what it stands for.
    same_as: str | None = None
    postcodes: tuple[str, ...] = ()
    pk: int | None = None


@dataclass
class Taxonomy:
    id: str
    name: str
    description: str
    link_type: str
    terms: list[Term] = field(default_factory=list)


TAXONOMY_TEXTS = {
    identifiers.THEMES_TAXONOMY: (
        "Thema's",
        "De onderwerpen van de sociale kaart van Hengelo waar inwoners hulp bij zoeken "
        "(code: onze vaste slug). Elk thema staat er in het Nederlands en in het Engels.",
        "service_category",
    ),
    identifiers.TARGET_GROUPS_TAXONOMY: (
        "Doelgroepen",
        "Voor wie een organisatie er is. In het Nederlands en in het Engels.",
        "target_group",
    ),
    identifiers.DISTRICTS_TAXONOMY: (
        "Stadsdelen van Hengelo",
        "De stadsdelen van Hengelo met hun wijken en postcodegebieden (4 cijfers).",
        "district",
    ),
    identifiers.ORGANISATION_KINDS_TAXONOMY: (
        "Soort organisatie",
        "De rol van een organisatie in de basisondersteuning in Hengelo.",
        "organization_kind",
    ),
    identifiers.LOCATION_KINDS_TAXONOMY: (
        "Soort locatie",
        "Wat voor plek een locatie is: Wijkentree, wijkteam, inloop of activiteit.",
        "location_kind",
    ),
}


class Mapping:
    """What all documents of one response (or one export) share; build one per use."""

    def __init__(self, request=None, site_root: str | None = None):
        self.request = request
        self._site_root = site_root

    # --- addresses on the web --------------------------------------------------------------
    @cached_property
    def site_root(self) -> str:
        if self._site_root:
            return self._site_root.rstrip("/")
        if self.request is not None:
            return self.request.build_absolute_uri("/").rstrip("/")
        site = Site.objects.filter(is_default_site=True).first()
        return site.root_url.rstrip("/") if site else "http://localhost"

    @cached_property
    def api_root(self) -> str:
        return f"{self.site_root}/api/hsds"

    def _index_url(self, page_model: str, language: str = LANGUAGE) -> str | None:
        model = apps.get_model(page_model)
        page = model.objects.live().filter(locale__language_code=language).first()
        if page is None:
            return None
        url = page.get_url(request=self.request)
        if url is None:
            return None
        return url if url.startswith("http") else f"{self.site_root}{url}"

    @cached_property
    def _item_bases(self) -> dict[str, str | None]:
        return {
            kind.name: self._index_url(kind.index_page_model)
            for kind in item_kinds
            if kind.name in ("organisation", "service", "location")
        }

    def item_url(self, kind: str, item) -> str | None:
        base = self._item_bases.get(kind)
        return f"{base}{item.slug}/" if base else None

    @cached_property
    def _theme_bases(self) -> dict[str, str | None]:
        return {
            language: self._index_url("directory.ThemeIndexPage", language)
            for language in ("nl", "en")
        }

    # --- taxonomies ------------------------------------------------------------------------
    @cached_property
    def taxonomies(self) -> dict[str, Taxonomy]:
        """All taxonomies with all their terms, in a fixed number of queries."""
        # With their texts per language (directory.ThemeText): the English term reads them.
        themes = list(
            Theme().objects.order_by("sort_order", "name", "pk").prefetch_related("texts")
        )
        groups = list(TargetGroup().objects.order_by("sort_order", "name", "pk"))
        districts = list(
            District().objects.prefetch_related("postcodes").order_by("sort_order", "name", "pk")
        )
        stored = identifiers.stored_uuids_for(
            {
                Theme(): [t.pk for t in themes],
                TargetGroup(): [g.pk for g in groups],
                District(): [d.pk for d in districts],
            }
        )
        result = {
            key: Taxonomy(key, name, description, link_type)
            for key, (name, description, link_type) in TAXONOMY_TEXTS.items()
        }
        theme_ids = stored[Theme()]
        theme_terms = result[identifiers.THEMES_TAXONOMY].terms
        for theme in themes:
            english = theme.text_for("en")
            english_description, _ = theme.description_in("en")
            dutch = theme_ids[theme.pk]
            parent = theme_ids.get(theme.parent_id) if theme.parent_id else None
            base_nl, base_en = self._theme_bases["nl"], self._theme_bases["en"]
            theme_terms.append(
                Term(
                    id=dutch,
                    taxonomy_id=identifiers.THEMES_TAXONOMY,
                    code=theme.slug,
                    name=theme.name,
                    description=theme.description,
                    parent_id=parent,
                    term_uri=f"{base_nl}{theme.slug}/" if base_nl else None,
                    pk=theme.pk,
                )
            )
            theme_terms.append(
                Term(
                    id=derived(dutch, "en"),
                    taxonomy_id=identifiers.THEMES_TAXONOMY,
                    code=theme.slug,
                    name=theme.display_name("en"),
                    description=english_description,
                    language="en" if english and english.name else LANGUAGE,
                    parent_id=derived(parent, "en") if parent else None,
                    term_uri=f"{base_en}{theme.slug}/" if base_en else None,
                    same_as=dutch,
                    pk=theme.pk,
                )
            )
        group_ids = stored[TargetGroup()]
        group_terms = result[identifiers.TARGET_GROUPS_TAXONOMY].terms
        for group in groups:
            dutch = group_ids[group.pk]
            group_terms.append(
                Term(
                    id=dutch,
                    taxonomy_id=identifiers.TARGET_GROUPS_TAXONOMY,
                    code=group.slug,
                    name=group.name,
                    description=f"Doelgroep: {group.name}",
                    pk=group.pk,
                )
            )
            group_terms.append(
                Term(
                    id=derived(dutch, "en"),
                    taxonomy_id=identifiers.TARGET_GROUPS_TAXONOMY,
                    code=group.slug,
                    name=group.name_en or group.name,
                    description=f"Target group: {group.name_en or group.name}",
                    language="en" if group.name_en else LANGUAGE,
                    same_as=dutch,
                    pk=group.pk,
                )
            )
        district_ids = stored[District()]
        district_terms = result[identifiers.DISTRICTS_TAXONOMY].terms
        for district in districts:
            postcodes = tuple(p.postcode for p in district.postcodes.all())
            parts = [f"Stadsdeel {district.name} van Hengelo."]
            if district.neighbourhood_list:
                parts.append(f"Wijken: {', '.join(district.neighbourhood_list)}.")
            if postcodes:
                parts.append(f"Postcodegebieden: {_pc4_list(postcodes)}.")
            district_terms.append(
                Term(
                    id=district_ids[district.pk],
                    taxonomy_id=identifiers.DISTRICTS_TAXONOMY,
                    code=district.slug,
                    name=district.name,
                    description=" ".join(parts),
                    postcodes=postcodes,
                    pk=district.pk,
                )
            )
        for taxonomy_id, model in (
            (identifiers.ORGANISATION_KINDS_TAXONOMY, Organisation()),
            (identifiers.LOCATION_KINDS_TAXONOMY, Location()),
        ):
            for code, label in model.Kind.choices:
                result[taxonomy_id].terms.append(
                    Term(
                        id=derived(taxonomy_id, code),
                        taxonomy_id=taxonomy_id,
                        code=code,
                        name=str(label),
                        description=f"{TAXONOMY_TEXTS[taxonomy_id][0]}: {label}",
                    )
                )
        return result

    @cached_property
    def _terms_by_id(self) -> dict[str, Term]:
        return {term.id: term for tax in self.taxonomies.values() for term in tax.terms}

    def _dutch_term(self, taxonomy_id: str, pk: int | None = None, code: str | None = None):
        for term in self._term_index[taxonomy_id].get(pk if pk is not None else code, ()):
            return term
        return None

    @cached_property
    def _term_index(self) -> dict[str, dict]:
        index: dict[str, dict] = {}
        for taxonomy_id, taxonomy in self.taxonomies.items():
            per = index.setdefault(taxonomy_id, {})
            for term in taxonomy.terms:
                if term.same_as is not None:
                    continue
                per.setdefault(term.pk if term.pk is not None else term.code, []).append(term)
        return index

    def term(self, term_id: str) -> Term | None:
        return self._terms_by_id.get(str(term_id))

    def terms_for(self, term_id: str) -> tuple[str, int | str | None]:
        """(taxonomy id, pk or code) of a term id — a Dutch or an English term."""
        term = self.term(term_id)
        if term is None:
            return "", None
        return term.taxonomy_id, term.pk if term.pk is not None else term.code

    def district_of_pc4(self, pc4: str) -> Term | None:
        for term in self.taxonomies[identifiers.DISTRICTS_TAXONOMY].terms:
            if pc4 in term.postcodes:
                return term
        return None

    def taxonomy(self, taxonomy: Taxonomy) -> dict:
        return _clean(
            {
                "id": taxonomy.id,
                "name": taxonomy.name,
                "description": taxonomy.description,
                "uri": f"{self.api_root}/taxonomies/{taxonomy.id}",
            }
        )

    def taxonomy_term(self, term: Term, *, with_taxonomy: bool = True) -> dict:
        taxonomy = self.taxonomies[term.taxonomy_id]
        document = {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent_id,
            "taxonomy": taxonomy.name,
            "taxonomy_detail": self.taxonomy(taxonomy) if with_taxonomy else None,
            "language": term.language,
            "taxonomy_id": term.taxonomy_id,
            "term_uri": term.term_uri,
        }
        result = _clean(document)
        result["description"] = term.description  # required, even when empty
        return result

    def _attribute(self, owner_id: str, entity: str, term: Term | None) -> dict | None:
        if term is None:
            return None
        return {
            "id": derived(owner_id, "attribute", term.id),
            "link_id": owner_id,
            "link_type": self.taxonomies[term.taxonomy_id].link_type,
            "link_entity": entity,
            "taxonomy_term_id": term.id,
            # The term without its taxonomy's details (they are at /taxonomies/{id}).
            "taxonomy_term": self.taxonomy_term(term, with_taxonomy=False),
        }

    def _attributes(self, owner_id: str, entity: str, pairs) -> list[dict]:
        found = []
        for taxonomy_id, key in pairs:
            attribute = self._attribute(owner_id, entity, self._dutch_term(taxonomy_id, *key))
            if attribute is not None:
                found.append(attribute)
        return found

    # --- organisations ---------------------------------------------------------------------
    def organization(self, organisation, *, full: bool = False, services=()) -> dict:
        org_id = item_uuid(organisation)
        description = expand_db_html(organisation.description) if organisation.description else ""
        document = _clean(
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
            _clean(
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
        document = _clean(
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
        return dt.datetime.now(AMSTERDAM).date()

    @cached_property
    def _holidays(self) -> dict[dt.date, str]:
        """Dutch public holidays from today on, as the site's "open now" counts them."""
        end = self.today + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
        days = holidays.Netherlands(years=range(self.today.year, end.year + 1), language="nl")
        return {day: str(name) for day, name in sorted(days.items()) if self.today <= day <= end}

    def schedules(self, location) -> list[dict]:
        """Opening hours as weekly RRULE schedules; closed dates never appear open.

        Each group of windows with the same times becomes one weekly schedule
        (``freq=WEEKLY``, ``byday=MO,WE``, ``opens_at``/``closes_at`` in Dutch local time).
        HSDS has no "closed on" rule, so, as its guidance on exceptional schedules says, the
        regular schedule is cut around each closed date: it is published as several
        schedules whose ``valid_from``/``valid_to`` leave the closed dates out, and each
        closed date gets a schedule of its own for that day, without opening times and with
        the reason. Closed dates before today are left out; public holidays (when the
        location closes on them) count as closed dates for the coming year, after which
        the regular schedules end (``valid_to``): we say nothing about later holidays.
        """
        location_id = item_uuid(location)
        groups: dict[tuple[dt.time, dt.time], list[int]] = {}
        for window in sorted(location.opening_hours.all(), key=lambda w: (w.weekday, w.opens)):
            groups.setdefault((window.opens, window.closes), []).append(window.weekday)
        closed: dict[dt.date, str] = {}
        if location.closed_on_public_holidays:
            closed.update(self._holidays)
        for closed_date in location.closed_dates.all():
            if closed_date.date >= self.today:
                closed[closed_date.date] = closed_date.reason or closed.get(closed_date.date, "")
        horizon = (
            self.today + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
            if location.closed_on_public_holidays
            else None
        )
        segments = _open_segments(sorted(closed), horizon)
        documents = []
        for (opens, closes), weekdays in sorted(groups.items(), key=lambda g: (g[1][0], g[0])):
            weekdays = sorted(set(weekdays))
            days_text = " en ".join(WEEKDAY_NAMES[d] for d in weekdays)
            description = f"{days_text} van {opens:%H:%M} tot {closes:%H:%M} (Nederlandse tijd)"
            for start, end in segments:
                documents.append(
                    _clean(
                        {
                            "id": derived(
                                location_id,
                                "schedule",
                                ",".join(WEEKDAY_CODES[d] for d in weekdays),
                                time_text(opens),
                                time_text(closes),
                                date_text(start) or "",
                                date_text(end) or "",
                            ),
                            "location_id": location_id,
                            "valid_from": date_text(start),
                            "valid_to": date_text(end),
                            "freq": "WEEKLY",
                            "wkst": "MO",
                            "byday": ",".join(WEEKDAY_CODES[d] for d in weekdays),
                            "opens_at": time_text(opens),
                            "closes_at": time_text(closes),
                            "description": description,
                            "notes": location.opening_hours_note,
                        }
                    )
                )
        for day in sorted(closed):
            reason = closed[day]
            documents.append(
                _clean(
                    {
                        "id": derived(location_id, "closed", day.isoformat()),
                        "location_id": location_id,
                        "valid_from": day.isoformat(),
                        "valid_to": day.isoformat(),
                        "description": f"Gesloten: {reason}" if reason else "Gesloten",
                        "notes": "Gesloten op deze dag, de hele dag.",
                    }
                )
            )
        return documents

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
        return _clean(
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
        document = _clean(
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
            _clean(
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
                _clean(
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


def _open_segments(closed: list[dt.date], horizon: dt.date | None):
    """(valid_from, valid_to) pieces of time between the closed dates (None: unbounded)."""
    segments = []
    start = None
    for day in closed:
        end = day - dt.timedelta(days=1)
        if start is None or start <= end:
            segments.append((start, end))
        start = day + dt.timedelta(days=1)
    if horizon is None or start is None or start <= horizon:
        segments.append((start, horizon))
    return segments


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
    "HSDS_VERSION",
    "Mapping",
    "live_locations",
    "live_organizations",
    "live_services",
    "load_locations",
    "load_organizations",
    "load_services",
    "location_document",
    "organization_document",
    "service_document",
    "taxonomy_documents",
    "taxonomy_term_documents",
    "with_modified",
]
