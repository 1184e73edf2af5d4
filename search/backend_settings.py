"""Which search engine runs, chosen purely by environment variables (read in settings).

SEARCH_BACKEND: postgres (default) or opensearch
SEARCH_URL:     the OpenSearch cluster's URL(s), comma-separated for several nodes
SEARCH_INDEX:   index name prefix (default "portal", giving e.g. portal_directory_organisation)

With OpenSearch the PostgreSQL backend stays configured as a second backend ("postgres"):
Wagtail keeps both indexes current, and search answers from PostgreSQL while OpenSearch is
down (``search.backends.elasticsearch.opensearch``).
"""

from __future__ import annotations

POSTGRES = {"BACKEND": "search.backends.postgres", "SEARCH_CONFIG": "dutch_unaccent"}
OPENSEARCH = "search.backends.elasticsearch.opensearch"
ENGINES = ("postgres", "opensearch")
ALIASES = {"database": "postgres"}

# Every engine we offer is tested live; these were offered once and are not, for a reason.
WITHDRAWN = {
    "elasticsearch": "Elasticsearch is not offered: no Elasticsearch 8/9 server can be "
    "run from Maven Central to test it (its HTTP module is published for 7.x only); use "
    "SEARCH_BACKEND=opensearch",
    "opensearch2": "use SEARCH_BACKEND=opensearch (it serves OpenSearch 2.x servers with the "
    "opensearch-py 3 client we install)",
}
WITHDRAWN["elasticsearch8"] = WITHDRAWN["elasticsearch9"] = WITHDRAWN["elasticsearch"]
WITHDRAWN["opensearch3"] = WITHDRAWN["opensearch2"]

# One replica once a second node exists (a node can fail without losing a shard); none on a
# single node, where a replica could never be placed and the cluster would stay yellow.
OPENSEARCH_INDEX_SETTINGS = {"settings": {"index": {"auto_expand_replicas": "0-1"}}}


def search_backends(engine: str | None, url: str | None, index: str | None = None) -> dict:
    engine = (engine or "postgres").strip().lower()
    engine = ALIASES.get(engine, engine)
    if engine in WITHDRAWN:
        raise ValueError(f"SEARCH_BACKEND={engine}: {WITHDRAWN[engine]}")
    if engine not in ENGINES:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(ENGINES)}")
    if engine == "postgres":
        # An OpenSearch address without SEARCH_BACKEND=opensearch would be silently unused:
        # the site would search PostgreSQL while its operators think it searches OpenSearch.
        given = [name for name, value in (("SEARCH_URL", url), ("SEARCH_INDEX", index)) if value]
        if given:
            raise ValueError(
                f"{' and '.join(given)} only apply to OpenSearch: set SEARCH_BACKEND=opensearch"
                f" or unset {' and '.join(given)}"
            )
        return {"default": dict(POSTGRES)}
    if not url:
        raise ValueError("SEARCH_URL is required for OpenSearch")
    urls = [u.strip() for u in url.split(",") if u.strip()]
    opensearch = {
        "BACKEND": OPENSEARCH,
        "URLS": urls,
        "INDEX_PREFIX": f"{index or 'portal'}_",
        "TIMEOUT": 5,
        # With several nodes a request that times out on one (a node going down) is tried
        # on the next; with one node there is no other to try, so fall back sooner.
        "OPTIONS": {"retry_on_timeout": len(urls) > 1},
        "INDEX_SETTINGS": OPENSEARCH_INDEX_SETTINGS,
        # update_index fills a new index and then moves the alias to it: searches keep
        # answering from the old one meanwhile.
        "ATOMIC_REBUILD": True,
    }
    return {"default": opensearch, "postgres": dict(POSTGRES)}
