"""The lean public intake: one INSERT in the request, then the relay writes the audit entry and notifies."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antq.core.models import AuditEntry, Notification
from antq.tips import actions, reference
from antq.tips.models import Tip, TipCategory
from antq.tips.tasks import daily_tip_check
from antq.tips.tests.helpers import INFORMANT, submit
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


def _statements(queries: CaptureQueriesContext) -> list[str]:
    """The verbs of the statements run, without savepoints (the test's own transaction turns every
    atomic block into one; in production the simple intake runs in autocommit: one INSERT)."""
    # A prepared statement (core.db on PostgreSQL) is logged by Django's generic "QUERY = '…' - PARAMS = …".
    verbs = [q["sql"].removeprefix("QUERY = '").split()[0] for q in queries.captured_queries]
    return [v for v in verbs if v not in ("SAVEPOINT", "RELEASE")]


def _input(commune: str, **extra: object) -> actions.TipInput:
    values: dict[str, object] = {
        "kind": "crime_report",
        "category_code": "ma-tuy",
        "commune_key": commune,
        "summary": "Có người lạ dò xét nhà dân vào ban đêm ở cuối ngõ.",
        **extra,
    }
    return actions.TipInput(**values)  # type: ignore[arg-type]


def test_the_request_only_stores_the_tip_and_the_relay_does_the_rest(
    commune_a1_officer, tip_handler_a1, django_assert_num_queries
):
    submit(COMMUNE_A1, finish=False)  # reference rows now read and kept by this process
    with CaptureQueriesContext(connection) as queries:
        receipt = actions.submit_tip(_input(COMMUNE_A1))
    assert _statements(queries) == ["INSERT"]  # nothing else (the test's transaction adds a savepoint)
    tip = receipt.tip
    assert tip.intake_done_at is None
    # The citizen's code works at once; the officers hear of it only when the relay has run.
    assert actions.find_by_code(receipt.code, receipt.secret) == tip
    assert not AuditEntry.objects.filter(action="tips.tip.received").exists()
    assert not Notification.objects.exists()

    call_command("finish_tip_intake")

    tip.refresh_from_db()
    assert tip.intake_done_at is not None
    entries = AuditEntry.objects.filter(action="tips.tip.received")
    assert entries.count() == 2
    entry = entries.get(target_id=str(tip.pk))
    assert entry.data["kind"] == "crime_report" and entry.data["anonymous"] is True
    assert entry.actor is None and entry.ip_address is None
    assert entry.data["unit"] == COMMUNE_A1 and entry.data["received_at"] == tip.created_at.isoformat()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"commune_a1_officer", "tip_handler_a1"}
    note = Notification.objects.get(recipient=commune_a1_officer, message__contains=tip.code_display)
    assert tip.summary not in note.message  # the code only, never the content

    # A second run (or a second relay) finds nothing to do: one entry and one notification per tip.
    call_command("finish_tip_intake")
    assert actions.finish_intake(tip.pk) is False
    assert AuditEntry.objects.filter(action="tips.tip.received").count() == 2
    assert Notification.objects.filter(recipient=commune_a1_officer).count() == 2
    assert (
        Notification.objects.filter(recipient=commune_a1_officer, message__contains=tip.code_display).count()
        == 1
    )


def test_an_identified_tip_stores_tip_identity_and_consent_together():
    notice = submit(COMMUNE_A1, identity=INFORMANT, finish=False).tip.consents.get().notice
    identity = actions.IdentityInput(**INFORMANT)
    with CaptureQueriesContext(connection) as queries:
        receipt = actions.submit_tip(_input(COMMUNE_A1, identity=identity, consent_version=notice.version))
    assert _statements(queries) == ["INSERT", "INSERT", "INSERT"]
    # A prepared statement (core.db on PostgreSQL) is logged by Django's generic "QUERY = '…' - PARAMS = …".
    verbs = [q["sql"].removeprefix("QUERY = '").split()[0] for q in queries.captured_queries]
    assert verbs[0] == "SAVEPOINT" and verbs[-1] == "RELEASE"  # all three in one atomic block
    assert receipt.tip.identity.ciphertext and receipt.tip.consents.count() == 1


def test_the_follow_mode_keeps_finishing_new_tips(monkeypatch, commune_a1_officer):
    first = submit(COMMUNE_A1, finish=False).tip
    passes = []

    def sleep(seconds):
        passes.append(seconds)
        if len(passes) == 1:
            submit(COMMUNE_A1, finish=False)  # arrives while the relay waits
            return
        raise KeyboardInterrupt

    monkeypatch.setattr("antq.tips.management.commands.finish_tip_intake.time.sleep", sleep)
    monkeypatch.setattr("antq.tips.management.commands.finish_tip_intake.close_old_connections", lambda: None)
    with pytest.raises(KeyboardInterrupt):
        call_command("finish_tip_intake", "--follow", "--interval", "0.5")
    assert passes == [0.5, 0.5]
    assert not Tip.objects.filter(intake_done_at__isnull=True).exists()
    assert Tip.objects.get(pk=first.pk).intake_done_at is not None
    assert Notification.objects.filter(recipient=commune_a1_officer).count() == 2


def test_the_daily_check_finishes_tips_the_relay_missed(settings, commune_a1_officer):
    settings.ANTQ_TIPS_INTAKE_GRACE_MINUTES = 10
    stale = submit(COMMUNE_A1, finish=False).tip
    fresh = submit(COMMUNE_A1, finish=False).tip
    Tip.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(minutes=11))

    result = daily_tip_check.call()

    assert result["intake"] == {"finished": 1}
    assert Tip.objects.get(pk=stale.pk).intake_done_at is not None
    assert Tip.objects.get(pk=fresh.pk).intake_done_at is None  # still the relay's

    Tip.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    call_command("check_tip_deadlines")
    assert Tip.objects.get(pk=fresh.pk).intake_done_at is not None


def test_a_drawn_code_that_exists_is_drawn_again(monkeypatch):
    taken = submit(COMMUNE_A1).tip.tracking_code
    codes = iter([taken, "ABCDEFGHJKMN"])
    monkeypatch.setattr("antq.tips.actions.tracking_code", lambda: next(codes))
    receipt = submit(COMMUNE_A1)
    assert receipt.tip.tracking_code == "ABCDEFGHJKMN"
    assert Tip.objects.filter(tracking_code=taken).count() == 1
    assert actions.find_by_code(receipt.code, receipt.secret) == receipt.tip


def test_reference_rows_follow_saves_at_once_and_other_changes_within_the_ttl(settings, monkeypatch):
    submit(COMMUNE_A1)
    category = TipCategory.objects.get(code="ma-tuy")
    assert reference.category("ma-tuy") == category

    category.is_active = False
    category.save()  # a save (admin, command) empties this process's copy
    with pytest.raises(actions.DomainError, match="lĩnh vực"):
        submit(COMMUNE_A1)

    assert reference.category("ma-tuy") is None
    TipCategory.objects.filter(pk=category.pk).update(is_active=True)  # no signal: another process
    assert reference.category("ma-tuy") is not None  # a miss is not kept
    TipCategory.objects.filter(pk=category.pk).update(is_active=False)
    assert reference.category("ma-tuy") is not None  # kept for the TTL …
    # Later than the TTL from the real clock: a machine's monotonic clock counts from boot, so a
    # fixed value would lie before the entry's expiry on one that has been up for a long time.
    later = time.monotonic() + settings.ANTQ_TIPS_REFERENCE_TTL + 1
    monkeypatch.setattr("antq.tips.reference.time.monotonic", lambda: later)
    assert reference.category("ma-tuy") is None  # … and read again after it

    renamed = Unit.objects.get(key=COMMUNE_A1)
    renamed.name = "Phường Ba Đình (mới)"
    renamed.save()
    assert reference.commune(COMMUNE_A1).name == "Phường Ba Đình (mới)"


def test_public_api_submission_with_a_real_captcha_runs_two_statements(client):
    submit(COMMUNE_A1)

    def body() -> str:
        key = CaptchaStore.generate_key()
        answer = CaptchaStore.objects.get(hashkey=key).response
        return json.dumps(
            {
                "captcha_key": key,
                "captcha_value": answer,
                "kind": "crime_report",
                "category": "ma-tuy",
                "commune_code": COMMUNE_A1,
                "summary": "Có người lạ dò xét nhà dân vào ban đêm ở cuối ngõ.",
            }
        )

    first = body()
    with CaptureQueriesContext(connection) as queries:
        made = client.post("/api/v1/tips/public/tips", first, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["receiving_unit"] == "Phường Ba Đình"
    assert _statements(queries) == ["DELETE", "INSERT"]  # the captcha is used up, the tip stored
    # The same challenge again is refused, and a wrong answer burns the challenge it was given for.
    again = client.post("/api/v1/tips/public/tips", first, content_type="application/json")
    assert again.status_code == 400 and "Mã kiểm tra" in again.json()["detail"]
    wrong = json.loads(body())
    wrong["captcha_value"] = "sai"
    refused = client.post("/api/v1/tips/public/tips", json.dumps(wrong), content_type="application/json")
    assert refused.status_code == 400
    assert not CaptchaStore.objects.filter(hashkey=wrong["captcha_key"]).exists()
    assert Tip.objects.filter(commune__key=COMMUNE_A1).count() == 2


def test_the_lean_insert_stores_a_tip_exactly_as_save_would():
    from decimal import Decimal

    from antq.core.db import insert_row

    submit(COMMUNE_A1)
    commune = Unit.objects.get(key=COMMUNE_A1)
    category = TipCategory.objects.get(code="ma-tuy")

    def tip(code: str) -> Tip:
        today = timezone.localdate()
        return Tip(
            tracking_code=code,
            kind="crime_report",
            category=category,
            summary="Nội dung “có dấu” & <script>",
            occurred_on=today - timedelta(days=2),
            province_id=commune.parent_id,
            commune=commune,
            address="Ngõ 12",
            latitude=Decimal("21.033333"),
            longitude=Decimal("105.834167"),
            receiving_unit=commune,
            received_on=today,
            deadline_on=today + timedelta(days=20),
            due_on=today + timedelta(days=20),
            secret_hash="hmac$" + "0" * 64,
            search_folded="noi dung",
        )

    saved, inserted = tip("SAVESAVESAVE"), tip("INSERTINSERT")
    saved.save()
    insert_row(inserted)
    rows = {row["tracking_code"]: row for row in Tip.objects.filter(pk__in=[saved.pk, inserted.pk]).values()}
    a, b = rows["SAVESAVESAVE"], rows["INSERTINSERT"]
    for key in ("id", "tracking_code", "created_at", "updated_at"):
        a.pop(key), b.pop(key)
    assert a == b


def _captcha() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_key": key, "captcha_value": CaptchaStore.objects.get(hashkey=key).response}


def test_public_api_takes_files_and_a_flat_identity_as_a_multipart_form(client):
    from antq.tips.tests.helpers import jpeg_with_exif, photo

    submit(COMMUNE_A1)
    version = reference.current_notice().version
    form = {
        **_captcha(),
        "kind": "crime_denunciation",
        "category": "ma-tuy",
        "commune_code": COMMUNE_A1,
        "summary": "Có người bán ma túy trong hẻm số 5 vào buổi tối.",
        "identity_full_name": INFORMANT["full_name"],
        "identity_phone": INFORMANT["phone"],
        "consent_version": version,
        "files": [photo("IMG_Nguyen_Van_A.jpg"), photo("anh-2.jpg")],
    }
    made = client.post("/api/v1/tips/public/tips/files", form)
    assert made.status_code == 201, made.content
    tip = Tip.objects.get(tracking_code=made.json()["tracking_code"].replace("-", ""))
    assert not tip.anonymous and tip.identity.ciphertext
    assert INFORMANT["full_name"] not in tip.identity.ciphertext
    names = list(tip.attachments.values_list("name", flat=True))
    assert names == ["tep-1.jpg", "tep-2.jpg"]  # neutral names, never the phone's
    with tip.attachments.first().file.open("rb") as handle:
        stored = handle.read()
    assert b"CameraMakerSecret" not in stored and b"CameraMakerSecret" in jpeg_with_exif()

    # An executable renamed .jpg: a clear refusal and nothing stored.
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Tip.objects.count()
    bad = {**form, **_captcha(), "files": [SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200)]}
    bad.pop("identity_full_name"), bad.pop("identity_phone"), bad.pop("consent_version")
    refused = client.post("/api/v1/tips/public/tips/files", bad)
    assert refused.status_code == 400 and refused.json()["detail"]
    assert Tip.objects.count() == before

    # Anonymous without files works too; a partial identity without a name is refused.
    plain = {
        k: v
        for k, v in form.items()
        if not k.startswith("identity_") and k not in ("files", "consent_version")
    }
    assert client.post("/api/v1/tips/public/tips/files", {**plain, **_captcha()}).status_code == 201
    partial = {**plain, **_captcha(), "identity_phone": "0987654321", "consent_version": version}
    answer = client.post("/api/v1/tips/public/tips/files", partial)
    assert answer.status_code == 400 and "Họ và tên" in answer.json()["detail"]
