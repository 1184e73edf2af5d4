"""The adapters: one ``SpreadsheetFile`` per file of the exchange format, and their registry.

An adapter lives in the app that owns its model (``directory/exchange.py``,
``locations/exchange.py``, ``faq/exchange.py``) and declares the file's name, its model
and its columns, each once::

    spreadsheet_files.register(SpreadsheetFile("faqs.csv", FAQAnswer, columns=(...)))

The registry finds the adapters the way Wagtail finds ``wagtail_hooks``: on first use it
imports the ``exchange`` module of every installed app. So the core names no file and no
app, and an app takes part by adding one module. The order of the files (a file is
imported after the files its references point at) follows from the adapters' reference
columns; ``order`` only breaks ties, and fixes the order of files in exports and messages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from .columns import Column, Reference, Slug, target_key

# Most files' rows are identified by their own ``slug`` column.
SLUG_KEY = ("slug",)


class SpreadsheetFile:
    """One file of the exchange format: its rows are instances of ``model``.

    ``key``: the columns that identify a row; by default a ``slug`` column of its own,
    which other files refer to. A file of rows that belong to another file's rows (a
    theme's text per language) is keyed by its reference and a column of its own, e.g.
    ``key=("theme", "language")``; nothing refers to it.
    ``optional``: a whole-folder import without this file leaves its rows alone (files
    added to the format later, so that older sets still import).
    ``old_layouts``: headers of an earlier version of this file that are still read, each
    with a function turning its rows into rows of the current layout (see ``upgrade``).
    """

    def __init__(
        self,
        name: str,
        model,
        *,
        columns: tuple[Column, ...],
        order: int = 100,
        published: bool = True,
        keeps_file_order: bool = False,
        select_related: tuple[str, ...] = (),
        prefetch_related: tuple[str, ...] = (),
        key: tuple[str, ...] = SLUG_KEY,
        optional: bool = False,
        old_layouts: dict | None = None,
    ):
        self.name = name
        self.model = model
        self.key = key
        self.columns = (Slug(), *columns) if key == SLUG_KEY else tuple(columns)
        self.optional = optional
        self.old_layouts = old_layouts or {}
        self.order = order
        # Published items (PublicItem): per locale, with publishing fields and revisions.
        # Otherwise a plain admin model (themes, districts) without locale or drafts.
        self.published = published
        # New rows take their position in the file as ``sort_order``.
        self.keeps_file_order = keeps_file_order
        self.select_related = select_related
        self.prefetch_related = prefetch_related
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ImproperlyConfigured(f"{name}: a column is declared twice.")
        if not set(key) <= set(names):
            raise ImproperlyConfigured(f"{name}: the key {key} names a column not declared.")
        for column in self.columns:
            column.bind(model)

    def __repr__(self) -> str:
        return f"<SpreadsheetFile {self.name}>"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def stored_fields(self) -> list[str]:
        return [c.attribute for c in self.columns if c.stores_field and c.name != "slug"]

    @property
    def keyed_by_slug(self) -> bool:
        return self.key == SLUG_KEY

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def row_key(self, values: dict) -> str:
        """What identifies a cleaned row: its slug, or its key cells joined by '/'."""
        return "/".join(self.column(name).cell(values[name]) for name in self.key)

    def object_key(self, obj) -> str:
        return self.row_key({name: self.column(name).read(obj) for name in self.key})

    @property
    def ordering(self) -> tuple[str, ...]:
        """The database order of the rows: by key (a reference by its target's slug)."""
        return tuple(
            f"{column.attribute}__slug" if isinstance(column, Reference) else column.attribute
            for column in map(self.column, self.key)
        )

    def referenced_files(self) -> set[str]:
        return {
            column.target
            for column in self.columns
            if isinstance(column, Reference) and isinstance(column.target, str)
        }

    def reference_targets(self) -> set:
        return {column.target for column in self.columns if isinstance(column, Reference)}

    def rows(self, locale=None, *, live_only: bool = False):
        """The model's rows that this file holds: published items in ``locale``."""
        queryset = self.model.objects.all()
        if self.published and locale is not None:
            queryset = queryset.filter(locale=locale)
            if live_only:
                queryset = queryset.filter(live=True)
        return queryset

    def queryset(self, locale=None, *, live_only: bool = False):
        """``rows`` with what reading every column needs, in a few queries."""
        queryset = self.rows(locale, live_only=live_only)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    # -- hooks an adapter may override --

    def skip_reason(self, cells: dict[str, str]) -> str | None:
        """Why a row is left out of the import on purpose (reported, not an error)."""
        return None

    def check_row(self, row, values: dict) -> None:
        """Problems that involve several cells of one row."""

    def check_file(self, items: list, problems: list) -> None:
        """Problems that involve several rows (``items``: the valid rows)."""

    def dependents(self, pks: set[int]) -> dict[type, set[int]]:
        """Items of other models whose search text shows these rows (e.g. a theme's name)."""
        return {}

    def upgrade(self, header: tuple[str, ...], rows: list) -> dict[str, list]:
        """Rows read with one of ``old_layouts``' headers, in the current layout.

        Returns ``{file name: rows}``: this file's rows (cells of the current columns) and
        the rows the old layout held for another file; the other file's own rows win over
        those where both have a row with the same key. ``old_layouts`` does the work.
        """
        return self.old_layouts[header](rows)

    def raw_key(self, row) -> str:
        return "/".join(row.cells[name].strip() for name in self.key)

    # -- values and cells --

    def values_of(self, obj) -> dict:
        """A database object in the shape of a cleaned row."""
        return {column.name: column.read(obj) for column in self.columns}

    def cells(self, values: dict) -> dict[str, str]:
        """The canonical cells of a row: what the export writes."""
        return {column.name: column.cell(values[column.name]) for column in self.columns}

    def write(self, obj, values: dict, slug_maps: dict) -> None:
        for column in self.columns:
            column.write(obj, values[column.name], slug_maps)


class SpreadsheetFiles:
    def __init__(self):
        self._files: dict[str, SpreadsheetFile] = {}
        self._ordered: tuple[SpreadsheetFile, ...] | None = None
        self._discovered = False
        self._lock = threading.Lock()

    def register(self, adapter: SpreadsheetFile) -> SpreadsheetFile:
        if adapter.name in self._files and self._files[adapter.name] is not adapter:
            raise ImproperlyConfigured(f"Two adapters declare the file {adapter.name!r}.")
        self._files[adapter.name] = adapter
        self._ordered = None
        return adapter

    def _discover(self) -> None:
        with self._lock:
            if not self._discovered:
                autodiscover_modules("exchange")
                self._discovered = True

    def _order(self) -> tuple[SpreadsheetFile, ...]:
        """References first: a file comes after every file it points at."""
        self._discover()
        if self._ordered is None:
            waiting = dict(sorted(self._files.items(), key=lambda i: (i[1].order, i[0])))
            ordered: list[SpreadsheetFile] = []
            while waiting:
                placed = {adapter.name for adapter in ordered}
                ready = [
                    adapter
                    for adapter in waiting.values()
                    if adapter.referenced_files() - {adapter.name} <= placed
                ]
                if not ready:
                    raise ImproperlyConfigured(
                        "Spreadsheet files refer to missing files or to each other in a "
                        f"circle: {', '.join(waiting)}"
                    )
                ordered.append(ready[0])
                del waiting[ready[0].name]
            self._ordered = tuple(ordered)
        return self._ordered

    def __iter__(self) -> Iterator[SpreadsheetFile]:
        return iter(self._order())

    def names(self) -> tuple[str, ...]:
        return tuple(adapter.name for adapter in self._order())

    def get(self, name: str) -> SpreadsheetFile:
        self._discover()
        return self._files[name]

    def columns(self, name: str) -> tuple[str, ...]:
        return self.get(name).column_names

    def index(self, name: str) -> int:
        return self.names().index(name)


spreadsheet_files = SpreadsheetFiles()

__all__ = ["SpreadsheetFile", "spreadsheet_files", "target_key"]
