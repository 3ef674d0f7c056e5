"""The finder tests run on the whole sample content, imported once per module.

The import runs inside one transaction that is rolled back when the module ends, so other
test modules never see the content; each test still runs in its own nested transaction.
"""

import glob

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def sample_content(django_db_setup, django_db_blocker):
    from servicecentre.services import ensure_site_structure

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_structure()
        files = sorted(glob.glob(str(settings.BASE_DIR / "content/*/*.jsonl")))
        call_command("import_content", *files, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def finder(client, sample_content, db):
    """GET the Finder API with a query string; returns (status, JSON)."""

    def get(query: str):
        response = client.get(f"/api/v1/finder/?{query}")
        return response.status_code, response.json()

    return get
