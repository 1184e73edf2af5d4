"""The import: validate every row of every file, plan, then apply everything in one go.

Every problem is reported as ``file:line: column: message``; only a fully valid set is
written, in one transaction, under the import lock. ``dry_run=True`` computes what would
be created, updated or left unchanged without writing. What a file's rows are and how
their cells read is the adapters' business (``files.py``); this module knows no file.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search.backends import get_search_backends
from wagtail.search.index import Indexed

from .bulk import attach_parental_m2m, create_revisions
from .cells import RowCleaner
from .columns import target_key
from .files import SpreadsheetFile, spreadsheet_files
from .lock import IMPORT_LOCK_WAIT_SECONDS, import_lock
from .reading import RawRow, decode, header_of, read_directory, read_rows
from .results import FileCounts, ImportResult, Problem
from .signals import items_imported

INDEX_CHUNK_SIZE = 1000
PUBLISH_FIELDS = ["live", "has_unpublished_changes", "last_published_at"]


@dataclass
class Item:
    """One valid row: its cleaned values and its canonical cells (the export form)."""

    line: int
    values: dict
    cells: dict[str, str]


def existing_objects(adapter: SpreadsheetFile, locale: Locale, *, live_only: bool = False):
    return adapter.queryset(locale, live_only=live_only).order_by(*adapter.ordering)


def export_cells(adapter: SpreadsheetFile, obj) -> dict[str, str]:
    return adapter.cells(adapter.values_of(obj))


class SpreadsheetImport:
    """Validate, plan and apply an import of the files of the exchange format.

    ``partial``: files that are not given are left alone (an editor uploads only
    ``organisations.csv``); references to them are checked against the database.
    Without it every file must be there (the command-line import of a whole folder).
    """

    def __init__(
        self, sources: Mapping[str, bytes | str | None], *, user=None, partial: bool = False
    ):
        self.sources = sources
        self.user = user
        self.partial = partial
        self.files = tuple(spreadsheet_files)
        self.not_given: set[str] = set()
        self.problems: list[Problem] = []
        self.items: dict[str, list[Item]] = {adapter.name: [] for adapter in self.files}
        self.result = ImportResult()

    # -- validation --

    def validate(self) -> list[Problem]:
        raw_rows: dict[str, list[RawRow] | None] = {}
        # Rows an older layout of one file held for another (files come in reference order).
        derived: dict[str, list[RawRow]] = {}
        for adapter in self.files:
            name = adapter.name
            raw = self.sources.get(name)
            if raw is None:
                raw_rows[name] = derived.get(name)
                if name in derived:
                    continue
                if self.partial or adapter.optional:
                    self.not_given.add(name)
                else:
                    self.problems.append(Problem(name, 0, "bestand", "het bestand ontbreekt"))
                continue
            raw_rows[name] = rows = self._read(adapter, raw, derived)
            if rows is not None and name in derived:
                present = {adapter.raw_key(row) for row in rows}
                rows.extend(row for row in derived[name] if adapter.raw_key(row) not in present)
        self.locale = Locale.get_default()
        known = self._known_slugs(raw_rows)
        for adapter in self.files:
            first_lines: dict[str, int] = {}
            key_lines: dict[str, int] = {}
            for row in raw_rows[adapter.name] or []:
                reason = adapter.skip_reason(row.cells)
                if reason:
                    skipped = self.result.skipped.setdefault(adapter.name, {})
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                before = len(self.problems)
                file = row.source or adapter.name
                cleaner = RowCleaner(
                    file, row.line, row.cells, self.problems, first_lines, row.source_columns
                )
                values = {column.name: column.clean(cleaner, known) for column in adapter.columns}
                adapter.check_row(cleaner, values)
                if len(self.problems) == before and not adapter.keyed_by_slug:
                    key = adapter.row_key(values)
                    first_line = key_lines.setdefault(key, row.line)
                    if first_line != row.line:
                        cleaner.problem(
                            ",".join(adapter.key),
                            f"'{key}' staat al op regel {first_line} van dit bestand",
                        )
                if len(self.problems) == before:
                    self.items[adapter.name].append(Item(row.line, values, adapter.cells(values)))
            adapter.check_file(self.items[adapter.name], self.problems)
        order = {adapter.name: i for i, adapter in enumerate(self.files)}
        self.problems.sort(key=lambda p: (order[p.file], p.line))
        return self.problems

    def _read(self, adapter: SpreadsheetFile, raw, derived: dict) -> list[RawRow] | None:
        """A file's rows in its current layout; an old layout's rows are upgraded."""
        text = decode(adapter.name, raw, self.problems)
        if text is None:
            return None
        header = header_of(text)
        if header not in adapter.old_layouts:
            return read_rows(adapter.name, text, adapter.column_names, self.problems)
        rows = read_rows(adapter.name, text, header, self.problems)
        if rows is None:
            return None
        upgraded = adapter.upgrade(header, rows)
        for name, other_rows in upgraded.items():
            if name != adapter.name:
                derived.setdefault(name, []).extend(other_rows)
        return upgraded[adapter.name]

    def _known_slugs(self, raw_rows) -> dict[str, set[str] | None]:
        """The slugs each reference may name: rows of the file given and of the database."""
        known: dict[str, set[str] | None] = {}
        targets = {target for adapter in self.files for target in adapter.reference_targets()}
        for target in sorted(targets, key=target_key):
            if not isinstance(target, str):
                known[target_key(target)] = set(target.objects.values_list("slug", flat=True))
                continue
            adapter = spreadsheet_files.get(target)
            in_database = set(adapter.rows(self.locale).values_list("slug", flat=True))
            rows = raw_rows[target]
            if target in self.not_given:
                known[target] = in_database
            elif rows is None:
                known[target] = None
            else:
                known[target] = {row.cells["slug"].strip() for row in rows} | in_database
        return known

    # -- planning: what would change --

    def plan(self) -> ImportResult:
        """Compare the valid rows with the database (read only) and fill the counts."""
        self.existing: dict[str, dict[str, object]] = {}
        self.to_create: dict[str, list[Item]] = {}
        self.to_update: dict[str, list[Item]] = {}
        for adapter in self.files:
            name = adapter.name
            key = adapter.row_key
            existing = {
                adapter.object_key(obj): obj for obj in existing_objects(adapter, self.locale)
            }
            self.existing[name] = existing
            counts = FileCounts()
            creates, updates = [], []
            changes = {}
            for item in self.items[name]:
                obj = existing.get(key(item.values))
                if obj is None:
                    creates.append(item)
                    continue
                old_cells = export_cells(adapter, obj)
                if old_cells != item.cells or not getattr(obj, "live", True):
                    updates.append(item)
                    changes[key(item.values)] = [
                        (column, old_cells[column], item.cells[column])
                        for column in adapter.column_names
                        if old_cells[column] != item.cells[column]
                    ]
                else:
                    counts.unchanged += 1
            counts.created, counts.updated = len(creates), len(updates)
            self.to_create[name], self.to_update[name] = creates, updates
            if name in self.not_given:
                continue  # nothing to report about a file that was not uploaded
            self.result.counts[name] = counts
            self.result.created[name] = [key(i.values) for i in creates]
            self.result.updated[name] = [key(i.values) for i in updates]
            self.result.changes[name] = changes
        return self.result

    # -- applying --

    def apply(self) -> None:
        self.now = timezone.now()
        self.slug_maps: dict[str, dict[str, int]] = {
            target_key(target): dict(target.objects.values_list("slug", "pk"))
            for adapter in self.files
            for target in adapter.reference_targets()
            if not isinstance(target, str)
        }
        self.changed_pks: dict[type, set[int]] = {}
        with transaction.atomic():
            for adapter in self.files:
                self._apply_file(adapter)
            self._update_search_index()

    def _apply_file(self, adapter: SpreadsheetFile) -> None:
        name, model, key = adapter.name, adapter.model, adapter.row_key
        position = {key(item.values): i for i, item in enumerate(self.items[name])}

        def prepare(obj, values, new):
            adapter.write(obj, values, self.slug_maps)
            if new and adapter.keeps_file_order:  # editors may reorder them afterwards
                obj.sort_order = position[key(values)]
            if adapter.published:
                self._publish_fields(obj, new)

        created = []
        for item in self.to_create[name]:
            obj = model()
            prepare(obj, item.values, new=True)
            created.append(obj)
        updated = []
        for item in self.to_update[name]:
            obj = self.existing[name][key(item.values)]
            prepare(obj, item.values, new=False)
            updated.append(obj)
        model.objects.bulk_create(created, batch_size=1000)
        fields = adapter.stored_fields + (PUBLISH_FIELDS if adapter.published else [])
        if updated:
            model.objects.bulk_update(updated, fields, batch_size=1000)
        changed = created + updated
        self.changed_pks[model] = {obj.pk for obj in changed}
        # ``changed`` lists the objects in the order of their items.
        items = self.to_create[name] + self.to_update[name]
        for column in adapter.columns:
            pairs = [
                (obj, item.values[column.name]) for obj, item in zip(changed, items, strict=True)
            ]
            if pairs:
                column.write_related(model, pairs, self.slug_maps)
        if adapter.published and changed:
            queryset = adapter.queryset().filter(pk__in=[obj.pk for obj in changed])
            objects = attach_parental_m2m(model, list(queryset))
            create_revisions(model, objects, user=self.user, created_at=self.now)
        if adapter.keyed_by_slug:
            self.slug_maps[name] = dict(adapter.rows(self.locale).values_list("slug", "pk"))

    def _publish_fields(self, obj, new: bool) -> None:
        if new:
            obj.locale = self.locale
            obj.translation_key = uuid.uuid4()
            obj.first_published_at = self.now
        obj.live = True
        obj.has_unpublished_changes = False
        obj.last_published_at = self.now

    def _update_search_index(self) -> None:
        """Re-index what changed, plus items whose indexed related names changed."""
        work: dict[type, set[int]] = {
            adapter.model: set(self.changed_pks.get(adapter.model, set())) for adapter in self.files
        }
        for adapter in self.files:
            pks = self.changed_pks.get(adapter.model)
            if pks:
                for model, related in adapter.dependents(pks).items():
                    work.setdefault(model, set()).update(related)
        work = {model: pks for model, pks in work.items() if issubclass(model, Indexed)}
        # Receivers (search) drop caches derived from the data before the index is written:
        # its extra indexed text comes from a vocabulary of all published text.
        items_imported.send(sender=SpreadsheetImport, changed=work)
        for backend in get_search_backends(with_auto_update=True):
            for model, pks in work.items():
                ordered = sorted(pks)
                for start in range(0, len(ordered), INDEX_CHUNK_SIZE):
                    chunk = ordered[start : start + INDEX_CHUNK_SIZE]
                    objects = list(model.get_indexed_objects().filter(pk__in=chunk))
                    backend.add_bulk(model, attach_parental_m2m(model, objects))

    # -- entry point --

    def run(
        self, *, dry_run: bool = False, lock_wait: float = IMPORT_LOCK_WAIT_SECONDS
    ) -> ImportResult:
        """Check everything, then (unless ``dry_run``) write it all in one transaction.

        A real import holds the import lock from before it reads the database until after
        it has written, so its plan cannot go stale under a concurrent import; raises
        ``ImportBusy`` when another import keeps the lock longer than ``lock_wait`` seconds.
        """
        started = time.perf_counter()
        self.result.dry_run = dry_run
        with nullcontext() if dry_run else import_lock(lock_wait):
            self.result.problems = self.validate()
            if not self.result.problems:
                self.plan()
                if not dry_run:
                    self.apply()
        self.result.elapsed = time.perf_counter() - started
        return self.result


def import_files(
    sources: Mapping[str, bytes | str | None],
    *,
    dry_run: bool = False,
    user=None,
    partial: bool = False,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    """Validate and (unless ``dry_run``) import the files given as bytes or text.

    ``partial=True`` imports only the files given and leaves the others alone.
    """
    return SpreadsheetImport(sources, user=user, partial=partial).run(
        dry_run=dry_run, lock_wait=lock_wait
    )


def import_directory(
    path: str | Path,
    *,
    dry_run: bool = False,
    user=None,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    return import_files(read_directory(path), dry_run=dry_run, user=user, lock_wait=lock_wait)
