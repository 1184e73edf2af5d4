from django.urls import path

from . import package_views, views

# Outside the language prefixes: one API, Dutch content.
api_urlpatterns = [
    path("api/hsds/", views.root, name="hsds_root"),
    path("api/hsds/openapi.json", views.openapi, name="hsds_openapi"),
    path("api/hsds/datapackage.zip", package_views.datapackage_zip, name="hsds_datapackage"),
    path("api/hsds/services", views.services, name="hsds_services"),
    path("api/hsds/services/<str:id>", views.service, name="hsds_service"),
    path("api/hsds/organizations", views.organizations, name="hsds_organizations"),
    path("api/hsds/organizations/<str:id>", views.organization, name="hsds_organization"),
    path("api/hsds/taxonomies", views.taxonomies, name="hsds_taxonomies"),
    path("api/hsds/taxonomies/<str:id>", views.taxonomy, name="hsds_taxonomy"),
    path("api/hsds/taxonomy_terms", views.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("api/hsds/taxonomy_terms/<str:id>", views.taxonomy_term, name="hsds_taxonomy_term"),
    path(
        "api/hsds/service_at_locations",
        views.service_at_locations,
        name="hsds_service_at_locations",
    ),
    path(
        "api/hsds/service_at_locations/<str:id>",
        views.service_at_location,
        name="hsds_service_at_location",
    ),
]

# Inside i18n_patterns: /open-data/ on the Dutch site, /en/open-data/ on the English one.
page_urlpatterns = [
    path("open-data/", views.page, name="open_data"),
]

# The list views whose ``search`` parameter uses the site's search engine.
SEARCHING_VIEWS = (views.services, views.organizations, views.service_at_locations)


def wired(search) -> list:
    """``api_urlpatterns`` with the search feature's ``run_search`` handed to the views
    that search, by the project's wiring (``portal.urls``): features do not import each
    other (see ``searching.py``)."""
    return [
        path(str(pattern.pattern), pattern.callback, {"search": search}, name=pattern.name)
        if pattern.callback in SEARCHING_VIEWS
        else pattern
        for pattern in api_urlpatterns
    ]
