"""Database-facing helpers for verification: record a check, find what is due, rank."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.log_actions import log
from wagtail.models import Locale

from portal.core.admin_format import admin_date
from portal.core.content import effective_last_verified
from portal.core.kinds import item_kinds
from portal.core.site_cache import cached

from .freshness import Freshness, ReviewPolicy, freshness
from .models import ReviewSettings, Verification, verifiable_kind, verifiable_kinds

VERIFY_ACTION = "editorial.verify"


def verifiable_models() -> list[type[models.Model]]:
    return [kind.model for kind in verifiable_kinds()]


def is_verifiable(model_or_instance) -> bool:
    return verifiable_kind(model_or_instance) is not None


def kind_label(kind: str) -> str:
    """The kind's name as editors read it in lists ("Organisatie", "Aanbod")."""
    return capfirst(item_kinds.get(kind).label)


def review_settings() -> ReviewSettings:
    """The review settings (read once per process until they change; a copy to change)."""
    return copy.copy(cached("review-settings", ReviewSettings.load))


def policy_for(model_or_instance, settings: ReviewSettings | None = None) -> ReviewPolicy:
    return (settings or review_settings()).policy_for(model_or_instance._meta.label_lower)


def item_freshness(item, today: date | None = None, settings=None) -> Freshness:
    today = today or timezone.localdate()
    return freshness(effective_last_verified(item), today, policy_for(item, settings))


@transaction.atomic
def record_verification(item, user, note: str = "", today: date | None = None) -> Verification:
    """Mark ``item`` (and its translations) as checked, without touching its content.

    ``queryset.update`` writes the two fields directly, so no revision, draft, workflow or
    ``last_published_at`` changes: a check is not an edit.
    """
    today = today or timezone.localdate()
    model = type(item)
    model.objects.filter(translation_key=item.translation_key).update(
        last_verified=today, last_verified_by=user
    )
    verification = Verification.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=item.pk,
        verified_on=today,
        user=user,
        note=note.strip(),
    )
    item.last_verified, item.last_verified_by = today, user
    log(item, VERIFY_ACTION, user=user, data={"note": verification.note})
    return verification


def verifications_for(item):
    """All checks of this item and its translations, newest first."""
    model = type(item)
    ids = model.objects.filter(translation_key=item.translation_key).values("pk")
    return Verification.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).select_related("user")


def long_overdue_q(model, today: date | None = None, settings=None) -> Q:
    """Filter for items residents should be warned about (never-verified items are not)."""
    today = today or timezone.localdate()
    cutoff = policy_for(model, settings).long_overdue_cutoff(today)
    if model._meta.label_lower == "directory.organisation":
        return Q(last_verified__lte=cutoff)
    return Q(last_verified__lte=cutoff) | Q(
        last_verified__isnull=True, organisation__last_verified__lte=cutoff
    )


def annotate_long_overdue(queryset, today: date | None = None, settings=None):
    """Add a boolean ``is_long_overdue`` so search can rank stale items lower.

    Usage: ``annotate_long_overdue(qs).order_by("is_long_overdue", ...)`` (False sorts first).
    """
    return queryset.annotate(
        is_long_overdue=Case(
            When(long_overdue_q(queryset.model, today, settings), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass
class DueItem:
    """One row of the 'te controleren' report and of the digest."""

    item: models.Model
    kind: str
    state: Freshness
    due_on: date | None
    organisation: models.Model | None
    districts: list

    @property
    def title(self) -> str:
        return str(self.item)

    @property
    def last_verified(self):
        return effective_last_verified(self.item)

    @property
    def last_verified_by(self):
        return self.item.last_verified_by

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def organisation_name(self) -> str:
        return str(self.organisation) if self.organisation else ""

    @property
    def districts_label(self) -> str:
        return ", ".join(d.name for d in self.districts)

    @property
    def last_verified_display(self) -> str:
        return admin_date(self.last_verified, empty="nooit")

    @property
    def due_on_display(self) -> str:
        return admin_date(self.due_on, empty="nu")

    @property
    def last_verified_by_name(self) -> str:
        user = self.last_verified_by
        return (user.get_full_name() or user.get_username()) if user else ""

    @property
    def admin_url(self) -> str:
        meta = self.item._meta
        return reverse(
            f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[self.item.pk]
        )


def _organisation_of(item):
    if item._meta.label_lower == "directory.organisation":
        return item
    return item.organisation


def _districts_of(item) -> list:
    label = item._meta.label_lower
    if label == "directory.organisation":
        return list(item.districts.all())
    if label == "locations.location":
        return [item.district] if item.district else []
    districts = {loc.district for loc in item.locations.all() if loc.district}
    return sorted(districts, key=lambda d: d.sort_order)


def _queryset_for(model):
    label = model._meta.label_lower
    qs = model.objects.filter(locale=Locale.get_default()).select_related("last_verified_by")
    if label == "directory.organisation":
        return qs.annotate(effective_verified=F("last_verified")).prefetch_related("districts")
    qs = qs.annotate(effective_verified=Coalesce("last_verified", "organisation__last_verified"))
    if label == "directory.service":
        return qs.select_related("organisation").prefetch_related("locations__district")
    return qs.select_related("organisation", "district")


def due_items(
    today: date | None = None,
    *,
    include_due_soon: bool = True,
    kinds: list[str] | None = None,
    settings: ReviewSettings | None = None,
) -> list[DueItem]:
    """Dutch originals that are overdue (or due soon), most urgent first."""
    today = today or timezone.localdate()
    settings = settings or review_settings()
    rows = []
    for model in verifiable_models():
        kind = verifiable_kind(model).name
        if kinds and kind not in kinds:
            continue
        policy = settings.policy_for(model._meta.label_lower)
        cutoff = policy.due_soon_cutoff(today) if include_due_soon else policy.overdue_cutoff(today)
        queryset = _queryset_for(model).filter(
            Q(effective_verified__isnull=True) | Q(effective_verified__lte=cutoff)
        )
        for item in queryset:
            rows.append(
                DueItem(
                    item=item,
                    kind=kind,
                    state=freshness(item.effective_verified, today, policy),
                    due_on=policy.due_date(item.effective_verified),
                    organisation=_organisation_of(item),
                    districts=_districts_of(item),
                )
            )
    rows.sort(key=lambda row: (row.due_on or date.min, row.kind, row.title))
    return rows
