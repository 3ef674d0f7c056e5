"""ABINet listings: incubators and accelerators by country, sector and stage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from servicecentre.models import BasePage, PageSource, content_edit_handler

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
    abinet_member_source_url = models.URLField(
        _("source of the ABINet membership"),
        max_length=500,
        blank=True,
        help_text=_("Required for yes or no: where the membership is stated."),
    )
    abinet_member_note = models.TextField(
        _("ABINet membership note"),
        blank=True,
        help_text=_("When unknown, why; otherwise anything a reader should know."),
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
            MultiFieldPanel(
                [
                    FieldPanel("abinet_member"),
                    FieldPanel("abinet_member_source_url"),
                    FieldPanel("abinet_member_note"),
                ],
                heading=_("ABINet membership"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("incubator or accelerator")

    def clean(self):
        super().clean()
        if self.abinet_member is not None and not self.abinet_member_source_url:
            raise ValidationError(
                {"abinet_member_source_url": _("Cite where the membership (yes or no) is stated.")}
            )

    @property
    def stages(self) -> list[str]:
        return [code for code, _label in STAGES if getattr(self, f"offers_{code}")]

    def get_stage_labels(self) -> list[str]:
        return [label for code, label in STAGES if getattr(self, f"offers_{code}")]


class IncubatorSource(PageSource):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="sources")
