"""Each MSME test starts in English, whatever language an earlier test left active."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
