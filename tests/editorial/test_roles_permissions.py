"""Per-country permission boundaries, exercised through the Wagtail admin views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Collection, GroupPagePermission, Workflow

from editorial.roles import setup_roles

# A 1×1 transparent GIF: the smallest image Wagtail accepts.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_setup_roles_is_idempotent(site):
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
    )
    summary = setup_roles()
    assert summary.groups == summary.collections == summary.workflows == []
    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
    )


def test_every_editorial_group_may_access_the_admin(site):
    names = ["ASEAN Secretariat", "Thailand editors", "Thailand approvers", "Translators (Thai)"]
    for name in names:
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


def test_a_malaysian_editor_cannot_open_a_thai_page_in_the_editor(
    site, make_user, make_scheme, client
):
    thai_page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[thai_page.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_a_malaysian_editor_cannot_change_a_thai_page_by_posting(
    site, make_user, make_scheme, client
):
    thai_page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("aminah", "Malaysia editors"))
    revisions = thai_page.revisions.count()

    client.post(
        reverse("wagtailadmin_pages:edit", args=[thai_page.pk]),
        {"title_en": "Hijacked", "slug": "thai-loan", "action-publish": "1"},
    )

    thai_page.refresh_from_db()
    assert thai_page.title_en != "Hijacked"
    assert thai_page.revisions.count() == revisions


def test_the_explorer_does_not_list_thai_pages_for_a_malaysian_editor(
    site, make_user, make_scheme, client
):
    thai_page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = client.get(reverse("wagtailadmin_explore", args=[thai_page.get_parent().pk]))

    assert response.status_code == 302  # refused outright, not an empty listing


def test_an_editor_edits_their_own_country_but_has_no_publish_action(
    site, make_user, make_scheme, client
):
    page = make_scheme("MY", slug="my-loan")
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_publishing_by_post_as_an_editor_only_saves_a_draft(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("MY", slug="my-loan")
    client.force_login(make_user("aminah", "Malaysia editors"))
    data = edit_form_data(client, page)
    data.update({"title_en": "Changed by the editor", "action-publish": "1"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    assert page.title_en != "Changed by the editor"  # the live page is untouched
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title_en == "Changed by the editor"


def test_an_approver_publishes_in_their_own_country(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("MY", slug="my-loan")
    client.force_login(make_user("farid", "Malaysia approvers"))
    data = edit_form_data(client, page)
    data.update({"title_en": "Approved title", "action-publish": "1"})

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert 'name="action-publish"' in response.content.decode()
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    assert page.title_en == "Approved title"


def test_an_approver_cannot_publish_another_countrys_page(site, make_user, make_scheme, client):
    thai_page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("farid", "Malaysia approvers"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[thai_page.pk]))

    assert response.status_code == 302


def test_a_translator_may_edit_but_not_publish(site, make_user, make_scheme, client):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("somchai", "Translators (Thai)"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()


def test_the_secretariat_may_publish_everywhere(site, make_user, make_scheme, client):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert 'name="action-publish"' in response.content.decode()


@pytest.fixture
def country_images(site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    images = {}
    for name in ("Malaysia", "Thailand"):
        images[name] = Image.objects.create(
            title=f"{name} photo",
            file=SimpleUploadedFile(f"{name.lower()}.gif", GIF),
            collection=Collection.objects.get(name=name),
        )
    return images


def test_a_malaysian_editor_sees_only_malaysian_images_in_the_listing(
    country_images, make_user, client
):
    client.force_login(make_user("aminah", "Malaysia editors"))

    html = client.get(reverse("wagtailimages:index")).content.decode()

    assert "Malaysia photo" in html
    assert "Thailand photo" not in html


def test_a_malaysian_editor_sees_only_malaysian_images_in_the_chooser(
    country_images, make_user, client
):
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = client.get(reverse("wagtailimages_chooser:choose"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Malaysia photo" in html
    assert "Thailand photo" not in html


def test_a_malaysian_editor_cannot_open_a_thai_image(country_images, make_user, client):
    client.force_login(make_user("aminah", "Malaysia editors"))

    response = client.get(reverse("wagtailimages:edit", args=[country_images["Thailand"].pk]))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_the_secretariat_sees_every_countrys_images(country_images, make_user, client):
    client.force_login(make_user("sec", "ASEAN Secretariat"))

    html = client.get(reverse("wagtailimages:index")).content.decode()

    assert "Malaysia photo" in html
    assert "Thailand photo" in html


def test_a_translator_editing_in_the_admin_changes_only_their_language(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("somchai", "Translators (Thai)"))
    data = edit_form_data(client, page)
    data.update({"title_th": "สินเชื่อ", "title_en": "Rewritten English", "summary_ms": "Pinjaman"})

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.title_th == "สินเชื่อ"
    assert draft.title_en == "SME loan thai-loan"
    assert not draft.summary_ms
    assert (
        "these changes were not kept: title (English), summary (Malay)" in response.content.decode()
    )


def test_a_translator_who_is_also_the_countrys_editor_may_change_every_language(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("niran", "Translators (Thai)", "Thailand editors"))
    data = edit_form_data(client, page)
    data.update({"title_th": "สินเชื่อ", "title_en": "Rewritten English"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert (draft.title_th, draft.title_en) == ("สินเชื่อ", "Rewritten English")
