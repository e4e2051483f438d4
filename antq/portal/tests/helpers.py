"""Builders shared by the portal tests and the scope walk: images with EXIF, articles through actions."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from antq.portal import actions
from antq.portal.models import Article
from antq.units.models import Unit

GPS_TAG = 0x8825
ARTIST_TAG = 0x013B


def jpeg_with_exif(name: str = "anh.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    """A real JPEG carrying EXIF (the camera owner's name and a GPS block), as a phone would send."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ARTIST_TAG] = "Nguyen Van A"
    exif[GPS_TAG] = {1: "N", 2: (21.0, 2.0, 3.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 120, 60)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def article(
    by,
    unit_key: str,
    *,
    title: str = "Tin an ninh trật tự",
    publish: bool = True,
    kind: str = Article.Kind.NEWS,
    body: str = "Đoạn một.\n\nĐoạn hai.",
) -> Article:
    made = actions.create_article(
        unit=Unit.objects.get(key=unit_key), by=by, title=title, body=body, summary="Tóm tắt", kind=kind
    )
    return actions.publish_article(made, by=by) if publish else made
