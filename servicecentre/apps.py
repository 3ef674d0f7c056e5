from django.apps import AppConfig


class ServiceCentreConfig(AppConfig):
    name = "servicecentre"
    verbose_name = "Service Centre"

    def ready(self):
        from servicecentre.uploads import guard_decompression_bombs

        guard_decompression_bombs()
