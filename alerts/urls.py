from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("new/", views.subscribe_view, name="subscribe"),
    path("remind/<int:page_id>/", views.remind_view, name="remind"),
    path("confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("manage/<str:token>/", views.manage_view, name="manage"),
]
