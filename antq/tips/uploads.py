"""Checking and cleaning citizens' files: type from the content (filetype), size limits from settings,
images re-encoded with Pillow so that EXIF, GPS and other metadata never reach the disk.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from antq.core.errors import DomainError

IMAGE_TYPES = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
OTHER_TYPES = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
# Decompression bombs: a photo of a phone is far below this.
MAX_PIXELS = 60_000_000


@dataclass
class CleanFile:
    """A checked file, ready to store: its bytes (images re-encoded), type and neutral name."""

    content: bytes
    content_type: str
    extension: str
    sha256: str


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def clean(upload: UploadedFile) -> CleanFile:
    """The file's checked, metadata-free content, or DomainError with a Vietnamese message."""
    max_bytes: int = settings.ANTQ_TIPS_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size <= 0:
        raise DomainError(_("Tệp đính kèm trống."))
    if size > max_bytes:
        raise DomainError(_("Tệp đính kèm quá lớn; mỗi tệp không quá %(max)s MB.") % {"max": _mb(max_bytes)})
    upload.seek(0)
    raw = upload.read()
    kind = filetype.guess(raw[:8192])
    mime = kind.mime if kind is not None else ""
    if mime in IMAGE_TYPES:
        fmt, ext = IMAGE_TYPES[mime]
        content = _reencode(raw, fmt)
    elif mime in OTHER_TYPES:
        ext, content = OTHER_TYPES[mime], raw
    else:
        raise DomainError(
            _("Tệp đính kèm phải là ảnh (JPEG, PNG, WebP), video (MP4, MOV), ghi âm (MP3), PDF hoặc Word.")
        )
    return CleanFile(
        content=content, content_type=mime, extension=ext, sha256=hashlib.sha256(content).hexdigest()
    )


def _reencode(raw: bytes, fmt: str) -> bytes:
    """The image drawn again from its pixels only: EXIF, GPS, XMP and comments are left behind."""
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(_("Ảnh quá lớn."))
            image.load()
            # Keep the way the photo was taken (the EXIF orientation) before the EXIF goes.
            from PIL import ImageOps

            upright = ImageOps.exif_transpose(image)
            mode = "RGB" if fmt == "JPEG" else ("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
            pixels = Image.new(mode, upright.size)
            pixels.paste(upright.convert(mode))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError(_("Tệp ảnh bị hỏng hoặc không phải ảnh thật.")) from error
    out = io.BytesIO()
    pixels.save(out, format=fmt, **({"quality": 88} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def as_django_file(cleaned: CleanFile) -> ContentFile[bytes]:
    return ContentFile(cleaned.content)
