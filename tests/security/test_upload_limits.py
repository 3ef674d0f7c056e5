"""The admin refuses images and documents over the size caps, and images that decompress too far."""

from __future__ import annotations

import io
import json
import struct
import warnings
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(*, width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def real_png(*, padded_to: int = 0) -> bytes:
    """A valid 2x2 PNG, optionally padded with trailing bytes to `padded_to` bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "teal").save(buffer, format="PNG")
    data = buffer.getvalue()
    return data + b"\x00" * max(0, padded_to - len(data))


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, kind: str, name: str, content: bytes) -> dict:
    response = client.post(
        reverse(f"wagtail{kind}:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_pillows_decompression_bomb_guard_is_on_and_refuses_at_the_sites_pixel_cap():
    assert Image.MAX_IMAGE_PIXELS is not None
    # Pillow raises above twice its limit, whatever the warning filters say.
    assert 2 * Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    # Over the cap Pillow refuses at open, from the header, before decoding a pixel.
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png_claiming(width=8000, height=5001)))  # 40,008,000 pixels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # as the site does
        at_the_cap = Image.open(io.BytesIO(png_claiming(width=8000, height=5000)))
    assert at_the_cap.size == (8000, 5000)


def test_upload_caps_are_set():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 25 * 1024 * 1024


def test_a_small_image_and_document_are_accepted(superuser_client):
    assert upload(superuser_client, "images", "logo.png", real_png())["success"] is True
    assert upload(superuser_client, "docs", "guide.txt", b"How to apply")["success"] is True


def test_an_image_just_over_the_size_cap_is_refused(superuser_client):
    from wagtail.images.models import Image as WagtailImage

    content = real_png(padded_to=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    answer = upload(superuser_client, "images", "large.png", content)

    assert answer["success"] is False
    assert "This file is too big" in answer["error_message"]
    assert not WagtailImage.objects.exists()


def test_an_image_just_over_the_pixel_cap_is_refused_before_it_is_decoded(superuser_client):
    # The file is a few bytes with no real pixel data: were it decoded, Pillow would
    # fail with "truncated" instead, and the admin would answer 500.
    just_over = png_claiming(width=8000, height=5001)
    answer = upload(superuser_client, "images", "wide.png", just_over)

    assert answer["success"] is False
    assert "too many pixels" in answer["error_message"]
    assert "40000000" in answer["error_message"]


def test_a_decompression_bomb_is_refused_by_pillows_guard(superuser_client):
    # 100,000 x 100,000 pixels in a few bytes: Pillow refuses to open it at any setting.
    bomb = png_claiming(width=100_000, height=100_000)
    assert len(bomb) < 200
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb))

    answer = upload(superuser_client, "images", "bomb.png", bomb)

    assert answer["success"] is False
    assert "too many pixels" in answer["error_message"]


def test_an_image_over_the_caps_is_refused_by_the_single_upload_form_too(superuser_client):
    response = superuser_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Wide",
            "file": SimpleUploadedFile("wide.png", png_claiming(width=8000, height=5001)),
        },
    )

    assert response.status_code == 200  # the form again, not a redirect to the listing
    assert "too many pixels" in str(response.context["form"].errors["file"])


def test_a_document_just_over_the_size_cap_is_refused(superuser_client):
    from wagtail.documents.models import Document

    content = b"x" * (settings.WAGTAILDOCS_MAX_UPLOAD_SIZE + 1)
    answer = upload(superuser_client, "docs", "large.txt", content)

    assert answer["success"] is False
    assert "This file is too big" in answer["error_message"]
    assert not Document.objects.exists()


def test_a_document_exactly_at_the_size_cap_is_accepted(superuser_client):
    content = b"x" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert upload(superuser_client, "docs", "limit.txt", content)["success"] is True


BIG = 25 * 2**20 + 1


@pytest.mark.parametrize("path", ["/en/search/", "/healthz", "/admin/login/", "/api/v1/search/"])
def test_a_visitor_who_is_not_signed_in_cannot_post_more_than_25_mib(client, db, path):
    response = client.generic(
        "POST", path, data=b"x" * BIG, content_type="application/octet-stream"
    )

    assert response.status_code == 413


def test_a_signed_in_editor_may_send_a_larger_body(superuser_client):
    response = superuser_client.generic(
        "POST", "/admin/", data=b"x" * BIG, content_type="application/octet-stream"
    )

    assert response.status_code != 413
