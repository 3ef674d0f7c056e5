"""The report's filters: period, language, country."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from analytics.selectors import DEFAULT_PERIOD, PERIODS, ReportFilters
from editorial.forms import country_choices


class ReportFilterForm(forms.Form):
    days = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, _("Last %(days)d days") % {"days": days}) for days in PERIODS
        ]
        self.fields["days"].initial = DEFAULT_PERIOD
        self.fields["language"].choices = [
            ("", _("All languages")),
            *((code, f"{name} ({code})") for code, name in settings.LANGUAGES),
        ]
        self.fields["country"].choices = [("", _("All countries")), *country_choices()]

    def report_filters(self) -> ReportFilters:
        """The valid filters, or the defaults for anything invalid or missing."""
        if not self.is_valid():
            return ReportFilters()
        data = self.cleaned_data
        return ReportFilters(
            days=data.get("days") or DEFAULT_PERIOD,
            language=data.get("language") or "",
            country=data.get("country") or "",
        )
