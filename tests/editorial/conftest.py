"""Shared set-up for the editorial tests: the site, its roles, users and content pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from editorial.roles import setup_roles
from finance_directory.models import FinancingSchemePage
from servicecentre.services import country_hub


@pytest.fixture(autouse=True)
def _reset_language():
    """Leave the thread's language as found: a request to /th/ activates Thai and keeps it."""
    yield
    translation.deactivate()


@pytest.fixture
def site(site):
    """The site skeleton (tests/conftest.py) plus editorial groups, collections, workflows."""
    setup_roles()
    return site


@pytest.fixture
def make_scheme(site):
    def make(country: str = "TH", slug: str = "sme-loan", publish: bool = True, **fields):
        defaults = {
            "title": f"SME loan {slug}",
            "title_en": f"SME loan {slug}",
            "slug": slug,
            "country_id": country,
            "summary": "Working capital loans for small firms.",
            "summary_en": "Working capital loans for small firms.",
            "source_url": "https://example.org/source",
            "compiled_on": datetime.date.today(),
        }
        defaults.update(fields)
        page = country_hub(country).add_child(instance=FinancingSchemePage(**defaults))
        if publish:
            # Publishing a revision is what the admin and imports do (and what fires
            # page_published); add_child alone makes a live page without a revision.
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def edit_form_data():
    return _edit_form_data


def _edit_form_data(client, page) -> dict:
    """The edit form's current values, as the browser would post them back."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    form = response.context["form"]
    data = {}
    for name, bound in form.items() if hasattr(form, "items") else ((f.name, f) for f in form):
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for formset in form.formsets.values():
        management = formset.management_form
        for field_name in management.fields:
            data[f"{management.prefix}-{field_name}"] = str(management[field_name].value() or 0)
    return data
