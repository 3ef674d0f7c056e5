"""Public URLs, mounted under /api/v1/ so the API's rate limit covers them."""

from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [path("search/click/", views.click, name="click")]
