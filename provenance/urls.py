from django.urls import path

from provenance import views

app_name = "provenance_public"
urlpatterns = [
    path("report/<int:page_id>/", views.report_problem, name="report"),
]
