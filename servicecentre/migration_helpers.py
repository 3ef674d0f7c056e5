"""Data migrations shared by the content apps (BasePage's fields live in each app's tables)."""

from __future__ import annotations


def compiled_not_verified(apps, schema_editor, *, app_label: str, pages: dict[str, str]) -> None:
    """Say what existing pages are: compiled on their old `last_verified` date, never verified.

    `pages` maps a page model name to its source model name. The page's `source_url`
    becomes its one numbered source, and the old untranslated `verification_note`
    becomes the English one. Stored revisions get the same, so publishing an old draft
    cannot bring back a false verification date.
    """
    revision_model = apps.get_model("wagtailcore", "Revision")
    for page_name, source_name in pages.items():
        page_model = apps.get_model(app_label, page_name)
        source_model = apps.get_model(app_label, source_name)
        for page in page_model.objects.all():
            page.compiled_on = page.last_verified or page.compiled_on
            page.last_verified = None
            page.verification_status = "compiled"
            # The untranslated column as stored (modeltranslation reads it as a language).
            note = page.__dict__.get("verification_note")
            if note and not page.verification_note_en:
                page.verification_note_en = note
            page.save(
                update_fields=[
                    "compiled_on",
                    "last_verified",
                    "verification_status",
                    "verification_note_en",
                ]
            )
            if page.source_url and not source_model.objects.filter(page=page).exists():
                source_model.objects.create(page=page, url=page.source_url, sort_order=0)
            for revision in revision_model.objects.filter(object_id=str(page.pk)):
                content = dict(revision.content or {})
                if content.get("verification_status") == "compiled" and "sources" in content:
                    continue
                content["compiled_on"] = content.get("last_verified") or (
                    page.compiled_on.isoformat() if page.compiled_on else None
                )
                content["last_verified"] = None
                content["verification_status"] = "compiled"
                note = content.get("verification_note")
                if note and not content.get("verification_note_en"):
                    content["verification_note_en"] = note
                if content.get("source_url") and not content.get("sources"):
                    content["sources"] = [
                        {"pk": None, "page": page.pk, "sort_order": 0, "url": content["source_url"]}
                    ]
                revision.content = content
                revision.save(update_fields=["content"])


def noop(apps, schema_editor) -> None:
    """Going back keeps the data as it is (the old fields are still there)."""
