"""What search finds besides the registered item kinds (``portal.core.kinds``): the site's
general pages.

Site pages are a higher layer than search, so search never imports them: it finds their
model through Django's app registry by name.
"""

from __future__ import annotations

from django.apps import apps

from portal.core.kinds import item_kinds

PAGE_KIND = "page"
PAGE_MODEL = "pages.ContentPage"
# The page fields whose words search knows (spelling correction, compound splitting).
PAGE_VOCABULARY_FIELDS = ("title", "introduction")


def page_model():
    return apps.get_model(PAGE_MODEL)


def types() -> tuple[str, ...]:
    """Every kind a search returns, in the order of equal scores: the item kinds, then pages."""
    return (*item_kinds.names(), PAGE_KIND)


def searched_models() -> dict[str, type]:
    """The model of every kind a search returns."""
    return {**{kind.name: kind.model for kind in item_kinds}, PAGE_KIND: page_model()}
