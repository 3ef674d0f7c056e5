"""The real Elasticsearch node takes writes and answers reads through elasticsearch.dsl."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from elasticsearch.dsl import Document, Keyword, Text

from search.client import alias_name


class Note(Document):
    """A throwaway document type; the index name is given per call, under the test prefix."""

    title = Text()
    country = Keyword()


@pytest.fixture
def note_index(es_client) -> Iterator[str]:
    name = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-node-check"
    Note.init(index=name, using=es_client)
    yield name
    es_client.indices.delete(index=name, ignore_unavailable=True)


def test_the_run_has_an_index_prefix_of_its_own(es_client):
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX

    assert prefix != "servicecentre"  # never the site's own indexes
    assert f"-{os.getpid()}-" in prefix
    assert alias_name().startswith(f"{prefix}-")


def test_a_document_written_to_the_node_is_read_back(es_client, note_index):
    Note(meta={"id": "th-1"}, title="Loan for exporters", country="TH").save(
        index=note_index, using=es_client, refresh=True
    )

    stored = Note.get(id="th-1", index=note_index, using=es_client)

    assert stored.title == "Loan for exporters"
    assert stored.country == "TH"


def test_the_node_searches_text_and_filters_keywords(es_client, note_index):
    for doc_id, title, country in [
        ("th-1", "Loan for exporters", "TH"),
        ("vn-1", "Loan for rural women", "VN"),
        ("th-2", "Grant for start-ups", "TH"),
    ]:
        Note(meta={"id": doc_id}, title=title, country=country).save(
            index=note_index, using=es_client
        )
    es_client.indices.refresh(index=note_index)

    search = Note.search(index=note_index, using=es_client)
    loans = search.query("match", title="loan").execute()
    thai_loans = search.query("match", title="loan").filter("term", country="TH").execute()
    lowercase_country = search.filter("term", country="th").execute()

    assert sorted(hit.meta.id for hit in loans) == ["th-1", "vn-1"]
    assert [hit.meta.id for hit in thai_loans] == ["th-1"]
    assert lowercase_country.hits.total.value == 0  # keywords match exactly


def test_the_index_mapping_comes_from_the_document(es_client, note_index):
    mapping = es_client.indices.get_mapping(index=note_index)[note_index]["mappings"]

    assert mapping["properties"] == {
        "title": {"type": "text"},
        "country": {"type": "keyword"},
    }
