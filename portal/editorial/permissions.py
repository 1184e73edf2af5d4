"""Who may work the reports inbox and change review settings (ensured after every migrate)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

INBOX_PERMISSIONS = ["view_residentreport", "change_residentreport", "view_responsibility"]
GROUP_PERMISSIONS = {
    WIJKRACHT_EDITORS: INBOX_PERMISSIONS,
    MUNICIPALITY_EDITORS: INBOX_PERMISSIONS,
    MODERATORS: [
        *INBOX_PERMISSIONS,
        "delete_residentreport",
        "change_reviewsettings",
        "import_spreadsheet",
        "add_responsibility",
        "change_responsibility",
        "delete_responsibility",
    ],
}


def grant_editorial_permissions(**kwargs) -> None:
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        permissions = Permission.objects.filter(
            content_type__app_label="editorial", codename__in=codenames
        )
        if group is not None:
            group.permissions.add(*permissions)
