from modelsearch.backends import opensearch2

from . import build_backend

SearchBackend = build_backend(opensearch2, "OpenSearch2")
