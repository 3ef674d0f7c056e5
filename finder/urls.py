from django.urls import path

from finder import compare, views

app_name = "finder"
urlpatterns = [
    path("", views.finder_view, name="finder"),
    path("results/", views.results_view, name="results"),
    path("compare/", compare.compare_view, name="compare"),
    path("compare/registration/", compare.registration_view, name="registration"),
]
