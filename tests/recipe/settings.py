"""Test settings plus one throwaway content type (see test_adding_a_content_type.py)."""

from servicecentre.settings.test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.recipe.mentoring"]  # noqa: F405
