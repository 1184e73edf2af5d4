from modelsearch.backends import elasticsearch9

from . import build_backend

SearchBackend = build_backend(elasticsearch9, "Elasticsearch9")
