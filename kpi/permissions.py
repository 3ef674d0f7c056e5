"""The Secretariat edits the KPIs and their values (snippets).

Granted when the Secretariat's group is created (`setup_roles`) and after migrations
(for a group that predates this app), so the core's role set-up needs no change.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

ACTIONS = ("add", "change", "delete", "view")
MODELS = ("indicator", "kpivalue")


def grant_kpi_permissions(group: Group) -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="kpi",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    group.permissions.add(*permissions)


def on_group_saved(sender, instance: Group, created: bool, **kwargs) -> None:
    from editorial.roles import SECRETARIAT_GROUP

    if created and instance.name == SECRETARIAT_GROUP:
        grant_kpi_permissions(instance)


def after_migrate(sender, **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from editorial.roles import SECRETARIAT_GROUP

    create_permissions(apps.get_app_config("kpi"), verbosity=0)
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group is not None:
        grant_kpi_permissions(group)
