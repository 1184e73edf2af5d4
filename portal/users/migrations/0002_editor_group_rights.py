"""Existing installations: editor groups get the rights the README describes (issue 16, item 9).

``portal.groups.ensure_groups_and_workflow`` (after every migrate) only adds rights, so the
ones taken away are removed here:

- Wijkracht redactie loses ``delete_*`` on organisations, services and locations (a delete
  went live at once, without the workflow) and ``add/change/delete`` on themes, target
  groups and districts (no drafts: an edit went live at once); it keeps ``view`` on those.
- Gemeente redactie gets page permissions on the root of the page tree (it had none, so it
  could not edit the general pages it is responsible for), and may choose and upload
  images and documents and translate pages.

Names are written out (not imported) so the migration keeps doing what it did when the
code changes. On a fresh database the groups and permissions do not exist yet; then this
does nothing and the post-migrate hook creates the groups with these rights.
"""

from django.db import migrations
from django.db.models import Q

WIJKRACHT_EDITORS = "Wijkracht redactie"
MUNICIPALITY_EDITORS = "Gemeente redactie"
NO_DELETE = [
    ("directory", "organisation"),
    ("directory", "service"),
    ("locations", "location"),
]
VIEW_ONLY = [("directory", "theme"), ("directory", "targetgroup"), ("locations", "district")]
PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
PAGE_EDITING_EXTRAS = [
    ("wagtailimages", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", ["add_document", "change_document", "choose_document"]),
    ("wagtail_localize", ["submit_translation"]),
]


def _perms(Permission, models, actions):
    query = Q(pk__in=[])
    for app_label, model in models:
        query |= Q(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return list(Permission.objects.filter(query))


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    wijkracht = Group.objects.filter(name=WIJKRACHT_EDITORS).first()
    if wijkracht is not None:
        wijkracht.permissions.remove(
            *_perms(Permission, NO_DELETE, ["delete", "publish"]),
            *_perms(Permission, VIEW_ONLY, ["add", "change", "delete"]),
        )
        wijkracht.permissions.add(*_perms(Permission, VIEW_ONLY, ["view"]))

    municipality = Group.objects.filter(name=MUNICIPALITY_EDITORS).first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if municipality is not None:
        for app_label, codenames in PAGE_EDITING_EXTRAS:
            municipality.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    if municipality is not None and root is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=[f"{action}_page" for action in PAGE_ACTIONS],
        ):
            GroupPagePermission.objects.get_or_create(
                group=municipality, page=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("directory", "0004_seed_target_groups"),
        ("locations", "0002_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
