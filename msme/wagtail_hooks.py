"""Admin for the MSME size definitions: editors keep the national thresholds up to date."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from msme.models import SizeDefinition


class SizeDefinitionViewSet(SnippetViewSet):
    model = SizeDefinition
    icon = "table"
    menu_label = _("MSME size definitions")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "sector_key", "currency", "combination", "effective_date"]
    list_filter = ["country", "combination"]
    ordering = ["country__sort_order", "sort_order"]


register_snippet(SizeDefinitionViewSet)
