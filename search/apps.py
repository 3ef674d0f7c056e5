from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "sc_search"  # "search" would clash with wagtail.search's label
    verbose_name = "Public search"

    def ready(self):
        from search import signals  # noqa: F401  (connects the receivers)
        from search.views import directory_view
        from servicecentre.models import register_directory_view

        # The core declares the seam; search fills it (the core never imports search).
        register_directory_view(directory_view)
        from search.client import is_available
        from servicecentre.views import register_health_check

        register_health_check("search", is_available)
