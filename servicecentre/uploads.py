"""Pillow's decompression-bomb guard, tightened to the site's own pixel cap."""

from __future__ import annotations

import warnings

from django.conf import settings
from PIL import Image


def guard_decompression_bombs() -> None:
    """Make Pillow refuse, as it opens a file, any image over WAGTAILIMAGES_MAX_IMAGE_PIXELS.

    Wagtail counts pixels only after Willow has decoded the whole image, so its cap alone
    does not stop a small file that decodes to gigabytes. Pillow reads the size from the
    header first and raises DecompressionBombError above twice MAX_IMAGE_PIXELS (below
    that it only warns, and warning filters vary), so half the cap makes it refuse at
    the cap; Wagtail reports the error as "too many pixels".
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if not limit:
        return
    Image.MAX_IMAGE_PIXELS = min(limit // 2, Image.MAX_IMAGE_PIXELS or limit)
    # Images between half the cap and the cap are fine; their warning would be noise.
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
