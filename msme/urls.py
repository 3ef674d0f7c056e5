from django.urls import path

from msme import views

app_name = "msme"
urlpatterns = [path("", views.check_view, name="check")]
