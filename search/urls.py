from django.urls import path

from search import feeds, views

app_name = "search"
urlpatterns = [
    path("", views.search_view, name="search"),
    path("feed/", feeds.search_feed, name="feed"),
    path("calendar/", feeds.search_calendar, name="calendar"),
]
