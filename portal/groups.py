"""Editor groups and the moderation workflow; ensured after every migrate (idempotent).

Who may do what (the README's "Editors" section says the same):

- **Wijkracht redactie** edits organisations, services and locations; every change goes
  live only after a moderator approves it in the workflow. It cannot delete them (a delete
  is immediate, cascades to services and no Wagtail workflow covers it): it asks a
  moderator, or reports "bestaat niet meer". Themes, target groups and districts it may
  only view: they have no drafts or revisions, so an edit would go live at once, and they
  steer navigation, search synonyms and the postcode search for the whole site.
- **Gemeente redactie** edits and publishes FAQ answers and the general pages (page
  permissions on the root of the page tree, so both the Dutch and the English tree, plus
  images, documents and translation).
- **Moderatoren** approve in the workflow, publish, delete, and keep the taxonomy.

``ensure_groups_and_workflow`` only *adds*; rights taken away from existing installations
are removed by the data migration ``users.0002_editor_group_rights``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

WIJKRACHT_EDITORS = "Wijkracht redactie"
MUNICIPALITY_EDITORS = "Gemeente redactie"
MODERATORS = "Moderatoren"
WORKFLOW_NAME = "Moderatie sociale kaart"
TASK_NAME = "Goedkeuring door moderatoren"

# (app_label, model) each group may edit. Editors cannot publish moderated items themselves:
# their changes go live after a moderator approves them in the workflow.
DIRECTORY_MODELS = [
    ("directory", "organisation"),
    ("directory", "service"),
    ("locations", "location"),
]
DIRECTORY_TAXONOMY = [
    ("directory", "theme"),
    ("directory", "targetgroup"),
    ("locations", "district"),
]
FAQ_MODELS = [("faq", "faqanswer"), ("faq", "faqcategory")]
MODERATED_MODELS = DIRECTORY_MODELS
# Wijkracht redactie: no "delete" (see above) and no "publish" (the workflow publishes).
WIJKRACHT_ACTIONS = ["add", "change", "lock", "unlock", "view"]
# Page permissions of Gemeente redactie on the root page (Wagtail's page permission types,
# without "bulk_delete": deleting a page with its sub-pages stays with administrators).
MUNICIPALITY_PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
# What editing a general page needs besides page permissions: choosing and uploading images
# and documents, and translating the page into English (wagtail-localize).
PAGE_EDITING_EXTRAS = [
    ("wagtailimages", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", ["add_document", "change_document", "choose_document"]),
    ("wagtail_localize", ["submit_translation"]),
]


def _permissions(models, actions):
    perms = []
    for app_label, model in models:
        for action in actions:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if perm:
                perms.append(perm)
    return perms


def ensure_municipality_page_permissions(group) -> None:
    for app_label, codenames in PAGE_EDITING_EXTRAS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    root = Page.get_first_root_node()
    if root is None:
        return
    for action in MUNICIPALITY_PAGE_ACTIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=f"{action}_page"
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def ensure_groups_and_workflow(**kwargs) -> None:
    if not Permission.objects.filter(codename="access_admin").exists():
        return  # wagtailadmin's permissions are not migrated yet
    with transaction.atomic():
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        edit = ["add", "change", "delete", "lock", "unlock"]

        editors, _ = Group.objects.get_or_create(name=WIJKRACHT_EDITORS)
        editors.permissions.add(
            access_admin,
            *_permissions(DIRECTORY_MODELS, WIJKRACHT_ACTIONS),
            *_permissions(DIRECTORY_TAXONOMY, ["view"]),
        )
        municipality, _ = Group.objects.get_or_create(name=MUNICIPALITY_EDITORS)
        municipality.permissions.add(access_admin, *_permissions(FAQ_MODELS, [*edit, "publish"]))
        ensure_municipality_page_permissions(municipality)
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        moderators.permissions.add(
            access_admin,
            *_permissions(DIRECTORY_MODELS, [*edit, "publish"]),
            *_permissions(DIRECTORY_TAXONOMY, ["add", "change", "delete"]),
        )

        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
            task.groups.set([moderators])
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        # Not ``workflow.workflow_tasks.create()``: on a ClusterableModel that only adds the
        # task in memory, leaving a workflow without tasks that publishes on submit.
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        for app_label, model in MODERATED_MODELS:
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            if (
                content_type
                and not WorkflowContentType.objects.filter(content_type=content_type).exists()
            ):
                WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
