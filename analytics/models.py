"""What the site remembers of a search: the words, the language, the filters, the outcome.

Nothing about who searched: no IP address, no user, no user agent, no session, no
cookie. The token is random and only links a later click to the search it came from.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

QUERY_MAX_LENGTH = 1_000
NORMALISED_QUERY_MAX_LENGTH = 255


class SearchEvent(models.Model):
    """One answered search request (the JSON API or the HTML page), any page of results."""

    created_at = models.DateTimeField(_("searched at"), db_index=True)
    query = models.CharField(_("query as typed"), max_length=QUERY_MAX_LENGTH, blank=True)
    # The reports group on it: casefolded, whitespace collapsed, cut to 255 characters.
    normalised_query = models.CharField(
        _("normalised query"), max_length=NORMALISED_QUERY_MAX_LENGTH, blank=True, db_index=True
    )
    language = models.CharField(_("language"), max_length=16)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # The first selected country filter, so per-country reports need no JSON lookups.
    country = models.CharField(_("country"), max_length=8, blank=True)
    total = models.PositiveIntegerField(_("results"))
    backend = models.CharField(_("backend"), max_length=20)
    # Later pages of a search are the same search: the reports count page 1 as a search.
    page = models.PositiveIntegerField(_("page of results"), default=1)
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    # Results opened from this page of results (the <a ping> of the search page).
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("search event")
        verbose_name_plural = _("search events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.normalised_query or '(browse)'} [{self.language}] {self.created_at:%Y-%m-%d}"
