"""`/<lang>/data/` and `/api/v1/data/`: the files, their licence, and conditional requests."""

from __future__ import annotations

import csv
import io
import json

import pytest

from opendata.services import JSONL_NAME, LICENCE_URL, build_open_data
from opendata.views import SEARCH_CSV_CAP
from tests.opendata.conftest import make_scheme

pytestmark = pytest.mark.django_db


def test_the_data_page_lists_each_file_with_size_date_and_licence(published, client):
    catalog = build_open_data()

    response = client.get("/en/data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{LICENCE_URL}" rel="license"' in html
    assert "CC BY 4.0" in html
    for dataset in catalog["dataset"]:
        for distribution in dataset["distribution"]:
            assert f'href="/api/v1/data/{distribution["fileName"]}"' in html
    assert "/api/v1/data/" in html
    assert f"first {SEARCH_CSV_CAP} results" in html


def test_the_data_page_names_every_file_in_the_readers_language(published, client):
    build_open_data()
    html = client.get("/th/data/").content.decode()
    assert "ไดเรกทอรีทั้งหมด (รูปแบบการนำเข้า)" in html
    assert "The whole directory" not in html


def test_before_the_first_build_the_page_says_so_and_the_api_answers_503(site, client):
    page = client.get("/en/data/")
    api = client.get("/api/v1/data/")

    assert page.status_code == 200
    assert "being prepared" in page.content.decode()
    assert api.status_code == 503
    assert "error" in api.json()
    assert client.get(f"/api/v1/data/{JSONL_NAME}").status_code == 404


def test_the_api_serves_the_catalog_and_each_file_byte_for_byte(published, client, open_data_root):
    build_open_data()

    catalog_response = client.get("/api/v1/data/")
    catalog = json.loads(b"".join(catalog_response.streaming_content))
    assert catalog_response["Content-Type"].startswith("application/json")

    for dataset in catalog["dataset"]:
        for distribution in dataset["distribution"]:
            response = client.get(f"/api/v1/data/{distribution['fileName']}")
            assert response.status_code == 200
            body = b"".join(response.streaming_content)
            assert len(body) == distribution["byteSize"]
            assert response["ETag"] == f'"{distribution["checksum"]["checksumValue"]}"'
            assert response["Last-Modified"]
            assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
            assert response["Content-Type"] == f"{distribution['mediaType']}; charset=utf-8"


def test_conditional_requests_get_304(published, client):
    build_open_data()
    first = client.get("/api/v1/data/financing_scheme.csv")

    by_etag = client.get("/api/v1/data/financing_scheme.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        "/api/v1/data/financing_scheme.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    catalog = client.get("/api/v1/data/")
    catalog_again = client.get("/api/v1/data/", HTTP_IF_NONE_MATCH=catalog["ETag"])
    changed = client.get("/api/v1/data/financing_scheme.csv", HTTP_IF_NONE_MATCH='"other"')

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert catalog_again.status_code == 304
    assert changed.status_code == 200


def test_only_catalogued_names_are_served(published, client, open_data_root):
    build_open_data()
    (open_data_root / "current" / "extra.txt").write_text("not listed")

    assert client.get("/api/v1/data/extra.txt").status_code == 404
    assert client.get("/api/v1/data/..%2Fcurrent").status_code == 404
    assert client.post("/api/v1/data/catalog.json").status_code == 405


def test_the_search_csv_has_the_search_pages_results_with_formulas_neutralised(
    site, client, rebuilt
):
    page = make_scheme("formula", title_en="=cmd|' /C calc'!A0", summary_en="Loans.")
    page.title = page.title_en
    page.save_revision().publish()
    make_scheme("other-scheme").save_revision().publish()
    rebuilt()  # the index holds this test's pages only (publishing syncs after commit)

    response = client.get("/en/data/search.csv?country=TH&type=financing_scheme&sort=title")
    api = client.get("/api/v1/search/?country=TH&type=financing_scheme&sort=title")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["id"] for row in rows] == [item["id"] for item in api.json()["results"]]
    assert {row["title"] for row in rows} == {"'=cmd|' /C calc'!A0", "Scheme other-scheme"}
    assert response["X-Total-Results"] == "2"


def test_the_search_csv_ignores_bad_parameters_politely(site, client):
    response = client.get("/en/data/search.csv?page_size=abc&sort=nope&country=XX")

    assert response.status_code == 200


def test_the_search_page_links_its_results_csv_with_the_cap(site, client):
    make_scheme("linked-scheme").save_revision().publish()

    html = client.get("/en/search/?country=TH").content.decode()

    assert 'href="/en/data/search.csv?country=TH"' in html
    assert f"the first {SEARCH_CSV_CAP} at most" in html


@pytest.fixture
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_search_csv_shares_the_search_pages_rate_limit(site, client, settings, empty_cache):
    settings.PAGE_RATE_LIMIT = "2/60"

    statuses = [client.get("/en/data/search.csv").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/en/data/").status_code == 200  # the data page itself is files, not work
