"""What search engines read: sitemap.xml (both languages, items included) and robots.txt."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal.localization.sitemaps import language_sitemap_urls


class PortalSitemap(Sitemap):
    """Wagtail's sitemap covers the default site's tree only; the English tree is a sibling
    of the Dutch home page, so every translation of the site root is included."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        # And one per language (portal.localization.sitemaps).
        *(f"Sitemap: {url}" for url in language_sitemap_urls(request)),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
