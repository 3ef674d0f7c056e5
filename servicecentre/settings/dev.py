"""Local development: debug on, a fixed insecure key, mail to the console."""

import os

from .base import *

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"

# WhiteNoise serves collected files in production; here Django's staticfiles does.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
