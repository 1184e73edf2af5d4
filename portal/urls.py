from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.localization.sitemaps import language_sitemap
from portal.opendata import urls as opendata_urls
from portal.seo import PortalSitemap, robots_txt
from search import urls as search_urls
from search.engine import run_search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}),
    path("sitemap-<str:language>.xml", language_sitemap, name="language_sitemap"),
    path("robots.txt", robots_txt),
    *search_urls.api_urlpatterns,
    # Open data's search parameter uses the site's search (features do not import each other).
    *opendata_urls.wired(search=run_search),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    *opendata_urls.page_urlpatterns,
    path("", include("portal.editorial.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
