"""What is published: the live Dutch items, and loading them for their documents.

Only live Dutch items are published (``live_services()`` and friends); a live service of an
organisation that is not live is left out, a location's link to such an organisation too.

``load_services``/``load_organizations``/``load_locations`` fetch everything a list of
documents needs in a fixed number of queries, whatever the size of the database.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import OuterRef, Prefetch, Subquery

from portal.core.kinds import item_kinds

from .hsds_fields import LANGUAGE


def _model(name: str):
    return item_kinds.get(name).model


def Organisation():  # noqa: N802 - reads like the model class it returns
    return _model("organisation")


def Service():  # noqa: N802
    return _model("service")


def Location():  # noqa: N802
    return _model("location")


def Theme():  # noqa: N802
    return apps.get_model("directory", "Theme")


def TargetGroup():  # noqa: N802
    return apps.get_model("directory", "TargetGroup")


def District():  # noqa: N802
    return apps.get_model("locations", "District")


# --- what is published --------------------------------------------------------------------
def live_organizations():
    return Organisation().objects.filter(live=True, locale__language_code=LANGUAGE)


def live_services():
    return Service().objects.filter(
        live=True, locale__language_code=LANGUAGE, organisation__live=True
    )


def live_locations():
    return Location().objects.filter(live=True, locale__language_code=LANGUAGE)


def _modified_subquery(relation_model, link_filter: str):
    """Newest ``last_published_at`` of the live locations linked to the outer row."""
    return Subquery(
        relation_model.objects.filter(**{link_filter: OuterRef("pk")}, live=True)
        .order_by("-last_published_at")
        .values("last_published_at")[:1]
    )


def with_modified(services):
    """Annotate ``locations_modified``: last_modified covers the service's locations too."""
    return services.annotate(
        locations_modified=_modified_subquery(Location(), "services"),
    )


def load_services(queryset, *, full: bool = True) -> list:
    """Services with everything their documents need, in a fixed number of queries."""
    queryset = with_modified(queryset).select_related("organisation")
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("themes", queryset=Theme().objects.only("pk")),
            Prefetch("organisation__districts", queryset=District().objects.only("pk")),
            Prefetch("locations", queryset=_location_queryset(live_locations())),
        )
    return list(queryset)


def _location_queryset(queryset):
    return queryset.select_related("organisation").prefetch_related("opening_hours", "closed_dates")


def load_locations(queryset) -> list:
    return list(_location_queryset(queryset))


def load_organizations(queryset, *, full: bool = True) -> list:
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("themes", queryset=Theme().objects.only("pk")),
            Prefetch("target_groups", queryset=TargetGroup().objects.only("pk")),
            Prefetch("locations", queryset=_location_queryset(live_locations())),
        )
    return list(queryset)
