"""The one parser of a finder profile, shared by the JSON API and the questionnaire."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from finder.services import NEEDS, PARTNERS, Profile
from msme.forms import AMOUNT_FIELDS, AmountField
from servicecentre.models import Country, Sector, TargetGroup

SIZE_CHOICES = [("micro", _("Micro")), ("small", _("Small")), ("medium", _("Medium"))]
# The order in which a 400 names the first bad parameter.
PARAMETERS = ("country", "sector", "size", *AMOUNT_FIELDS, "need", "group", "export_to")


def destination_choices() -> list[tuple[str, str]]:
    members = [(c.code, c.name) for c in Country.objects.filter(is_member_state=True)]
    return members + [(code, str(name)) for code, name in PARTNERS.items()]


class FinderForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False, choices=[("", "")] + SIZE_CHOICES)
    employees = AmountField(label=_("Number of workers"))
    annual_sales = AmountField(label=_("Annual sales"))
    assets = AmountField(label=_("Assets"))
    capital = AmountField(label=_("Capital"))
    need = forms.MultipleChoiceField(label=_("What you need"), required=False)
    group = forms.MultipleChoiceField(label=_("Owner groups"), required=False)
    export_to = forms.MultipleChoiceField(label=_("Export markets"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data", args[0] if args else None)
        if data is not None:
            # Codes are case-insensitive on the way in (th, Th and TH are the same country).
            data = data.copy()
            for name in ("country", "sector", "export_to"):
                if name in data:
                    data.setlist(name, [v.strip().upper() for v in data.getlist(name)])
            for name in ("size", "need", "group"):
                if name in data:
                    data.setlist(name, [v.strip().lower() for v in data.getlist(name)])
            if args:
                args = (data, *args[1:])
            else:
                kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "")] + [
            (c.code, c.name) for c in Country.objects.filter(is_member_state=True)
        ]
        self.fields["sector"].choices = [("", "")] + [
            (s.code, f"{s.code}: {s.name}") for s in Sector.objects.all()
        ]
        self.fields["need"].choices = [(code, need.label) for code, need in NEEDS.items()]
        self.fields["group"].choices = [(g.code, g.name) for g in TargetGroup.objects.all()]
        self.fields["export_to"].choices = destination_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        figures = [name for name in AMOUNT_FIELDS if cleaned.get(name) is not None]
        if cleaned.get("size") and figures:
            self.add_error(
                "size",
                _("Give either size or the figures (%(names)s), not both.")
                % {"names": ", ".join(figures)},
            )
        country = cleaned.get("country")
        if country and country in (cleaned.get("export_to") or []):
            self.add_error(
                "export_to",
                _("%(code)s is the country your business is in: choose other markets.")
                % {"code": country},
            )
        return cleaned

    def first_error(self) -> tuple[str, str]:
        """The first invalid parameter and its message, for the API's 400 answer."""
        for name in PARAMETERS:
            if name in self.errors:
                return name, str(self.errors[name][0])
        name, messages = next(iter(self.errors.items()))
        return name, str(messages[0])

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(
            country=data["country"],
            sector=data.get("sector") or None,
            size=data.get("size") or None,
            figures={name: data[name] for name in AMOUNT_FIELDS if data.get(name) is not None},
            needs=[code for code in NEEDS if code in data.get("need", [])],
            groups=list(dict.fromkeys(data.get("group", []))),
            export_to=list(dict.fromkeys(data.get("export_to", []))),
        )
