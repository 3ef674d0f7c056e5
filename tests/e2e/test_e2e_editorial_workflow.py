"""An agency editor's change goes through moderation and reaches the public search once approved."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_TITLE = "SME D Bank kingfisher loans for small firms"


def sign_in(page, sample_site, username: str) -> None:
    page.goto(sample_site.url("/admin/login/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(sample_site.password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.url == sample_site.url("/admin/"), f"sign-in failed for {username}"


def public_search(page, sample_site, query: str) -> list[str]:
    page.goto(sample_site.url(f"/en/search/?q={query}"))
    return page.locator(".results .result__title a").all_inner_texts()


def admin_messages(page) -> str:
    return " ".join(page.locator(".messages li").all_inner_texts())


def test_an_edit_submitted_for_moderation_is_searchable_once_approved(
    sample_site, editorial_roles, new_page, snap
):
    scheme = sample_site.page("th-sme-d-bank-loans")
    sample_site.user("thai-editor", "Thailand editors")
    sample_site.user("thai-approver", "Thailand approvers")

    editor = new_page()
    sign_in(editor, sample_site, "thai-editor")
    editor.goto(sample_site.url(f"/admin/pages/{scheme.pk}/edit/"))
    editor.locator("#id_title_en").fill(NEW_TITLE)
    snap(editor, "editor-edits", reload=False)
    editor.locator("footer .w-dropdown__toggle").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Submit to Thailand review").click()
    assert "submitted for moderation" in admin_messages(editor)
    snap(editor, "editor-submitted", reload=False)

    # Submitted is not published: the public still finds nothing new.
    sample_site.index_queued_changes()
    visitor = new_page()
    assert public_search(visitor, sample_site, "kingfisher") == []
    scheme.refresh_from_db()
    assert scheme.title_en != NEW_TITLE and scheme.has_unpublished_changes

    approver = new_page()
    sign_in(approver, sample_site, "thai-approver")
    awaiting = approver.get_by_role("link", name=NEW_TITLE)
    snap(approver, "approver-dashboard")
    with approver.expect_navigation():
        awaiting.click()
    approver.locator("footer .w-dropdown__toggle").click()
    with approver.expect_navigation():
        approver.get_by_role("button", name="Approve and Publish", exact=True).click()
    assert f"Page '{NEW_TITLE}' has been" in admin_messages(approver)
    snap(approver, "approver-approved", reload=False)

    # Publishing only enqueued an index task; the worker's turn comes now.
    assert sample_site.index_queued_changes() >= 1
    assert public_search(visitor, sample_site, "kingfisher") == [NEW_TITLE]
    snap(visitor, "public-search")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=NEW_TITLE, exact=True).click()
    assert visitor.locator("h1").inner_text() == NEW_TITLE
    snap(visitor, "public-page")
