"""Abstract building blocks shared by the directory, locations and FAQ snippets.

Everything residents read from the social map is a snippet (not a page) so that the
spreadsheet import can create thousands of items quickly, while editors still get drafts,
revisions, preview, locking, moderation workflow and translation. Each item's public URL
is served by a routable index page (see ``portal.core.routing``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from portal.core.item_forms import PublicItemForm
from portal.core.routing import index_page_for

# ``splitter(item, role, *texts)`` gives the parts of the compound words in ``texts``; the
# search feature registers it in its AppConfig.ready(). Without search, nothing is split.
_compound_splitter: list[Callable[..., str] | None] = [None]


def register_compound_splitter(splitter: Callable[..., str]) -> None:
    _compound_splitter[0] = splitter


SLUG_HELP = "Vaste naam in het webadres, bijvoorbeeld 'wijkentree-berflo'. Niet meer wijzigen."


class PublishedQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def in_locale(self, locale: Locale | None = None):
        return self.filter(locale=locale or Locale.get_active())

    def for_cards(self):
        """Only the columns the item's card template shows (``components/*_card.html``):
        lists read a fraction of each row and build lighter objects."""
        return self.select_related(*self.model.card_related).only(*self.model.card_fields)


class PublicItem(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A translatable, moderated item with a public URL below its index page."""

    slug = models.SlugField("slug", max_length=100, help_text=SLUG_HELP)

    objects = PublishedQuerySet.as_manager()
    base_form_class = PublicItemForm

    # The field the slug is made from (and that names the item in the admin).
    title_field = "name"
    # Dotted path of the RoutableIndexPage subclass that serves this model's detail URL.
    index_page_model: str = ""
    detail_template: str = ""
    # Text fields whose compound words are split for search (see search.indexing).
    search_part_fields: tuple[str, ...] = ()
    # What the item's card shows (``for_cards``); keep in step with its card template.
    card_related: tuple[str, ...] = ("locale",)
    card_fields: tuple[str, ...] = ("slug", "locale__language_code")

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def get_index_page(self):
        return index_page_for(self.index_page_model, self.locale_id)

    def get_url(self, request=None) -> str | None:
        index_page = self.get_index_page()
        if index_page is None:
            return None
        base = index_page.get_url(request=request)
        return f"{base}{self.slug}/" if base else None

    @property
    def url(self) -> str | None:
        return self.get_url()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Search field methods must look defined on the concrete model: Elasticsearch
        # mappings name fields after the model that defines them, and this abstract base
        # belongs to no app.
        for name in ("search_name_parts", "search_text_parts"):
            if name not in cls.__dict__:
                setattr(cls, name, getattr(PublicItem, name))

    def search_name_parts(self) -> str:
        """Parts of compound words in the name, indexed like the name (search.indexing)."""
        splitter = _compound_splitter[0]
        return splitter(self, "name", str(self)) if splitter else ""

    def search_text_parts(self) -> str:
        splitter = _compound_splitter[0]
        if splitter is None:
            return ""
        texts = tuple(getattr(self, name, "") for name in self.search_part_fields)
        return splitter(self, "text", *texts)

    def get_preview_template(self, request, mode_name):
        return self.detail_template

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        # The moderator's workflow preview passes this item's revision as ``revision_id``.
        # Wagtail's userbar reads that attribute as a *page* revision of the template's
        # ``page`` (here: the index page) and fails with Revision.DoesNotExist. The userbar
        # has no use for a snippet's revision, so it is not handed on.
        extra = {k: v for k, v in (extra_request_attrs or {}).items() if k != "revision_id"}
        return super().make_preview_request(original_request, preview_mode, extra)

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        index_page = self.get_index_page()
        if index_page is None:
            return {**context, "item": self, "page": None}
        return {**context, **index_page.get_item_context(request, self)}

    @classmethod
    def for_active_language(cls):
        """Live items in the active language; Dutch items stand in for missing translations."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return cls.objects.live().filter(locale__language_code=language)


class VerifiableMixin(models.Model):
    """When a person last checked that the item is still correct (never set by a save)."""

    last_verified = models.DateField("laatst gecontroleerd", null=True, blank=True, editable=False)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gecontroleerd door",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def with_content_json(self, content):
        # Checks are recorded outside revisions (portal.editorial); publishing a draft that
        # was saved before the last check must not roll the check back.
        obj = super().with_content_json(content)
        obj.last_verified = self.last_verified
        obj.last_verified_by_id = self.last_verified_by_id
        return obj


def effective_last_verified(item):
    """The item's own check date; an item that belongs to an organisation (a service, a
    location) and was never checked on its own falls back to its organisation's date (the
    spreadsheet only dates organisations, and the public pages show the same fallback)."""
    if item.last_verified or not hasattr(type(item), "organisation"):
        return item.last_verified
    organisation = item.organisation
    return organisation.last_verified if organisation else None


class Cost(models.TextChoices):
    FREE = "gratis", "Gratis"
    CONTRIBUTION = "eigen-bijdrage", "Eigen bijdrage"
    PAID = "betaald", "Betaald"


# What residents read for each cost code (the choices' labels above are the admin's Dutch).
COST_LABELS = {
    Cost.FREE: pgettext_lazy("kosten", "Gratis"),
    Cost.CONTRIBUTION: pgettext_lazy("kosten", "Eigen bijdrage"),
    Cost.PAID: pgettext_lazy("kosten", "Betaald"),
}
