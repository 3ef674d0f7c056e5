"""The home and search pages stay light for phones on slow connections."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUDGET_BYTES = 150 * 1024  # HTML, CSS and JS (and any fonts or data requests); images aside
NOT_COUNTED = {"Image", "Media"}
PAGES = {
    "home (en)": "/en/",
    "home (th)": "/th/",
    "search, browsing everything (en)": "/en/search/",
    "search for 'loan' (en)": "/en/search/?q=loan",
    "search, browsing everything (th)": "/th/search/",
}


def test_home_and_search_pages_transfer_under_150_kb(
    sample_site, new_page, transfer_sizes, artifacts_dir, capsys
):
    report = {}
    for name, path in PAGES.items():
        # A fresh context each time: nothing cached from the page before.
        resources = transfer_sizes(new_page(), sample_site.url(path))
        counted = [r for r in resources if r["type"] not in NOT_COUNTED]
        assert any(r["type"] == "Document" for r in counted), f"{name}: no document measured"
        report[name] = {
            "url": path,
            "counted_bytes": sum(r["bytes"] for r in counted),
            "image_bytes": sum(r["bytes"] for r in resources if r["type"] in NOT_COUNTED),
            "resources": resources,
        }
    (artifacts_dir / "page-weight.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    lines = ["", "Page weight (bytes on the wire, uncompressed as the test server sends them):"]
    for name, item in report.items():
        by_type = {}
        for resource in item["resources"]:
            by_type[resource["type"]] = by_type.get(resource["type"], 0) + resource["bytes"]
        parts = ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in sorted(by_type.items()))
        lines.append(f"  {name}: {item['counted_bytes'] / 1024:.1f} KB counted ({parts})")
    with capsys.disabled():  # shown in every run, not only on failure
        print("\n".join(lines))
    over = {
        name: item["counted_bytes"]
        for name, item in report.items()
        if item["counted_bytes"] > BUDGET_BYTES
    }
    assert not over, f"over the {BUDGET_BYTES // 1024} KB budget: {over}"
