"""The directory's admin views; ``portal.pages.wagtail_hooks`` puts them in the admin menu."""

from wagtail.snippets.views.snippets import SnippetViewSet

from portal.core.item_views import PublicItemViewSet, last_verified_column, live_column

from .models import Organisation, Service, TargetGroup, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thema's"
    list_display = ["name", "slug", "parent"]
    search_fields = ["name", "synonyms"]
    ordering = ["sort_order", "name"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = "Doelgroepen"
    list_display = ["name", "name_en", "slug"]


class OrganisationViewSet(PublicItemViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisaties"
    list_display = ["name", "kind", last_verified_column(), live_column()]
    list_filter = ["kind", "themes", "districts", "cost", "last_verified", "live", "locale"]
    ordering = ["name"]


class ServiceViewSet(PublicItemViewSet):
    model = Service
    icon = "list-ul"
    menu_label = "Aanbod"
    list_display = ["name", "organisation", last_verified_column(), live_column()]
    list_filter = ["themes", "cost", "organisation__kind", "last_verified", "live", "locale"]
    ordering = ["name"]
