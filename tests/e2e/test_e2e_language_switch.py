"""Switching language keeps the reader where they were: the same page, the same search."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def switch_to(page, language_name: str) -> None:
    """Open the header's language switcher and pick a language by its own name, as a reader does."""
    page.locator(".language-switcher summary").click()
    choices = page.locator(".language-switcher ul")
    with page.expect_navigation():
        choices.get_by_role("link", name=language_name, exact=True).click()


def test_switching_language_keeps_the_reader_on_the_same_page_and_search(sample_site, page, snap):
    scheme = sample_site.page("th-sme-d-bank-loans")
    assert scheme.title_th and scheme.title_th != scheme.title_en
    path = sample_site.path("th-sme-d-bank-loans")
    page.goto(sample_site.url(f"/en{path}"))
    assert page.locator("h1").inner_text() == scheme.title_en
    snap(page, "english")

    switch_to(page, "ภาษาไทย")
    assert page.url == sample_site.url(f"/th{path}")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == scheme.title_th
    assert page.locator(".language-switcher summary").inner_text().endswith("ภาษาไทย")
    snap(page, "thai")

    switch_to(page, "English")
    assert page.url == sample_site.url(f"/en{path}")
    assert page.locator("h1").inner_text() == scheme.title_en

    # A search keeps its words and filters across the switch.
    page.goto(sample_site.url("/en/search/?q=loan&country=TH"))
    english_titles = page.locator(".results .result__title a").all_inner_texts()
    assert english_titles
    snap(page, "search-english")

    switch_to(page, "ภาษาไทย")
    assert page.url == sample_site.url("/th/search/?q=loan&country=TH")
    assert page.locator("input[name=country][value=TH]").is_checked()
    assert page.locator("#q").input_value() == "loan"
    thai_titles = page.locator(".results .result__title a").all_inner_texts()
    # The same results, now titled in Thai where the scheme has a Thai title.
    assert len(thai_titles) == len(english_titles)
    assert thai_titles != english_titles
    snap(page, "search-thai")
