"""Admin views of the public items: listing columns, and creating an item is idempotent.

Listings show "Ja"/"Nee" instead of True/False, dates in the admin's one format, and for a
service or location the check date the public page shows (its organisation's when it was
never checked on its own).

Wagtail's autosave creates a new item in the background and only then points the form at
the item's edit view. A "Publiceren" or "Bewaar concept" click in between still posts to the
create view, which created the item a second time (a duplicate slug: a 500). Every create
form carries a ``creation_key`` (``portal.core.item_forms.PublicItemForm``); the first request
with a key creates the item, every later one with the same key edits that item. Requests
with the same key take turns (a PostgreSQL advisory lock held until commit), so two
requests in flight at once also end up with one item.
"""

from __future__ import annotations

import re

from django.contrib.admin.utils import quote
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from portal.core.admin_format import admin_date
from portal.core.content import effective_last_verified

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# Long enough for any editing session that still has the create form open.
KEY_TTL_SECONDS = 24 * 60 * 60
DUPLICATE_SLUG_MESSAGE = (
    "Dit webadres (slug) is net door iemand anders in gebruik genomen. Kies een andere slug."
)


class YesNoColumn(Column):
    def get_value(self, instance):
        return "Ja" if super().get_value(instance) else "Nee"


class AdminDateColumn(Column):
    def get_value(self, instance):
        return admin_date(super().get_value(instance))


def live_column() -> Column:
    return YesNoColumn("live", label="Live", sort_key="live")


def last_verified_column() -> Column:
    return AdminDateColumn(
        "last_verified",
        label="Laatst gecontroleerd",
        accessor=effective_last_verified,
        sort_key="last_verified",
    )


class SlugRaceMixin:
    """Two editors saving the same new slug at the same moment: a form error, not a 500."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError as error:
            if "slug" not in str(error):
                raise
            form.add_error("slug", DUPLICATE_SLUG_MESSAGE)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class IdempotentCreateView(SlugRaceMixin, CreateView):
    def creation_cache_key(self, key: str) -> str:
        return f"portal:created-item:{self.model._meta.label_lower}:{self.request.user.pk}:{key}"

    def post(self, request, *args, **kwargs):
        key = request.POST.get("creation_key", "")
        if not KEY_PATTERN.match(key):
            return super().post(request, *args, **kwargs)
        cache_key = self.creation_cache_key(key)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [cache_key])
            created_pk = cache.get(cache_key)
            if created_pk is not None and self.model.objects.filter(pk=created_pk).exists():
                edit_view = self.model.snippet_viewset.edit_view
                return edit_view(request, pk=quote(created_pk))
            response = super().post(request, *args, **kwargs)
            if getattr(self, "object", None) is not None and self.object.pk is not None:
                cache.set(cache_key, self.object.pk, KEY_TTL_SECONDS)
        return response


class SlugRaceEditView(SlugRaceMixin, EditView):
    pass


class PublicItemViewSet(SnippetViewSet):
    add_view_class = IdempotentCreateView
    edit_view_class = SlugRaceEditView
