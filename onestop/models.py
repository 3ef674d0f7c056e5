"""Business registration guides per member state, with their one-stop centres."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from servicecentre.content_io.schema import Children, Field, Text, Translated, Url, Year
from servicecentre.models import BasePage, PageSource, content_edit_handler

STEP_FIELDS = [
    Field("title", Translated(), required=True),
    Field("agency", Text()),
    Field("time", Text()),
    Field("cost", Text()),
    Field("url", Url()),
]
CENTRE_FIELDS = [
    Field("name", Text(), required=True),
    Field("address", Text()),
    Field("contact", Text()),
    Field("opening_hours", Text()),
    Field("url", Url()),
]


class RegistrationGuidePage(BasePage):
    content_type_code = "registration_guide"
    section_title = gettext_noop("Registering a business")
    section_slug = "registering-a-business"
    import_fields = (
        "legal_forms",
        "portal_name",
        "portal_url",
        "total_time",
        "total_cost",
        Field("total_time_source", Url(), attr="total_time_source_url"),
        Field("total_time_year", Year()),
        "total_time_unknown_reason",
        Field("total_cost_source", Url(), attr="total_cost_source_url"),
        Field("total_cost_year", Year()),
        "total_cost_unknown_reason",
        Field("steps", Children("onestop.RegistrationStep", STEP_FIELDS)),
        Field("one_stop_centres", Children("onestop.OneStopCentre", CENTRE_FIELDS), attr="centres"),
    )
    figure_fields = ("total_time", "total_cost")

    legal_forms = models.TextField(blank=True, help_text=_("The common legal forms for an MSME."))
    portal_name = models.CharField(max_length=200, blank=True)
    portal_url = models.URLField(max_length=500, blank=True)
    total_time = models.CharField(
        max_length=200, blank=True, help_text=_("As the source states it.")
    )
    total_cost = models.CharField(
        max_length=200, blank=True, help_text=_("As the source states it.")
    )
    # The plan's KPI "time and cost required to start a business": cited, or unknown and why.
    total_time_source_url = models.URLField(
        _("source of the total time"), max_length=500, blank=True
    )
    total_time_year = models.PositiveSmallIntegerField(
        _("year of the total time"), null=True, blank=True
    )
    total_time_unknown_reason = models.TextField(_("why the total time is not known"), blank=True)
    total_cost_source_url = models.URLField(
        _("source of the total cost"), max_length=500, blank=True
    )
    total_cost_year = models.PositiveSmallIntegerField(
        _("year of the total cost"), null=True, blank=True
    )
    total_cost_unknown_reason = models.TextField(_("why the total cost is not known"), blank=True)

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler(
        [
            FieldPanel("legal_forms"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("portal_name"), FieldPanel("portal_url")]),
                    FieldRowPanel([FieldPanel("total_time"), FieldPanel("total_cost")]),
                    FieldRowPanel(
                        [FieldPanel("total_time_source_url"), FieldPanel("total_time_year")]
                    ),
                    FieldPanel("total_time_unknown_reason"),
                    FieldRowPanel(
                        [FieldPanel("total_cost_source_url"), FieldPanel("total_cost_year")]
                    ),
                    FieldPanel("total_cost_unknown_reason"),
                ],
                heading=_("Online registration"),
            ),
            InlinePanel("steps", heading=_("Steps"), label=_("Step")),
            InlinePanel("centres", heading=_("One-stop centres"), label=_("Centre")),
        ]
    )

    class Meta:
        verbose_name = _("registration guide")

    def clean_rules(self):
        super().clean_rules()
        errors = {}
        for total in ("total_time", "total_cost"):
            given = getattr(self, total)
            reason = getattr(self, f"{total}_unknown_reason")
            if given:
                if not getattr(self, f"{total}_source_url"):
                    errors[f"{total}_source_url"] = _("Cite the source that states this total.")
                if not getattr(self, f"{total}_year"):
                    errors[f"{total}_year"] = _("Give the year the source states it for.")
                if reason:
                    errors[f"{total}_unknown_reason"] = _(
                        "A total that is given is not unknown: remove the reason."
                    )
            elif getattr(self, f"{total}_source_url") or getattr(self, f"{total}_year"):
                errors[total] = _("Give the total that the source and year refer to.")
        year_now = datetime.date.today().year
        for field in ("total_time_year", "total_cost_year"):
            year = getattr(self, field)
            if year and not 1990 <= year <= year_now:
                errors[field] = _("Give a year between 1990 and this year.")
        if errors:
            raise ValidationError(errors)


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


class RegistrationGuideSource(PageSource):
    page = ParentalKey(RegistrationGuidePage, on_delete=models.CASCADE, related_name="sources")
