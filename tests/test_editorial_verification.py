"""The "Gecontroleerd" action, its history, the due-items report and the dashboard panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from portal.editorial.models import Verification
from portal.editorial.services import annotate_long_overdue, due_items, record_verification
from portal.groups import WIJKRACHT_EDITORS

from .editorial_helpers import (
    make_district,
    make_location,
    make_organisation,
    make_service,
    make_user,
)

pytestmark = pytest.mark.django_db


def verify_url(item):
    meta = item._meta
    return reverse("editorial_verify", args=[meta.app_label, meta.model_name, item.pk])


@pytest.fixture
def editor(client):
    user = make_user("redacteur", groups=[WIJKRACHT_EDITORS])
    client.force_login(user)
    return user


def test_verify_records_history_without_touching_content(client, editor):
    location = make_location(last_verified=datetime.date(2024, 1, 1))
    location.save_revision(user=editor)  # a draft an editor is working on
    location.refresh_from_db()
    revisions_before = Revision.objects.for_instance(location).count()
    latest_revision_before = location.latest_revision_id

    response = client.post(verify_url(location), {"note": "Gebeld, alles klopt."})

    assert response.status_code == 302
    location.refresh_from_db()
    assert location.last_verified == timezone.localdate()
    assert location.last_verified_by == editor
    assert Revision.objects.for_instance(location).count() == revisions_before
    assert location.latest_revision_id == latest_revision_before
    verification = Verification.objects.get(object_id=location.pk)
    assert verification.note == "Gebeld, alles klopt."
    assert verification.user == editor
    log = ModelLogEntry.objects.for_instance(location).get(action="editorial.verify")
    assert log.data["note"] == "Gebeld, alles klopt."


def test_history_lists_every_check(client, editor):
    organisation = make_organisation()
    record_verification(organisation, editor, "eerste controle", today=datetime.date(2025, 1, 2))
    record_verification(organisation, editor, "tweede controle", today=datetime.date(2026, 1, 2))

    response = client.get(verify_url(organisation))

    body = response.content.decode()
    assert response.status_code == 200
    assert "eerste controle" in body and "tweede controle" in body
    assert Verification.objects.filter(object_id=organisation.pk).count() == 2


def test_publishing_an_older_draft_keeps_the_check(editor):
    service = make_service(last_verified=datetime.date(2023, 5, 1))
    service.name = "Nieuwe naam"
    revision = service.save_revision(user=editor)
    record_verification(service, editor)

    revision.publish()  # as a moderator would, after approval

    service.refresh_from_db()
    assert service.name == "Nieuwe naam"
    assert service.last_verified == timezone.localdate()


def test_verify_needs_change_permission(client):
    client.force_login(make_user("lezer"))
    organisation = make_organisation()
    response = client.post(verify_url(organisation), {"note": ""})
    assert response.status_code in (302, 403)
    assert not Verification.objects.exists()


def test_action_is_offered_on_listing_and_edit_view(client, editor):
    organisation = make_organisation()
    listing = client.get(reverse("wagtailsnippets_directory_organisation:list"))
    edit = client.get(
        reverse("wagtailsnippets_directory_organisation:edit", args=[organisation.pk])
    )
    assert verify_url(organisation) in listing.content.decode()
    assert verify_url(organisation) in edit.content.decode()


def test_report_lists_due_items_with_filters_and_export(client, editor):
    today = timezone.localdate()
    north = make_district(name="Noord")
    stale = make_location(
        name="Oude inloop", last_verified=today - datetime.timedelta(days=500), district=north
    )
    make_location(name="Verse inloop", last_verified=today)
    soon = make_organisation(
        name="Bijna aan de beurt", last_verified=today - datetime.timedelta(days=350)
    )

    names = {row.title for row in due_items(today)}
    assert {"Oude inloop", "Bijna aan de beurt"} <= names
    assert "Verse inloop" not in names

    url = reverse("editorial_due:index")
    body = client.get(url).content.decode()
    assert "Oude inloop" in body and "Bijna aan de beurt" in body
    filtered = client.get(url, {"kind": "location", "district": north.pk}).context["object_list"]
    assert [row.title for row in filtered] == ["Oude inloop"]
    by_organisation = client.get(url, {"organisation": soon.pk}).context["object_list"]
    assert [row.title for row in by_organisation] == [soon.name]

    csv = client.get(url, {"export": "csv", "kind": "location"})
    content = b"".join(csv.streaming_content).decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert "Oude inloop" in content and "Bijna aan de beurt" not in content
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert stale.name  # the row exists in the database as created


def test_dashboard_panel_counts(client, editor):
    make_location(last_verified=timezone.localdate() - datetime.timedelta(days=800))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sociale kaart: controleren en meldingen" in body
    assert "1 lang niet gecontroleerd" in body


def test_long_overdue_annotation_for_search_ranking():
    today = datetime.date(2026, 6, 15)
    old = make_location(last_verified=datetime.date(2024, 1, 1))
    fresh = make_location(last_verified=datetime.date(2026, 1, 1))
    never = make_location(last_verified=None)
    qs = annotate_long_overdue(type(old).objects.filter(pk__in=[old.pk, fresh.pk, never.pk]), today)
    flags = dict(qs.values_list("pk", "is_long_overdue"))
    assert flags == {old.pk: True, fresh.pk: False, never.pk: False}


def test_service_without_own_check_uses_its_organisation_date():
    today = datetime.date(2026, 6, 15)
    organisation = make_organisation(last_verified=datetime.date(2024, 1, 1))
    inherited = make_service(organisation=organisation, name="Erft de datum")
    own = make_service(
        organisation=organisation, name="Eigen controle", last_verified=datetime.date(2026, 5, 1)
    )

    states = {row.title: row.state.value for row in due_items(today)}
    assert states["Erft de datum"] == "lang-verlopen"
    assert "Eigen controle" not in states
    flags = dict(
        annotate_long_overdue(
            type(own).objects.filter(organisation=organisation), today
        ).values_list("name", "is_long_overdue")
    )
    assert flags == {"Erft de datum": True, "Eigen controle": False}
    assert inherited.last_verified is None


def test_listings_say_ja_nee_and_show_the_date_the_public_page_shows(client, editor):
    organisation = make_organisation(name="Buurtwerk", last_verified=datetime.date(2026, 3, 4))
    make_location(name="Buurthuis Zonder Datum", organisation=organisation, live=False)

    body = client.get(reverse("wagtailsnippets_locations_location:list")).content.decode()

    assert ">True<" not in body and ">False<" not in body
    assert "Nee" in body  # the location is not live
    # Never checked on its own: the organisation's date, as on the public page.
    assert "04-03-2026" in body
    organisations = client.get(reverse("wagtailsnippets_directory_organisation:list"))
    assert "04-03-2026" in organisations.content.decode()
    assert "Ja" in organisations.content.decode()


def test_due_report_has_a_gecontroleerd_action_per_row(client, editor):
    organisation = make_organisation(last_verified=datetime.date(2020, 1, 1))
    report_url = reverse("editorial_due:index")
    body = client.get(report_url).content.decode()
    assert f'href="{verify_url(organisation)}?next=' in body

    response = client.post(f"{verify_url(organisation)}?next={report_url}", {"note": ""})
    assert response.status_code == 302 and response["Location"] == report_url
    organisation.refresh_from_db()
    assert organisation.last_verified == timezone.localdate()


def test_bulk_gecontroleerd_marks_every_selected_item(client, editor):
    first = make_location(last_verified=datetime.date(2020, 1, 1))
    second = make_location(last_verified=None)
    bulk_url = (
        reverse("wagtail_bulk_action", args=["locations", "location", "verify"])
        + f"?id={first.pk}&id={second.pk}&next=/admin/"
    )

    confirm = client.get(bulk_url)
    assert confirm.status_code == 200
    assert "Ja, alles is gecontroleerd" in confirm.content.decode()
    response = client.post(bulk_url)

    assert response.status_code == 302
    for location in (first, second):
        location.refresh_from_db()
        assert location.last_verified == timezone.localdate()
        assert location.last_verified_by == editor
    assert Verification.objects.filter(object_id__in=[first.pk, second.pk]).count() == 2
    listing = client.get(reverse("wagtailsnippets_locations_location:list")).content.decode()
    # Offered in the listing's bulk action bar.
    assert reverse("wagtail_bulk_action", args=["locations", "location", "verify"]) in listing
