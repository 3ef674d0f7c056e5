"""The shared core: taxonomy, the base of every content page, home and country hubs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from django import forms
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.models import Orderable, Page

from servicecentre.forms import ContentPageForm, CountryPageForm
from servicecentre.panels import VerificationPanel
from servicecentre.ratelimit import throttle_page

# Column names like `title_th`, asked for per field and language of every indexed page.
_localized_fieldname = lru_cache(maxsize=4096)(build_localized_fieldname)

# The country code of region-wide content (FTA guides).
REGION = "ASEAN"

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
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    @classmethod
    def clean_subpage_models(cls):
        """The hubs, the directories and the content types' own section pages."""
        sections = [apps.get_model(model.section_model) for model in content_models().values()]
        return list(dict.fromkeys([CountryPage, DirectoryPage, *sections]))

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

    @classmethod
    def clean_subpage_models(cls):
        """Every content type that belongs to a member state (not the region-wide ones)."""
        return [model for model in content_models().values() if not model.region_wide]

    content_panels = Page.content_panels + [FieldPanel("country"), FieldPanel("intro")]
    base_form_class = CountryPageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = content_by_type(country=self.country)
        return context


# --- Directory pages: the core declares the seam, the search app fills it ----------

DirectoryView = Callable[..., Any]
_directory_view: list[DirectoryView] = []


def register_directory_view(view: DirectoryView) -> DirectoryView:
    """Set the view a DirectoryPage serves (`search` registers its own when it is ready).

    The core knows that a directory is served by some view, not which: it never imports
    the search app. Usable as a decorator; the last registration wins.
    """
    _directory_view[:] = [view]
    return view


def directory_view() -> DirectoryView:
    if not _directory_view:
        raise ImproperlyConfigured(
            "No view is registered for directory pages (servicecentre.models."
            "register_directory_view); is the search app installed?"
        )
    return _directory_view[0]


def content_type_choices() -> list[tuple[str, str]]:
    """(code, section title) of every content type, for DirectoryPage's choices."""
    return [(code, model.section_label()) for code, model in content_models().items()]


class DirectoryPage(Page):
    """A directory of one content type: the search page with that type preset."""

    content_type_code = models.CharField(max_length=32, choices=content_type_choices, unique=True)
    intro = models.TextField(blank=True)

    parent_page_types = ["servicecentre.HomePage"]
    subpage_types: ClassVar[list[str]] = []

    content_panels = Page.content_panels + [FieldPanel("content_type_code"), FieldPanel("intro")]

    def serve(self, request, *args, **kwargs):
        # A directory is a search: it shares the search page's budget per client.
        return throttle_page(request) or directory_view()(request, page=self)


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


# Translated fields of a content page that are not its searchable text.
NOT_TEXT_FIELDS = frozenset({"verification_note"})


@cache
def translated_text_fields(model: type[Page]) -> tuple[str, ...]:
    """A content model's searchable long texts: its translated fields (modeltranslation's
    registry, i.e. the app's translation.py) in model order, less Page's own and the note."""
    try:
        translated = set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return ()
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if field.name in translated
        and getattr(field, "model", None) is not Page
        and field.name not in NOT_TEXT_FIELDS
        and field.concrete
    )


class _TextFields:
    """`BasePage.text_fields`, derived: declaring a field in translation.py is enough."""

    def __get__(self, instance, owner) -> tuple[str, ...]:
        return translated_text_fields(owner)


