"""The admin speaks one Dutch: 'je' not 'u', right plurals, and only our own groups."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask

from portal.editorial.reports import create_report
from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_location, make_user

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|uw|U|Uw)\b")
OUR_APPS = ("directory", "locations", "faq", "pages", "editorial", "users")
EDITORIAL_TEMPLATES = Path(settings.BASE_DIR) / "portal" / "editorial" / "templates" / "editorial"
# Residents and organisations' contact persons read these (public pages, the answer to a
# reporter, the contact person's reminder): like the public site, they say "u".
RESIDENT_TEMPLATES = {
    "report_page.html",
    "report_thanks.html",
    "report_answer.txt",
    "digest_contact.txt",
}
# Django's own user fields (translated by Django, e.g. is_active's help text).
DJANGO_USER_FIELDS = {field.name for field in AbstractUser._meta.get_fields()}


def test_field_labels_and_help_texts_say_je():
    formal = [
        f"{model._meta.label}.{field.name}: {text}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if not (app == "users" and field.name in DJANGO_USER_FIELDS)
        for text in (str(getattr(field, "help_text", "")), str(getattr(field, "verbose_name", "")))
        if FORMAL.search(text)
    ]
    assert formal == []


def test_editorial_admin_templates_say_je():
    formal = [
        f"{path.name}: {line.strip()}"
        for path in EDITORIAL_TEMPLATES.rglob("*.*")
        if path.name not in RESIDENT_TEMPLATES
        for line in path.read_text(encoding="utf-8").splitlines()
        if FORMAL.search(re.sub(r"\{[%{#].*?[%}#]\}", "", line))
    ]
    assert formal == []


def test_one_new_report_is_singular(client):
    client.force_login(make_user("beheerder", superuser=True))
    create_report(make_location(), problem="adres", message="", email="", item_url="/x/")
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 nieuwe melding van inwoners" in body
    assert "1 nieuwe meldingen" not in body


def test_only_our_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert names == {WIJKRACHT_EDITORS, MUNICIPALITY_EDITORS, MODERATORS}
    # Wagtail's page approval task now asks our moderators.
    task = GroupApprovalTask.objects.get(name="Moderators approval")
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]


def test_default_groups_merge_into_ours_without_losing_members():
    migration = __import__(
        "portal.editorial.migrations.0004_merge_wagtail_default_groups",
        fromlist=["merge_default_groups"],
    )
    old = Group.objects.create(name="Moderators")
    member = make_user("oude-moderator")
    member.groups.add(old)
    task = GroupApprovalTask.objects.create(name="Oude taak")
    task.groups.add(old)

    migration.merge_default_groups(apps, None)

    assert not Group.objects.filter(name="Moderators").exists()
    assert member.groups.filter(name=MODERATORS).exists()
    assert task.groups.filter(name=MODERATORS).exists()
