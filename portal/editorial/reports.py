"""Residents' reports: store first, then notify; delete reporters' addresses after closing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from portal.core.kinds import item_kinds
from portal.groups import MODERATORS, MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

from .models import ResidentReport, ReviewSettings
from .services import review_settings

logger = logging.getLogger(__name__)


def create_report(item, *, problem: str, message: str, email: str, item_url: str) -> ResidentReport:
    """Store the report in its own transaction, so a later failure cannot lose it."""
    with transaction.atomic():
        return ResidentReport.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            item_title=str(item)[:255],
            item_url=item_url[:500],
            problem=problem,
            message=message,
            email=email,
        )


def report_group_for(app_label: str, settings: ReviewSettings) -> Group | None:
    """The group that receives reports about items of this app (FAQ: the municipality)."""
    if settings.report_group is not None:
        return settings.report_group
    name = MUNICIPALITY_EDITORS if app_label == "faq" else WIJKRACHT_EDITORS
    return Group.objects.filter(name=name).first()


def recipients_for(app_label: str, settings: ReviewSettings | None = None) -> list[str]:
    settings = settings or review_settings()
    group = report_group_for(app_label, settings)
    addresses = set()
    if group is not None:
        users = get_user_model().objects.filter(groups=group, is_active=True).exclude(email="")
        addresses.update(users.values_list("email", flat=True))
    if settings.notification_email:
        addresses.add(settings.notification_email)
    return sorted(addresses)


def report_recipients(report: ResidentReport, settings: ReviewSettings | None = None) -> list[str]:
    return recipients_for(report.content_type.app_label, settings)


@dataclass(frozen=True)
class UnreachableReports:
    """Reports about these items reach nobody: the group has no member with an address."""

    items_label: str
    group_name: str


# Who gets which reports (the app labels of the reportable item kinds), as editors name the items.
REPORT_AUDIENCES = (("directory", "de sociale kaart"), ("faq", "veelgestelde vragen"))
ANSWER_ACTION = "editorial.report_answered"


def _audience_of(model_label: str) -> str:
    """FAQ answers belong to the municipality; everything else to the social map."""
    return "faq" if model_label.startswith("faq.") else "directory"


def visible_reports(user, queryset=None):
    """The reports this user may open: those of the group that owns the item's kind.

    The same routing as the e-mail (``report_group_for``): FAQ reports to "Gemeente
    redactie", social-map reports to "Wijkracht redactie" (or the group in the settings).
    Moderators and superusers see every report. A report holds a resident's e-mail
    address, so an editor of the other group does not get to open it.
    """
    queryset = ResidentReport.objects.all() if queryset is None else queryset
    if user.is_superuser or user.groups.filter(name=MODERATORS).exists():
        return queryset
    settings = review_settings()
    own_groups = set(user.groups.values_list("pk", flat=True))
    models = [
        kind.model
        for kind in item_kinds
        if kind.reportable
        and (group := report_group_for(_audience_of(kind.model_label), settings))
        and group.pk in own_groups
    ]
    content_types = ContentType.objects.get_for_models(*models).values()
    return queryset.filter(content_type__in=list(content_types))


def unreachable_reports(settings: ReviewSettings | None = None) -> list[UnreachableReports]:
    """For the dashboard: kinds of report that would be e-mailed to no one at all."""
    settings = settings or review_settings()
    problems = []
    for app_label, items_label in REPORT_AUDIENCES:
        if not recipients_for(app_label, settings):
            group = report_group_for(app_label, settings)
            problems.append(UnreachableReports(items_label, group.name if group else "?"))
    return problems


def notify_editors(report: ResidentReport) -> bool:
    """E-mail the editors; a failure is logged and the report stays in the inbox."""
    try:
        recipients = report_recipients(report)
        if not recipients:
            logger.warning("Melding %s: geen redacteuren met een e-mailadres", report.pk)
            return False
        admin_url = reverse("meldingen:edit", args=[report.pk])
        body = render_to_string(
            "editorial/email/report_received.txt",
            {
                "report": report,
                "admin_url": f"{django_settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{admin_url}",
            },
        )
        EmailMessage(
            subject=f"{django_settings.EMAIL_SUBJECT_PREFIX}Nieuwe melding: {report}",
            body=body,
            to=recipients,
        ).send()
    except Exception:
        logger.exception("Melding %s opgeslagen, maar e-mail aan de redactie mislukt", report.pk)
        return False
    return True


class AnswerNotSent(Exception):
    """The answer could not be e-mailed; the report is left as it was."""


def answer_report(report: ResidentReport, user, answer: str) -> None:
    """E-mail the reporter the editor's answer, close the report and log it.

    The thank-you page promises an answer to residents who left an address. The mail goes
    first: when it fails, nothing changes and the editor can try again.
    """
    if not report.email:
        raise AnswerNotSent("Deze melding heeft geen e-mailadres van de melder.")
    body = render_to_string(
        "editorial/email/report_answer.txt", {"report": report, "answer": answer.strip()}
    )
    try:
        EmailMessage(
            subject=f"{django_settings.EMAIL_SUBJECT_PREFIX}Antwoord op uw melding",
            body=body,
            to=[report.email],
        ).send()
    except Exception as error:
        logger.exception("Antwoord op melding %s niet verstuurd", report.pk)
        raise AnswerNotSent("Het antwoord kon niet worden verstuurd.") from error
    with transaction.atomic():
        report.status = ResidentReport.Status.RESOLVED
        if user is not None and report.assignee_id is None:
            report.assignee = user
        report.save()
        # The answer is logged; the reporter's address is not (it is deleted later, AVG).
        log(report, ANSWER_ACTION, user=user, data={"answer": answer.strip()})


def email_retention_cutoff(now: datetime, retention_days: int) -> datetime:
    """Reports closed at or before this moment lose the reporter's e-mail address."""
    return now - timedelta(days=retention_days)


def reporter_email_max_age_days() -> int:
    """Days after *receiving* a report that its reporter's address goes, open or not."""
    return django_settings.REPORTER_EMAIL_MAX_AGE_DAYS


def purge_reporter_emails(
    now: datetime | None = None,
    retention_days: int | None = None,
    max_age_days: int | None = None,
) -> int:
    """Delete reporters' addresses ``retention_days`` after closing, and in any case
    ``max_age_days`` after the report came in: a report that stays open must not keep an
    address forever (AVG: no longer than needed). The report itself is kept."""
    now = now or timezone.now()
    if retention_days is None:
        retention_days = review_settings().reporter_email_retention_days
    if max_age_days is None:
        max_age_days = reporter_email_max_age_days()
    closed_long_enough = Q(
        closed_at__lte=email_retention_cutoff(now, retention_days),
        status__in=ResidentReport.CLOSED_STATUSES,
    )
    too_old = Q(created_at__lte=email_retention_cutoff(now, max_age_days))
    return (
        ResidentReport.objects.filter(closed_long_enough | too_old)
        .exclude(email="")
        .update(email="", email_deleted_at=now)
    )
