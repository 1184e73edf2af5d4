"""Small builders for the editorial tests (independent of tests/factories.py)."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from directory.models import Organisation, Service
from faq.models import FAQAnswer, FAQCategory
from locations.models import District, Location

_serial = count(1)


def nl():
    return Locale.objects.get(language_code="nl")


def make_organisation(**kwargs) -> Organisation:
    n = next(_serial)
    defaults = {
        "name": f"Organisatie {n}",
        "slug": f"organisatie-{n}",
        "kind": Organisation.Kind.SOCIAL_BASE,
        "summary": "Helpt inwoners.",
        "locale": nl(),
        "live": True,
    }
    defaults.update(kwargs)
    return Organisation.objects.create(**defaults)


def make_service(organisation=None, **kwargs) -> Service:
    n = next(_serial)
    defaults = {"name": f"Aanbod {n}", "slug": f"aanbod-{n}", "locale": nl(), "live": True}
    defaults.update(kwargs)
    return Service.objects.create(organisation=organisation or make_organisation(), **defaults)


def make_district(**kwargs) -> District:
    n = next(_serial)
    defaults = {"name": f"Stadsdeel {n}", "slug": f"stadsdeel-{n}"}
    defaults.update(kwargs)
    return District.objects.create(**defaults)


def make_location(**kwargs) -> Location:
    n = next(_serial)
    defaults = {
        "name": f"Locatie {n}",
        "slug": f"locatie-{n}",
        "kind": Location.Kind.INLOOP,
        "street": "Marktstraat 1",
        "postcode": "7551 DR",
        "locale": nl(),
        "live": True,
    }
    defaults.update(kwargs)
    return Location.objects.create(**defaults)


def make_faq(**kwargs) -> FAQAnswer:
    n = next(_serial)
    category = FAQCategory.objects.first() or FAQCategory.objects.create(
        slug="algemeen", name="Algemeen"
    )
    defaults = {
        "question": f"Vraag {n}?",
        "slug": f"vraag-{n}",
        "answer": "<p>Antwoord.</p>",
        "category": category,
        "locale": nl(),
        "live": True,
    }
    defaults.update(kwargs)
    return FAQAnswer.objects.create(**defaults)


def make_user(username: str, *, groups=(), superuser=False, email=None):
    user = get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@example.org",
        password="wachtwoord-123",
        is_superuser=superuser,
        is_staff=superuser,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
