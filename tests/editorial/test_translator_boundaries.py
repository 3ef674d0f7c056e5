"""A translator changes their own language's fields and nothing else, by any admin path."""

from __future__ import annotations

from django.urls import reverse


def test_a_translator_who_leaves_another_languages_field_out_does_not_blank_it(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan", summary_ms="Pinjaman modal kerja.")
    client.force_login(make_user("somchai", "Translators (Thai)"))
    data = edit_form_data(client, page)
    del data["summary_ms"]
    data["title_th"] = "สินเชื่อ"

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.title_th == "สินเชื่อ"
    assert draft.summary_ms == "Pinjaman modal kerja."


def test_a_translator_cannot_change_language_neutral_fields(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("somchai", "Translators (Thai)"))
    data = edit_form_data(client, page)
    data.update({"title_th": "สินเชื่อ", "source_url": "https://attacker.example/", "sectors": ["A"]})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.title_th == "สินเชื่อ"
    assert draft.source_url == "https://example.org/source"
    assert list(draft.sectors.all()) == []


def test_a_translator_reverting_to_an_old_revision_changes_only_their_language(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan", title_en="Old English", summary_ms="Lama")
    old_revision = page.latest_revision
    page.title_en = "New English"
    page.summary_ms = "Baharu"
    page.save_revision().publish()
    client.force_login(make_user("somchai", "Translators (Thai)"))
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old_revision.pk])
    response = client.get(revert_url)
    assert response.status_code == 200
    data = _form_values(response.context["form"])
    data["title_th"] = "สินเชื่อ"

    client.post(revert_url, data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.title_th == "สินเชื่อ"
    assert (draft.title_en, draft.summary_ms) == ("New English", "Baharu")


def test_a_countrys_editor_still_changes_every_language(
    site, make_user, make_scheme, client, edit_form_data
):
    page = make_scheme("TH", slug="thai-loan")
    client.force_login(make_user("niran", "Thailand editors"))
    data = edit_form_data(client, page)
    data.update({"title_en": "Rewritten English", "source_url": "https://example.org/new"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert (draft.title_en, draft.source_url) == ("Rewritten English", "https://example.org/new")


def _form_values(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, (list, tuple)):
            data[bound.name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.name] = "on"
        elif value is not None:
            data[bound.name] = str(value)
    for formset in form.formsets.values():
        management = formset.management_form
        for field_name in management.fields:
            data[f"{management.prefix}-{field_name}"] = str(management[field_name].value() or 0)
    return data
