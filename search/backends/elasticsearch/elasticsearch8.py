from modelsearch.backends import elasticsearch8

from . import build_backend

SearchBackend = build_backend(elasticsearch8, "Elasticsearch8")
