"""Admin forms of the editorial reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from editorial.texts import language_name, target_languages
from editorial.xliff import MAX_FILE_BYTES
from servicecentre.models import Country


def country_choices() -> list[tuple[str, str]]:
    return [(country.code, country.name) for country in Country.objects.order_by("sort_order")]


def language_choices() -> list[tuple[str, str]]:
    return [(code, f"{language_name(code)} ({code})") for code in target_languages()]


class TranslationFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *country_choices()]
        self.fields["language"].choices = [
            ("", _("Each country's national languages")),
            *language_choices(),
        ]


class TranslationExportForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["language"].choices = language_choices()


class TranslationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Translated XLIFF file"),
        help_text=_("An XLIFF 1.2 file exported from the translation status report."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
