from django.apps import AppConfig


class ServiceCentreConfig(AppConfig):
    name = "servicecentre"
    verbose_name = "Service Centre"
