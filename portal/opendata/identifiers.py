"""Stable HSDS ids (UUIDs): never reused, kept across exports and imports.

Three sources, from the most to the least independent:

* **items** (organisations, services, locations): wagtail's ``translation_key``. An HSDS
  import creates the item with the id from the package as its translation key.
* **themes, target groups, districts**: a stored random UUID (``opendata.Identifier``),
  made the first time open data reads the row; ``assign`` sets one from a package.
* **everything else** (addresses, phones, schedules, service-at-location links, attributes,
  the taxonomies and the organisation and location kinds): a name-based UUID (version 5)
  derived from the id of the thing it belongs to and a fixed name, so the same link or
  phone gets the same id in every export, and nothing has to be stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Identifier

# The namespace of every derived id. Changing it would change every derived id: never.
NAMESPACE = uuid.UUID("78ad8023-3cd5-4315-8091-f7b8c8364ecb")

# The taxonomies we publish. Fixed ids: they are part of the public interface.
THEMES_TAXONOMY = "acbaaa1c-1b76-451f-99a7-837756370970"
TARGET_GROUPS_TAXONOMY = "64eeaee9-ddce-475c-9ea8-693540376ad7"
DISTRICTS_TAXONOMY = "e3666a9a-3d36-422a-83e6-cdbfa53ff4ce"
ORGANISATION_KINDS_TAXONOMY = "9d32643e-9561-4e65-a817-e35572f29f16"
LOCATION_KINDS_TAXONOMY = "b48009cb-8196-4355-bd31-9d143c3fd2f2"

# Models whose rows get a stored UUID (app label, model name).
STORED = ("directory.Theme", "directory.TargetGroup", "locations.District")


class IdentifierConflict(ValueError):
    """The UUID already names another object."""


def stored_models() -> list[type]:
    return [apps.get_model(label) for label in STORED]


def derived(parent, *names) -> str:
    """A name-based UUID under ``parent`` (a UUID or its text): same input, same id."""
    base = parent if isinstance(parent, uuid.UUID) else uuid.UUID(str(parent))
    return str(uuid.uuid5(base, "/".join(str(name) for name in names)))


def item_uuid(item) -> str:
    return str(item.translation_key)


def _content_types(models: Iterable[type]) -> dict[type, ContentType]:
    return ContentType.objects.get_for_models(*models, for_concrete_models=True)


def stored_uuids(model, pks: Iterable[int]) -> dict[int, str]:
    """{pk: uuid} for rows of one stored model; rows without an id get one now."""
    return stored_uuids_for({model: pks})[model]


def stored_uuids_for(pks_by_model: dict[type, Iterable[int]]) -> dict[type, dict[int, str]]:
    """{model: {pk: uuid}} for several stored models in one query (two when ids are new)."""
    wanted = {model: set(pks) for model, pks in pks_by_model.items()}
    types = _content_types(wanted)
    model_of = {ct.pk: model for model, ct in types.items()}
    result: dict[type, dict[int, str]] = {model: {} for model in wanted}

    def read(pairs):
        query = None
        for model, pks in pairs.items():
            if pks:
                part = Q(content_type=types[model], object_id__in=pks)
                query = part if query is None else query | part
        if query is None:
            return
        for ct_id, object_id, value in Identifier.objects.filter(query).values_list(
            "content_type_id", "object_id", "uuid"
        ):
            result[model_of[ct_id]][object_id] = str(value)

    read(wanted)
    missing = {model: pks - set(result[model]) for model, pks in wanted.items()}
    if any(missing.values()):
        # Rows made by a bulk insert (the spreadsheet import) have no id yet. Two processes
        # may do this at once: the unique constraint keeps the first, both read it back.
        Identifier.objects.bulk_create(
            [
                Identifier(content_type=types[model], object_id=pk)
                for model, pks in missing.items()
                for pk in sorted(pks)
            ],
            ignore_conflicts=True,
        )
        read(missing)
    return result


def all_stored_uuids(model) -> dict[int, str]:
    """{pk: uuid} for every row of a stored model (taxonomies are small)."""
    return stored_uuids(model, model.objects.values_list("pk", flat=True))


def object_pk(model, value) -> int | None:
    """The pk of the live row a stored UUID names, or None (unknown, retired, malformed)."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    ct = ContentType.objects.get_for_model(model)
    return (
        Identifier.objects.filter(content_type=ct, uuid=parsed, object_id__isnull=False)
        .values_list("object_id", flat=True)
        .first()
    )


def assign(obj, value) -> None:
    """Give ``obj`` (a theme, target group or district) the HSDS id ``value``, as an import
    does. The id of a deleted object of the same kind may come back to a new one (the same
    thing, re-imported); an id that names any other object raises ``IdentifierConflict``."""
    parsed = uuid.UUID(str(value))
    ct = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        holder = Identifier.objects.select_for_update().filter(uuid=parsed).first()
        if holder is not None and (
            holder.content_type_id != ct.pk
            or (holder.object_id is not None and holder.object_id != obj.pk)
        ):
            raise IdentifierConflict(f"{parsed} is already the id of another object.")
        Identifier.objects.filter(content_type=ct, object_id=obj.pk).exclude(uuid=parsed).update(
            object_id=None, retired_at=timezone.now()
        )
        if holder is None:
            Identifier.objects.create(uuid=parsed, content_type=ct, object_id=obj.pk)
        elif holder.object_id is None:
            holder.object_id = obj.pk
            holder.retired_at = None
            holder.save(update_fields=["object_id", "retired_at"])


def retire(sender, instance, **kwargs) -> None:
    """post_delete: keep the UUID, unlinked, so it is never given to a new row."""
    ct = ContentType.objects.get_for_model(sender)
    Identifier.objects.filter(content_type=ct, object_id=instance.pk).update(
        object_id=None, retired_at=timezone.now()
    )
