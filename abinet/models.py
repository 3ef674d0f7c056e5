"""ABINet listings: incubators and accelerators by country, sector and stage."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from servicecentre.models import BasePage, content_edit_handler

STAGES = [
    ("pre_incubation", _("Pre-incubation")),
    ("incubation", _("Incubation")),
    ("acceleration", _("Acceleration")),
]


class IncubatorPage(BasePage):
    content_type_code = "incubator"
    text_fields = BasePage.text_fields + ("services", "fees", "how_to_apply")

    offers_pre_incubation = models.BooleanField(_("pre-incubation"), default=False)
    offers_incubation = models.BooleanField(_("incubation"), default=False)
    offers_acceleration = models.BooleanField(_("acceleration"), default=False)
    services = models.TextField(blank=True)
    fees = models.TextField(
        blank=True, help_text=_("Fees or equity taken, as the organisation states them.")
    )
    how_to_apply = models.TextField(blank=True)
    abinet_member = models.BooleanField(
        _("ABINet member"), null=True, blank=True, help_text=_("Leave unknown unless confirmed.")
    )

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler(
        [
            MultiFieldPanel(
                [
                    FieldPanel("offers_pre_incubation"),
                    FieldPanel("offers_incubation"),
                    FieldPanel("offers_acceleration"),
                ],
                heading=_("Stages"),
            ),
            FieldPanel("services"),
            FieldPanel("fees"),
            FieldPanel("how_to_apply"),
            FieldPanel("abinet_member"),
        ]
    )

    class Meta:
        verbose_name = _("incubator or accelerator")

    @property
    def stages(self) -> list[str]:
        return [code for code, _label in STAGES if getattr(self, f"offers_{code}")]

    def get_stage_labels(self) -> list[str]:
        return [label for code, label in STAGES if getattr(self, f"offers_{code}")]
