from modelsearch.backends import opensearch3

from . import build_backend

SearchBackend = build_backend(opensearch3, "OpenSearch3")
