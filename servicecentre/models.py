"""The shared core: taxonomy, the base of every content page, home and country hubs."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.models import Orderable, Page

from servicecentre.forms import ContentPageForm, CountryPageForm
from servicecentre.panels import VerificationPanel

# Column names like `title_th`, asked for per field and language of every indexed page.
_localized_fieldname = lru_cache(maxsize=4096)(build_localized_fieldname)

# Marks "applies to every value" in search_facets(); the index expands it.
ALL_VALUES = ["*"]

COMPILED = "compiled"
VERIFIED = "verified"
CONFIRMED_BY_PROVIDER = "confirmed_by_provider"
VERIFICATION_STATUSES = [
    (COMPILED, _("Compiled from public sources, not yet confirmed")),
    (VERIFIED, _("Checked against the cited source")),
    (CONFIRMED_BY_PROVIDER, _("Confirmed by the provider")),
]
# Compiled facts were never checked against their source: they are due sooner.
COMPILED_REVIEW_MONTHS = 6

# A figure a reader would want traced: a rate, an amount, a year or a duration.
FIGURE = re.compile(
    r"\d\s*%|\b(?:19|20)\d{2}\b"  # a rate, a year
    r"|\d[\d,.]*\s*(?i:million|billion|working days|days|months|years)\b"  # an amount, a time
    r"|(?:\b[A-Z]{3}|RM|Rp|S\$|US\$|\$|₱|฿|₫)\s?\d"  # a currency amount (codes in capitals)
)

EXTERNAL_ID_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lowercase letters, digits and hyphens, starting with a letter or digit."),
)


# --- Taxonomy ------------------------------------------------------------------


class TaxonomyTerm(models.Model):
    """A coded term of one vocabulary; the code is the stable public identifier."""

    code = models.CharField(max_length=32, primary_key=True)
    name = models.CharField(max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Country(TaxonomyTerm):
    """An ASEAN member state by ISO 3166-1 alpha-2 code, or `ASEAN` for the region."""

    native_name = models.CharField(
        max_length=200, blank=True, help_text=_("The name in the national language(s).")
    )
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code."))
    languages = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Site language codes used in the country, comma-separated."),
    )
    is_member_state = models.BooleanField(default=True)

    class Meta(TaxonomyTerm.Meta):
        verbose_name_plural = _("countries")

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class Sector(TaxonomyTerm):
    """An ISIC Rev.4 section (A-U)."""


class EnterpriseSize(TaxonomyTerm):
    """Micro, small or medium."""


class SupportType(TaxonomyTerm):
    """The kind of support a financing scheme gives."""


class TargetGroup(TaxonomyTerm):
    """A group a scheme or programme is aimed at."""


class RateLimitCounter(models.Model):
    """One client's request count in one window (servicecentre.ratelimit, database store)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.FloatField(help_text=_("Unix time after which the row can go."))

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


# --- Pages -------------------------------------------------------------------


class HomePage(Page):
    intro = models.TextField(blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "servicecentre.CountryPage",
        "market_info.FtaIndexPage",
        "servicecentre.DirectoryPage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["country_pages"] = (
            CountryPage.objects.live()
            .public()
            .select_related("country")
            .order_by("country__sort_order")
        )
        return context


class CountryPage(Page):
    """A member state's hub: "doing business in X", parent of all its content.

    Agencies get their permissions as one grant on this page.
    """

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="hub")
    intro = models.TextField(blank=True)

    parent_page_types = ["servicecentre.HomePage"]
    subpage_types = [
        "finance_directory.FinancingSchemePage",
        "market_info.MarketGuidePage",
        "onestop.RegistrationGuidePage",
        "abinet.IncubatorPage",
    ]

    content_panels = Page.content_panels + [FieldPanel("country"), FieldPanel("intro")]
    base_form_class = CountryPageForm

    def get_context(self, request, *args, **kwargs):
        from servicecentre.selectors import content_by_type  # avoid a cycle at import

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = content_by_type(country=self.country)
        return context


