from django.urls import path

from msme import api

urlpatterns = [
    path("msme-size/", api.size_check_api, name="msme-size-api"),
    path("msme-size/definitions/", api.definitions_api, name="msme-size-definitions-api"),
]
