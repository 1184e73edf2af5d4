"""Import an HSDS 3.0 data package, or another directory's HSDS API, into the social map.

The rules are the spreadsheet import's: everything is checked first and every problem is
listed as ``file:line: column: message`` (for the API: ``document:0: JSON path: message``);
only a fully valid set is written, in one transaction, under the import lock
(``portal.core.exchange.lock``), so a package with one error changes nothing. Values are
checked by the models' own validators (``clean_fields``/``clean``), the single source of
truth, and each error is reported at the cell the value came from.

What is read, the inverse of ``portal.opendata.mapping``:

* taxonomies we publish (by their fixed ids): themes (Dutch and English term per code),
  target groups, districts (neighbourhoods and postcode areas from the term's
  description), the kinds of organisation and location;
* organizations → Organisation (the postal location is its address; themes, target
  groups and kind from its attributes; districts and languages from its services'
  service areas and languages);
* physical locations → Location (address, phone, accessibility, kind and district from
  attributes, opening hours and closed dates from the schedules);
* services → Service (themes, cost from the cost option, locations from
  service_at_location, ``assured_date`` as last check).

Items keep the incoming ids: the HSDS id of an organisation, service or location is its
``translation_key``; themes, target groups and districts get theirs in
``opendata.Identifier``. An item with a known id is updated; others are created. Items
not in the package stay. Everything imported is published with one revision per created
or changed item. ``last_modified`` becomes the service's publication time (and its
organisation's and locations' when earlier), so a re-export says what the source said.

What we cannot keep is listed as notices (not errors): terms of other taxonomies,
service-level schedules, schedules that are not weekly, inactive services.
"""

from __future__ import annotations

import time
from contextlib import nullcontext

from portal.core.exchange import IMPORT_LOCK_WAIT_SECONDS, import_lock

from .import_plan import ImportResult
from .import_writing import ImportWriter
from .table_rows import TableSet


class HsdsImport(ImportWriter):
    """One import: plan and check (``import_checks``), then write (``import_writing``)."""

    # -- entry point --

    def run(
        self, *, dry_run: bool = False, lock_wait: float = IMPORT_LOCK_WAIT_SECONDS
    ) -> ImportResult:
        started = time.perf_counter()
        self.result.dry_run = dry_run
        with nullcontext() if dry_run else import_lock(lock_wait):
            self.result.problems = self.validate()
            self.result.notices = self.notices
            if not self.result.problems and not dry_run:
                self.apply()
        self.result.elapsed = time.perf_counter() - started
        return self.result


def import_tables(
    tables: TableSet,
    *,
    dry_run: bool = False,
    user=None,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportResult:
    return HsdsImport(tables, user=user).run(dry_run=dry_run, lock_wait=lock_wait)


__all__ = ["HsdsImport", "import_tables"]
