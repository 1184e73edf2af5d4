"""Context for the theme, organisation and service pages (kept out of models.py)."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, Q
from django.utils.html import strip_tags

from portal.content import Cost
from portal.localized import absolute, localized
from portal.pages.templatetags.portal_tags import active_language
from portal.pagination import paginate

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
        everyone = ("", "All" if language == "en" else "Alle")
        self.fields["doelgroep"].choices = [everyone] + [
            (group.slug, group.display_name(language)) for group in target_groups
        ]
        self.fields["stadsdeel"].choices = [everyone] + [
            (district.slug, district.name) for district in districts
        ]
        cost_names = {
            "gratis": "Free",
            "eigen-bijdrage": "Own contribution",
            "betaald": "Paid",
        }
        self.fields["kosten"].choices = [everyone] + [
            (value, cost_names[value] if language == "en" else label)
            for value, label in Cost.choices
        ]
        for name, dutch, english in [
            ("doelgroep", "Voor wie", "For whom"),
            ("stadsdeel", "Stadsdeel", "District"),
            ("kosten", "Kosten", "Cost"),
        ]:
            self.fields[name].label = english if language == "en" else dutch

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def theme_detail_context(request, theme) -> dict:
    from directory.models import Organisation, Service, TargetGroup
    from faq.models import FAQAnswer
    from locations.models import District, Location

    target_groups = list(TargetGroup.objects.all())
    districts = list(District.objects.all())
    form = ThemeFilterForm(request.GET or None, target_groups, districts)
    chosen = form.values()

    organisations = localized(Organisation).filter(themes=theme)
    services = localized(Service).filter(themes=theme)
    if "doelgroep" in chosen:
        organisations = organisations.filter(target_groups__slug=chosen["doelgroep"])
        services = services.filter(organisation__target_groups__slug=chosen["doelgroep"])
    if "stadsdeel" in chosen:
        organisations = organisations.filter(districts__slug=chosen["stadsdeel"])
        services = services.filter(
            Q(organisation__districts__slug=chosen["stadsdeel"])
            | Q(locations__district__slug=chosen["stadsdeel"])
        )
    if "kosten" in chosen:
        organisations = organisations.filter(cost=chosen["kosten"])
        services = services.filter(cost=chosen["kosten"])
    # Lists of ids first (joins over many-to-many filters repeat rows; the ids are few),
    # then only the shown page of each list as objects: no COUNT, no DISTINCT over long
    # texts, no nested subqueries.
    organisation_ids = _unique(organisations.order_by("name", "pk").values_list("pk", flat=True))
    service_ids = _unique(services.order_by("name", "pk").values_list("pk", flat=True))
    locations = localized(Location).filter(
        Q(organisation_id__in=organisation_ids) | Q(services__in=service_ids)
    )
    if "stadsdeel" in chosen:
        locations = locations.filter(district__slug=chosen["stadsdeel"])
    location_ids = _unique(locations.values_list("pk", flat=True))
    theme_locations = (
        Location.objects.filter(pk__in=location_ids)
        .select_related("district", "locale")
        .order_by("name")
    )

    words = [theme.name, theme.name_en, *theme.synonym_list][:12]
    faq_filter = Q()
    for word in words:
        faq_filter |= Q(question__icontains=word) | Q(search_keywords__icontains=word)
    faqs = (localized(FAQAnswer).filter(faq_filter).select_related("locale").order_by("question"))[
        :MAX_RELATED_FAQS
    ]

    # Two lists on one page, so each has its own page parameter; links keep the filters.
    organisation_pager = paginate(
        request, organisation_ids, THEME_LIST_PAGE_SIZE, "pagina-organisaties", "organisaties"
    )
    service_pager = paginate(request, service_ids, THEME_LIST_PAGE_SIZE, "pagina-aanbod", "aanbod")
    return {
        "theme": theme,
        "filter_form": form,
        "filters_active": bool(chosen),
        "organisation_pager": organisation_pager,
        "service_pager": service_pager,
        "organisations": _in_order(
            Organisation.objects.select_related("locale"), organisation_pager.items
        ),
        "services": _in_order(
            Service.objects.select_related("organisation", "locale"), service_pager.items
        ),
        "theme_locations": list(theme_locations),
        "related_faqs": list(faqs),
    }


def _unique(values) -> list:
    """The values in their order, each once."""
    return list(dict.fromkeys(values))


def _in_order(queryset, pks: list) -> list:
    """The objects with these primary keys, in the order of ``pks`` (one query)."""
    if not pks:
        return []
    by_pk = queryset.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def organisation_detail_context(request, organisation) -> dict:
    from directory.models import Service
    from locations.models import Location

    services = (
        localized(Service)
        .filter(organisation__translation_key=organisation.translation_key)
        .select_related("organisation", "locale")
        .order_by("name")
    )
    locations = (
        localized(Location)
        .filter(organisation__translation_key=organisation.translation_key)
        .select_related("district", "locale")
        .order_by("name")
    )
    context = {
        "themes": list(organisation.themes.all()),
        "target_groups": list(organisation.target_groups.all()),
        "districts": list(organisation.districts.all()),
        "services": list(services),
        "org_locations": list(locations),
    }
    context["structured_data"] = organisation_structured_data(request, organisation, context)
    return context


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
    from locations.models import Location

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
        "service_locations": list(locations),
        "structured_data": data,
    }
