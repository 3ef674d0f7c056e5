"""The editorial roles: groups, their page and collection permissions, and review workflows.

The group names are the contract between `setup_roles` and the code that asks who
someone is (translators' languages, editors to remind): keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from editorial.texts import language_name, target_languages
from servicecentre.models import Country, CountryPage

SECRETARIAT_GROUP = "ASEAN Secretariat"
TRADE_AGREEMENTS_WORKFLOW = "Trade agreements review"
TRADE_AGREEMENTS_TASK = "ASEAN Secretariat approval"

# Page permissions are Wagtail's (codename prefix + "_page"); granted on the hub and
# inherited by everything below it.
EDITOR_PAGE_PERMISSIONS = ("add", "change")
APPROVER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
SECRETARIAT_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
# Translators edit existing pages (their language, see docs); they never add or publish.
TRANSLATOR_PAGE_PERMISSIONS = ("change",)

EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose")),
    ("wagtaildocs", "document", ("add", "change", "choose")),
)
APPROVER_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "delete", "choose")),
    ("wagtaildocs", "document", ("add", "change", "delete", "choose")),
)


def editors_group_name(country: Country) -> str:
    return f"{country.name_en} editors"


def approvers_group_name(country: Country) -> str:
    return f"{country.name_en} approvers"


def translators_group_name(language: str) -> str:
    return f"Translators ({language_name(language)})"


def review_workflow_name(country: Country) -> str:
    return f"{country.name_en} review"


def approval_task_name(country: Country) -> str:
    return f"{country.name_en} approval"


@dataclass
class RolesSummary:
    groups: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    workflows: list[str] = field(default_factory=list)


@transaction.atomic
def setup_roles() -> RolesSummary:
    """Create or complete every editorial group, collection and workflow (idempotent).

    Only adds what is missing: permissions an administrator granted by hand stay.
    """
    from market_info.models import FtaIndexPage
    from servicecentre.services import ensure_site_structure

    _permission_cache.clear()
    home = ensure_site_structure()
    trade_agreements = FtaIndexPage.objects.get()
    summary = RolesSummary()
    root_collection = Collection.get_first_root_node()

    secretariat = _group(SECRETARIAT_GROUP, summary)
    _grant_pages(secretariat, home, SECRETARIAT_PAGE_PERMISSIONS)
    _grant_collection(secretariat, root_collection, APPROVER_COLLECTION_PERMISSIONS)

    translators = [_group(translators_group_name(code), summary) for code in target_languages()]
    for group in translators:
        _grant_pages(group, trade_agreements, TRANSLATOR_PAGE_PERMISSIONS)

    hubs = CountryPage.objects.select_related("country").order_by("country__sort_order")
    for hub in hubs:
        country = hub.country
        editors = _group(editors_group_name(country), summary)
        approvers = _group(approvers_group_name(country), summary)
        _grant_pages(editors, hub, EDITOR_PAGE_PERMISSIONS)
        _grant_pages(approvers, hub, APPROVER_PAGE_PERMISSIONS)
        for group in translators:
            _grant_pages(group, hub, TRANSLATOR_PAGE_PERMISSIONS)

        collection = _collection(root_collection, country.name_en, summary)
        _grant_collection(editors, collection, EDITOR_COLLECTION_PERMISSIONS)
        _grant_collection(approvers, collection, APPROVER_COLLECTION_PERMISSIONS)

        # The Secretariat is in every country's approval task, so its members see and
        # can act on every queue; each member can mute the e-mails in their account.
        _workflow(
            review_workflow_name(country),
            approval_task_name(country),
            [approvers, secretariat],
            hub,
            summary,
        )

    _workflow(
        TRADE_AGREEMENTS_WORKFLOW, TRADE_AGREEMENTS_TASK, [secretariat], trade_agreements, summary
    )
    return summary


def _permission(app_label: str, codename: str) -> Permission:
    # Cached for one set-up run: it looks up the same few permissions hundreds of times.
    key = (app_label, codename)
    if key not in _permission_cache:
        _permission_cache[key] = Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
    return _permission_cache[key]


_permission_cache: dict[tuple[str, str], Permission] = {}


def _group(name: str, summary: RolesSummary) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    if created:
        summary.groups.append(name)
    return group


def _grant_pages(group: Group, page: Page, permission_types: tuple[str, ...]) -> None:
    app_label = ContentType.objects.get_for_model(Page).app_label
    for permission_type in permission_types:
        permission = _permission(app_label, f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _collection(root: Collection, name: str, summary: RolesSummary) -> Collection:
    existing = root.get_children().filter(name=name).first()
    if existing:
        return existing
    summary.collections.append(name)
    return root.add_child(name=name)


def _grant_collection(group: Group, collection: Collection, grants: tuple) -> None:
    for app_label, model, permission_types in grants:
        for permission_type in permission_types:
            permission = _permission(app_label, f"{permission_type}_{model}")
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _workflow(
    name: str, task_name: str, groups: list[Group], page: Page, summary: RolesSummary
) -> Workflow:
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(*groups)
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created:
        summary.workflows.append(name)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


# --- Who is who ----------------------------------------------------------------------


def is_secretariat(user) -> bool:
    """Whether the user acts for the whole region (the Secretariat, or a superuser)."""
    return user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()


def translation_languages_for(user) -> list[str]:
    """The languages whose translations the user may import (all for the Secretariat)."""
    if is_secretariat(user):
        return target_languages()
    names = set(user.groups.values_list("name", flat=True))
    return [code for code in target_languages() if translators_group_name(code) in names]


def reminder_recipients(country_code: str) -> QuerySet:
    """Active users with an e-mail who keep a country's content (the Secretariat for ASEAN)."""
    if country_code == "ASEAN":
        group_names = [SECRETARIAT_GROUP]
    else:
        country = Country.objects.get(code=country_code)
        group_names = [editors_group_name(country)]
    return (
        get_user_model()
        .objects.filter(groups__name__in=group_names, is_active=True)
        .exclude(email="")
        .distinct()
    )


def translator_only_languages(user, page: Page) -> list[str] | None:
    """The languages a user may change on a page when they edit it only as a translator.

    None when the user edits the page in another capacity too (editor, approver,
    Secretariat, superuser), and so may change every language.
    """
    if is_secretariat(user):
        return None
    groups = list(user.groups.all())
    translator_groups = {translators_group_name(code): code for code in target_languages()}
    languages = [translator_groups[g.name] for g in groups if g.name in translator_groups]
    if not languages:
        return None
    other_grants = GroupPagePermission.objects.filter(
        group__in=[g for g in groups if g.name not in translator_groups],
        page__in=page.get_ancestors(inclusive=True),
    )
    return None if other_grants.exists() else languages
