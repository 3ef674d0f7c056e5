"""The Content-Security-Policy blocks nothing the site needs, on the public site or in the admin.

Chromium reports every blocked script, style, fetch or frame as a `securitypolicyviolation`
event; an init script records them on each page, and the tests walk the journeys that
load or run something: suggestions (fetch), filters (search.js), the size check, and
the editor's page editor, preview panel and image upload.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
      + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched_page(new_page):
    """A page that records CSP violations (in every frame) and CSP console errors."""
    page = new_page()
    page.context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_console = console
    return page


def violations(page) -> list[str]:
    from playwright.sync_api import Error

    found = list(page.csp_console)
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__violations || []")
        except Error:
            # Wagtail's preview swaps in a fresh iframe on each refresh, so a frame can go
            # between listing and reading it. Chromium also logs every violation to the
            # console, which page.csp_console has collected from all frames.
            if not frame.is_detached():
                raise
    return found


def test_the_public_journeys_run_without_a_policy_violation(sample_site, watched_page):
    from finance_directory.models import FinancingSchemePage

    page = watched_page
    scheme = FinancingSchemePage.objects.live().filter(country_id="TH").first()
    for path in ("/en/", "/th/", "/en/thailand/", scheme.url):
        page.goto(sample_site.url(path), wait_until="networkidle")
        assert violations(page) == [], path

    page.goto(sample_site.url("/en/search/?q=loan"), wait_until="networkidle")
    page.locator("[data-suggest-input]").fill("lo")
    # Suggestions come from a fetch() to the API (connect-src) run by search.js (script-src).
    page.locator("#suggestions li").first.wait_for()
    page.locator("[data-suggest-input]").press("Escape")
    with page.expect_navigation():
        page.locator("input[name=country][value=TH]").check()
    assert "country=TH" in page.url
    assert violations(page) == []

    page.goto(
        sample_site.url("/en/msme-size/?country=MY&sector=manufacturing&employees=40"),
        wait_until="networkidle",
    )
    assert violations(page) == []


def test_the_admin_editor_preview_and_upload_run_without_a_policy_violation(
    sample_site, watched_page
):
    from django.contrib.auth import get_user_model

    from finance_directory.models import FinancingSchemePage

    get_user_model().objects.create_superuser(
        username="csp-admin", email="csp-admin@example.org", password=sample_site.password
    )
    scheme = FinancingSchemePage.objects.live().filter(country_id="TH").first()
    page = watched_page
    page.goto(sample_site.url("/admin/login/"))
    page.fill("input[name=username]", "csp-admin")
    page.fill("input[name=password]", sample_site.password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert violations(page) == []

    page.goto(sample_site.url(f"/admin/pages/{scheme.id}/edit/"), wait_until="networkidle")
    page.locator("[data-side-panel-toggle='preview']").click()
    # The preview frames the public template: the admin's framing rule must allow it
    # (a refused frame shows Chromium's error page, whose document the admin cannot read).
    page.wait_for_function(
        """() => [...document.querySelectorAll("iframe[data-w-preview-target='iframe']")]
                 .some((frame) => frame.contentDocument?.querySelector("h1"))"""
    )
    assert violations(page) == []

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(png, format="PNG")
    page.goto(sample_site.url("/admin/images/multiple/add/"), wait_until="networkidle")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png.getvalue()}],
    )
    page.locator("#upload-list li.upload-success").first.wait_for()
    assert violations(page) == []
