"""FTA guides (ASEAN-wide) and country market guides."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from servicecentre.content_io.schema import Field, Kind, describe
from servicecentre.models import BasePage, PageSource, content_edit_handler

AGREEMENTS = [
    ("ATIGA", "ASEAN Trade in Goods Agreement"),
    ("ACFTA", "ASEAN-China Free Trade Area"),
    ("AKFTA", "ASEAN-Korea Free Trade Area"),
    ("AJCEP", "ASEAN-Japan Comprehensive Economic Partnership"),
    ("AANZFTA", "ASEAN-Australia-New Zealand Free Trade Area"),
    ("AIFTA", "ASEAN-India Free Trade Area"),
    ("AHKFTA", "ASEAN-Hong Kong, China Free Trade Area"),
    ("RCEP", "Regional Comprehensive Economic Partnership"),
]
CERTIFICATE_FORMS = [
    (form, form)
    for form in (
        "Form D",
        "Form E",
        "Form AK",
        "Form AJ",
        "Form AANZ",
        "Form AI",
        "Form AHK",
        "RCEP",
    )
]


PARTY_CODE = re.compile(r"^[A-Z]{2}$")


class Parties(Kind):
    """Partners of an agreement outside ASEAN, by ISO 3166-1 alpha-2 code, in the order given."""

    csv = "list"

    def clean(self, value, *, report, vocab):
        if not isinstance(value, list):
            report("", f"expected a list of country codes, got {describe(value)}")
            return None
        parties = []
        for item in value:
            if not isinstance(item, str) or not PARTY_CODE.match(item):
                report("", f"{item!r} is not an ISO 3166-1 alpha-2 code such as CN")
            elif item in vocab.member_states:
                report(
                    "", f"{item!r} is an ASEAN member state: list only the partners outside ASEAN"
                )
            elif item not in parties:
                parties.append(item)
        return parties or None

    def apply(self, page, attr, value, *, vocab):
        setattr(page, attr, list(value or []))

    def read(self, page, attr):
        return list(getattr(page, attr) or []) or None


class FtaIndexPage(Page):
    """The ASEAN-wide section holding the FTA guides."""

    intro = models.TextField(blank=True)

    parent_page_types = ["servicecentre.HomePage"]
    subpage_types = ["market_info.FtaGuidePage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            FtaGuidePage.objects.live().public().child_of(self).order_by("in_force_since", "title")
        )
        return context


class FtaGuidePage(BasePage):
    content_type_code = "fta_guide"
    region_wide = True
    section_title = gettext_noop("Trade agreements")
    section_slug = "trade-agreements"
    section_model = "market_info.FtaIndexPage"
    import_fields = (
        "agreement",
        Field("parties", Parties()),
        "in_force_since",
        "coverage",
        "rules_of_origin",
        "certificate_of_origin",
        "self_certification",
        "official_text_url",
    )
    figure_fields = ("in_force_since",)

    # Optional so a line with only the common import fields is valid; unique when given.
    agreement = models.CharField(
        max_length=10, choices=AGREEMENTS, unique=True, null=True, blank=True
    )
    parties = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Partner ISO codes besides the ten member states, e.g. ["CN"].'),
    )
    in_force_since = models.DateField(null=True, blank=True)
    coverage = models.TextField(blank=True)
    rules_of_origin = models.TextField(
        blank=True,
        # xgettext:no-python-format
        help_text=_("In plain words, e.g. 40% regional value content."),
    )
    certificate_of_origin = models.CharField(max_length=12, choices=CERTIFICATE_FORMS, blank=True)
    self_certification = models.TextField(blank=True)
    official_text_url = models.URLField(max_length=500, blank=True)

    parent_page_types = ["market_info.FtaIndexPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler(
        [
            MultiFieldPanel(
                [
                    FieldPanel("agreement"),
                    FieldPanel("parties"),
                    FieldPanel("in_force_since"),
                    FieldPanel("coverage"),
                    FieldPanel("official_text_url"),
                ],
                heading=_("The agreement"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("rules_of_origin"),
                    FieldPanel("certificate_of_origin"),
                    FieldPanel("self_certification"),
                ],
                heading=_("Rules and certificates of origin"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("FTA guide")


class MarketGuidePage(BasePage):
    content_type_code = "market_guide"
    section_title = gettext_noop("Market guides")
    section_slug = "market-guides"
    import_fields = (
        "market_overview",
        "import_requirements",
        "standards_bodies",
        "trade_promotion_agency",
        "trade_promotion_url",
    )

    market_overview = models.TextField(blank=True)
    import_requirements = models.TextField(blank=True)
    standards_bodies = models.TextField(blank=True)
    trade_promotion_agency = models.TextField(blank=True)
    trade_promotion_url = models.URLField(max_length=500, blank=True)

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler(
        [
            FieldPanel("market_overview"),
            FieldPanel("import_requirements"),
            FieldPanel("standards_bodies"),
            MultiFieldPanel(
                [FieldPanel("trade_promotion_agency"), FieldPanel("trade_promotion_url")],
                heading=_("Trade promotion"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("market guide")


class FtaGuideSource(PageSource):
    page = ParentalKey(FtaGuidePage, on_delete=models.CASCADE, related_name="sources")


class MarketGuideSource(PageSource):
    page = ParentalKey(MarketGuidePage, on_delete=models.CASCADE, related_name="sources")
