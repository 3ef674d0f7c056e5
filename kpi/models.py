"""The plan's key policy indicators (section 2.3) and their values by country and year.

Indicators are seeded from the plan; values come only from a named source (an import
of the World Bank's WDI file, a national statistics office's table, or an entry by the
Secretariat). No value ships with the code: a KPI without data says so.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

GOALS = [
    ("A", _("Promote productivity, technology and innovation")),
    ("B", _("Increase access to finance")),
    ("C", _("Enhance market access and internationalisation")),
    ("D", _("Enhance policy and regulatory environment")),
    ("E", _("Promote entrepreneurship and human capital development")),
]


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("As the plan words it."))
    goal = models.CharField(_("strategic goal"), max_length=1, choices=GOALS)
    unit = models.CharField(_("unit"), max_length=80)
    plan_data_source = models.CharField(
        _("data source named in the plan"), max_length=80, blank=True
    )
    wdi_code = models.CharField(
        _("World Bank WDI indicator code"),
        max_length=40,
        blank=True,
        help_text=_("Rows of a WDI file with this Indicator Code are imported into this KPI."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1960), MaxValueValidator(2100)],
    )
    note = models.TextField(_("note"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name


class KpiValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    country = models.ForeignKey(
        "servicecentre.Country",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_member_state": True},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1960), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    unit = models.CharField(
        _("unit"), max_length=80, blank=True, help_text=_("Empty: the KPI's unit.")
    )
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Who publishes the figure, and where.")
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator__sort_order", "country__sort_order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year"], name="kpi_one_value_per_year"
            )
        ]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.country_id} {self.year}"

    @property
    def display_unit(self) -> str:
        return self.unit or self.indicator.unit
