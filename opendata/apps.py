from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Open data"

    def ready(self):
        from opendata import signals  # noqa: F401  (connects the receivers)
