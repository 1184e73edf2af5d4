"""Editors change a location through the Wagtail admin and residents see the change."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from locations.models import Location
from portal.groups import MODERATORS, WIJKRACHT_EDITORS
from tests.factories import DistrictFactory, LocationFactory, SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def location():
    return LocationFactory(
        name="Buurthuis De Bron",
        slug="buurthuis-de-bron",
        opening_hours="Mo 09:00-12:00; PH off",
        district=DistrictFactory(),
    )


def edit_url(location):
    return reverse("wagtailsnippets_locations_location:edit", args=[location.pk])


def form_data(location, **changes):
    window = location.opening_hours.get()
    data = {
        "name": location.name,
        "slug": location.slug,
        "kind": location.kind,
        "organisation": location.organisation_id,
        "description": location.description,
        "street": location.street,
        "postcode": location.postcode,
        "city": location.city,
        "district": location.district_id,
        "latitude": str(location.latitude),
        "longitude": str(location.longitude),
        # The Monday window is removed and Tuesday and Thursday windows are added.
        "opening_hours": inline_formset(
            [
                {
                    "id": window.pk,
                    "weekday": "0",
                    "opens": "09:00",
                    "closes": "12:00",
                    "DELETE": "1",
                },
                {"id": "", "weekday": "1", "opens": "10:00", "closes": "12:30"},
                {"id": "", "weekday": "3", "opens": "13:00", "closes": "16:00"},
            ],
            initial=1,
        ),
        "closed_on_public_holidays": "on",
        "closed_dates": inline_formset([{"id": "", "date": "2026-12-24", "reason": "Kerstavond"}]),
        "opening_hours_note": "",
        "accessibility": "Rolstoeltoegankelijk.",
        "phone": "074 000 1234",
    }
    data.update(changes)
    return nested_form_data(data)


def test_superuser_edits_and_publishes_a_location(client, location):
    client.force_login(SuperUserFactory())
    response = client.post(
        edit_url(location),
        form_data(location, name="Buurthuis De Nieuwe Bron", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    location.refresh_from_db()
    assert location.name == "Buurthuis De Nieuwe Bron"
    assert location.live and not location.has_unpublished_changes
    windows = [
        (w.weekday, f"{w.opens:%H:%M}", f"{w.closes:%H:%M}") for w in location.opening_hours.all()
    ]
    assert sorted(windows) == [(1, "10:00", "12:30"), (3, "13:00", "16:00")]
    assert [str(d.date) for d in location.closed_dates.all()] == ["2026-12-24"]

    page = client.get("/locaties/buurthuis-de-bron/")
    assert page.status_code == 200
    assert "Buurthuis De Nieuwe Bron" in page.content.decode()


def test_invalid_window_is_refused_with_a_message(client, location):
    client.force_login(SuperUserFactory())
    data = form_data(location, **{"action-publish": "publish"})
    data["opening_hours-1-closes"] = "09:00"  # before it opens
    response = client.post(edit_url(location), data)
    assert response.status_code == 200  # the form comes back with the error
    assert "De sluitingstijd moet na de openingstijd liggen." in response.content.decode()
    location.refresh_from_db()
    assert [w.weekday for w in location.opening_hours.all()] == [0]


def test_wijkracht_editor_submits_and_moderator_approves(client, location):
    editor = UserFactory(groups=[WIJKRACHT_EDITORS])
    client.force_login(editor)
    response = client.post(
        edit_url(location),
        form_data(location, name="Buurthuis De Bron (verbouwd)", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    location.refresh_from_db()
    # The change waits for a moderator: residents still see the published version.
    assert location.name == "Buurthuis De Bron"
    assert location.has_unpublished_changes
    state = WorkflowState.objects.for_instance(location).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == Workflow.objects.get(name="Moderatie sociale kaart")
    assert "verbouwd" not in client.get("/locaties/buurthuis-de-bron/").content.decode()

    client.force_login(UserFactory(groups=[MODERATORS]))
    approve_url = reverse(
        "wagtailsnippets_locations_location:workflow_action",
        args=[location.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve_url, {"comment": ""})
    assert response.status_code in (200, 302), response.content.decode()[:2000]

    location = Location.objects.get(pk=location.pk)
    assert location.name == "Buurthuis De Bron (verbouwd)"
    assert (
        "Buurthuis De Bron (verbouwd)"
        in client.get("/locaties/buurthuis-de-bron/").content.decode()
    )


def test_wijkracht_editor_cannot_publish_directly(client, location):
    client.force_login(UserFactory(groups=[WIJKRACHT_EDITORS]))
    client.post(
        edit_url(location),
        form_data(location, name="Zelf gepubliceerd", **{"action-publish": "publish"}),
    )
    location.refresh_from_db()
    assert location.name == "Buurthuis De Bron"


def test_location_listing_filters_and_search(client, location):
    client.force_login(SuperUserFactory())
    listing = reverse("wagtailsnippets_locations_location:list")
    response = client.get(listing, {"q": "Bron"})
    assert response.status_code == 200
    assert "Buurthuis De Bron" in response.content.decode()


def new_location_data(location, **changes):
    """The create form of a new location, copied from ``location`` (new inline rows only)."""
    data = form_data(location, **changes)
    data["opening_hours-0-id"] = ""
    data["opening_hours-0-DELETE"] = ""
    data["opening_hours-INITIAL_FORMS"] = "0"
    return data


def test_new_location_with_a_taken_slug_is_refused_on_the_slug_field(client, location):
    """'Bewaar concept' with a slug that another location has: a Dutch form error, no 500."""
    client.force_login(SuperUserFactory())
    add_url = reverse("wagtailsnippets_locations_location:add")
    response = client.post(add_url, new_location_data(location, name="Tweede Bron"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "al in gebruik" in " ".join(errors["slug"])
    assert Location.objects.filter(slug="buurthuis-de-bron").count() == 1


def test_slug_is_made_from_the_name_when_left_empty(client, location):
    client.force_login(SuperUserFactory())
    add_url = reverse("wagtailsnippets_locations_location:add")
    data = new_location_data(location, name="Inloop Hasseler Es", slug="")
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Location.objects.filter(slug="inloop-hasseler-es").count() == 1


def test_a_create_form_posted_twice_makes_one_item(client, location):
    """Autosave created the item; the same form's 'Publiceren' then edits it."""
    client.force_login(SuperUserFactory())
    add_url = reverse("wagtailsnippets_locations_location:add")
    data = new_location_data(location, name="Inloop Tuindorp", slug="", creation_key="a" * 32)
    autosave = client.post(add_url, data, headers={"Accept": "application/json"})
    assert autosave.status_code == 200, autosave.content.decode()
    publish = client.post(add_url, {**data, "action-publish": "publish"})
    assert publish.status_code == 302
    created = Location.objects.filter(slug="inloop-tuindorp")
    assert created.count() == 1
    assert created.get().live
