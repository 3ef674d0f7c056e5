"""ABINet listings: incubators and accelerators by country, sector and stage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from deadlines.import_fields import WINDOW_IMPORT_FIELDS
from deadlines.status import status_for, window_errors
from servicecentre.content_io.schema import Field, Kind, Url, describe, one_of
from servicecentre.models import BasePage, PageSource, content_edit_handler

STAGES = [
    ("pre_incubation", _("Pre-incubation")),
    ("incubation", _("Incubation")),
    ("acceleration", _("Acceleration")),
]


STAGE_CODES = tuple(code for code, _label in STAGES)


class Stages(Kind):
    """Incubator programme stages, stored as one boolean per stage."""

    csv = "list"

    def clean(self, value, *, report, vocab):
        if not isinstance(value, list):
            report("", f"expected a list of stages, got {describe(value)}")
            return None
        stages = set()
        for item in value:
            if item in STAGE_CODES:
                stages.add(item)
            else:
                report("", f"unknown stage {item!r} (use one of {one_of(STAGE_CODES)})")
        return [code for code in STAGE_CODES if code in stages] or None

    def apply(self, page, attr, value, *, vocab):
        for code in STAGE_CODES:
            setattr(page, f"offers_{code}", code in (value or ()))

    def read(self, page, attr):
        return [code for code in STAGE_CODES if getattr(page, f"offers_{code}")] or None

    def model_fields(self, attr):
        return [f"offers_{code}" for code in STAGE_CODES]


class IncubatorPage(BasePage):
    content_type_code = "incubator"
    section_title = gettext_noop("Incubators and accelerators")
    section_slug = "incubators"
    import_fields = (
        Field("stages", Stages()),
        "services",
        "fees",
        "how_to_apply",
        "abinet_member",
        Field("abinet_member_source", Url(), attr="abinet_member_source_url"),
        "abinet_member_note",
        *WINDOW_IMPORT_FIELDS,  # the next intake
    )

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
    # The next intake (application round), as the source states it.
    open_all_year = models.BooleanField(
        _("intake open all year"),
        default=False,
        help_text=_("Tick only when the source says applications are taken all year."),
    )
    opens_on = models.DateField(_("intake opens on"), null=True, blank=True)
    closes_on = models.DateField(
        _("intake closes on"),
        null=True,
        blank=True,
        help_text=_("The last day applications are taken."),
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
                    FieldPanel("open_all_year"),
                    FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                ],
                heading=_("Next intake"),
            ),
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

    def search_facets(self) -> dict[str, list[str]]:
        facets = super().search_facets()
        facets["status"] = [status_for(self)]
        return facets

    def clean_rules(self):
        super().clean_rules()
        errors = window_errors(
            opens_on=self.opens_on, closes_on=self.closes_on, open_all_year=self.open_all_year
        )
        if self.abinet_member is not None and not self.abinet_member_source_url:
            errors["abinet_member_source_url"] = _(
                "Cite where the membership (yes or no) is stated."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def stages(self) -> list[str]:
        return [code for code, _label in STAGES if getattr(self, f"offers_{code}")]

    def get_stage_labels(self) -> list[str]:
        return [label for code, label in STAGES if getattr(self, f"offers_{code}")]


class IncubatorSource(PageSource):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="sources")
