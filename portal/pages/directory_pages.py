"""Context for the directory's theme, organisation and service pages.

The page models live in ``directory``; what they show combines every domain app and the
search catalogue, so the site-pages layer builds it and registers it in
``PagesConfig.ready()`` (``portal.core.page_contexts``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.translation import pgettext

from directory.models import Organisation, Service
from faq.models import FAQAnswer
from locations import statuses
from locations.models import Location
from portal.core.content import COST_LABELS, Cost
from portal.core.localized import absolute, active_language, localized
from portal.core.pagination import paginate
from search.catalogue import get_catalogue
from search.text import fold

MAX_RELATED_FAQS = 5
THEME_LIST_PAGE_SIZE = 10


class ThemeFilterForm(forms.Form):
    """Filters on a theme page; they combine (AND). Unknown values are reported, not fatal."""

    doelgroep = forms.ChoiceField(required=False)
    stadsdeel = forms.ChoiceField(required=False)
    kosten = forms.ChoiceField(required=False)

    def __init__(self, data, target_groups, districts):
        super().__init__(data)
        language = active_language()
        everyone = ("", pgettext("alle keuzes van een filter", "Alle"))
        self.fields["doelgroep"].choices = [everyone] + [
            (group.slug, group.display_name(language)) for group in target_groups
        ]
        self.fields["stadsdeel"].choices = [everyone] + [
            (district.slug, district.name) for district in districts
        ]
        self.fields["kosten"].choices = [everyone] + [
            (value, str(COST_LABELS[value])) for value in Cost.values
        ]
        self.fields["doelgroep"].label = pgettext("filter", "Voor wie")
        self.fields["stadsdeel"].label = pgettext("filter", "Stadsdeel")
        self.fields["kosten"].label = pgettext("filter", "Kosten")

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def theme_detail_context(request, theme) -> dict:
    # The lists come from the directory's relation maps kept in memory for search (the
    # same maps its theme filter uses); only what the page shows is read as objects.
    catalogue = get_catalogue()
    language = active_language()
    form = ThemeFilterForm(request.GET or None, catalogue.target_groups, catalogue.districts)
    chosen = form.values()
    lists = theme_item_ids(catalogue, theme.pk, language, chosen)

    # Three lists on one page, so each has its own page parameter; links keep the filters.
    organisation_pager = paginate(
        request, lists.organisations, THEME_LIST_PAGE_SIZE, "pagina-organisaties", "organisaties"
    )
    service_pager = paginate(
        request, lists.services, THEME_LIST_PAGE_SIZE, "pagina-aanbod", "aanbod"
    )
    location_pager = paginate(
        request, lists.locations, THEME_LIST_PAGE_SIZE, "pagina-locaties", "locaties"
    )
    return {
        "theme": theme,
        "filter_form": form,
        "filters_active": bool(chosen),
        "organisation_pager": organisation_pager,
        "service_pager": service_pager,
        "organisations": _in_order(Organisation.objects.for_cards(), organisation_pager.items),
        "services": _in_order(Service.objects.for_cards(), service_pager.items),
        "location_pager": location_pager,
        "theme_locations": statuses.attach_statuses(
            _in_order(Location.objects.for_cards(), location_pager.items)
        ),
        "related_faqs": _in_order(
            FAQAnswer.objects.select_related("locale"),
            related_faq_ids(catalogue, theme, language),
        ),
    }


@dataclass
class ThemeLists:
    organisations: list[int]
    services: list[int]
    locations: list[int]


def theme_item_ids(catalogue, theme_id: int, language: str, chosen: dict) -> ThemeLists:
    """The theme's organisations, services and their locations (each by name), as residents
    see them in ``language``, narrowed by the chosen filters (which combine).

    A service counts for a target group through its organisation, and for a district
    through its organisation or one of its locations.
    """
    group = _by_slug(catalogue.target_groups, chosen.get("doelgroep"))
    district = _by_slug(catalogue.districts, chosen.get("stadsdeel"))
    cost = chosen.get("kosten")
    in_theme = catalogue.theme_items.get(theme_id, {})
    organisations = catalogue.items["organisation"]
    services = catalogue.items["service"]

    def organisation_matches(pk) -> bool:
        return (group is None or group.pk in catalogue.org_groups.get(pk, ())) and (
            district is None or district.pk in catalogue.org_districts.get(pk, ())
        )

    def service_in_district(pk) -> bool:
        organisation_id = services[pk].organisation_id
        return district.pk in catalogue.org_districts.get(organisation_id, ()) or any(
            catalogue.location_district.get(location) == district.pk
            for location in catalogue.service_locations.get(pk, ())
        )

    shown = catalogue.shown("organisation", language)
    organisation_ids = [
        pk
        for pk in in_theme.get("organisation", ())
        if pk in shown and organisation_matches(pk) and (not cost or organisations[pk].cost == cost)
    ]
    shown = catalogue.shown("service", language)
    service_ids = [
        pk
        for pk in in_theme.get("service", ())
        if pk in shown
        and (
            group is None or group.pk in catalogue.org_groups.get(services[pk].organisation_id, ())
        )
        and (district is None or service_in_district(pk))
        and (not cost or services[pk].cost == cost)
    ]

    shown = catalogue.shown("location", language)
    chosen_organisations = set(organisation_ids)
    location_ids = {
        location for pk in service_ids for location in catalogue.service_locations.get(pk, ())
    }
    location_ids.update(
        pk
        for pk, record in catalogue.items["location"].items()
        if record.organisation_id in chosen_organisations
    )
    location_ids = [
        pk
        for pk in location_ids
        if pk in shown and (district is None or catalogue.location_district.get(pk) == district.pk)
    ]
    return ThemeLists(
        _by_title(organisations, organisation_ids),
        _by_title(services, service_ids),
        _by_title(catalogue.items["location"], location_ids),
    )


def related_faq_ids(catalogue, theme, language: str) -> list[int]:
    """FAQ answers whose question or search words mention the theme's name (Dutch or in the
    reader's language) or a Dutch synonym, in question order; at most ``MAX_RELATED_FAQS``."""
    names = [theme.name, theme.display_name(language)]
    words = [word.lower() for word in [*dict.fromkeys(names), *theme.synonym_list][:12] if word]
    if not words:
        return []
    answers = catalogue.items["faq"]
    shown = catalogue.shown("faq", language)
    matching = [
        pk
        for pk in shown
        if any(
            word in answers[pk].title.lower() or word in answers[pk].search_keywords.lower()
            for word in words
        )
    ]
    return _by_title(answers, matching)[:MAX_RELATED_FAQS]


