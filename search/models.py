"""What editors keep for the public search: synonyms and acronyms (best bets are Wagtail's)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# One group's terms are written on one line, separated by this.
TERM_SEPARATOR = "~"
MAX_TERMS_PER_GROUP = 40


def split_terms(line: str) -> list[str]:
    """The terms of a group as written: `loan ~ credit ~ financing` → three terms."""
    return [term.strip() for term in line.split(TERM_SEPARATOR) if term.strip()]


class SynonymGroup(models.Model):
    """Words and phrases a reader may type for one idea, in any of the site's languages.

    A query word or phrase that is one of the terms also matches pages that use any
    other term of the group (ranked a little below pages with the word as typed).
    A term that is also a taxonomy label (a country, support type, target group...)
    ties the whole group to that facet value: `women ~ female` makes "female" find
    pages for the target group Women.
    """

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words or phrases that mean the same to a reader, separated by ~ "
            "(e.g. loan ~ credit ~ financing). Any language; accents and case do not matter."
        ),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Why these belong together.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ~ ".join(self.term_list())[:120]

    def term_list(self) -> list[str]:
        return split_terms(self.terms.replace("\n", TERM_SEPARATOR))

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("Give at least two terms separated by ~.")})
        if len(terms) > MAX_TERMS_PER_GROUP:
            raise ValidationError(
                {"terms": _("At most %(count)s terms per group.") % {"count": MAX_TERMS_PER_GROUP}}
            )
