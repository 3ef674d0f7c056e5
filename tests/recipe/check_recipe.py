"""Run by tests/architecture/test_adding_a_content_type.py with tests/recipe/settings.py.

Not collected by the suite (the name does not start with test_): it needs the throwaway
`mentoring` app installed, which only its own settings do.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command

RECORD = {
    "id": "my-test-mentoring",
    "type": "mentoring",
    "country": "MY",
    "title": {"en": "Test mentoring programme", "ms": "Program bimbingan ujian"},
    "summary": {"en": "A throwaway content type's page, made only by this test."},
    "source_url": "https://example.org/mentoring",
    "last_verified": "2026-10-01",
    "mentors": {"en": "Retired exporters volunteer as quokkamentors."},
    "sessions_url": "https://example.org/mentoring/sessions",
}


@pytest.mark.django_db
def test_a_type_added_by_the_recipe_is_imported_indexed_faceted_and_exported(
    tmp_path, client, es_client
):
    from search.indexing import rebuild
    from servicecentre.content_io.selectors import export_records
    from servicecentre.selectors import content_models

    assert "mentoring" in content_models()

    path = tmp_path / "mentoring.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    call_command("import_content", str(path))

    rebuild()
    es_client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content")

    # Indexed, with its own translated field as searchable text.
    answer = client.get("/api/v1/search/", {"q": "quokkamentors"}).json()
    assert answer["backend"] == "elasticsearch"
    assert [result["id"] for result in answer["results"]] == ["my-test-mentoring"]
    assert answer["results"][0]["type"] == "mentoring"

    # Faceted: the type is a value of the type facet, labelled from Meta.verbose_name.
    answer = client.get("/api/v1/search/", {"type": "mentoring"}).json()
    assert answer["total"] == 1
    option = next(o for o in answer["facets"]["type"] if o["value"] == "mentoring")
    assert option == {
        "value": "mentoring",
        "label": "Mentoring programme",
        "count": 1,
        "selected": True,
    }

    # Its directory page exists (section_slug) and lists it.
    response = client.get("/en/mentoring/")
    assert response.status_code == 200
    assert "Test mentoring programme" in response.content.decode()

    # Exported in the import format, equal to what was imported.
    (exported,) = export_records(content_type="mentoring")
    assert {key: exported[key] for key in RECORD} == RECORD
