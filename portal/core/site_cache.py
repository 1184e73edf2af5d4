"""The few rows every public request reads, kept per process: the Wagtail site (with its
root page) for a hostname, which child pages each page has, whether any page has view
restrictions, and the site settings.

Reading them costs five to seven database queries per page (a third of a simple page's
server time). They change only when editors change the site's structure or settings, so a
version in the shared cache is bumped on those saves (also after the transaction commits,
so no process keeps what it read before the commit), and ``MAX_AGE`` bounds what a write
without signals could leave behind.

Values are shared between requests: read them, never change them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from portal.core.invalidation import SITE_CACHE_VERSION, bump_version_after_change, current_version

MAX_AGE = 300.0

_state: dict[str, Any] = {"version": None, "built": 0.0, "values": {}}


def cached(name: Any, build: Callable[[], Any]) -> Any:
    """``build()``'s value for ``name`` until the site's structure or settings change."""
    version = current_version(SITE_CACHE_VERSION)
    now = time.monotonic()
    if _state["version"] != version or now - _state["built"] >= MAX_AGE:
        _state.update(version=version, built=now, values={})
    values = _state["values"]
    if name not in values:
        values[name] = build()
    return values[name]


def invalidate(**kwargs) -> None:
    """Forget at once (imports, tests); ``portal.core.invalidation`` bumps on saves."""
    _state["values"] = {}
    bump_version_after_change(SITE_CACHE_VERSION)


def site_for_request(request):
    """The Wagtail site answering this request (as ``Site.find_for_request``), or None."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return cached(("site", hostname, port), find)


class SiteMiddleware:
    """Gives Wagtail the request's site from this process's cache (Wagtail keeps the site
    it finds in ``request._wagtail_site`` and looks there first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)


def child_page(parent, slug: str):
    """``parent``'s child page with this slug, as its specific type, or None: one query
    (Wagtail's routing reads the child, then its specific row)."""

    def children():
        rows = parent.get_children().values_list("slug", "pk", "content_type_id")
        return {child_slug: (pk, type_id) for child_slug, pk, type_id in rows}

    found = cached(("children", parent.pk), children).get(slug)
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    return model.objects.filter(pk=found[0]).first() if model is not None else None


def any_view_restrictions() -> bool:
    return cached("any-view-restrictions", PageViewRestriction.objects.exists)
