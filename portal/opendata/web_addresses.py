"""The web addresses documents link to: the site, the API and the item pages."""

from __future__ import annotations

from functools import cached_property

from django.apps import apps
from wagtail.models import Site

from portal.core.kinds import item_kinds

from .hsds_fields import LANGUAGE


class SiteAddresses:
    """The site's addresses, looked up once per response (or export)."""

    def __init__(self, request=None, site_root: str | None = None):
        self.request = request
        self._site_root = site_root

    @cached_property
    def site_root(self) -> str:
        if self._site_root:
            return self._site_root.rstrip("/")
        if self.request is not None:
            return self.request.build_absolute_uri("/").rstrip("/")
        site = Site.objects.filter(is_default_site=True).first()
        return site.root_url.rstrip("/") if site else "http://localhost"

    @cached_property
    def api_root(self) -> str:
        return f"{self.site_root}/api/hsds"

    def _index_url(self, page_model: str, language: str = LANGUAGE) -> str | None:
        model = apps.get_model(page_model)
        page = model.objects.live().filter(locale__language_code=language).first()
        if page is None:
            return None
        url = page.get_url(request=self.request)
        if url is None:
            return None
        return url if url.startswith("http") else f"{self.site_root}{url}"

    @cached_property
    def _item_bases(self) -> dict[str, str | None]:
        return {
            kind.name: self._index_url(kind.index_page_model)
            for kind in item_kinds
            if kind.name in ("organisation", "service", "location")
        }

    def item_url(self, kind: str, item) -> str | None:
        base = self._item_bases.get(kind)
        return f"{base}{item.slug}/" if base else None

    @cached_property
    def _theme_bases(self) -> dict[str, str | None]:
        return {
            language: self._index_url("directory.ThemeIndexPage", language)
            for language in ("nl", "en")
        }
