"""Checks of an uploaded attachment shared by the apps that keep files (type from content, size, name).

The caller stores the file under a random name, writes its row in a savepoint and deletes the stored
file again if that fails; this module only decides whether the upload is acceptable and describes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from antq.core.errors import DomainError

# PDF, JPEG/PNG, Word (.docx), Excel (.xlsx): the documents and photos units send as evidence.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
}
NAME_MAX = 255


@dataclass(frozen=True)
class CheckedUpload:
    """What a row keeps about an accepted upload."""

    name: str
    size: int
    content_type: str
    sha256: str


def clean_file_name(name: str, fallback: str = "tep-dinh-kem") -> str:
    """Only the last path component, printable, bounded: it is shown on pages and sent back on download."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if len(base) > NAME_MAX:
        stem, dot, ext = base.rpartition(".")
        keep = NAME_MAX - len(ext) - 1
        base = f"{stem[:keep]}.{ext}" if dot and 0 < len(ext) < 10 else base[:NAME_MAX]
    return base or fallback


def check_upload(
    upload: UploadedFile, *, max_bytes: int, allowed: dict[str, str] = DOCUMENT_TYPES
) -> CheckedUpload:
    """Refuse an empty, too large or not accepted file (type read from its first bytes, never its name)."""
    size = upload.size or 0
    name = clean_file_name(upload.name or "")
    if size <= 0:
        raise DomainError(_("Tệp đính kèm trống."))
    if size > max_bytes:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn; mỗi tệp đính kèm không quá %(max)s MB.")
            % {"name": name, "max": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    if kind is None or kind.mime not in allowed:
        raise DomainError(
            _("Tệp “%(name)s” không thuộc loại được nhận (%(types)s); hãy chọn tệp khác.")
            % {"name": name, "types": ", ".join(allowed.values())}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, size=size, content_type=str(kind.mime), sha256=digest.hexdigest())
