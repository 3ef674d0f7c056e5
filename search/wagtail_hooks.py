"""Admin for what editors keep for the public search: synonyms (best bets: Wagtail's
`search_promotions`, under Settings → Promoted search results)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup
from search.tasks import queue_report


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    add_to_admin_menu = False
    list_display = ["__str__", "note", "active"]
    list_filter = ["active"]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)


class SearchQueuePanel(Component):
    """The dashboard's word on the search index queue: what waits, what failed for good."""

    name = "search_queue"
    order = 150

    def render_html(self, parent_context=None):
        report = queue_report()
        failures = format_html_join(
            "", "<li><code>{}</code></li>", ((line,) for line in report.permanent_failures)
        )
        return format_html(
            '<section class="w-panel"><h2 class="w-panel__heading">{}</h2><p>{}</p>{}</section>',
            _("Search index queue"),
            _(
                "pending: %(pending)d · running: %(running)d · stale running: %(stale)d · "
                "failed attempts (retried): %(retried)d · failed for good: %(failed)d"
            )
            % {
                "pending": report.pending,
                "running": report.running,
                "stale": report.stale,
                "retried": report.retried_failures,
                "failed": len(report.permanent_failures),
            },
            format_html("<ul>{}</ul>", failures) if report.permanent_failures else "",
        )


@hooks.register("construct_homepage_panels")
def add_search_queue_panel(request, panels):
    if request.user.is_superuser:
        panels.append(SearchQueuePanel())
