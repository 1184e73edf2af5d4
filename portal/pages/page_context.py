"""Context for the home page: theme tiles and the nearest ways to get help."""

from __future__ import annotations

from directory.models import Theme
from locations import statuses
from locations.models import Location
from locations.page_context import shown_locations
from portal.core.localized import active_language


def home_context(request) -> dict:
    wijkentrees = (
        shown_locations()
        .filter(kind=Location.Kind.WIJKENTREE)
        .for_cards()
        .order_by("district__sort_order", "name")
    )
    return {
        "themes": list(Theme.objects.filter(parent=None).for_language(active_language())),
        "wijkentrees": statuses.attach_statuses(list(wijkentrees)),
        # The home page has its own search form first; a second one in the header would
        # give screen readers two identical search landmarks.
        "hide_header_search": True,
    }
