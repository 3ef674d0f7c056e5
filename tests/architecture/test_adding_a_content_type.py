"""The README's "Adding a content type" recipe works with no file outside the new app changed.

A throwaway type (tests/recipe/mentoring: a model, translation.py, a migration) is
installed by its own settings module (tests/recipe/settings.py), so the rest of the
suite never sees it; tests/recipe/check_recipe.py then imports a page of it, indexes it
in the real Elasticsearch node, finds it by its own text and by its type facet, opens
its directory page and exports it. It runs in a fresh process because the set of
installed apps is fixed once Django has started.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_throwaway_type_is_imported_indexed_faceted_and_exported():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.recipe.settings"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/recipe/check_recipe.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.recipe.settings",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
