"""One sitemap per site language: ``/sitemap-<code>.xml`` lists that language's pages and
every item its index pages serve there (translations, and Dutch items still untranslated),
so each language can be submitted and followed on its own. ``/sitemap.xml`` keeps listing
all languages together (``portal.seo``)."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.models import Locale, Page

from .languages import language_codes


class LanguageSitemap(Sitemap):
    def __init__(self, request, language: str):
        super().__init__(request)
        self.language = language

    def items(self):
        locale = Locale.objects.filter(language_code=self.language).first()
        root = self.get_wagtail_site().root_page
        root = root.get_translation_or_none(locale) if locale else None
        if root is None:
            return Page.objects.none()
        return (
            root.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_urls(self, *args, **kwargs):
        # Index pages list the items shown in the active language.
        with translation.override(self.language):
            return super().get_urls(*args, **kwargs)


def language_sitemap_urls(request) -> list[str]:
    return [request.build_absolute_uri(f"/sitemap-{code}.xml") for code in language_codes()]


@require_safe
def language_sitemap(request, language: str):
    if language not in language_codes():
        raise Http404("Onbekende taal")
    return sitemap(request, {language: LanguageSitemap(request, language)}, section=language)
