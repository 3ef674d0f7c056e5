from django.apps import AppConfig


class MarketInfoConfig(AppConfig):
    name = "market_info"
    verbose_name = "FTA and market guides"
