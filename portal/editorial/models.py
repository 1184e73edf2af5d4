"""Verification history, review settings, digest bookkeeping and residents' reports."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.core.admin_format import admin_date
from portal.core.invalidation import CATALOGUE_VERSION
from portal.core.kinds import ItemKind, item_kinds

from .freshness import ReviewPolicy


def verifiable_kinds() -> list[ItemKind]:
    """The kinds of item that have a review period (``ItemKind.verifiable``)."""
    return [kind for kind in item_kinds if kind.verifiable]


def verifiable_kind(model_or_label) -> ItemKind | None:
    """The kind of a model, instance or model label when it has a review period."""
    kind = item_kinds.for_model(model_or_label)
    return kind if kind is not None and kind.verifiable else None


def reportable_kind(model_or_label) -> ItemKind | None:
    """The kind of a model, instance or model label when residents can report about it."""
    kind = item_kinds.for_model(model_or_label)
    return kind if kind is not None and kind.reportable else None


def months_field(verbose_name: str, default: int):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Aantal maanden.",
    )


@register_setting(icon="time")
class ReviewSettings(BaseGenericSetting):
    """How often items must be checked and who hears about it."""

    organisation_review_months = months_field("controleren organisaties elke", 12)
    service_review_months = months_field("controleren aanbod elke", 12)
    location_review_months = months_field("controleren locaties elke", 12)
    long_overdue_months = months_field("melding aan inwoners na", 18)
    due_soon_days = models.PositiveSmallIntegerField(
        "binnenkort te controleren binnen",
        default=30,
        validators=[MaxValueValidator(365)],
        help_text="Aantal dagen.",
    )
    review_group = models.ForeignKey(
        Group,
        verbose_name="groep die herinneringen krijgt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leeg: de groep 'Wijkracht redactie'.",
    )
    send_to_contact_persons = models.BooleanField(
        "ook de contactpersoon van de organisatie herinneren",
        default=True,
        help_text="De contactpersoon krijgt alleen de herinnering voor de eigen organisatie.",
    )
    report_group = models.ForeignKey(
        Group,
        verbose_name="groep die meldingen van inwoners krijgt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leeg: 'Wijkracht redactie' (sociale kaart) en 'Gemeente redactie' (vragen).",
    )
    notification_email = models.EmailField(
        "extra e-mailadres voor meldingen",
        blank=True,
        help_text="Bijvoorbeeld een gedeelde mailbox van de redactie.",
    )
    reporter_email_retention_days = models.PositiveSmallIntegerField(
        "e-mailadres van melder bewaren",
        default=30,
        validators=[MaxValueValidator(730)],
        help_text="Aantal dagen na het afsluiten van een melding (AVG).",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_review_months"),
                FieldPanel("service_review_months"),
                FieldPanel("location_review_months"),
                FieldPanel("due_soon_days"),
                FieldPanel("long_overdue_months"),
            ],
            heading="Hoe vaak controleren",
        ),
        MultiFieldPanel(
            [FieldPanel("review_group"), FieldPanel("send_to_contact_persons")],
            heading="Herinneringen",
        ),
        MultiFieldPanel(
            [
                FieldPanel("report_group"),
                FieldPanel("notification_email"),
                FieldPanel("reporter_email_retention_days"),
            ],
            heading="Meldingen van inwoners",
        ),
    ]

    class Meta:
        verbose_name = "controle en meldingen"

    def clean(self):
        super().clean()
        longest = max(
            self.organisation_review_months or 0,
            self.service_review_months or 0,
            self.location_review_months or 0,
        )
        if self.long_overdue_months and self.long_overdue_months <= longest:
            raise ValidationError(
                {"long_overdue_months": "Dit moet langer zijn dan de controletermijnen."}
            )

    def review_months_for(self, kind: str) -> int:
        return getattr(self, f"{kind}_review_months")

    def policy_for(self, model_or_label) -> ReviewPolicy:
        label = (
            model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
        )
        return ReviewPolicy(
            review_months=self.review_months_for(verifiable_kind(label).name),
            long_overdue_months=self.long_overdue_months,
            due_soon_days=self.due_soon_days,
        )


class ItemReference(models.Model):
    """A pointer to an organisation, service, location or FAQ answer."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def item_admin_url(self) -> str | None:
        try:
            return reverse(
                f"wagtailsnippets_{self.content_type.app_label}_{self.content_type.model}:edit",
                args=[self.object_id],
            )
        except NoReverseMatch:
            return None


