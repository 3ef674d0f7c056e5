from django.urls import path

from opendata import views

urlpatterns = [
    path("data/", views.catalog_api, name="data-api"),
    path("data/<str:name>", views.file_api, name="data-file-api"),
]
