"""A small social map built in code for the front-end tests (independent of the CSV import)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup, Theme, ThemeText
from faq.models import FAQAnswer, FAQCategory
from locations.models import District, DistrictPostcode, Location, OpeningHoursWindow

DISTRICTS = [
    ("noord-onder-a1", "Noord onder de A1", ["7552", "7553"]),
    ("zuid", "Zuid", ["7555", "7556"]),
]


@dataclass
class SampleData:
    themes: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    services: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    answers: list = field(default_factory=list)


def ensure_base() -> SampleData:
    data = SampleData()
    for order, (slug, name, postcodes) in enumerate(DISTRICTS):
        district, _ = District.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        for postcode in postcodes:
            DistrictPostcode.objects.get_or_create(postcode=postcode, district=district)
        data.districts.append(district)
    for order, (slug, name, name_en) in enumerate(
        [("geldzaken", "Geldzaken", "Money matters"), ("mantelzorg", "Mantelzorg", "Carers")]
    ):
        theme, _ = Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": f"Hulp bij {name.lower()}.",
                "synonyms": "schulden\nrekeningen" if slug == "geldzaken" else "zorgen voor",
                "sort_order": order,
            },
        )
        ThemeText.objects.get_or_create(theme=theme, language="en", defaults={"name": name_en})
        data.themes.append(theme)
    return data


def add_batch(data: SampleData, prefix: str = "a") -> SampleData:
    """One organisation of each shape, with services, locations with hours and FAQ answers."""
    nl = Locale.get_default()
    noord, zuid = data.districts
    geld, mantelzorg = data.themes
    elderly = TargetGroup.objects.get_or_create(
        slug="ouderen", defaults={"name": "Ouderen", "name_en": "Older people"}
    )[0]
    young = TargetGroup.objects.get_or_create(
        slug="jongeren", defaults={"name": "Jongeren", "name_en": "Young people"}
    )[0]
    category, _ = FAQCategory.objects.get_or_create(
        slug="basisondersteuning", defaults={"name": "Basisondersteuning"}
    )

    free_org = Organisation.objects.create(
        slug=f"{prefix}-schuldhulp",
        locale=nl,
        name=f"Schuldhulp {prefix.upper()}",
        kind=Organisation.Kind.SOCIAL_BASE,
        summary="Gratis hulp bij schulden en rekeningen.",
        description="<p>Wij helpen u met uw post.</p>",
        website="https://example.org/schuldhulp",
        phone="074 000 1234",
        email="info@example.org",
        street="Marktstraat 1",
        postcode="7551 AA",
        cost="gratis",
        languages=["nl", "tr", "ar"],
        last_verified=dt.date(2026, 10, 12),
        live=True,
    )
    free_org.themes.set([geld])
    free_org.target_groups.set([elderly])
    free_org.districts.set([zuid])
    free_org.save()
    paid_org = Organisation.objects.create(
        slug=f"{prefix}-budgetcoach",
        locale=nl,
        name=f"Budgetcoach {prefix.upper()}",
        kind=Organisation.Kind.SUBCONTRACTOR,
        summary="Budgetcoaching voor jongeren.",
        cost="betaald",
        languages=["nl"],
        live=True,
    )
    paid_org.themes.set([geld, mantelzorg])
    paid_org.target_groups.set([young])
    paid_org.districts.set([noord])
    paid_org.save()

    entree = Location.objects.create(
        slug=f"{prefix}-wijkentree-berflo",
        locale=nl,
        name=f"Wijkentree Berflo {prefix.upper()}",
        kind=Location.Kind.WIJKENTREE,
        organisation=free_org,
        street="Berflo Esplein 2",
        postcode="7553 NK",
        district=noord,
        latitude="52.27810",
        longitude="6.78240",
        accessibility="Rolstoeltoegankelijk.",
        phone="074 000 4120",
        description="Loop binnen met al uw vragen.",
        live=True,
    )
    for weekday in (0, 2):
        OpeningHoursWindow.objects.create(
            location=entree, weekday=weekday, opens=dt.time(9), closes=dt.time(12)
        )
        OpeningHoursWindow.objects.create(
            location=entree, weekday=weekday, opens=dt.time(13), closes=dt.time(16)
        )
    team = Location.objects.create(
        slug=f"{prefix}-wijkteam-noord",
        locale=nl,
        name=f"Wijkteam Noord {prefix.upper()}",
        kind=Location.Kind.WIJKTEAM,
        organisation=free_org,
        street="Deldenerstraat 10",
        postcode="7552 AB",
        district=noord,
        latitude="52.27000",
        longitude="6.79000",
        live=True,
    )
    OpeningHoursWindow.objects.create(
        location=team, weekday=4, opens=dt.time(8, 30), closes=dt.time(17)
    )
    inloop = Location.objects.create(
        slug=f"{prefix}-inloop-zuid",
        locale=nl,
        name=f"Inloop Zuid {prefix.upper()}",
        kind=Location.Kind.INLOOP,
        organisation=paid_org,
        street="Orionstraat 6",
        postcode="7555 BT",
        district=zuid,
        live=True,
    )
    service = Service.objects.create(
        slug=f"{prefix}-schuldhulp-spreekuur",
        locale=nl,
        organisation=free_org,
        name=f"Spreekuur geldzaken {prefix.upper()}",
        description="Kom langs met uw rekeningen.",
        cost="gratis",
        live=True,
    )
    service.themes.set([geld])
    service.locations.set([entree])
    service.save()
    paid_service = Service.objects.create(
        slug=f"{prefix}-budgetcursus",
        locale=nl,
        organisation=paid_org,
        name=f"Budgetcursus {prefix.upper()}",
        cost="betaald",
        live=True,
    )
    paid_service.themes.set([geld])
    paid_service.locations.set([inloop])
    paid_service.save()

    answer = FAQAnswer.objects.create(
        slug=f"{prefix}-hulp-bij-schulden",
        locale=nl,
        question=f"Waar krijg ik hulp bij schulden ({prefix})?",
        short_answer="Loop binnen bij een Wijkentree.",
        answer="<p>De Wijkentree helpt u verder.</p>",
        category=category,
        last_reviewed=dt.date(2026, 9, 1),
        live=True,
    )
    other = FAQAnswer.objects.create(
        slug=f"{prefix}-wat-is-basisondersteuning",
        locale=nl,
        question=f"Wat is basisondersteuning ({prefix})?",
        answer="<p>Hulp dichtbij huis.</p>",
        category=category,
        live=True,
    )
    data.organisations += [free_org, paid_org]
    data.services += [service, paid_service]
    data.locations += [entree, team, inloop]
    data.answers += [answer, other]
    return data


def build(batches: int = 1) -> SampleData:
    data = ensure_base()
    for number in range(batches):
        add_batch(data, prefix=f"b{number}" if number else "a")
    return data
