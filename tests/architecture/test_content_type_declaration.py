"""A content type declares itself once, on its page model; the rest is derived from it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from market_info.models import FtaGuidePage
from servicecentre.content_io.schema import TYPE_FIELDS, fields_for, type_fields
from servicecentre.labels import content_type_label, section_label
from servicecentre.models import BasePage, DirectoryPage, content_models


def test_the_registry_is_every_concrete_content_page_in_app_order():
    assert list(content_models()) == [
        "financing_scheme",
        "fta_guide",
        "market_guide",
        "registration_guide",
        "incubator",
    ]
    assert all(issubclass(model, BasePage) for model in content_models().values())


def test_labels_come_from_verbose_name_and_section_titles_from_the_class():
    assert content_type_label("financing_scheme") == "Financing scheme"
    assert content_type_label("incubator") == "Incubator or accelerator"
    assert section_label("fta_guide") == "Trade agreements"
    assert section_label("registration_guide") == "Registering a business"
    assert dict(DirectoryPage._meta.get_field("content_type_code").choices)["market_guide"] == (
        "Market guides"
    )


def test_import_fields_are_derived_from_the_model_and_translation_py():
    fields = {field.name: type(field.kind).__name__ for field in fields_for("financing_scheme")}
    assert fields["key_terms"] == "Translated"  # registered in finance_directory/translation.py
    assert fields["amount_min"] == "Amount"  # a DecimalField
    assert fields["currency"] == "Pattern"  # declared explicitly on the class
    assert fields["support_types"] == "Codes"
    assert TYPE_FIELDS.keys() == type_fields().keys() == content_models().keys()


def test_text_fields_are_the_translated_fields_in_model_order():
    assert FtaGuidePage.text_fields == (
        "summary",
        "body",
        "provider",
        "coverage",
        "rules_of_origin",
        "self_certification",
    )


@pytest.mark.django_db
def test_the_model_refuses_an_fta_guide_for_one_country():
    page = FtaGuidePage(
        title="ATIGA",
        country_id="TH",
        summary="x",
        source_url="https://asean.org/",
        compiled_on=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        page.clean_rules()
    assert error.value.message_dict["country"] == [
        "FTA guide pages are ASEAN-wide: use ASEAN, not 'TH'."
    ]
