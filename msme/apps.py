from django.apps import AppConfig


class MsmeConfig(AppConfig):
    name = "msme"
    verbose_name = "MSME size definitions"
