"""What the editorial workflow stores beyond Wagtail's own models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationState(models.Model):
    """The English text one translated field was made from, as a fingerprint.

    A translation is outdated when the page's English no longer has this fingerprint.
    `translation_hash` tells whether the translation itself changed since it was recorded,
    so publishing a page whose English alone changed leaves the record (and the page
    shows as outdated) while publishing a new translation renews it.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_states"
    )
    language = models.CharField(max_length=10)
    field = models.CharField(
        max_length=100, help_text=_("The untranslated field name, e.g. summary.")
    )
    source_hash = models.CharField(max_length=64)
    translation_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "field"], name="editorial_one_state_per_field"
            )
        ]
        verbose_name = _("translation state")

    def __str__(self) -> str:
        return f"{self.page_id} {self.field} [{self.language}]"
