from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "E-mail alerts"

    def ready(self):
        from alerts import (
            signals,  # noqa: F401  (connects the publish receiver)
            tasks,  # noqa: F401  (registers the sending task with the services)
        )
