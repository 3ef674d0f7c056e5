#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # Development settings only when run from a checkout (a git work tree); anywhere
    # else, such as a deployed copy, production, which fails closed without SECRET_KEY.
    checkout = (Path(__file__).resolve().parent / ".git").exists()
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        "servicecentre.settings.dev" if checkout else "servicecentre.settings.production",
    )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
