"""Fields that are not prose follow the Dutch source into every translation.

A model lists them in ``override_translatable_fields`` as
``SynchronizedField(name, overridable=False)``: wagtail-localize then never offers them as
text to translate (so a translator cannot put 60 characters into a 40-character phone
column, which failed "Publiceer" with a server error), and copies them from the source when
a translation is published. That copy comes from the source as it was when the translation
was last synchronised, so on its own a translation keeps an old phone number after the
Dutch item changes. ``sync_translations`` closes that gap: whenever Dutch items change
(published in the admin, or written by the spreadsheet import), each translation gets the
new values at once, and so do its draft and the source snapshot a later "Publiceer" starts
from. Prose is left alone: that is the translators' work, and ``status`` reports it as
outdated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.models import Revision
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import TranslationSource


def synchronised_field_names(model) -> list[str]:
    """The model's fields that are copied from the source and can never be overridden."""
    return [
        field.field_name
        for field in getattr(model, "override_translatable_fields", [])
        if isinstance(field, SynchronizedField) and not field.overridable
    ]


def translated_field_names(model) -> list[str]:
    """The fields translators translate (what makes a translation outdated)."""
    synchronised = set(synchronised_field_names(model))
    return [
        field.field_name
        for field in get_translatable_fields(model)
        if field.is_translated(None) and field.field_name not in synchronised
    ]


def _copy(model, names: list[str], source, target) -> None:
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.ManyToOneRel) and isinstance(field.remote_field, ParentalKey):
            source.copy_child_relation(name, target)
        elif isinstance(field, ParentalManyToManyField):
            setattr(target, name, list(getattr(source, name).all()))
        else:
            setattr(target, field.attname, getattr(source, field.attname))


def _serialised(obj, names: list[str]) -> dict:
    """The fields as a revision stores them (JSON-ready)."""
    data = obj.serializable_data()
    return json.loads(json.dumps({name: data.get(name) for name in names}, cls=DjangoJSONEncoder))


def _comparable(model, obj, names: list[str]) -> dict:
    """The fields without what differs between an item and its translation anyway: the
    ids of child rows and their link to the parent."""
    values = _serialised(obj, names)
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.ManyToOneRel):
            own = {"pk", "id", field.field.name, field.field.attname}
            values[name] = [
                {key: value for key, value in row.items() if key not in own}
                for row in values[name] or []
            ]
    return values


@transaction.atomic
def sync_translations(model, source_pks: Iterable[int]) -> int:
    """Copy the synchronised fields of these default-language items into all their
    translations (live row, latest and live revision, wagtail-localize's source snapshot).
    Returns the number of translations that changed."""
    names = synchronised_field_names(model)
    if not names:
        return 0
    sources = {
        source.translation_key: source
        for source in model.objects.filter(
            pk__in=list(source_pks), locale__language_code=settings.LANGUAGE_CODE
        )
    }
    if not sources:
        return 0
    translations = model.objects.filter(translation_key__in=list(sources)).exclude(
        locale__language_code=settings.LANGUAGE_CODE
    )
    changed = 0
    for translation in translations:
        source = sources[translation.translation_key]
        if _comparable(model, translation, names) == _comparable(model, source, names):
            continue
        _copy(model, names, source, translation)
        translation.save()
        # The translation's draft and live revision get the new values too (with the
        # translation's own child rows): publishing either must not bring an old phone
        # number back.
        values = _serialised(translation, names)
        revision_ids = {translation.latest_revision_id, translation.live_revision_id} - {None}
        for revision in Revision.objects.filter(pk__in=revision_ids):
            revision.content = {**revision.content, **values}
            revision.save(update_fields=["content"])
        changed += 1
    _patch_source_snapshots(model, list(sources.values()), names)
    return changed


def _patch_source_snapshots(model, sources, names: list[str]) -> None:
    """wagtail-localize publishes a translation from its snapshot of the source; give the
    snapshot the source's current non-prose values. Its prose, and so the strings to
    translate and the "outdated" state, stay as they were."""
    by_key = {source.translation_key: source for source in sources}
    snapshots = TranslationSource.objects.filter(
        object_id__in=list(by_key),
        specific_content_type=ContentType.objects.get_for_model(model),
        locale__language_code=settings.LANGUAGE_CODE,
    )
    for snapshot in snapshots:
        values = _serialised(by_key[snapshot.object_id], names)
        content = json.loads(snapshot.content_json)
        if all(content.get(name) == value for name, value in values.items()):
            continue
        snapshot.content_json = json.dumps({**content, **values}, cls=DjangoJSONEncoder)
        snapshot.save(update_fields=["content_json"])


def check_translated_lengths(instance) -> None:
    """Refuse a translation whose text does not fit its column, as a validation error that
    wagtail-localize shows beside the string in its editor, before anything is written
    (wagtail-localize saves the row before it validates, and PostgreSQL's "value too long"
    would otherwise end "Publiceer" in a server error)."""
    errors = {}
    for field in type(instance)._meta.concrete_fields:
        if not isinstance(field, models.CharField) or not field.max_length:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and len(value) > field.max_length:
            errors[field.name] = [
                f"De vertaling van '{field.verbose_name}' is te lang: maximaal "
                f"{field.max_length} tekens, nu {len(value)}. Maak de tekst korter."
            ]
    if errors:
        raise ValidationError(errors)