class DirectoryPage(Page):
    """A directory of one content type: the search page with that type preset."""

    content_type_code = models.CharField(
        max_length=32,
        choices=[
            ("financing_scheme", _("Financing schemes")),
            ("fta_guide", _("FTA guides")),
            ("market_guide", _("Market guides")),
            ("registration_guide", _("Registration guides")),
            ("incubator", _("Incubators and accelerators")),
        ],
        unique=True,
    )
    intro = models.TextField(blank=True)

    parent_page_types = ["servicecentre.HomePage"]
    subpage_types: ClassVar[list[str]] = []

    content_panels = Page.content_panels + [FieldPanel("content_type_code"), FieldPanel("intro")]

    def serve(self, request, *args, **kwargs):
        from search.views import directory_view  # search reads content; never the reverse
        from servicecentre.ratelimit import throttle_page

        # A directory is a search: it shares the search page's budget per client.
        return throttle_page(request) or directory_view(request, page=self)


def content_edit_handler(specific_panels: list, *, taxonomy_panels: list = ()) -> TabbedInterface:
    """The admin form of a content page: the same tabs for every type."""
    return TabbedInterface(
        [
            ObjectList(
                [
                    *Page.content_panels,
                    FieldPanel("summary"),
                    FieldPanel("body"),
                    FieldPanel("provider"),
                    FieldPanel("official_url"),
                    *specific_panels,
                ],
                heading=_("Content"),
            ),
            ObjectList(
                [
                    FieldPanel("country"),
                    FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("enterprise_sizes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                    *taxonomy_panels,
                ],
                heading=_("Who it is for"),
            ),
            ObjectList(
                [
                    FieldPanel("source_url"),
                    InlinePanel("sources", heading=_("Sources"), label=_("Source")),
                    # Set by the "Mark as verified" action, which records who and against what.
                    FieldPanel("verification_status", read_only=True),
                    FieldPanel("last_verified", read_only=True),
                    VerificationPanel(),
                    FieldPanel("compiled_on"),
                    FieldPanel("review_interval_months"),
                    FieldPanel("verification_note"),
                    FieldPanel("external_id"),
                ],
                heading=_("Source and freshness"),
            ),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )


class BasePage(Page):
    """What every content page shares: identity, taxonomy, provenance and freshness.

    Subclasses set `content_type_code` and list their translated long-text fields
    in `text_fields`, which the search index reads.
    """

    content_type_code: ClassVar[str] = ""
    text_fields: ClassVar[tuple[str, ...]] = ("summary", "body", "provider")
    # Structured fields that state an amount, a rate or a date when filled in.
    figure_fields: ClassVar[tuple[str, ...]] = ()

    external_id = models.CharField(
        _("import id"),
        max_length=100,
        unique=True,
        validators=[EXTERNAL_ID_VALIDATOR],
        help_text=_("Stable id used by imports and the search API. Filled in if left blank."),
        blank=True,
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(
        help_text=_("One or two plain sentences shown in lists and results.")
    )
    body = models.TextField(
        blank=True, help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    official_url = models.URLField(_("official page"), max_length=500, blank=True)
    sectors = ParentalManyToManyField(
        Sector, blank=True, related_name="+", help_text=_("Leave empty for all sectors.")
    )
    enterprise_sizes = ParentalManyToManyField(
        EnterpriseSize, blank=True, related_name="+", help_text=_("Leave empty for all sizes.")
    )
    target_groups = ParentalManyToManyField(TargetGroup, blank=True, related_name="+")
    source_url = models.URLField(
        _("source"), max_length=500, help_text=_("Where the facts come from.")
    )
    verification_status = models.CharField(
        _("verification"), max_length=32, choices=VERIFICATION_STATUSES, default=COMPILED
    )
    compiled_on = models.DateField(
        _("compiled on"),
        default=datetime.date.today,
        help_text=_("When the facts were last gathered or checked from public sources."),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("Date of the last verification action; empty while the page is compiled."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        help_text=_(
            "Verified facts are due for review this long after their verification; "
            "compiled facts after six months at most."
        ),
    )
    verification_note = models.TextField(
        blank=True,
        help_text=_("What is uncertain, or how the facts were checked. Shown to readers."),
    )

    base_form_class = ContentPageForm

    class Meta:
        abstract = True

    # --- The plain-Python interface the search index reads (search/ imports nothing else).

    def search_facets(self) -> dict[str, list[str]]:
        """Facet values of this page; an empty sector or size list means "all"."""
        return {
            "type": [self.content_type_code],
            "country": [self.country_id],
            "sectors": [t.code for t in self.sectors.all()] or ALL_VALUES,
            "sizes": [t.code for t in self.enterprise_sizes.all()] or ALL_VALUES,
            "support": [],
            "target": [t.code for t in self.target_groups.all()],
            "verification": [self.verification_status],
        }

    def search_text(self, language: str) -> dict[str, str]:
        """This language's own title, summary and full text, without English fallback."""

        def raw(field: str) -> str:
            return getattr(self, _localized_fieldname(field, language), None) or ""

        return {
            "title": raw("title"),
            "summary": raw("summary"),
            "text": "\n\n".join(value for field in self.text_fields if (value := raw(field))),
        }

    @property
    def is_compiled(self) -> bool:
        return self.verification_status == COMPILED

    @property
    def review_from(self) -> datetime.date:
        """The date freshness counts from: the last verification, else the compile date."""
        if not self.is_compiled and self.last_verified:
            return self.last_verified
        return self.compiled_on

    @property
    def review_months(self) -> int:
        if self.is_compiled:
            return min(self.review_interval_months, COMPILED_REVIEW_MONTHS)
        return self.review_interval_months

    @property
    def review_due(self) -> datetime.date:
        return self.review_from + relativedelta(months=self.review_months)

    def states_figures(self) -> bool:
        """Whether the page states amounts, rates or dates, whose source must be traceable."""
        if any(getattr(self, name, None) not in (None, "") for name in self.figure_fields):
            return True
        texts = [getattr(self, field, "") or "" for field in self.text_fields]
        return any(FIGURE.search(text) for text in texts)

    def clean(self):
        super().clean()
        errors = {}
        # A page's country puts it on that country's hub and in its facet: it must be
        # the country of the hub it sits under, whose editors and approvers review it.
        required = self.required_country()
        if required and self.country_id and self.country_id != required:
            errors["country"] = _("A page below the %(hub)s hub must have that country.") % {
                "hub": required
            }
        if self.is_compiled and self.last_verified:
            errors["last_verified"] = _(
                "A compiled page has no verification date: mark it verified to give one."
            )
        if not self.is_compiled and not self.last_verified:
            errors["last_verified"] = _("A verified page needs the date it was verified.")
        if self.last_verified and self.compiled_on and self.last_verified < self.compiled_on:
            errors["last_verified"] = _("The verification cannot be before the compile date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.review_due < timezone.localdate()

    def required_country(self, *, parent: Page | None = None) -> str | None:
        """The country code this page must have where it sits (or would sit, below `parent`):
        its hub's, or ASEAN outside the hubs. None while it has no place in the tree."""
        anchor = parent if parent is not None else (self if self.path else None)
        if anchor is None:
            return None
        hub = CountryPage.objects.ancestor_of(anchor, inclusive=parent is not None).first()
        return hub.country_id if hub else "ASEAN"

    def full_clean(self, *args, **kwargs):
        if not self.external_id and self.country_id:
            self.external_id = self._free_external_id()
        super().full_clean(*args, **kwargs)

    def _free_external_id(self) -> str:
        """An unused import id from the country and slug (ASCII, as the import format needs)."""
        from servicecentre.selectors import content_models

        base = f"{self.country_id.lower()}-{slugify(self.slug) or 'page'}"[:90]
        candidate, number = base, 1
        while any(
            model.objects.filter(external_id=candidate).exclude(pk=self.pk).exists()
            for model in content_models().values()
        ):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def get_context(self, request, *args, **kwargs):
        from servicecentre.selectors import related_content

        context = super().get_context(request, *args, **kwargs)
        context["related"] = related_content(page=self)
        return context


class PageSource(Orderable):
    """One source of a content page's facts, shown as a numbered reference.

    Each content app declares a concrete subclass with `page = ParentalKey(..., related_name=
    "sources")`, so the admin edits them inline and revisions carry them.
    """

    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    facts = models.TextField(
        _("facts supported"),
        blank=True,
        help_text=_("Which facts of the page this source states."),
    )

    panels = [
        FieldPanel("url"),
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("accessed_on"),
        FieldPanel("facts"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def is_home_page(self) -> bool:
        return is_home_page(self.url)


def is_home_page(url: str) -> bool:
    """Whether a URL is only a site's home page (no path beyond "/", no query)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query
