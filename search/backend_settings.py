"""Which search engine runs, chosen purely by environment variables (read in settings).

SEARCH_BACKEND: postgres (default), elasticsearch8, elasticsearch9, opensearch2, opensearch3
SEARCH_URL:     the cluster's URL for the Elasticsearch/OpenSearch engines
SEARCH_INDEX:   index name prefix (default "portal", giving e.g. portal_directory_organisation)
"""

from __future__ import annotations

ENGINES = {
    "postgres": "search.backends.postgres",
    "elasticsearch8": "search.backends.elasticsearch.elasticsearch8",
    "elasticsearch9": "search.backends.elasticsearch.elasticsearch9",
    "opensearch2": "search.backends.elasticsearch.opensearch2",
    "opensearch3": "search.backends.elasticsearch.opensearch3",
}
# Aliases people will type.
ENGINES["database"] = ENGINES["postgres"]
ENGINES["elasticsearch"] = ENGINES["elasticsearch9"]
ENGINES["opensearch"] = ENGINES["opensearch3"]


def search_backends(engine: str | None, url: str | None, index: str | None = None) -> dict:
    engine = (engine or "postgres").strip().lower()
    if engine not in ENGINES:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(sorted(ENGINES))}")
    if ENGINES[engine] == ENGINES["postgres"]:
        config = {"BACKEND": ENGINES[engine], "SEARCH_CONFIG": "dutch_unaccent"}
    else:
        if not url:
            raise ValueError("SEARCH_URL is required for Elasticsearch and OpenSearch")
        config = {
            "BACKEND": ENGINES[engine],
            "URLS": [u.strip() for u in url.split(",") if u.strip()],
            "INDEX_PREFIX": f"{index or 'portal'}_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    return {"default": config}
