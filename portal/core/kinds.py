"""The registry of item kinds: the public things residents read (organisations,
services, locations, FAQ answers …).

A kind is declared once, on its model::

    class Organisation(VerifiableMixin, PublicItem):
        item_kind = ItemKind("organisation", title_field="name", summary_field="summary", ...)

``CoreConfig.ready()`` collects every installed model that declares one. Search, the
editorial tools, the spreadsheet exchange and open data iterate over ``item_kinds``
instead of naming the kinds, so a new kind is one model class (plus its templates).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass
class ItemKind:
    """How one kind of public item takes part in the site's features."""

    name: str  # stable code, stored in rows (search vectors, reports): never rename
    title_field: str
    summary_field: str
    # Prose the meaning vector of the semantic search is computed from, after the title.
    meaning_fields: tuple[str, ...] = ()
    # A many-to-many field whose objects' names end that text (an item's themes: what it
    # is about, in the words residents' needs are grouped by).
    meaning_tags: str = ""
    # Extra columns the search catalogue keeps per item (ranking, facets, cards).
    catalogue_fields: tuple[str, ...] = ()
    # Catalogue fields shown before the summary on a search result, joined by commas and
    # ended with a full stop (a location's street and city: "Marktstraat 1, Hengelo. ...").
    summary_lead_fields: tuple[str, ...] = ()
    # Shown as the summary when the summary field is empty (an FAQ's full answer).
    summary_fallback_field: str = ""
    # Fields whose words search knows (spelling correction, compound splitting).
    vocabulary_fields: tuple[str, ...] = ()
    # Search finds these items from part of their name or a misspelled name.
    found_by_name: bool = False
    # Items residents of a district go to with any question, as (catalogue field, values):
    # a location whose "kind" is "wijkentree" or "wijkteam". A search for a place puts
    # them first among the district's items.
    entry_point: tuple[str, tuple[str, ...]] | None = None
    # Added to a search score: between equally good matches, the directory's own entries
    # come before explanations; small enough never to beat a better match.
    search_prior: float = 0.0
    # Position in lists of kinds (search facets, editorial filters).
    order: int = 100
    # Items with a review period ("Gecontroleerd", verification reminders).
    verifiable: bool = False
    # Residents can report a problem about an item of this kind.
    reportable: bool = True
    # What residents read for the kind (on a search result, in the search filters): a lazy
    # gettext string, so it is translated when shown; the code ``name`` when empty.
    public_label: str = ""
    model: type | None = field(default=None, init=False, repr=False, compare=False)

    def __set_name__(self, owner, attribute_name):
        self.model = owner

    def is_entry_point(self, record) -> bool:
        """Is the catalogue ``record`` (or model instance) of this kind an entry point?"""
        if self.entry_point is None:
            return False
        field_name, values = self.entry_point
        return getattr(record, field_name) in values

    @property
    def model_label(self) -> str:
        return self.model._meta.label

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def index_page_model(self) -> str:
        return self.model.index_page_model


class ItemKindRegistry:
    def __init__(self):
        self._kinds: dict[str, ItemKind] = {}
        self._by_label: dict[str, ItemKind] = {}

    def collect(self) -> None:
        """Register every installed model that declares an ``item_kind``."""
        self._kinds.clear()
        self._by_label.clear()
        for model in apps.get_models():
            kind = model.__dict__.get("item_kind")
            if isinstance(kind, ItemKind):
                self.register(kind)

    def register(self, kind: ItemKind) -> None:
        if kind.model is None:
            raise ImproperlyConfigured(f"Item kind {kind.name!r} is not declared on a model.")
        if kind.name in self._kinds:
            raise ImproperlyConfigured(f"Two models declare the item kind {kind.name!r}.")
        self._kinds[kind.name] = kind
        self._by_label[kind.model_label.lower()] = kind
        self._kinds = dict(sorted(self._kinds.items(), key=lambda item: (item[1].order, item[0])))

    def __iter__(self) -> Iterator[ItemKind]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, name: str) -> bool:
        return name in self._kinds

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def get(self, name: str) -> ItemKind:
        return self._kinds[name]

    def for_model(self, model_or_instance_or_label) -> ItemKind | None:
        """The kind of a model, an instance or a model label ("directory.Organisation")."""
        if isinstance(model_or_instance_or_label, str):
            label = model_or_instance_or_label
        else:
            label = model_or_instance_or_label._meta.label
        return self._by_label.get(label.lower())

    def models(self) -> tuple[type, ...]:
        return tuple(kind.model for kind in self)


item_kinds = ItemKindRegistry()
