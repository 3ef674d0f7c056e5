from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Search analytics"

    def ready(self):
        from analytics import recording  # noqa: F401  (connects the request_finished receiver)
