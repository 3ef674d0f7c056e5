from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "onestop"
    verbose_name = "Business registration"
