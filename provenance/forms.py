from __future__ import annotations

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicecentre.models import CONFIRMED_BY_PROVIDER, VERIFICATION_STATUSES, VERIFIED

REPORT_TOKEN_SALT = "provenance.report"  # noqa: S105 (a signing salt, not a secret)
CANNOT_CHECK = _("The form could not be checked. Please try again.")
REPORT_TOKEN_MAX_AGE = 4 * 60 * 60  # a form older than this is sent again from a fresh page


def report_token(page_id: int) -> str:
    """A signed, time-stamped token naming the page the form was served for."""
    return signing.TimestampSigner(salt=REPORT_TOKEN_SALT).sign(str(page_id))


class VerifyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in VERIFICATION_STATUSES if c[0] in (VERIFIED, CONFIRMED_BY_PROVIDER)],
        widget=forms.RadioSelect,
        help_text=_(
            "Checked against the cited source: you compared every fact with the source. "
            "Confirmed by the provider: the agency itself confirmed the facts."
        ),
    )
    checked_on = forms.DateField(label=_("Checked on"), initial=timezone.localdate)
    source_url = forms.URLField(
        label=_("Checked against"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The page that states the facts."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How it was checked, e.g. who at the agency confirmed it."),
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError(_("A check cannot be in the future."))
        if checked_on < self.page.compiled_on:
            raise forms.ValidationError(_("A check cannot be before the compile date."))
        return checked_on


class ProblemReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional, if you want to hear back)"), required=False
    )
    # A field people do not see; software that fills every field fills it in.
    website = forms.CharField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, page_id: int, **kwargs):
        self.page_id = page_id
        super().__init__(*args, **kwargs)

    def clean_token(self):
        try:
            value = signing.TimestampSigner(salt=REPORT_TOKEN_SALT).unsign(
                self.cleaned_data["token"], max_age=REPORT_TOKEN_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open too long. Please send it again.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form could not be checked. Please try again.")
            ) from None
        if value != str(self.page_id):
            raise forms.ValidationError(CANNOT_CHECK)
        return value

    @property
    def is_trap(self) -> bool:
        return bool(self.data.get("website"))
