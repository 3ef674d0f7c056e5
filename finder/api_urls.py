from django.urls import path

from finder import api

urlpatterns = [path("finder/", api.finder_api, name="finder-api")]
