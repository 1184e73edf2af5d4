"""The admin menu group "Sociale kaart": it combines the directory's and the locations'
snippets, so it is put together here, above both domain apps."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from directory.views import OrganisationViewSet, ServiceViewSet, TargetGroupViewSet, ThemeViewSet
from locations.views import DistrictViewSet, LocationViewSet


class SocialMapGroup(SnippetViewSetGroup):
    menu_label = "Sociale kaart"
    menu_icon = "globe"
    menu_order = 150
    items = (
        OrganisationViewSet,
        ServiceViewSet,
        LocationViewSet,
        ThemeViewSet,
        DistrictViewSet,
        TargetGroupViewSet,
    )


register_snippet(SocialMapGroup)
