"""A reader's searches and click reach the editors' "Search terms" report."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analytics.models import SearchEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOUND = "loan"
NOT_FOUND = "zqxjvbk"  # no word of any language in the sample content


def search(page, query: str) -> None:
    search_box = page.locator("#q")
    search_box.fill(query)
    with page.expect_navigation():
        search_box.press("Enter")


def wait_for(condition, *, seconds: float = 10) -> None:
    """Pings and the after-response writes are asynchronous: poll the database briefly."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def report_rows(page, section: str) -> dict[str, list[str]]:
    """The rows of a section of the report, by query: the cells after the query."""
    rows = {}
    for row in page.locator(f"section#{section} tbody tr").all():
        cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
        rows[cells[0]] = cells[1:]
    return rows


def test_a_readers_searches_and_click_are_listed_in_the_search_terms_report(
    sample_site, new_page, snap
):
    from django.contrib.auth import get_user_model

    # The site's own Content-Security-Policy is on (no bypass): it must let the ping out.
    reader = new_page()
    reader.goto(sample_site.url("/en/search/"))
    search(reader, NOT_FOUND)
    assert "Nothing matches" in reader.locator(".search-results").inner_text()

    search(reader, FOUND)
    first = reader.locator(".results .result__title a").first
    assert first.get_attribute("ping").startswith("/api/v1/search/click/?t=")
    with reader.expect_navigation():
        first.click()
    wait_for(lambda: SearchEvent.objects.filter(normalised_query=FOUND, clicks=1).exists())
    snap(reader, "result-opened")

    get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password=sample_site.password
    )
    editor = new_page()
    editor.goto(sample_site.url("/admin/login/"))
    editor.locator("input[name=username]").fill("admin")
    editor.locator("input[name=password]").fill(sample_site.password)
    with editor.expect_navigation():
        editor.locator("form button[type=submit]").click()
    assert editor.url == sample_site.url("/admin/")

    editor.get_by_role("button", name="Reports").click()
    with editor.expect_navigation():
        editor.get_by_role("link", name="Search terms").click()
    assert editor.url == sample_site.url("/admin/analytics/search-terms/")
    snap(editor, "report", reload=False)

    top = report_rows(editor, "top")
    # Query, searches, average results, clicks, click-through (%)
    assert top[FOUND][0] == "1"
    assert int(float(top[FOUND][1])) > 0
    assert top[FOUND][2:] == ["1", "100"]
    assert top[NOT_FOUND] == ["1", "0.0", "0", "0"]

    zero = report_rows(editor, "zero")
    assert list(zero) == [NOT_FOUND]
    assert zero[NOT_FOUND][0] == "1"
    assert FOUND not in report_rows(editor, "no_clicks")

    with editor.expect_download() as download:
        editor.locator("section#zero").get_by_role("link", name="Download CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Query,Searches,Last searched"
    assert [line.split(",")[0] for line in lines[1:]] == [NOT_FOUND]
