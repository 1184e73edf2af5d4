"""The admin form of every public item: the slug follows the name and is unique per language.

The database holds the rule (``unique_<kind>_slug_per_locale``), but Django's form
validation skips a unique constraint when one of its fields (``locale``) is not on the
form, so a duplicate slug reached the database and gave a 500. The form checks it itself
and says so on the slug field, in Dutch.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

SLUG_MAX_LENGTH = 100


def slug_from_title(title: str) -> str:
    return slugify(title or "")[:SLUG_MAX_LENGTH].strip("-")


class PublicItemForm(WagtailAdminModelForm):
    # Names the one "new item" form a create request came from, so a second request from the
    # same form (publish clicked while autosave had just created the item) edits that item
    # instead of creating it twice. See portal.core.item_views.IdempotentCreateView.
    creation_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creation_key"].initial = uuid.uuid4().hex
        if "slug" in self.fields:
            # Left empty, the slug is made from the name (see clean()).
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Vaste naam in het webadres, bijvoorbeeld 'wijkentree-berflo'. Leeg laten: "
                "wordt gemaakt van de naam. Na publiceren niet meer wijzigen."
            )

    def clean(self):
        cleaned_data = super().clean()
        if "slug" not in self.fields or self.has_error("slug"):
            return cleaned_data
        title_field = self.instance.title_field
        slug = cleaned_data.get("slug") or slug_from_title(cleaned_data.get(title_field, ""))
        if not slug:
            self.add_error(
                "slug", "Vul een slug in, of eerst de naam: de slug wordt daarvan gemaakt."
            )
            return cleaned_data
        cleaned_data["slug"] = slug
        self.instance.slug = slug
        duplicate = self.duplicate_of(slug)
        if duplicate is not None:
            self.add_error(
                "slug",
                f"Het webadres '{slug}' is al in gebruik door '{duplicate}'. "
                "Kies een andere slug, bijvoorbeeld met de wijk of straat erbij.",
            )
        return cleaned_data

    def duplicate_of(self, slug: str):
        """Another item of this kind and language with this slug, or None."""
        locale_id = self.instance.locale_id or Locale.get_default().pk
        return (
            type(self.instance)
            .objects.filter(slug=slug, locale_id=locale_id)
            .exclude(pk=self.instance.pk)
            .first()
        )
