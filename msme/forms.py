"""The one parameter parser of the size check, shared by the JSON API and the HTML page."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from msme.selectors import CountryOption, SizeCheckError, country_options, find_definition

# Digits (any script: Python's \d and Decimal both accept Thai, Lao, Burmese... digits) and
# one optional decimal point. No signs, exponents, separators, NaN or Infinity: a comma
# is a decimal mark in some of our languages and a thousands separator in others.
NUMBER = re.compile(r"^\d+(\.\d+)?$")
MAX_AMOUNT = Decimal(10) ** 30
AMOUNT_FIELDS = ("employees", "annual_sales", "assets", "capital")


class AmountField(forms.CharField):
    """A non-negative number written with digits only; empty means "not given"."""

    default_error_messages = {
        "invalid": _("Enter a number of 0 or more using digits only, for example 2500000."),
        "too_large": _("This number is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if len(text) > 64:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        if not NUMBER.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if number >= MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        return attrs


class SizeCheckForm(forms.Form):
    """Country, sector and figures; `sector` may also be `CC:key`, as the page sends it."""

    country = forms.CharField(label=_("Country"), required=False, max_length=64)
    sector = forms.CharField(label=_("Sector"), required=False, max_length=100)
    employees = AmountField(label=_("Number of workers"))
    annual_sales = AmountField(label=_("Annual sales"))
    assets = AmountField(label=_("Assets"))
    capital = AmountField(label=_("Capital"))

    def __init__(
        self, *args: Any, options: list[CountryOption] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = options if options is not None else country_options()
        self.definition = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "country" in self.errors or "sector" in self.errors:
            return cleaned
        country = (cleaned.get("country") or "").strip().upper()
        sector = (cleaned.get("sector") or "").strip()
        if ":" in sector:
            prefix, _sep, sector = sector.partition(":")
            prefix = prefix.strip().upper()
            if not country:
                country = prefix
            elif prefix and prefix != country:
                names = {option.code: option.name for option in self.options}
                self.add_error(
                    "sector",
                    _(
                        "This sector belongs to %(other)s, not %(country)s: choose a sector "
                        "of %(country)s."
                    )
                    % {"other": names.get(prefix, prefix), "country": names.get(country, country)},
                )
                return cleaned
        if not country:
            self.add_error("country", _("Choose a country."))
            return cleaned
        try:
            self.definition = find_definition(country=country, sector=sector)
        except SizeCheckError as error:
            self.add_error(error.parameter, error.message)
            return cleaned
        cleaned["country"] = self.definition.country_id
        cleaned["sector"] = self.definition.sector_key or None
        return cleaned

    def first_error(self) -> tuple[str, str]:
        """The first invalid parameter and its message, for the API's 400 answer."""
        for name in ("country", "sector", *AMOUNT_FIELDS):
            if name in self.errors:
                return name, str(self.errors[name][0])
        name, messages = next(iter(self.errors.items()))
        return name, str(messages[0])

    def classify_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("country", "sector", *AMOUNT_FIELDS)}
