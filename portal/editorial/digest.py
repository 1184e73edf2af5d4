"""The daily reminder: who must hear about which items that became overdue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from portal.groups import WIJKRACHT_EDITORS

from .freshness import notice_state
from .models import Responsibility, ReviewSettings, VerificationNotice
from .services import DueItem, due_items, review_settings

EDITOR, CONTACT = "editor", "contact"


@dataclass
class Digest:
    recipient: str
    role: str  # EDITOR sees every item with admin links; CONTACT only their own listing
    rows: list[DueItem] = field(default_factory=list)


def review_group(settings: ReviewSettings) -> Group | None:
    return settings.review_group or Group.objects.filter(name=WIJKRACHT_EDITORS).first()


def editor_addresses(settings: ReviewSettings) -> list[str]:
    group = review_group(settings)
    if group is None:
        return []
    users = get_user_model().objects.filter(groups=group, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def responsible_addresses() -> dict[int, set[str]]:
    """Organisation pk -> addresses of the editors made responsible for it."""
    addresses: dict[int, set[str]] = {}
    for responsibility in Responsibility.objects.all():
        addresses.setdefault(responsibility.organisation_id, set()).update(
            responsibility.addresses()
        )
    return addresses


def _sent_keys() -> set[tuple]:
    """Every (content type, item, state, verification date, recipient) already announced."""
    return set(
        VerificationNotice.objects.values_list(
            "content_type_id", "object_id", "state", "verified_on", "recipient"
        )
    )


def _key(row: DueItem, recipient: str) -> tuple:
    content_type = ContentType.objects.get_for_model(row.item)
    return (content_type.pk, row.item.pk, row.state.value, row.last_verified, recipient)


def pending_digests(today: date, settings: ReviewSettings | None = None) -> list[Digest]:
    """One digest per recipient with the items not yet reported to them in this state."""
    settings = settings or review_settings()
    editors = editor_addresses(settings)
    responsible = responsible_addresses()
    sent = _sent_keys()
    digests: dict[tuple[str, str], Digest] = {}
    for row in due_items(today, include_due_soon=False, settings=settings):
        if notice_state(row.state) is None:
            continue  # never-verified items are listed in the report, not announced daily
        organisation_pk = row.organisation.pk if row.organisation else None
        own_editors = responsible.get(organisation_pk) or editors
        recipients = [(address, EDITOR) for address in sorted(own_editors)]
        contact = row.organisation.contact_person_email if row.organisation else ""
        if settings.send_to_contact_persons and contact:
            recipients.append((contact.lower(), CONTACT))
        for address, role in recipients:
            if _key(row, address) in sent:
                continue
            digest = digests.setdefault((address, role), Digest(address, role))
            digest.rows.append(row)
    return sorted(digests.values(), key=lambda d: (d.role, d.recipient))


def render_digest(digest: Digest, base_url: str) -> EmailMessage:
    template = f"editorial/email/digest_{digest.role}.txt"
    for row in digest.rows:
        row.public_url = item_public_url(row, base_url)
    body = render_to_string(template, {"digest": digest, "base_url": base_url.rstrip("/")})
    count = len(digest.rows)
    subject = (
        f"{count} item(s) op de sociale kaart moeten gecontroleerd worden"
        if digest.role == EDITOR
        else "Kloppen uw gegevens op de sociale kaart van Hengelo nog?"
    )
    return EmailMessage(
        subject=f"{django_settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=[digest.recipient],
    )


def record_sent(digest: Digest) -> None:
    VerificationNotice.objects.bulk_create(
        [
            VerificationNotice(
                content_type=ContentType.objects.get_for_model(row.item),
                object_id=row.item.pk,
                state=row.state.value,
                verified_on=row.last_verified,
                recipient=digest.recipient,
            )
            for row in digest.rows
        ],
        ignore_conflicts=True,
    )


def send_digests(today: date, *, dry_run: bool = False, log=print) -> list[Digest]:
    """Send every pending digest; an address that fails is retried on the next run."""
    base_url = django_settings.WAGTAILADMIN_BASE_URL
    sent = []
    digests = pending_digests(today)
    with get_connection() as connection:
        for digest in digests:
            titles = ", ".join(f"{row.title} ({row.state.label.lower()})" for row in digest.rows)
            if dry_run:
                log(f"Zou versturen aan {digest.recipient}: {len(digest.rows)} item(s): {titles}")
                continue
            message = render_digest(digest, base_url)
            message.connection = connection
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 - one bad address must not stop the rest
                log(f"NIET verstuurd aan {digest.recipient}: {error}")
                continue
            record_sent(digest)
            sent.append(digest)
            log(f"Verstuurd aan {digest.recipient}: {len(digest.rows)} item(s): {titles}")
    return sent


def item_public_url(row: DueItem, base_url: str) -> str:
    url = row.item.get_url() or ""
    return f"{base_url.rstrip('/')}{url}" if url.startswith("/") else url
