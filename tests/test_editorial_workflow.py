"""Moderation, scheduled publishing and the audit log for the social-map snippets."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from locations.models import Location
from portal.groups import MODERATORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_location, make_user

pytestmark = pytest.mark.django_db


def edit_url(item):
    return reverse("wagtailsnippets_locations_location:edit", args=[item.pk])


def test_wijkracht_editor_change_needs_moderator_approval(client):
    editor = make_user("redacteur", groups=[WIJKRACHT_EDITORS])
    moderator = make_user("moderator", groups=[MODERATORS])
    location = make_location(name="Wijkentree Berflo", phone="074 000 0001")
    assert location.get_workflow().tasks.filter(name="Goedkeuring door moderatoren").exists()

    client.force_login(editor)
    page = client.get(edit_url(location)).content.decode()
    assert 'name="action-submit"' in page  # "Ter goedkeuring aanbieden"
    assert 'name="action-publish"' not in page  # editors cannot publish themselves

    location.phone = "074 000 9999"
    revision = location.save_revision(user=editor)
    location.get_workflow().start(location, editor)

    location.refresh_from_db()
    assert location.phone == "074 000 0001"  # residents still see the approved data
    assert location.has_unpublished_changes
    assert location.workflow_in_progress
    assert client.get(location.url).content.decode().count("074 000 9999") == 0

    task_state = location.current_workflow_task_state
    task = task_state.task.specific
    assert moderator.groups.filter(pk__in=task.groups.values("pk")).exists()
    task.on_action(task_state, moderator, "approve")

    location.refresh_from_db()
    assert location.phone == "074 000 9999"
    assert location.live_revision_id == revision.pk
    actions = set(ModelLogEntry.objects.for_instance(location).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_which_groups_need_approval_is_a_group_permission(client):
    """A group with 'publish' on a model (Instellingen → Groepen) needs no approval."""
    editor = make_user("redacteur", groups=[WIJKRACHT_EDITORS])
    location = make_location()
    client.force_login(editor)
    assert 'name="action-publish"' not in client.get(edit_url(location)).content.decode()

    Group.objects.get(name=WIJKRACHT_EDITORS).permissions.add(
        Permission.objects.get(codename="publish_location")
    )
    editor = type(editor).objects.get(pk=editor.pk)  # drop the permission cache
    client.force_login(editor)
    assert 'name="action-publish"' in client.get(edit_url(location)).content.decode()


def test_scheduled_publishing(client):
    location = make_location(name="Oude naam")
    location.save_revision().publish()  # published through a revision, as the import does
    location = Location.objects.get(pk=location.pk)  # as the edit view loads it
    location.name = "Nieuwe naam"
    location.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = location.save_revision()
    revision.publish()

    location = Location.objects.get(pk=location.pk)
    assert location.name == "Oude naam" and location.live  # old version stays live till then
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled", verbosity=0)  # the daily cron, too early
    assert Location.objects.get(pk=location.pk).name == "Oude naam"

    # Four days later (the clock is moved instead of waiting) the cron publishes it.
    later = timezone.now() + datetime.timedelta(days=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)

    location = Location.objects.get(pk=location.pk)
    assert location.name == "Nieuwe naam"
    assert (
        ModelLogEntry.objects.for_instance(location)
        .filter(action="wagtail.publish.scheduled")
        .exists()
    )


def test_changes_are_in_the_history_view(client):
    admin = make_user("beheerder", superuser=True)
    location = make_location(name="Inloop")
    location.name = "Inloop Hasseler Es"
    location.save_revision(user=admin, log_action=True).publish(user=admin)

    client.force_login(admin)
    response = client.get(reverse("wagtailsnippets_locations_location:history", args=[location.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "beheerder" in body
    actions = set(ModelLogEntry.objects.for_instance(location).values_list("action", flat=True))
    assert {"wagtail.edit", "wagtail.publish"} <= actions
