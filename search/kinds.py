"""What search finds besides the registered item kinds (``portal.core.kinds``): the site's
general pages.

Site pages are a higher layer than search, so search never imports them: it finds their
model through Django's app registry by name.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import pgettext_lazy

from portal.core.kinds import item_kinds

PAGE_KIND = "page"
PAGE_LABEL = pgettext_lazy("soort zoekresultaat", "Informatie")
PAGE_MODEL = "pages.ContentPage"
# The page fields whose words search knows (spelling correction, compound splitting).
PAGE_VOCABULARY_FIELDS = ("title", "introduction")


def page_model():
    return apps.get_model(PAGE_MODEL)


def types() -> tuple[str, ...]:
    """Every kind a search returns, in the order of equal scores: the item kinds, then pages."""
    return (*item_kinds.names(), PAGE_KIND)


def type_labels() -> dict[str, str]:
    """What residents read for each kind a search returns, in the active language."""
    labels = {kind.name: str(kind.public_label or kind.name) for kind in item_kinds}
    return {**labels, PAGE_KIND: str(PAGE_LABEL)}


def searched_models() -> dict[str, type]:
    """The model of every kind a search returns."""
    return {**{kind.name: kind.model for kind in item_kinds}, PAGE_KIND: page_model()}
