"""Business registration guides per member state, with their one-stop centres."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from servicecentre.models import BasePage, content_edit_handler


class RegistrationGuidePage(BasePage):
    content_type_code = "registration_guide"
    text_fields = BasePage.text_fields + ("legal_forms",)

    legal_forms = models.TextField(blank=True, help_text=_("The common legal forms for an MSME."))
    portal_name = models.CharField(max_length=200, blank=True)
    portal_url = models.URLField(max_length=500, blank=True)
    total_time = models.CharField(
        max_length=200, blank=True, help_text=_("As the source states it.")
    )
    total_cost = models.CharField(
        max_length=200, blank=True, help_text=_("As the source states it.")
    )

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler(
        [
            FieldPanel("legal_forms"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("portal_name"), FieldPanel("portal_url")]),
                    FieldRowPanel([FieldPanel("total_time"), FieldPanel("total_cost")]),
                ],
                heading=_("Online registration"),
            ),
            InlinePanel("steps", heading=_("Steps"), label=_("Step")),
            InlinePanel("centres", heading=_("One-stop centres"), label=_("Centre")),
        ]
    )

    class Meta:
        verbose_name = _("registration guide")


class RegistrationStep(Orderable):
    page = ParentalKey(RegistrationGuidePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=255)
    agency = models.CharField(max_length=255, blank=True)
    time = models.CharField(max_length=255, blank=True)
    cost = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("agency"),
        FieldRowPanel([FieldPanel("time"), FieldPanel("cost")]),
        FieldPanel("url"),
    ]

    def __str__(self) -> str:
        return self.title


class OneStopCentre(Orderable):
    page = ParentalKey(RegistrationGuidePage, on_delete=models.CASCADE, related_name="centres")
    name = models.CharField(max_length=255)
    address = models.TextField(blank=True)
    contact = models.CharField(max_length=255, blank=True)
    opening_hours = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("contact"), FieldPanel("opening_hours")]),
        FieldPanel("url"),
    ]

    def __str__(self) -> str:
        return self.name
