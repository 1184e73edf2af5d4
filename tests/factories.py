"""factory-boy factories for the social-map models, shared by every test module.

Items are created live in the default (Dutch) locale, as the spreadsheet import does;
pass ``live=False`` for a draft. Slugs are unique per factory sequence.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup, Theme, ThemeText
from faq.models import FAQAnswer, FAQCategory
from locations.models import ClosedDate, District, DistrictPostcode, Location, OpeningHoursWindow
from portal.core.content import Cost


def default_locale():
    return Locale.get_default()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redacteur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("wachtwoord-voor-tests")
    is_active = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``UserFactory(groups=["Wijkracht redactie"])`` puts the user in those groups."""
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


class SuperUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"beheerder{n}")
    is_staff = True
    is_superuser = True


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    synonyms = ""
    description = "Hulp bij een onderwerp."

    @factory.post_generation
    def name_en(self, create, extracted, **kwargs):
        """The theme's English text: ``ThemeFactory(name_en="Money", name_en__search_words=
        "debt\nbills", name_en__description="…")``; ``name_en=""`` gives it none."""
        if create and extracted != "":
            english_text(self, extracted or self.name.replace("Thema", "Theme"), **kwargs)


def english_text(theme: Theme, name: str, **fields) -> ThemeText:
    return theme_text(theme, "en", name, **fields)


def theme_text(theme: Theme, language: str, name: str, **fields) -> ThemeText:
    text, _ = ThemeText.objects.update_or_create(
        theme=theme, language=language, defaults={"name": name, **fields}
    )
    return text


def target_group(slug: str = "iedereen") -> TargetGroup:
    """Target groups are seeded by a migration; fetch one instead of creating it."""
    return TargetGroup.objects.get(slug=slug)


def faq_category(slug: str = "basisondersteuning") -> FAQCategory:
    """FAQ categories are seeded by a migration; fetch one instead of creating it."""
    return FAQCategory.objects.get(slug=slug)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Stadsdeel {n}")
    slug = factory.Sequence(lambda n: f"stadsdeel-{n}")
    neighbourhoods = "Buurt A\nBuurt B"


class DistrictPostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictPostcode

    district = factory.SubFactory(DistrictFactory)
    postcode = factory.Sequence(lambda n: str(7000 + n % 2999))


class PublicItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    locale = factory.LazyFunction(default_locale)
    live = True


class OrganisationFactory(PublicItemFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = Organisation.Kind.SOCIAL_BASE
    summary = "Hulp en advies voor inwoners van Hengelo."
    description = "<p>Wij helpen u graag verder.</p>"
    website = "https://example.org/"
    phone = "074 000 0000"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@example.org")
    street = "Marktstraat 1"
    postcode = "7551 DR"
    city = "Hengelo"
    cost = Cost.FREE
    languages = factory.LazyFunction(lambda: ["nl"])
    last_verified = factory.LazyFunction(lambda: datetime.date(2025, 9, 1))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create and extracted:
            self.districts.set(extracted)
            self.save()


class LocationFactory(PublicItemFactory):
    class Meta:
        model = Location
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Wijkcentrum {n}")
    slug = factory.Sequence(lambda n: f"wijkcentrum-{n}")
    kind = Location.Kind.INLOOP
    organisation = factory.SubFactory(OrganisationFactory)
    street = "Marktstraat 1"
    postcode = "7551 DR"
    city = "Hengelo"
    latitude = Decimal("52.26570")
    longitude = Decimal("6.79300")
    closed_on_public_holidays = True
    description = "Loop binnen zonder afspraak."

    @factory.post_generation
    def opening_hours(self, create, extracted, **kwargs):
        """``LocationFactory(opening_hours="Mo-Fr 09:00-12:00; PH off")`` fills the windows."""
        if extracted is None:
            return
        from locations.opening_hours import parse_opening_hours, write_schedule_to_location

        write_schedule_to_location(self, parse_opening_hours(extracted), closed_dates=False)
        if create:
            self.save()


class OpeningHoursWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHoursWindow

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = datetime.time(9)
    closes = datetime.time(12)


class ClosedDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedDate

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2026, 12, 24)
    reason = "Kerstavond"


class ServiceFactory(PublicItemFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Aanbod {n}")
    slug = factory.Sequence(lambda n: f"aanbod-{n}")
    description = "Samen koffie drinken en praten."
    cost = Cost.FREE

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)
            self.save()


class FAQAnswerFactory(PublicItemFactory):
    class Meta:
        model = FAQAnswer

    question = factory.Sequence(lambda n: f"Vraag {n}?")
    slug = factory.Sequence(lambda n: f"vraag-{n}")
    short_answer = "Een kort antwoord."
    answer = "<p>Een volledig antwoord.</p>"
    category = factory.LazyFunction(faq_category)
    audience = FAQAnswer.Audience.EVERYONE


# Page factories for render tests; the page tree itself comes from ``setup_site``.
PageFactory = wagtail_factories.PageFactory
