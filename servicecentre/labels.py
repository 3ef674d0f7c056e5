"""Human labels for the content type codes, shared by templates, search and admin."""

from django.utils.translation import gettext_lazy as _

CONTENT_TYPE_LABELS = {
    "financing_scheme": _("Financing scheme"),
    "fta_guide": _("FTA guide"),
    "market_guide": _("Market guide"),
    "registration_guide": _("Registration guide"),
    "incubator": _("Incubator or accelerator"),
}
CONTENT_TYPE_PLURALS = {
    "financing_scheme": _("Financing schemes"),
    "fta_guide": _("Trade agreements"),
    "market_guide": _("Market guides"),
    "registration_guide": _("Registering a business"),
    "incubator": _("Incubators and accelerators"),
}
