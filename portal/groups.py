"""Editor groups and the moderation workflow; ensured after every migrate (idempotent)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

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


def ensure_groups_and_workflow(**kwargs) -> None:
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

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
            *_permissions(DIRECTORY_MODELS, edit),
            *_permissions(DIRECTORY_TAXONOMY, ["add", "change"]),
        )
        municipality, _ = Group.objects.get_or_create(name=MUNICIPALITY_EDITORS)
        municipality.permissions.add(access_admin, *_permissions(FAQ_MODELS, [*edit, "publish"]))
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
