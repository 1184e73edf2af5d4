"""OpenSearch with Dutch analysis, answering from PostgreSQL full-text search when it is down.

``SEARCH_BACKEND=opensearch`` configures two Wagtail search backends (see
``search.backend_settings``): this one as ``default`` and the PostgreSQL backend as
``postgres``. Both follow every save, delete, import and ``update_index``, so the PostgreSQL
index is current when OpenSearch stops answering. Then ``search_kinds`` (the engine's
retrieval entry point) answers from PostgreSQL, logs ONE warning for the outage and tries
OpenSearch again after ``RETRY_SECONDS``, so a dead node costs one timeout per interval,
not one per search.

Built on modelsearch's ``opensearch3`` backend, which is written for the opensearch-py 3
client we pin; it talks to OpenSearch 2.x servers (tested live against 2.19 by
``tests/test_search_opensearch_live.py``). modelsearch's ``opensearch2`` backend is for the
opensearch-py 2 client and fails with ours, so it is not offered.
"""

from __future__ import annotations

import logging
import threading
import time

from django.utils.crypto import get_random_string
from modelsearch.backends import opensearch3
from modelsearch.index import get_indexed_models
from opensearchpy.exceptions import RequestError, TransportError
from opensearchpy.helpers import BulkIndexError
from wagtail.search.backends import get_search_backend

from . import build_backend

logger = logging.getLogger(__name__)

FALLBACK_BACKEND = "postgres"
RETRY_SECONDS = 30.0
# Connection refused or timed out, no node left, a missing index, a cluster that answers
# with an error: all TransportError. The resident gets PostgreSQL's answer instead of a 500.
ENGINE_ERRORS = (TransportError,)


class Availability:
    """Whether OpenSearch answered lately, shared by every backend instance of the process."""

    def __init__(self, retry_seconds: float = RETRY_SECONDS):
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self._retry_at = 0.0

    def should_try(self) -> bool:
        return self.down_since is None or time.monotonic() >= self._retry_at

    def failed(self, error: Exception, during: str = "search") -> None:
        with self._lock:
            now = time.monotonic()
            self._retry_at = now + self.retry_seconds
            if self.down_since is not None:
                return
            self.down_since = now
        logger.warning(
            "OpenSearch failed during %s (%s: %s); search answers from PostgreSQL full-text "
            "search and tries OpenSearch again every %.0f s",
            during,
            type(error).__name__,
            str(error)[:200],
            self.retry_seconds,
        )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self._lock:
            since, self.down_since = self.down_since, None
        if since is not None:
            logger.info("OpenSearch answers again after %.0f s", time.monotonic() - since)

    def reset(self) -> None:
        with self._lock:
            self.down_since, self._retry_at = None, 0.0


availability = Availability()


class AliasSwapIndexMixin:
    """``update_index`` moves the alias in one atomic request (remove old, add new).

    modelsearch adds the alias to the new index and deletes the old one afterwards; in
    between the alias points at both, searches see every document twice and writes fail
    (an alias over two indexes has no write index).
    """

    def put_alias(self, name):
        actions = [{"add": {"index": self.name, "alias": name}}]
        if self.es.indices.exists_alias(name=name):
            current = [i for i in self.es.indices.get_alias(name=name) if i != self.name]
            actions = [{"remove": {"index": i, "alias": name}} for i in current] + actions
        self.es.indices.update_aliases(body={"actions": actions})


class CreateIndexOnWriteMixin:
    """The first write to a missing index creates it, as ``update_index`` would: a new index
    with the Dutch analysis and every model's mapping, behind the alias.

    ``make run`` imports the sample data before anyone ran ``update_index``; without this
    every document of the import was refused (index_not_found) and the import rolled back.
    """

    def _ensure_index(self, model) -> None:
        index = self.get_index_for_model(model)
        ready = self.__dict__.setdefault("_ready_indexes", set())
        if index.name in ready:
            return
        if not index.exists():
            concrete = self.index_class(self, f"{index.name}_{get_random_string(7).lower()}")
            try:
                concrete.put()
            except RequestError:  # another process created it a moment ago
                pass
            else:
                for indexed in get_indexed_models():
                    if self.get_index_for_model(indexed).name == index.name:
                        concrete.add_model(indexed)
                concrete.put_alias(index.name)
        ready.add(index.name)

    def add(self, obj):
        self._ensure_index(type(obj))
        return super().add(obj)

    def add_bulk(self, model, obj_list):
        self._ensure_index(model)
        return super().add_bulk(model, obj_list)


class PostgresFallbackMixin:
    """Retrieval that falls back to the ``postgres`` search backend when OpenSearch fails."""

    def _fallback_backend(self):
        fallback = self.__dict__.get("_postgres")
        if fallback is None:
            fallback = self.__dict__["_postgres"] = get_search_backend(FALLBACK_BACKEND)
        return fallback

    def _ranked_kinds(self, querysets: dict, query, limit: int) -> dict[str, dict[int, float]]:
        """The top ``limit`` scores of every kind in ONE request (``_msearch``), on
        PostgreSQL's scale (see ``.ranking``): no word rarity per index, so the kinds'
        scores compare as they do on PostgreSQL. Each kind's search is the one Wagtail
        builds for its queryset (live and locale are filters in it); the primary keys come
        from the hits, without asking the database (the engine loads the items it keeps)."""
        kinds = list(querysets)
        lines = []
        for kind in kinds:
            queryset = querysets[kind]
            results = self.search(query, queryset.only("pk"), operator="or")
            lines.append({"index": self.get_index_for_model(queryset.model).name})
            lines.append(
                {
                    **results._get_es_body(),
                    "from": 0,
                    "size": limit,
                    "_source": False,
                    "stored_fields": ["pk"],
                }
            )
        responses = self.es.msearch(body=lines)["responses"]
        found = {}
        for kind, response in zip(kinds, responses, strict=True):
            if "error" in response:
                raise TransportError(response.get("status", 500), "msearch", response["error"])
            model = querysets[kind].model
            found[kind] = {
                model._meta.pk.to_python(hit["fields"]["pk"][0]): float(hit["_score"] or 0.0)
                for hit in response["hits"]["hits"]
            }
        return found

    def search_kinds(self, querysets: dict, query, limit: int, allowed: dict) -> dict:
        """{kind: {pk: score}} for each kind's queryset; ``allowed`` is PostgreSQL's shortcut
        (OpenSearch checks live/locale in the query itself)."""
        if querysets and availability.should_try():
            try:
                found = self._ranked_kinds(querysets, query, limit)
            except ENGINE_ERRORS as error:
                availability.failed(error)
            else:
                availability.answered()
                return found
        return self._fallback_backend().search_kinds(querysets, query, limit, allowed)

    def add_bulk(self, model, obj_list):
        """The import indexes in bulk: an outage must not undo it (PostgreSQL has the rows
        and its own index); OpenSearch catches up with ``update_index``."""
        try:
            return super().add_bulk(model, obj_list)
        except (*ENGINE_ERRORS, BulkIndexError) as error:
            availability.failed(error, during="indexing")
            logger.warning(
                "OpenSearch missed %d %s changes: run `manage.py update_index` once it is back",
                len(obj_list),
                model._meta.label,
            )
            return None


_Dutch = build_backend(opensearch3, "OpenSearch")
_Index = type("DutchOpenSearchIndex", (AliasSwapIndexMixin, _Dutch.index_class), {})
SearchBackend = type(
    "DutchOpenSearchBackend",
    (PostgresFallbackMixin, CreateIndexOnWriteMixin, _Dutch),
    {"index_class": _Index},
)
