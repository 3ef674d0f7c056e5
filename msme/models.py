"""National MSME size definitions (Appendix A of the seed plan), as admin-editable data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from servicecentre.models import Country

SECTOR_KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$",
    _("Use snake_case: lowercase letters, digits and single underscores."),
)


class Size(models.TextChoices):
    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")


class Criterion(models.TextChoices):
    WORKERS = "workers", _("workers")
    SALES = "sales", _("annual sales")
    ASSETS = "assets", _("assets")
    CAPITAL = "capital", _("capital")


class Combination(models.TextChoices):
    ALL = "all", _("All: a size needs every criterion given for it (the larger size wins)")
    ANY = "any", _("Any: one criterion is enough for a size (the smaller size wins)")


class ThresholdStatus(models.TextChoices):
    APPLIES = "applies", _("Applies: the upper bound is used")
    NOT_APPLICABLE = "na", _("n/a in the source: no limit for this size")
    UNSPECIFIED = "unspecified", _("Named in the source without a figure: not used")
    DOUBTFUL = "doubtful", _("Doubtful figure (garbled or inconsistent): shown, never used")


class SizeDefinition(ClusterableModel):
    """One country's definition of micro, small and medium enterprises, for one sector column.

    A country without a sector split has one definition with an empty sector key.
    """

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="msme_definitions")
    sector_key = models.CharField(
        max_length=64,
        blank=True,
        validators=[SECTOR_KEY_VALIDATOR],
        help_text=_(
            "snake_case of the seed table's column heading (e.g. services_and_others). "
            "Empty when the country has one definition for all sectors."
        ),
    )
    sector_label = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    currency = models.CharField(
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code of the amounts in this definition (Cambodia's table uses USD)."),
    )
    combination = models.CharField(
        max_length=3,
        choices=Combination.choices,
        default=Combination.ALL,
        help_text=_("How the criteria of one size combine."),
    )
    combination_basis = models.TextField(
        blank=True,
        help_text=_("Why this combination rule: the legal text, or the reading applied."),
    )
    source = models.CharField(
        max_length=300,
        help_text=_(
            "Named in every explanation, e.g. 'SME Corporation Malaysia definition as "
            "given in ...'."
        ),
    )
    source_url = models.URLField(max_length=500, blank=True)
    reference_url = models.URLField(
        max_length=500, blank=True, help_text=_("The national authority's own page, if known.")
    )
    effective_date = models.DateField(
        null=True, blank=True, help_text=_("When the national definition took effect, if known.")
    )
    note = models.TextField(
        blank=True,
        help_text=_("How the source was transcribed and what is uncertain. Shown to readers."),
    )

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("sector_key"), FieldPanel("sort_order")]),
        FieldPanel("sector_label"),
        FieldRowPanel(
            [FieldPanel("currency"), FieldPanel("combination"), FieldPanel("effective_date")]
        ),
        FieldPanel("combination_basis"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url"), FieldPanel("reference_url")],
            heading=_("Source"),
        ),
        FieldPanel("note"),
        InlinePanel("thresholds", heading=_("Thresholds"), label=_("Threshold")),
    ]

    class Meta:
        ordering = ["country__sort_order", "country__code", "sort_order", "sector_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "sector_key"], name="msme_unique_country_sector"
            )
        ]
        verbose_name = _("MSME size definition")

    def __str__(self) -> str:
        country = self.country.name if self.country_id else "?"
        return f"{country}: {self.sector_label}" if self.sector_key else str(country)


class SizeThreshold(Orderable):
    """One cell of the table: the strict upper bound ("<") of one criterion for one size."""

    definition = ParentalKey(SizeDefinition, on_delete=models.CASCADE, related_name="thresholds")
    size = models.CharField(max_length=6, choices=Size.choices)
    criterion = models.CharField(max_length=7, choices=Criterion.choices)
    status = models.CharField(
        max_length=11, choices=ThresholdStatus.choices, default=ThresholdStatus.APPLIES
    )
    upper_bound = models.DecimalField(
        max_digits=24,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Strict: a value below this meets the criterion; equal to it does not."),
    )
    printed = models.CharField(
        max_length=200, blank=True, help_text=_("The cell exactly as the source prints it.")
    )
    note = models.TextField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("size"), FieldPanel("criterion"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("upper_bound"), FieldPanel("printed")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "size", "criterion"], name="msme_unique_threshold_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.size} {self.criterion}: {self.printed or self.upper_bound}"

    def clean(self) -> None:
        if self.status == ThresholdStatus.APPLIES and self.upper_bound is None:
            raise ValidationError(
                {"upper_bound": _("A threshold that applies needs an upper bound.")}
            )
        if self.upper_bound is not None and self.upper_bound <= 0:
            raise ValidationError({"upper_bound": _("The upper bound must be above zero.")})
