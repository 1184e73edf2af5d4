"""Who builds the context of an index page's list and item pages.

The page models live in their domain app, but what a page shows may come from other apps
(a theme page lists organisations, services, locations and FAQ answers, read from the
search catalogue). A page asks this registry instead of importing the builder; the app or
layer that can build the context registers it in its ``AppConfig.ready()``::

    page_contexts.register("faq.FAQIndexPage", index=faq_index_context, detail=faq_detail_context)

A page without a registered builder gets an empty context.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Builder = Callable[..., dict]


class PageContextRegistry:
    def __init__(self):
        self._builders: dict[tuple[str, str], Builder] = {}

    def register(
        self, page_model_label: str, *, index: Builder | None = None, detail: Builder | None = None
    ) -> None:
        """``index(request)`` builds the list page's extra context, ``detail(request, item)``
        an item page's."""
        for role, builder in (("index", index), ("detail", detail)):
            if builder is None:
                continue
            key = (page_model_label.lower(), role)
            if self._builders.get(key, builder) is not builder:
                raise ImproperlyConfigured(f"Two {role} contexts for {page_model_label}.")
            self._builders[key] = builder

    def index_context(self, page, request) -> dict:
        builder = self._builders.get((page._meta.label_lower, "index"))
        return builder(request) if builder else {}

    def detail_context(self, page, request, item) -> dict:
        builder = self._builders.get((page._meta.label_lower, "detail"))
        return builder(request, item) if builder else {}


page_contexts = PageContextRegistry()
