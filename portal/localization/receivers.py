"""Keeps translations' non-prose fields in step with their Dutch source; refuses a
translation too long for its columns."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import pre_save
from wagtail.signals import published

from portal.core.exchange.signals import items_imported

from .content import is_translatable_item, language_of_locale
from .synchronised import check_translated_lengths, sync_translations


def sync_after_publish(sender, instance, **kwargs):
    """An editor published a Dutch item: its translations take over the new values."""
    if not is_translatable_item(type(instance)):
        return
    if language_of_locale(instance.locale_id) != settings.LANGUAGE_CODE:
        return
    sync_translations(type(instance), [instance.pk])


def sync_after_import(sender, changed, **kwargs):
    """The spreadsheet import wrote Dutch items in bulk, without save signals; it sends
    ``items_imported`` inside its transaction, so the translations change with it or not
    at all."""
    for model, pks in changed.items():
        if is_translatable_item(model) and pks:
            sync_translations(model, pks)


def refuse_too_long_translation(sender, instance, **kwargs):
    if not is_translatable_item(sender) or instance.locale_id is None:
        return
    if language_of_locale(instance.locale_id) != settings.LANGUAGE_CODE:
        check_translated_lengths(instance)


def connect() -> None:
    pre_save.connect(refuse_too_long_translation, dispatch_uid="localization-lengths")
    published.connect(sync_after_publish, dispatch_uid="localization-sync-after-publish")
    items_imported.connect(sync_after_import, dispatch_uid="localization-sync-import")
