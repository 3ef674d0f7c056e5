from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = "Monitoring and KPIs"

    def ready(self):
        from django.contrib.auth.models import Group

        from kpi.permissions import after_migrate, on_group_saved

        post_save.connect(on_group_saved, sender=Group, dispatch_uid="kpi-secretariat")
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="kpi-after-migrate")
