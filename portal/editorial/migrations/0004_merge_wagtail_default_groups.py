"""Wagtail's own groups "Editors" and "Moderators" go into ours.

Wagtail creates them in its first migrations; next to "Gemeente redactie" and "Moderatoren"
they made the group list confusing ("Moderators" or "Moderatoren"?). "Moderators" merges
into "Moderatoren" and "Editors" (Wagtail's page editors) into "Gemeente redactie", which
edits the general pages. Members, permissions, page and collection permissions and
approval tasks move along, so nobody loses access; on a fresh database the group is simply
renamed (portal.groups then adds our permissions after migrate).
"""

from django.conf import settings
from django.db import migrations

RENAMES = {"Moderators": "Moderatoren", "Editors": "Gemeente redactie"}


def merge_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ReviewSettings = apps.get_model("editorial", "ReviewSettings")
    Responsibility = apps.get_model("editorial", "Responsibility")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    for old_name, new_name in RENAMES.items():
        old = Group.objects.filter(name=old_name).first()
        if old is None:
            continue
        target = Group.objects.filter(name=new_name).first()
        if target is None:
            old.name = new_name
            old.save(update_fields=["name"])
            continue
        for user in User.objects.filter(groups=old):
            user.groups.add(target)
        target.permissions.add(*old.permissions.all())
        for permission in GroupPagePermission.objects.filter(group=old):
            GroupPagePermission.objects.get_or_create(
                group=target, page_id=permission.page_id, permission_id=permission.permission_id
            )
        for permission in GroupCollectionPermission.objects.filter(group=old):
            GroupCollectionPermission.objects.get_or_create(
                group=target,
                collection_id=permission.collection_id,
                permission_id=permission.permission_id,
            )
        for task in GroupApprovalTask.objects.filter(groups=old):
            task.groups.add(target)
        ReviewSettings.objects.filter(review_group=old).update(review_group=target)
        ReviewSettings.objects.filter(report_group=old).update(report_group=target)
        Responsibility.objects.filter(group=old).update(group=target)
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_responsible_editors"),
        # After the rights of our own groups are set, so the merge adds to the final ones.
        ("users", "0002_editor_group_rights"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0001_squashed_0021"),
    ]

    operations = [migrations.RunPython(merge_default_groups, migrations.RunPython.noop)]
