"""A page's country is its hub's: no admin path moves it to another member state's hub."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance_directory.models import FinancingSchemePage
from servicecentre.models import CountryPage
from servicecentre.services import country_hub


@pytest.mark.parametrize("group", ["Thailand editors", "Thailand approvers"])
def test_an_editor_or_approver_cannot_set_a_page_to_another_country(
    group, site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("somsak", group))
    data = edit_form_data(client, page)
    data.update({"country": "MY", "title_en": "Still Thai", "action-publish": "1"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.title_en == "Still Thai"  # the edit itself was saved
    assert (draft.country_id, page.country_id) == ("TH", "TH")


def test_a_page_created_under_a_hub_takes_the_hubs_country_whatever_is_posted(
    site, make_user, client
):
    hub = country_hub("TH")
    client.force_login(make_user("somsak", "Thailand editors"))
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=["finance_directory", "financingschemepage", hub.pk],
    )
    form = client.get(add_url).context["form"]
    data = {
        f"{prefix}-{name}": str(form.formsets[key].management_form[name].value() or 0)
        for key in form.formsets
        for prefix in [form.formsets[key].management_form.prefix]
        for name in form.formsets[key].management_form.fields
    }
    data.update(
        {
            "title_en": "New Thai loan",
            "slug": "new-thai-loan",
            "summary_en": "Loans.",
            "source_url": "https://example.org/source",
            "compiled_on": "2026-11-01",
            "review_interval_months": "12",
            "country": "MY",
            "external_id": "my-hijacked-id",
        }
    )

    response = client.post(add_url, data)

    assert response.status_code == 302, response.context["form"].errors
    page = FinancingSchemePage.objects.get(slug="new-thai-loan").get_latest_revision_as_object()
    assert page.country_id == "TH"
    assert page.external_id != "my-hijacked-id"


def test_an_editor_cannot_change_a_pages_import_id(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan", external_id="th-thai-loan")
    client.force_login(make_user("somsak", "Thailand approvers"))
    data = edit_form_data(client, page)
    data.update({"external_id": "my-sjpp-guarantee", "action-publish": "1"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    assert page.get_latest_revision_as_object().external_id == "th-thai-loan"
    assert page.external_id == "th-thai-loan"


def test_an_approver_cannot_change_the_country_of_their_hub(
    site, make_user, client, edit_form_data
):
    hub = country_hub("TH")
    hub.save_revision().publish()
    client.force_login(make_user("somsak", "Thailand approvers"))
    data = edit_form_data(client, hub)
    # ASEAN has no hub of its own, so the one-hub-per-country rule would not stop it.
    data.update({"country": "ASEAN", "action-publish": "1"})

    client.post(reverse("wagtailadmin_pages:edit", args=[hub.pk]), data)

    hub = CountryPage.objects.get(pk=hub.pk)
    assert hub.country_id == "TH"
    assert hub.get_latest_revision_as_object().country_id == "TH"


def test_the_model_refuses_a_country_other_than_its_hubs(site, make_scheme):
    page = make_scheme("TH", slug="thai-loan")
    page.country_id = "MY"

    with pytest.raises(ValidationError) as raised:
        page.full_clean()

    assert "country" in raised.value.message_dict
