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


def declared_body_size(request) -> int:
    """The request body's size as its Content-Length declares it (0 when absent or bad)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class PublicBodyLimitMiddleware:
    """Answer 413 to a request body over PUBLIC_MAX_BODY_SIZE unless the user is signed in.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file parts to disk
    whatever their size, so without this anyone could post gigabytes to any URL. Signed-in
    editors keep the upload caps of their own (images, documents). Placed after the
    authentication middleware and before anything reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PUBLIC_MAX_BODY_SIZE
        if limit and declared_body_size(request) > limit and not request.user.is_authenticated:
            from django.http import HttpResponse

            return HttpResponse(
                "Request body too large.", status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
