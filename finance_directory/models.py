"""Financing scheme pages: grants, loans, guarantees and other support for MSMEs."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from deadlines.import_fields import WINDOW_IMPORT_FIELDS
from deadlines.status import status_for, window_errors
from servicecentre.content_io.schema import Field, Pattern
from servicecentre.models import BasePage, PageSource, SupportType, content_edit_handler

CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


class FinancingSchemePage(BasePage):
    content_type_code = "financing_scheme"
    section_title = gettext_noop("Financing schemes")
    section_slug = "financing"
    import_fields = (
        "amount_min",
        "amount_max",
        Field("currency", Pattern(CURRENCY_CODE, "an ISO 4217 currency code such as MYR")),
        "key_terms",
        "eligibility",
        "how_to_apply",
        "application_url",
        *WINDOW_IMPORT_FIELDS,
        "contact",
    )
    figure_fields = ("amount_min", "amount_max", "opens_on", "closes_on")

    support_types = ParentalManyToManyField(SupportType, blank=True, related_name="+")
    amount_min = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. MYR."))
    key_terms = models.TextField(
        blank=True,
        help_text=_("Interest or profit rate, guarantee cover, tenor, as the source states them."),
    )
    eligibility = models.TextField(blank=True)
    how_to_apply = models.TextField(blank=True)
    application_url = models.URLField(max_length=500, blank=True)
    # Only when the source says so: no dates and no such statement is an unknown status.
    open_all_year = models.BooleanField(
        default=False,
        help_text=_("Tick only when the source says applications are taken all year."),
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(
        null=True, blank=True, help_text=_("The last day applications are taken.")
    )
    contact = models.CharField(max_length=255, blank=True)

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []
    template = "finance_directory/financing_scheme_page.html"

    edit_handler = content_edit_handler(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("amount_min"), FieldPanel("amount_max"), FieldPanel("currency")]
                    ),
                    FieldPanel("key_terms"),
                ],
                heading=_("Amount and terms"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("eligibility"),
                    FieldPanel("how_to_apply"),
                    FieldPanel("application_url"),
                    FieldPanel("contact"),
                ],
                heading=_("Applying"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("open_all_year"),
                    FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                ],
                heading=_("When to apply"),
            ),
        ],
        taxonomy_panels=[FieldPanel("support_types", widget=forms.CheckboxSelectMultiple)],
    )

    class Meta:
        verbose_name = _("financing scheme")

    def search_facets(self) -> dict[str, list[str]]:
        facets = super().search_facets()
        facets["support"] = [t.code for t in self.support_types.all()]
        facets["status"] = [status_for(self)]
        return facets

    def clean_rules(self):
        super().clean_rules()
        errors = {}
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            errors["amount_max"] = _("The maximum amount must not be below the minimum.")
        if (self.amount_min is not None or self.amount_max is not None) and not self.currency:
            errors["currency"] = _("Give the currency of the amounts.")
        errors.update(
            window_errors(
                opens_on=self.opens_on, closes_on=self.closes_on, open_all_year=self.open_all_year
            )
        )
        if errors:
            raise ValidationError(errors)


class FinancingSchemeSource(PageSource):
    page = ParentalKey(FinancingSchemePage, on_delete=models.CASCADE, related_name="sources")
