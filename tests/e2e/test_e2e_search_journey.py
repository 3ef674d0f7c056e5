"""An MSME owner searches, narrows the results with facets and opens one, by mouse and keyboard."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def result_total(page) -> int:
    """The number at the start of the result summary ("12 results for ...")."""
    summary = page.locator(".result-summary").inner_text()
    match = re.match(r"([\d,]+) result", summary)
    assert match, f"unexpected summary {summary!r}"
    return int(match.group(1).replace(",", ""))


def facet_count(page, param: str, value: str) -> int:
    label = page.locator(f"label:has(input[name='{param}'][value='{value}'])")
    return int(re.search(r"\((\d+)\)", label.inner_text()).group(1))


def assert_answered_by_elasticsearch(page) -> None:
    notices = page.locator(".search-results .notice").all_inner_texts()
    assert not any("simplified mode" in text for text in notices), notices


def test_searching_ticking_facets_and_opening_a_result(sample_site, page, snap):
    page.goto(sample_site.url("/en/"))
    snap(page, "home")

    search_box = page.get_by_role("searchbox", name="What are you looking for?")
    search_box.fill("loan")
    with page.expect_navigation():
        search_box.press("Enter")
    assert re.search(r"/en/search/\?q=loan$", page.url)
    assert_answered_by_elasticsearch(page)
    everything = result_total(page)
    assert everything > 0
    snap(page, "results")

    # Ticking a box submits the form at once (search.js); the facet's count said
    # how many results there would be.
    thailand = facet_count(page, "country", "TH")
    assert 0 < thailand < everything
    with page.expect_navigation():
        page.locator("input[name=country][value=TH]").check()
    assert "country=TH" in page.url
    assert page.locator("input[name=country][value=TH]").is_checked()
    assert result_total(page) == thailand
    countries = page.locator(".results .card__meta").all_inner_texts()
    assert countries and all("Thailand" in text for text in countries), countries
    assert page.locator(".chips .chip").first.inner_text().startswith("Thailand")
    snap(page, "country-ticked")

    schemes = facet_count(page, "type", "financing_scheme")
    with page.expect_navigation():
        page.locator("input[name=type][value=financing_scheme]").check()
    assert "type=financing_scheme" in page.url and "country=TH" in page.url
    assert result_total(page) == schemes
    kinds = page.locator(".results .tag").all_inner_texts()
    assert kinds and len(set(kinds)) == 1, kinds
    snap(page, "type-ticked")

    first = page.locator(".results .result__title a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text() == title
    assert page.url.startswith(sample_site.url("/en/thailand/"))
    snap(page, "result-opened")


def test_keyboard_user_ticks_a_facet_with_space_and_gets_new_results(sample_site, page, snap):
    page.goto(sample_site.url("/en/search/?q=loan"))
    before = result_total(page)

    # Tab from the top of the page, as a keyboard user does, to the first facet box.
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e && e.type === 'checkbox' ? {name: e.name, value: e.value} : null; }"
        )
        if focused:
            break
    else:
        pytest.fail("no facet checkbox reached with Tab")
    expected = facet_count(page, focused["name"], focused["value"])
    snap(page, "checkbox-focused", reload=False)

    with page.expect_navigation():
        page.keyboard.press("Space")
    assert f"{focused['name']}={focused['value']}" in page.url
    checkbox = page.locator(f"input[name='{focused['name']}'][value='{focused['value']}']")
    assert checkbox.is_checked()
    assert result_total(page) == expected
    assert expected < before, "the first facet option must narrow 'loan' for this test to mean much"
    snap(page, "space-pressed")
