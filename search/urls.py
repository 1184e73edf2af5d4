from django.urls import path

from . import views

api_urlpatterns = [
    path("api/v1/search/", views.search_api, name="search_api"),
    path("api/v1/search/suggest/", views.suggest_api, name="search_suggest_api"),
]

# Inside i18n_patterns: /zoeken/ on the Dutch site, /en/search/ on the English one.
page_urlpatterns = [
    path("zoeken/", views.search_page, name="search"),
    path("search/", views.search_page, name="search_en"),
]
