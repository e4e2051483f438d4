"""Builders for the tips tests: a tip made through the public action, images with EXIF."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from antq.tips import actions
from antq.tips.models import ConsentNotice
from antq.tips.seed import ensure_reference_data
from conftest import COMMUNE_A1

INFORMANT = {
    "full_name": "Phạm Thị Tốgiác",
    "phone": "0987654321",
    "email": "togiac@example.vn",
    "address": "Số 9 phố Bí Mật",
    "id_number": "001190012345",
}


def submit(
    commune: str = COMMUNE_A1,
    *,
    identity: dict[str, str] | None = None,
    finish: bool = True,
    **extra: Any,
) -> actions.Receipt:
    ensure_reference_data()
    notice = ConsentNotice.objects.get(is_current=True)
    values: dict[str, Any] = {
        "kind": "crime_denunciation",
        "category_code": "ma-tuy",
        "commune_key": commune,
        "summary": "Có người bán ma túy trong hẻm số 5 vào buổi tối.",
        "address": "Hẻm số 5",
        "identity": actions.IdentityInput(**identity) if identity else None,
        "consent_version": notice.version if identity else "",
        **extra,
    }
    receipt = actions.submit_tip(actions.TipInput(**values))
    if finish:  # what the worker does right after (test_intake_job covers the queue itself)
        actions.finish_intake(receipt.tip.pk)
    return receipt


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "CameraMakerSecret"  # Make
    exif[0x9286] = "GPS 21.0333N 105.8342E"  # UserComment
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def photo(name: str = "IMG_Nguyen_Van_A.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_exif(), content_type="image/jpeg")
