"""Admin hooks of the shared core."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from servicecentre.content_io.history import register_import_action

hooks.register("register_log_actions", register_import_action)


class SearchQueuePanel(Component):
    """The dashboard's word on the search index queue: what waits, what failed for good."""

    name = "search_queue"
    order = 150

    def render_html(self, parent_context=None):
        from search.tasks import queue_report  # the core reports on search; never the reverse

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
