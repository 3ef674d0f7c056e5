"""GET /healthz reports the database and the search backend to load balancers and monitors."""

from __future__ import annotations

import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def closed_port_url() -> str:
    """An Elasticsearch URL on a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_healthz_is_ok_when_the_database_and_elasticsearch_answer(client, es_client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "search": "ok"}


def test_healthz_is_never_cached(client, es_client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_reports_search_degraded_but_stays_up_when_elasticsearch_is_down(client):
    with override_settings(ELASTICSEARCH_URL=closed_port_url()):
        response = client.get("/healthz")

    # The database fallback still answers searches, so the site must stay in rotation.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "search": "degraded"}


def test_healthz_answers_503_when_the_database_is_down(client, es_client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "search": "ok"}


def test_healthz_only_answers_get(client):
    response = client.post("/healthz")

    assert response.status_code == 405
