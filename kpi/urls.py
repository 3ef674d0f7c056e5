from django.urls import path

from kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.kpi_index, name="index"),
    path("<slug:code>/", views.kpi_detail, name="detail"),
]
