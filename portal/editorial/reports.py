"""Residents' reports: store first, then notify; delete reporters' addresses after closing."""

from __future__ import annotations

import logging
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

from portal.groups import MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS

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


def report_recipients(report: ResidentReport, settings: ReviewSettings | None = None) -> list[str]:
    settings = settings or review_settings()
    group = settings.report_group
    if group is None:
        name = MUNICIPALITY_EDITORS if report.content_type.app_label == "faq" else WIJKRACHT_EDITORS
        group = Group.objects.filter(name=name).first()
    addresses = set()
    if group is not None:
        users = get_user_model().objects.filter(groups=group, is_active=True).exclude(email="")
        addresses.update(users.values_list("email", flat=True))
    if settings.notification_email:
        addresses.add(settings.notification_email)
    return sorted(addresses)


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
