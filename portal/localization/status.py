"""Which items lack a translation, and which translations are outdated, per language.

*Missing*: a live Dutch item with no version in the language (residents there read Dutch).
*Outdated*: the Dutch text changed after the translation was made. With wagtail-localize's
snapshot of the source, that is a translated field (name, summary, description …) whose
Dutch value differs from the snapshot, or a snapshot updated ("Vertalingen bijwerken")
after the translation was last published. Without a snapshot (a translation made by
copying), the Dutch item was published after the translation. Non-prose fields never make
a translation outdated: they are synchronised (``synchronised``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from .content import translatable_item_kinds
from .languages import default_language, site_languages
from .synchronised import translated_field_names

MISSING = "missing"
OUTDATED = "outdated"
STATE_LABELS = {MISSING: "Niet vertaald", OUTDATED: "Verouderd"}


@dataclass
class TranslationState:
    language: str
    language_name: str
    kind_label: str
    source: object  # the Dutch item
    translation: object | None
    state: str
    source_changed_at: datetime | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def title(self) -> str:
        """The Dutch name: the same on every language's row."""
        return str(self.source)

    @property
    def item(self):
        return self.translation or self.source


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _prose_changed(model, source, snapshot) -> bool:
    stored = json.loads(snapshot.content_json)
    current = source.serializable_data()
    return any(
        _json(current.get(name)) != stored.get(name) for name in translated_field_names(model)
    )


def translation_states(models=None, languages=None) -> list[TranslationState]:
    """Every missing or outdated translation of live Dutch items, by language and kind."""
    wanted = [
        language
        for language in site_languages()
        if not language.is_default and (languages is None or language.code in languages)
    ]
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=[lang.code for lang in wanted])
    }
    rows: list[TranslationState] = []
    for kind in translatable_item_kinds():
        model = kind.model
        if models is not None and model not in models:
            continue
        sources = list(
            model.objects.live()
            .filter(locale__language_code=default_language())
            .order_by(kind.title_field, "pk")
        )
        keys = [source.translation_key for source in sources]
        translations = {
            (item.translation_key, item.locale_id): item
            for item in model.objects.filter(translation_key__in=keys).exclude(
                locale__language_code=default_language()
            )
        }
        snapshots = {
            snapshot.object_id: snapshot
            for snapshot in TranslationSource.objects.filter(
                object_id__in=keys,
                specific_content_type=ContentType.objects.get_for_model(model),
                locale__language_code=default_language(),
            )
        }
        prose_changed = {}
        for language in wanted:
            locale = locales.get(language.code)
            if locale is None:
                continue
            for source in sources:
                translation = translations.get((source.translation_key, locale.pk))
                state = None
                if translation is None:
                    state = MISSING
                else:
                    snapshot = snapshots.get(source.translation_key)
                    published = translation.last_published_at
                    if snapshot is not None:
                        if source.pk not in prose_changed:
                            prose_changed[source.pk] = _prose_changed(model, source, snapshot)
                        if prose_changed[source.pk] or (
                            published is not None and snapshot.last_updated_at > published
                        ):
                            state = OUTDATED
                    elif (
                        published is not None
                        and source.last_published_at is not None
                        and source.last_published_at > published
                    ):
                        state = OUTDATED
                if state:
                    rows.append(
                        TranslationState(
                            language=language.code,
                            language_name=language.native_name,
                            kind_label=kind.label,
                            source=source,
                            translation=translation,
                            state=state,
                            source_changed_at=source.last_published_at,
                        )
                    )
    return rows
