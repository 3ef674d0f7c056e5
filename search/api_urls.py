from django.urls import path

from search import api

urlpatterns = [
    path("search/", api.search_api, name="search-api"),
    path("search/suggest/", api.suggest_api, name="search-suggest-api"),
]
