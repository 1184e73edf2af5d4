"""Translating items the way wagtail-localize's editor does, for the localisation tests."""

from __future__ import annotations

from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def start_translation(item, language: str) -> Translation:
    """What "Vertalen" in the admin does: a snapshot of the source and a translation job."""
    source, _ = TranslationSource.get_or_create_from_instance(item)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    return translation


def segment_paths(translation: Translation) -> set[str]:
    """The fields the translation editor offers as text to translate."""
    return {
        segment.context.path.split(".")[0]
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "context"
        )
    }


def fill_in(translation: Translation, text=lambda source_text: f"[EN] {source_text}") -> None:
    """Type a translation for every string (as a translator would in the editor)."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": text(segment.string.data)},
        )


def translate(item, language: str = "en", text=lambda source_text: f"[EN] {source_text}"):
    """Translate ``item`` completely and publish the translation; returns it."""
    translation = start_translation(item, language)
    fill_in(translation, text)
    # wagtail-localize publishes after commit; tests run in a transaction that never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return type(item).objects.get(
        translation_key=item.translation_key, locale=translation.target_locale
    )
