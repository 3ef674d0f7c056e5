"""The data page, the catalog and file downloads, and the CSV of a search's results."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from analytics.export import to_csv
from opendata.services import (
    CATALOG_NAME,
    LICENCE_NAME,
    LICENCE_URL,
    download_url,
    media_type,
    open_data_file,
    read_catalog,
)
from search.params import parse_search_params
from search.service import run_search
from servicecentre.labels import section_label
from servicecentre.selectors import content_models

# The search results CSV holds at most this many rows (the data page and the search
# page say so); the full directory is in the bulk files.
SEARCH_CSV_CAP = 1000


def _distributions(catalog: dict) -> dict[str, dict]:
    return {
        distribution["fileName"]: {**distribution, "dataset": dataset}
        for dataset in catalog["dataset"]
        for distribution in dataset["distribution"]
    }


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _file_etag(request: HttpRequest, name: str) -> str | None:
    if name == CATALOG_NAME:
        path = open_data_file(CATALOG_NAME)
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    distribution = _distributions(read_catalog() or {"dataset": []}).get(name)
    return distribution["checksum"]["checksumValue"] if distribution else None


def _file_modified(request: HttpRequest, name: str) -> datetime | None:
    catalog = read_catalog()
    if catalog is None:
        return None
    if name == CATALOG_NAME:
        return _parse_time(catalog["issued"])
    distribution = _distributions(catalog).get(name)
    return _parse_time(distribution["modified"]) if distribution else None


@require_safe
@condition(etag_func=_file_etag, last_modified_func=_file_modified)
def file_api(request: HttpRequest, name: str) -> HttpResponse:
    """`/api/v1/data/<name>`: one file of the current build, with its licence in a Link header."""
    path = open_data_file(name)
    if path is None:
        raise Http404("No such open data file.")
    response = FileResponse(path.open("rb"), content_type=f"{media_type(name)}; charset=utf-8")
    if name != CATALOG_NAME:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def catalog_api(request: HttpRequest) -> HttpResponse:
    """`/api/v1/data/`: the catalog (as `/api/v1/data/catalog.json`)."""
    if read_catalog() is None:
        return JsonResponse({"error": "The open data files have not been built yet."}, status=503)
    return file_api(request, name=CATALOG_NAME)


@require_safe
def data_page(request: HttpRequest) -> HttpResponse:
    """`/<lang>/data/`: the files with their sizes, dates and licence."""
    catalog = read_catalog()
    rows = []
    if catalog:
        for dataset in catalog["dataset"]:
            code = dataset["identifier"]
            for distribution in dataset["distribution"]:
                rows.append(
                    {
                        "title": section_label(code)
                        if code in content_models()
                        else _("The whole directory (import format)"),
                        "code": code,
                        "format": distribution["format"],
                        # Relative: the page works on whatever host serves it.
                        "url": download_url(distribution["fileName"]),
                        "name": distribution["fileName"],
                        "size": distribution["byteSize"],
                        "records": dataset["numberOfRecords"],
                        "modified": _parse_time(distribution["modified"]),
                        "sha256": distribution["checksum"]["checksumValue"],
                    }
                )
    return render(
        request,
        "opendata/data_page.html",
        {
            "catalog": catalog,
            "rows": rows,
            "licence_url": LICENCE_URL,
            "licence_name": LICENCE_NAME,
            "search_csv_cap": SEARCH_CSV_CAP,
        },
    )


SEARCH_CSV_HEADINGS = ["id", "type", "country", "title", "summary", "url", "language"]


@require_safe
def search_csv(request: HttpRequest) -> HttpResponse:
    """`/<lang>/data/search.csv?<the search page's parameters>`: its first results as CSV."""
    params = parse_search_params(request.GET, default_lang=get_language() or "en", strict=False)
    params = dataclasses.replace(params, page=1, page_size=SEARCH_CSV_CAP)
    result = run_search(params)
    rows = [
        [
            item["id"],
            item["type"],
            item["country"],
            item["title"],
            item["summary"],
            request.build_absolute_uri(item["url"]),
            item["language"],
        ]
        for item in result.results[:SEARCH_CSV_CAP]
    ]
    response = HttpResponse(
        to_csv(SEARCH_CSV_HEADINGS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="search-results.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Total-Results"] = str(result.total)
    return response
