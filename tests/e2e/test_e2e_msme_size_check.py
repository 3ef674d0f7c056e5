"""The MSME size check in the browser: fill in the form, read the size and why."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_malaysian_manufacturer_learns_it_is_small_and_why(site_skeleton, page, snap):
    page.goto(f"{site_skeleton}/en/")
    with page.expect_navigation():
        page.locator(".site-nav").get_by_role("link", name="Is my business an MSME?").click()
    assert page.url == f"{site_skeleton}/en/msme-size/"
    snap(page, "form")

    page.get_by_label("Country").select_option("MY")
    page.get_by_label("Sector").select_option("MY:manufacturing")
    page.get_by_label("Number of workers").fill("40")
    page.get_by_label("Annual sales", exact=False).fill("10000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Check my size").click()

    size = page.locator(".size-result__size")
    assert size.get_attribute("data-size") == "small"
    assert page.locator("#size-result-title").inner_text() == "Your business is: small"
    explanation = page.locator(".size-result__explanation li").all_inner_texts()
    assert any("fewer than 75 workers (40)" in line for line in explanation), explanation
    # The answer shows the definition it used, and the form keeps what was entered.
    assert "Malaysia" in page.locator("#size-definition-title").inner_text()
    assert page.get_by_label("Number of workers").input_value() == "40"
    snap(page, "answer")


def test_the_size_check_says_what_is_missing_in_thai(site_skeleton, page, snap):
    page.goto(f"{site_skeleton}/th/msme-size/")
    assert page.locator("html").get_attribute("lang") == "th"
    with page.expect_navigation():
        page.locator("form.size-check button[type=submit]").click()

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.get_attribute("role") == "alert"
    # Each error links to its field, so a keyboard or screen reader user gets there.
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    first_link.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target
    snap(page, "errors", reload=False)
