"""View-restricted (private) pages: never listed to readers, never left in the search index."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from search.indexing import rebuild
from search.tasks import drain_queue
from servicecentre.services import country_hub


def make_private(page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def test_a_private_scheme_is_not_listed_on_its_country_hub(publish_scheme, client):
    publish_scheme(slug="open-loan", title="Open loan", summary="Anyone may read this.")
    secret = publish_scheme(slug="secret-loan", title="Secret loan", summary="Internal terms.")
    make_private(secret)

    html = client.get(country_hub("TH").url).content.decode()

    assert "Open loan" in html
    assert "Secret loan" not in html
    assert "Internal terms." not in html


def test_a_private_scheme_is_not_in_the_related_box_of_a_public_one(publish_scheme, client):
    public = publish_scheme(slug="open-loan", title="Open loan", summary="Anyone may read this.")
    secret = publish_scheme(slug="secret-loan", title="Secret loan", summary="Internal terms.")
    make_private(secret)

    html = client.get(public.url).content.decode()

    assert "Open loan" in html
    assert "Secret loan" not in html


def test_a_private_fta_guide_is_not_listed_on_the_trade_agreements_page(site, client):
    from market_info.models import FtaGuidePage, FtaIndexPage

    index = FtaIndexPage.objects.get()
    for slug, title in (("atiga", "Open agreement guide"), ("draft-fta", "Secret agreement")):
        guide = index.add_child(
            instance=FtaGuidePage(
                title=title,
                slug=slug,
                external_id=slug,
                country_id="ASEAN",
                summary="A guide.",
                source_url="https://example.org/source",
            )
        )
        guide.save_revision().publish()
    make_private(FtaGuidePage.objects.get(slug="draft-fta"))

    html = client.get(index.url).content.decode()

    assert "Open agreement guide" in html
    assert "Secret agreement" not in html


@pytest.mark.django_db
def test_making_a_page_private_in_the_admin_removes_it_from_the_search_index(
    publish_scheme, superuser_client, es_client, django_capture_on_commit_callbacks
):
    page = publish_scheme(slug="secret-loan", title="Secret loan", summary="Internal terms.")
    rebuild()
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    es_client.indices.refresh(index=alias)
    assert es_client.exists(index=alias, id="secret-loan")

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
            {"restriction_type": "password", "password": "secret"},
        )
    assert response.status_code == 200
    assert page.get_view_restrictions().exists()
    drain_queue()
    es_client.indices.refresh(index=alias)
    assert not es_client.exists(index=alias, id="secret-loan")

    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), {"restriction_type": "none"}
        )
    drain_queue()
    es_client.indices.refresh(index=alias)
    assert es_client.exists(index=alias, id="secret-loan")
