"""Which language a piece of content is really in, for ``lang`` and the "not translated
yet" notice."""

from __future__ import annotations

from wagtail.models import Locale, Page, TranslatableMixin

from portal.core.invalidation import VOCABULARY_VERSION, current_version
from portal.core.kinds import item_kinds
from portal.core.site_cache import cached

from .languages import active_language


def is_translatable_item(model) -> bool:
    """An item kind with translations (a kind need not be translatable)."""
    return item_kinds.for_model(model) is not None and issubclass(model, TranslatableMixin)


def translatable_item_kinds() -> list:
    return [kind for kind in item_kinds if issubclass(kind.model, TranslatableMixin)]


# Language code by locale id, per process; a saved or deleted Locale bumps the version.
_locales: dict = {"version": None, "languages": {}}


def language_of_locale(locale_id: int | None) -> str | None:
    """The language code of a locale id, without a query per call."""
    version = current_version(VOCABULARY_VERSION)
    if _locales["version"] != version:
        _locales.update(
            version=version, languages=dict(Locale.objects.values_list("pk", "language_code"))
        )
    return _locales["languages"].get(locale_id)


def content_language(obj) -> str | None:
    """The language ``obj``'s text is in: an item's or page's own locale, or for a page
    that is still an alias (not translated yet) the language of the page it copies."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return None
    if isinstance(obj, Page) and obj.alias_of_id:
        locale_id = cached(
            ("localization", "alias-locale", obj.alias_of_id),
            lambda: (
                Page.objects.filter(pk=obj.alias_of_id).values_list("locale_id", flat=True).first()
            ),
        )
    return language_of_locale(locale_id)


def is_untranslated(obj) -> bool:
    """True when ``obj`` is shown in another language than the reader's."""
    language = content_language(obj)
    return language is not None and language != active_language()
