from django.apps import AppConfig


class FinanceDirectoryConfig(AppConfig):
    name = "finance_directory"
    verbose_name = "Financing schemes"
