from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "sc_search"  # "search" would clash with wagtail.search's label
    verbose_name = "Public search"

    def ready(self):
        from search import signals  # noqa: F401  (connects the receivers)