class Responsibility(models.Model):
    """Who is reminded about one organisation and its services and locations.

    Organisations without a responsibility go to the review group in ``ReviewSettings``.
    """

    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"locale__language_code": "nl"},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="redacteur",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        Group,
        verbose_name="groep",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "verantwoordelijke"
        verbose_name_plural = "verantwoordelijken"

    def __str__(self):
        return f"{self.organisation}: {self.user or self.group}"

    def clean(self):
        super().clean()
        if bool(self.user_id) == bool(self.group_id):
            raise ValidationError("Kies een redacteur of een groep (één van beide).")

    def addresses(self) -> set[str]:
        if self.user_id:
            users = get_user_model().objects.filter(pk=self.user_id)
        else:
            users = get_user_model().objects.filter(groups=self.group_id)
        return set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True))


class Verification(ItemReference):
    """One "Gecontroleerd" click: the item's data was checked and found correct."""

    # "Gecontroleerd" writes last_verified with queryset.update (no item signal): this row
    # tells the search catalogue its check dates changed.
    bumps_cache_versions = (CATALOGUE_VERSION,)

    verified_on = models.DateField("gecontroleerd op")
    created_at = models.DateTimeField("tijdstip", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="door",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("opmerking", blank=True, max_length=1000)

    class Meta(ItemReference.Meta):
        ordering = ["-created_at"]
        verbose_name = "controle"
        verbose_name_plural = "controles"

    def __str__(self):
        return f"{self.item} – {admin_date(self.verified_on)}"


class VerificationNotice(ItemReference):
    """A reminder that went out, so the digest never repeats itself for the same state.

    ``verified_on`` is the item's verification date at the time: checking the item again
    starts a new period, in which a new reminder may go out.
    """

    state = models.CharField(max_length=20)
    verified_on = models.DateField(null=True)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta(ItemReference.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "state", "verified_on", "recipient"],
                name="one_notice_per_item_state_and_recipient",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.state} → {self.recipient}"


class ResidentReport(ItemReference):
    """A resident's "Klopt er iets niet?" report about one public item."""

    class Problem(models.TextChoices):
        PHONE = "telefoonnummer", "Het telefoonnummer"
        ADDRESS = "adres", "Het adres"
        OPENING_HOURS = "openingstijden", "De openingstijden"
        GONE = "bestaat-niet-meer", "Het bestaat niet meer"
        OTHER = "iets-anders", "Iets anders"

    class Status(models.TextChoices):
        NEW = "nieuw", "Nieuw"
        IN_PROGRESS = "in-behandeling", "In behandeling"
        RESOLVED = "opgelost", "Opgelost"
        REJECTED = "afgewezen", "Afgewezen"

    CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED)
    MESSAGE_MAX_LENGTH = 2000

    item_title = models.CharField("over", max_length=255)
    item_url = models.CharField("pagina", max_length=500, blank=True)
    problem = models.CharField("wat klopt niet", max_length=30, choices=Problem.choices)
    message = models.TextField("toelichting", blank=True, max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField("e-mail melder", blank=True)
    created_at = models.DateTimeField("ontvangen", default=timezone.now)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="behandelaar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(
        "interne notities", blank=True, help_text="Alleen zichtbaar voor de redactie."
    )
    closed_at = models.DateTimeField("afgesloten", null=True, blank=True, editable=False)
    email_deleted_at = models.DateTimeField(
        "e-mail verwijderd", null=True, blank=True, editable=False
    )

    class Meta(ItemReference.Meta):
        ordering = ["-created_at"]
        verbose_name = "melding van inwoner"
        verbose_name_plural = "meldingen van inwoners"

    def __str__(self):
        return f"{self.get_problem_display()}: {self.item_title}"

    def save(self, *args, **kwargs):
        # The retention clock for the reporter's e-mail address starts when the report closes.
        if self.is_closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not self.is_closed:
            self.closed_at = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class PendingUpload(models.Model):
    """Uploaded spreadsheet files between the preview and the editor's confirmation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    files = models.JSONField(default=dict)  # file name -> base64 of the uploaded bytes

    class Meta:
        verbose_name = "spreadsheet-upload"
        permissions = [("import_spreadsheet", "Kan de sociale kaart importeren uit spreadsheets")]

    def __str__(self):
        return f"upload {self.pk} door {self.user}"

    def get_files(self) -> dict[str, bytes]:
        return {name: base64.b64decode(data) for name, data in self.files.items()}

    def set_files(self, files: dict[str, bytes]) -> None:
        self.files = {name: base64.b64encode(data).decode("ascii") for name, data in files.items()}
