"""Admins can list and edit the definitions in Wagtail, in every language."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from msme.models import SizeDefinition, SizeThreshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="pw"
    )
    client.force_login(user)
    return client


def test_the_snippet_list_shows_every_definition(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_msme_sizedefinition:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Malaysia: Manufacturing" in html
    assert "Singapore" in html


def test_the_edit_form_has_translated_fields_and_the_thresholds_inline(admin_client):
    definition = SizeDefinition.objects.get(country_id="TH", sector_key="retail")
    response = admin_client.get(
        reverse("wagtailsnippets_msme_sizedefinition:edit", args=[definition.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sector_label_th"' in html
    assert 'name="note_ind"' in html
    assert 'name="thresholds-TOTAL_FORMS" value="6"' in html
    assert "Fix Asset (THB) &lt; 30 million" in html


class _FormValues(HTMLParser):
    """The values a browser would submit for the admin edit form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if (
            tag == "input"
            and name
            and attrs.get("type") not in ("submit", "button", "checkbox", "file")
        ):
            self.values[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def test_an_admin_can_change_a_threshold_and_the_check_follows(admin_client):
    definition = SizeDefinition.objects.get(country_id="PH")
    url = reverse("wagtailsnippets_msme_sizedefinition:edit", args=[definition.pk])
    parser = _FormValues()
    parser.feed(admin_client.get(url).content.decode())
    data = parser.values
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-printed") and value == "Asset (PHP) < 3 million"
    )
    data[f"thresholds-{index}-upper_bound"] = "4000000"
    data["note_th"] = "หมายเหตุ"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SizeThreshold.objects.get(
        definition=definition, size="micro", criterion="assets"
    ).upper_bound == Decimal(4_000_000)
    assert SizeDefinition.objects.get(pk=definition.pk).note_th == "หมายเหตุ"
    assert (
        admin_client.get("/api/v1/msme-size/", {"country": "PH", "assets": "3500000"}).json()[
            "size"
        ]
        == "micro"
    )


def test_a_threshold_that_applies_needs_an_upper_bound(admin_client):
    definition = SizeDefinition.objects.get(country_id="PH")
    url = reverse("wagtailsnippets_msme_sizedefinition:edit", args=[definition.pk])
    parser = _FormValues()
    parser.feed(admin_client.get(url).content.decode())
    data = parser.values
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-printed") and value == "Asset (PHP) < 3 million"
    )
    data[f"thresholds-{index}-upper_bound"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "A threshold that applies needs an upper bound." in response.content.decode()
    assert (
        SizeThreshold.objects.get(
            definition=definition, size="micro", criterion="assets"
        ).upper_bound
        == 3_000_000
    )
