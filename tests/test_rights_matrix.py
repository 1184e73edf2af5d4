"""Who may do what in the admin (issue 16, item 9): users × admin URLs, as the README says.

Wijkracht redactie edits the social map through the moderation workflow and can neither
delete items nor change the taxonomy (both would go live at once); Gemeente redactie edits
FAQ answers and the general pages; Moderatoren approve, publish, delete and keep the
taxonomy. A rights matrix of GET requests, then the two POSTs that went live before.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from directory.models import Organisation, Service, Theme
from locations.models import District, Location
from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_district, make_faq, make_location, make_service, make_user

pytestmark = pytest.mark.django_db

USERS = {
    "wijkracht": [WIJKRACHT_EDITORS],
    "gemeente": [MUNICIPALITY_EDITORS],
    "moderator": [MODERATORS],
    "no_group": [],
}


@pytest.fixture
def site(home_page):
    service = make_service()
    location = make_location(organisation=service.organisation)
    theme = Theme.objects.create(slug="schulden-test", name="Schulden")
    return {
        "organisation": service.organisation,
        "service": service,
        "location": location,
        "theme": theme,
        "district": make_district(),
        "faq": make_faq(),
        "home": home_page,
    }


def snippet(model_label: str, action: str, pk=None) -> str:
    name = f"wagtailsnippets_{model_label.replace('.', '_')}:{action}"
    return reverse(name, args=[pk] if pk is not None else [])


def urls(site) -> dict[str, str]:
    return {
        "organisation_edit": snippet("directory.organisation", "edit", site["organisation"].pk),
        "organisation_delete": snippet("directory.organisation", "delete", site["organisation"].pk),
        "service_delete": snippet("directory.service", "delete", site["service"].pk),
        "location_edit": snippet("locations.location", "edit", site["location"].pk),
        "location_delete": snippet("locations.location", "delete", site["location"].pk),
        "theme_list": snippet("directory.theme", "list"),
        "theme_add": snippet("directory.theme", "add"),
        "theme_edit": snippet("directory.theme", "edit", site["theme"].pk),
        "district_edit": snippet("locations.district", "edit", site["district"].pk),
        "faq_edit": snippet("faq.faqanswer", "edit", site["faq"].pk),
        "page_edit": reverse("wagtailadmin_pages:edit", args=[site["home"].pk]),
        "page_add": reverse(
            "wagtailadmin_pages:add", args=["pages", "contentpage", site["home"].pk]
        ),
        # Editors may download the spreadsheet here; only moderators may upload (POST).
        "spreadsheet": reverse("editorial_spreadsheet:index"),
        "groups": reverse("wagtailusers_groups:index"),
    }


# Allowed (True) or refused (False) per URL, for each user.
MATRIX = {
    #                      wijkracht gemeente moderator no_group
    "organisation_edit": (True, False, True, False),
    "organisation_delete": (False, False, True, False),
    "service_delete": (False, False, True, False),
    "location_edit": (True, False, True, False),
    "location_delete": (False, False, True, False),
    "theme_list": (True, False, True, False),
    "theme_add": (False, False, True, False),
    "theme_edit": (False, False, True, False),
    "district_edit": (False, False, True, False),
    "faq_edit": (False, True, False, False),
    # Moderatoren took over the rights of Wagtail's own "Moderators" (editorial.0004): they
    # approve the general pages' workflow, so they may open and change pages too.
    "page_edit": (False, True, True, False),
    "page_add": (False, True, True, False),
    "spreadsheet": (True, False, True, False),
    "groups": (False, False, False, False),
}


def allowed(response) -> bool:
    """Wagtail refuses with a 403 or by sending the user back to the dashboard or login."""
    if response.status_code == 200:
        return True
    assert response.status_code in (302, 403), response.status_code
    return False


def test_rights_matrix(site):
    addresses = urls(site)
    assert set(addresses) == set(MATRIX)
    found, expected = {}, {}
    for column, (user_name, groups) in enumerate(USERS.items()):
        client = Client()
        client.force_login(make_user(f"matrix-{user_name}", groups=groups))
        for key, url in addresses.items():
            found[(key, user_name)] = allowed(client.get(url))
            expected[(key, user_name)] = MATRIX[key][column]
    wrong = sorted(
        f"{user} {key}" for (key, user), ok in found.items() if ok != expected[(key, user)]
    )
    assert wrong == [], "rights differ from the README: " + ", ".join(wrong)


def test_wijkracht_editor_cannot_delete_past_the_workflow(client, site):
    client.force_login(make_user("wijkracht-delete", groups=[WIJKRACHT_EDITORS]))
    organisation = site["organisation"]
    client.post(snippet("directory.organisation", "delete", organisation.pk))
    client.post(snippet("locations.location", "delete", site["location"].pk))
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Service.objects.filter(organisation=organisation).exists()  # no cascade either
    assert Location.objects.filter(pk=site["location"].pk).exists()


def test_wijkracht_editor_cannot_change_a_theme_live(client, site):
    theme = site["theme"]
    form = {
        "slug": theme.slug,
        "name": "Gewijzigd",
        "synonyms": "",
        "description": "",
        "texts-TOTAL_FORMS": "0",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
        "parent": "",
        "icon": "",
        "sort_order": "0",
    }
    client.force_login(make_user("wijkracht-theme", groups=[WIJKRACHT_EDITORS]))
    client.post(snippet("directory.theme", "edit", theme.pk), form)
    theme.refresh_from_db()
    assert theme.name == "Schulden"
    # The same form from a moderator is valid and goes live (themes have no drafts).
    client.force_login(make_user("moderator-theme", groups=[MODERATORS]))
    response = client.post(snippet("directory.theme", "edit", theme.pk), form)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Gewijzigd"


def test_municipality_editor_edits_and_publishes_a_general_page(client, site):
    client.force_login(make_user("gemeente-pagina", groups=[MUNICIPALITY_EDITORS]))
    home = site["home"]
    page = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert page.status_code == 200
    assert 'name="action-publish"' in page.content.decode()
    # The English tree too (page permissions sit on the root of the whole tree).
    english = home.get_translations().first()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])).status_code == 200


def test_data_migration_takes_rights_away_from_existing_groups():
    """An installation migrated before the fix: its groups had the old rights."""
    wijkracht = Group.objects.get(name=WIJKRACHT_EDITORS)
    municipality = Group.objects.get(name=MUNICIPALITY_EDITORS)
    old_rights = Permission.objects.filter(
        codename__in=[
            "delete_organisation",
            "delete_service",
            "delete_location",
            "add_theme",
            "change_theme",
            "add_district",
            "change_district",
            "add_targetgroup",
            "change_targetgroup",
        ]
    )
    wijkracht.permissions.add(*old_rights)
    GroupPagePermission.objects.filter(group=municipality).delete()
    municipality.permissions.remove(
        *Permission.objects.filter(codename__in=["choose_image", "add_document"])
    )

    migration = importlib.import_module("portal.users.migrations.0002_editor_group_rights")
    migration.forwards(django_apps, None)

    codenames = set(wijkracht.permissions.values_list("codename", flat=True))
    assert not codenames & set(old_rights.values_list("codename", flat=True))
    assert {"view_theme", "view_district", "change_organisation", "add_location"} <= codenames
    root = Page.get_first_root_node()
    page_rights = set(
        GroupPagePermission.objects.filter(group=municipality, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_rights == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    municipality_rights = set(municipality.permissions.values_list("codename", flat=True))
    assert {"choose_image", "add_document", "submit_translation"} <= municipality_rights
    assert District.objects.model is District  # the taxonomy models are untouched