class BasePage(Page):
    """What every content page shares: identity, taxonomy, provenance and freshness.

    A concrete subclass is a *content type*, and the class is its one declaration:
    everything else (the registry `content_models()`, the directory page, the import
    format, the search document and facets, the labels) is read from it:

    - `content_type_code`: the stable code (import `type`, search `type` facet, URLs);
    - `Meta.verbose_name` / `verbose_name_plural`: its labels;
    - `section_title` (a `gettext_noop` msgid) and `section_slug`: the title and slug of
      the section listing the type (a DirectoryPage, or `section_model`'s page);
    - `region_wide`: ASEAN-wide content under its section, not under a member state's hub;
    - `import_fields`: its own fields of the import format (servicecentre.content_io.schema);
    - `text_fields` (derived from translation.py), `search_facets()`, `search_text()`:
      what the search index reads;
    - `clean()`: its invariants, which the admin and the importer both enforce.
    """

    content_type_code: ClassVar[str] = ""
    section_title: ClassVar[str] = ""
    section_slug: ClassVar[str] = ""
    section_model: ClassVar[str] = "servicecentre.DirectoryPage"
    region_wide: ClassVar[bool] = False
    # Names of model fields (the kind is read from the field) or content_io Field objects.
    import_fields: ClassVar[tuple[Any, ...]] = ()
    text_fields = _TextFields()
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
            "sector": [t.code for t in self.sectors.all()] or ALL_VALUES,
            "size": [t.code for t in self.enterprise_sizes.all()] or ALL_VALUES,
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
        super().clean()  # Wagtail's: the slug among its siblings, which needs its parent
        self.clean_rules()

    def clean_rules(self):
        """The type's invariants, which hold wherever the page is (or will be) in the tree.

        The admin runs them through clean(); the importer calls them directly before the
        page has a parent. A content type extends them with `super().clean_rules()`.
        """
        errors = {}
        # A page's country puts it on that country's hub and in its facet: it must be
        # the country of the hub it sits under, whose editors and approvers review it.
        required = self.required_country()
        if required and self.country_id and self.country_id != required:
            errors["country"] = _("A page below the %(hub)s hub must have that country.") % {
                "hub": required
            }
        elif self.country_id and self.region_wide and self.country_id != REGION:
            errors["country"] = _("%(type)s pages are ASEAN-wide: use ASEAN, not %(country)r.") % {
                "type": self.label(),
                "country": self.country_id,
            }
        elif self.country_id == REGION and not self.region_wide:
            errors["country"] = _(
                "%(country)r is only for %(types)s pages: give the member state's code."
            ) % {
                "country": self.country_id,
                "types": ", ".join(
                    model.label() for model in content_models().values() if model.region_wide
                ),
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
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_content()
        return context

    def related_content(self, *, limit: int = 6) -> list[BasePage]:
        """Other live public pages of the same country that share a sector (or cover all)."""
        sector_codes = list(self.sectors.values_list("code", flat=True))
        related: list[BasePage] = []
        for model in content_models().values():
            qs = model.objects.live().public().exclude(pk=self.pk).filter(country=self.country_id)
            if sector_codes:
                qs = qs.filter(sectors__code__in=sector_codes).distinct()
            related.extend(qs.order_by("-compiled_on")[:limit])
        related.sort(key=lambda p: (p.content_type_code != self.content_type_code, p.title))
        return related[:limit]

    # --- The type's labels, read from its declaration.

    @classmethod
    def label(cls) -> str:
        """The type's name in the active language, e.g. "Financing scheme"."""
        return capfirst(str(cls._meta.verbose_name))

    @classmethod
    def section_label(cls) -> str:
        """The title of the type's section in the active language, e.g. "Trade agreements"."""
        return (
            gettext(cls.section_title)
            if cls.section_title
            else capfirst(str(cls._meta.verbose_name_plural))
        )


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


# --- The registry of content types -------------------------------------------------


@lru_cache(maxsize=1)
def _content_models() -> tuple[tuple[str, type[BasePage]], ...]:
    found: dict[str, type[BasePage]] = {}
    for model in apps.get_models():
        if issubclass(model, BasePage) and model.content_type_code:
            if model.content_type_code in found:
                raise ImproperlyConfigured(
                    f"{model.__name__} and {found[model.content_type_code].__name__} "
                    f"both declare content_type_code {model.content_type_code!r}"
                )
            found[model.content_type_code] = model
    return tuple(found.items())


def content_models() -> dict[str, type[BasePage]]:
    """Map each content type code to its page model, in INSTALLED_APPS and model order.

    Every concrete BasePage with a `content_type_code` is a content type: installing
    its app is registering it.
    """
    return dict(_content_models())


def content_by_type(*, country: Country) -> list[tuple[str, list[BasePage]]]:
    """A country's live public content grouped by type, in directory order.

    Public only: a view-restricted page must not leak its title and summary to readers.
    """
    groups = []
    for code, model in content_models().items():
        pages = list(model.objects.live().public().filter(country=country).order_by("title"))
        if pages:
            groups.append((code, pages))
    return groups
