"""A content type made by following the README's recipe, and nothing else."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from servicecentre.models import BasePage, PageSource, content_edit_handler


class MentoringPage(BasePage):
    content_type_code = "mentoring"
    section_title = gettext_noop("Mentoring programmes")
    section_slug = "mentoring"
    import_fields = ("mentors", "sessions_url")

    mentors = models.TextField(blank=True)
    sessions_url = models.URLField(max_length=500, blank=True)

    parent_page_types = ["servicecentre.CountryPage"]
    subpage_types: list[str] = []

    edit_handler = content_edit_handler([FieldPanel("mentors"), FieldPanel("sessions_url")])

    class Meta:
        verbose_name = _("mentoring programme")


class MentoringSource(PageSource):
    page = ParentalKey(MentoringPage, on_delete=models.CASCADE, related_name="sources")
