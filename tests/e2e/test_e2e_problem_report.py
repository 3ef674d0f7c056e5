"""A reader reports a problem; only that country's editor sees it, closes it; the reader hears."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.e2e.test_e2e_editorial_workflow import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROBLEM = "The maximum loan amount on this page is out of date."


def test_a_readers_report_reaches_the_countrys_editor_and_the_reader_hears_back(
    sample_site, editorial_roles, new_page, snap
):
    scheme = sample_site.page("th-sme-d-bank-loans")
    sample_site.user("thai-editor", "Thailand editors")
    sample_site.user("malaysian-editor", "Malaysia editors")
    mail.outbox.clear()

    # A reader, without an account, reports the problem from the page itself.
    reader = new_page()
    reader.goto(sample_site.url(f"/en{sample_site.path('th-sme-d-bank-loans')}"))
    reader.get_by_text("Is something wrong on this page?").click()
    reader.get_by_label("What is wrong?").fill(PROBLEM)
    reader.get_by_label("Your e-mail address (optional, if you want to hear back)").fill(
        "reader@example.org"
    )
    with reader.expect_navigation():
        reader.get_by_role("button", name="Send the report").click()
    assert "Thank you." in reader.locator("#report-problem").inner_text()
    snap(reader, "reader-reported", reload=False)

    # Another country's editor does not see it.
    other = new_page()
    sign_in(other, sample_site, "malaysian-editor")
    other.goto(sample_site.url("/admin/problem-reports/"))
    assert scheme.title not in other.locator("main").inner_text()

    # The country's editor sees the count on the dashboard, opens the report and closes it.
    editor = new_page()
    sign_in(editor, sample_site, "thai-editor")
    assert "1 open report" in editor.locator(".open-reports").inner_text()
    editor.locator(".open-reports a").click()
    editor.wait_for_load_state()
    editor.get_by_role("link", name=scheme.title).first.click()
    editor.wait_for_load_state()
    assert PROBLEM in editor.locator("main").inner_text()
    editor.locator("#id_status").select_option("fixed")
    editor.locator("#id_reply").fill("Thank you: the amount is corrected.")
    snap(editor, "editor-closes", reload=False)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Save").click()

    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Thank you: the amount is corrected." in message.body
