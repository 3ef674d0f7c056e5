from django.apps import AppConfig


class AbinetConfig(AppConfig):
    name = "abinet"
    verbose_name = "ABINet incubators"
