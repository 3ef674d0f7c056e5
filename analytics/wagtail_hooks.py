"""Admin wiring: the "Search terms" report under Reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from analytics.admin_views import SearchTermsView, can_see_search_terms

app_name = "analytics_admin"
urlpatterns = [path("search-terms/", SearchTermsView.as_view(), name="search_terms")]


@hooks.register("register_admin_urls")
def register_analytics_urls():
    return [path("analytics/", include((urlpatterns, app_name), namespace=app_name))]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_terms(request.user)


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        _("Search terms"),
        reverse("analytics_admin:search_terms"),
        name="search-terms",
        icon_name="search",
        order=1170,
    )


@hooks.register("construct_reports_menu")
def hide_the_promotions_query_report(request, menu_items):
    """One "Search terms" report: Wagtail's search_promotions adds one of its own, fed by
    Query.add_hit(), which this site does not call (searches are recorded here instead)."""
    wagtail_report = reverse("wagtailsearchpromotions:search_terms")
    menu_items[:] = [item for item in menu_items if item.url != wagtail_report]
