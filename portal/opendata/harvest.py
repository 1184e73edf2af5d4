"""Read another directory's HSDS 3.0 API into the standard's tables.

Only ever on an editor's command (``manage.py import_hsds URL``), never while serving a
page. Every request has a timeout and a size limit; a failure stops the whole reading with
a message that names the address (nothing is imported from half a directory).

What is read: the paged ``/taxonomies`` and ``/taxonomy_terms``, the paged
``/organizations`` with each ``/organizations/{id}`` (their locations, kinds, themes),
and the paged ``/services`` with each ``/services/{id}`` (fully nested). Each document's
rows remember the document's address, so problems read ``<address>:0: <JSON path>: …``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote, urlencode

from .tabular import Origin, TableSet

TIMEOUT_SECONDS = 15.0
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PER_PAGE = 50
MAX_PAGES = 10_000
USER_AGENT = "sociale-kaart-hengelo/hsds-import"


class HarvestError(Exception):
    """The API could not be read; nothing was imported."""


class Harvester:
    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_SECONDS):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.requests = 0

    def get(self, path: str, params: dict | None = None):
        url = f"{self.base_url}{path}"
        if params:
            url = f"{url}?{urlencode(params)}"
        # Only http(s) addresses get here (tables_from_api checks the scheme).
        request = urllib.request.Request(  # noqa: S310
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_DOCUMENT_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise HarvestError(
                f"{url} antwoordde met HTTP {error.code} ({error.reason})."
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise HarvestError(f"{url} is niet bereikbaar: {reason}.") from None
        if len(body) > MAX_DOCUMENT_BYTES:
            raise HarvestError(f"{url} is groter dan {MAX_DOCUMENT_BYTES // 2**20} MB.")
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise HarvestError(f"{url} gaf geen geldige JSON.") from None

    def pages(self, path: str) -> Iterator[tuple[str, int, dict]]:
        """(address, position, item) of every item of a paged list (the standard's Page)."""
        page = 1
        while page <= MAX_PAGES:
            document = self.get(path, {"page": page, "per_page": PER_PAGE})
            contents = document.get("contents") if isinstance(document, dict) else None
            if not isinstance(contents, list):
                raise HarvestError(
                    f"{self.base_url}{path}?page={page} is geen HSDS-lijst (geen 'contents')."
                )
            address = f"{self.base_url}{path}?page={page}"
            for position, item in enumerate(contents, start=1):
                yield address, position, item
            total_pages = document.get("total_pages")
            if not contents or not isinstance(total_pages, int) or page >= total_pages:
                return
            page += 1
        raise HarvestError(f"{self.base_url}{path} heeft meer dan {MAX_PAGES} pagina's.")

    def details(self, path: str) -> Iterator[tuple[str, dict]]:
        """(address, document) of each item of a list, read in full from its own address."""
        for address, position, item in self.pages(path):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not item_id:
                raise HarvestError(f"{address}: onderdeel {position} heeft geen id.")
            yield f"{self.base_url}{path}/{item_id}", self.get(f"{path}/{quote(item_id, safe='')}")


def tables_from_api(base_url: str, *, timeout: float = TIMEOUT_SECONDS) -> TableSet:
    if not base_url.startswith(("http://", "https://")):
        raise HarvestError(f"{base_url} is geen http- of https-adres.")
    harvester = Harvester(base_url, timeout=timeout)
    tables = TableSet(tabular=False)
    for address, position, item in harvester.pages("/taxonomies"):
        tables.add_object("taxonomy", item, Origin(address, position))
    for address, position, item in harvester.pages("/taxonomy_terms"):
        tables.add_object("taxonomy_term", item, Origin(address, position))
    for address, document in harvester.details("/organizations"):
        tables.add_object("organization", document, Origin(address))
    for address, document in harvester.details("/services"):
        tables.add_object("service", document, Origin(address))
    return tables
