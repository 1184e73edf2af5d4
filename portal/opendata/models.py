"""Stored HSDS identifiers for the things that have no UUID of their own.

Organisations, services and locations carry wagtail's ``translation_key`` (a UUID shared
by an item and its translations), which is their HSDS id. Themes, target groups and
districts are plain rows with integer keys: they get a random UUID here, the first time
open data reads them (the spreadsheet import creates them with ``bulk_create``, which sends
no signals) or when an HSDS import sets the id it found in the package.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models


class Identifier(models.Model):
    """One object's HSDS id. When the object is deleted the row stays, with ``object_id``
    emptied, so the UUID is never given to anything else (HSDS ids are never reused)."""

    uuid = models.UUIDField("UUID", unique=True, default=uuid.uuid4, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("object-id", null=True, blank=True)
    retired_at = models.DateTimeField("vervallen op", null=True, blank=True)

    class Meta:
        verbose_name = "open-data-id"
        verbose_name_plural = "open-data-id's"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_open_data_id_per_object"
            )
        ]

    def __str__(self):
        return str(self.uuid)