def _by_slug(choices: list, slug: str | None):
    return next((choice for choice in choices if choice.slug == slug), None) if slug else None


def _by_title(records: dict, pks) -> list[int]:
    """Primary keys ordered by their record's title as people read it (case and accents
    ignored), then by primary key."""
    return sorted(pks, key=lambda pk: (fold(records[pk].title), records[pk].title, pk))


def _in_order(queryset, pks: list) -> list:
    """The objects with these primary keys, in the order of ``pks`` (one query)."""
    if not pks:
        return []
    by_pk = queryset.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def organisation_detail_context(request, organisation) -> dict:
    services = (
        localized(Service)
        .filter(organisation__translation_key=organisation.translation_key)
        .for_cards()
        .order_by("name")
    )
    locations = (
        localized(Location)
        .filter(organisation__translation_key=organisation.translation_key)
        .for_cards()
        .order_by("name")
    )
    context = {
        **_organisation_relations(request, organisation),
        "services": list(services),
        "org_locations": statuses.attach_statuses(list(locations)),
    }
    context["structured_data"] = organisation_structured_data(request, organisation, context)
    return context


def _organisation_relations(request, organisation) -> dict:
    """The organisation's themes, target groups and districts, in their admin order."""
    if getattr(request, "is_preview", False) or organisation.pk is None:
        # A preview shows the editor's unsaved choices, which only the instance holds.
        return {
            "themes": list(organisation.themes.all()),
            "target_groups": list(organisation.target_groups.all()),
            "districts": list(organisation.districts.all()),
        }
    catalogue = get_catalogue()
    pk = organisation.pk
    return {
        "themes": _chosen(catalogue.themes, catalogue.org_themes.get(pk, ())),
        "target_groups": _chosen(catalogue.target_groups, catalogue.org_groups.get(pk, ())),
        "districts": _chosen(catalogue.districts, catalogue.org_districts.get(pk, ())),
    }


def _chosen(choices: list, pks) -> list:
    pks = set(pks)
    return [choice for choice in choices if choice.pk in pks]


def organisation_structured_data(request, organisation, context) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "description": organisation.summary,
        "url": organisation.website or absolute(request, request.path),
    }
    if organisation.phone:
        data["telephone"] = organisation.phone
    if organisation.email:
        data["email"] = organisation.email
    if organisation.street:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": organisation.street,
            "postalCode": organisation.postcode,
            "addressLocality": organisation.city,
            "addressCountry": "NL",
        }
    if context["districts"]:
        data["areaServed"] = [district.name for district in context["districts"]]
    if organisation.languages:
        data["knowsLanguage"] = list(organisation.languages)
    return data


def service_detail_context(request, service) -> dict:
    locations = (
        localized(Location)
        .filter(translation_key__in=service.locations.values("translation_key"))
        .select_related("district", "locale")
        .prefetch_related(Prefetch("opening_hours"), "closed_dates")
        .order_by("name")
    )
    organisation = service.organisation
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": service.name,
        "description": strip_tags(service.description),
        "provider": {"@type": "Organization", "name": organisation.name},
    }
    return {
        "organisation": organisation,
        "themes": list(service.themes.all()),
        "service_locations": statuses.attach_statuses(list(locations)),
        "structured_data": data,
    }
