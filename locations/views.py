from wagtail.snippets.views.snippets import SnippetViewSet

from portal.core.item_views import PublicItemViewSet, last_verified_column, live_column

from .models import District, Location


class LocationViewSet(PublicItemViewSet):
    model = Location
    icon = "home"
    menu_label = "Locaties"
    list_display = ["name", "kind", "district", last_verified_column(), live_column()]
    list_filter = ["kind", "district", "organisation__kind", "last_verified", "live", "locale"]
    ordering = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "pick"
    menu_label = "Stadsdelen"
    list_display = ["name", "slug"]
