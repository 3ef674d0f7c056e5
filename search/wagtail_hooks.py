"""Admin for what editors keep for the public search: synonyms (best bets: Wagtail's
`search_promotions`, under Settings → Promoted search results)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    add_to_admin_menu = False
    list_display = ["__str__", "note", "active"]
    list_filter = ["active"]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)
