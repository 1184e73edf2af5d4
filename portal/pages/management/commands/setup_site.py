"""Create the page tree (Dutch and English) that the portal needs. Safe to run again.

Pages that already exist (found by their slug) are left exactly as editors made them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from directory.models import OrganisationIndexPage, ServiceIndexPage, ThemeIndexPage
from faq.models import FAQIndexPage
from locations.models import LocationIndexPage
from portal.localization.trees import ensure_language_trees
from portal.pages.models import ContentPage, HomePage
from portal.pages.site_content import CONTENT_PAGES, HOME, INDEX_PAGES


class Command(BaseCommand):
    help = "Create the home page, index pages and general pages in Dutch and English."

    @transaction.atomic
    def handle(self, *args, **options):
        nl = Locale.get_default()
        en, _ = Locale.objects.get_or_create(language_code="en")
        home = self.ensure_home(nl)
        index_models = {
            "themes": ThemeIndexPage,
            "organisations": OrganisationIndexPage,
            "services": ServiceIndexPage,
            "locations": LocationIndexPage,
            "faq": FAQIndexPage,
        }
        created = 0
        for key, spec in INDEX_PAGES.items():
            created += self.ensure_child(home, index_models[key], spec, en)
        for spec in CONTENT_PAGES:
            created += self.ensure_child(home, ContentPage, spec, en)
        # Every other site language: the pages not translated yet, as aliases of the Dutch ones.
        created += ensure_language_trees()
        self.stdout.write(f"Site ready: {created} page(s) created.")

    def ensure_home(self, nl):
        home = HomePage.objects.filter(locale=nl).first()
        if home is None:
            # Wagtail's placeholder welcome page (and the site pointing at it) gives way.
            for page in Page.objects.filter(depth=2).not_type(HomePage):
                page.delete()
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(
                    title=HOME["nl"]["title"],
                    slug="home",
                    introduction=HOME["nl"]["introduction"],
                    locale=nl,
                )
            )
            home.save_revision().publish()
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "root_page": home,
                    "hostname": "localhost",
                    "port": 80,
                    "site_name": "Basisondersteuning Hengelo",
                },
            )
        en = Locale.objects.get(language_code="en")
        if not home.get_translations().filter(locale=en).exists():
            translated = home.copy_for_translation(en)
            translated.title = HOME["en"]["title"]
            translated.introduction = HOME["en"]["introduction"]
            translated.save_revision().publish()
        return home

    def ensure_child(self, home, model, spec, en) -> int:
        created = 0
        page = model.objects.child_of(home).filter(slug=spec["nl"]["slug"]).first()
        if page is None:
            fields = {k: v for k, v in spec["nl"].items() if k != "slug"}
            page = home.add_child(instance=model(slug=spec["nl"]["slug"], **fields))
            page.save_revision().publish()
            created += 1
        if not page.get_translations().filter(locale=en).exists():
            translated = page.copy_for_translation(en, copy_parents=True)
            for field, value in spec["en"].items():
                setattr(translated, field, value)
            translated.save_revision().publish()
            created += 1
        return created
