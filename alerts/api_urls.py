from django.urls import path

from alerts import api

urlpatterns = [path("alerts/", api.alerts_api, name="alerts-api")]
