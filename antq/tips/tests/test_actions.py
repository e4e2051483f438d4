"""Intake, routing, transfer, deadlines, outcome, identity reveal, retention and data-subject requests."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification
from antq.tips import actions, crypto
from antq.tips.models import (
    DataSubjectRequest,
    InformantIdentity,
    Tip,
    TipAttachment,
    TipMessage,
    TipMove,
    tip_files,
)
from antq.tips.tests.helpers import INFORMANT, photo, submit
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


def test_a_tip_goes_to_the_police_of_the_commune_picked(commune_a1_officer, tip_handler_a1):
    receipt = submit(COMMUNE_A1)
    tip = receipt.tip
    assert tip.receiving_unit.key == COMMUNE_A1 and tip.province.key == PROVINCE_A
    assert tip.status == Tip.Status.RECEIVED
    assert tip.deadline_on == tip.received_on + timedelta(days=20) == tip.due_on
    assert tip.anonymous and not InformantIdentity.objects.filter(tip=tip).exists()
    # The code opens the tip only with its secret; only a hash of the secret is stored.
    assert actions.find_by_code(receipt.code, receipt.secret) == tip
    assert actions.find_by_code(receipt.code, "sai-mat-ma") is None
    assert actions.find_by_code("KHONGCO12345", receipt.secret) is None
    assert receipt.secret not in tip.secret_hash
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"commune_a1_officer", "tip_handler_a1"}
    entry = AuditEntry.objects.get(action="tips.tip.received")
    assert entry.ip_address is None and entry.actor is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"summary": ""}, "Chưa nhập"),
        ({"summary": "ngắn"}, "quá ngắn"),
        ({"summary": "x" * 5001}, "dài quá"),
        ({"summary": "có ký tự \x00 lạ ở đây"}, "không hợp lệ"),
        ({"commune_key": PROVINCE_A}, "xã, phường"),
        ({"commune_key": "cu-x00004"}, "xã, phường"),
        ({"category_code": "khong-co"}, "lĩnh vực"),
        ({"kind": "spam"}, "Loại tin"),
        ({"latitude": 48.8, "longitude": 2.3}, "ngoài lãnh thổ"),
        ({"latitude": 21.0}, "cả vĩ độ và kinh độ"),
        ({"occurred_on": date(2099, 1, 1)}, "sau hôm nay"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(change, message):
    with pytest.raises(DomainError, match=message):
        submit(**change)
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "phải là ảnh"),  # an .exe renamed .jpg
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"rac" * 100, "không phải ảnh thật"),  # JPEG magic, no image
        ("trong.jpg", b"", "trống"),
    ],
)
def test_fake_or_empty_files_are_refused_with_nothing_half_stored(name, content, message, settings):
    with pytest.raises(DomainError, match=message):
        submit(uploads=[photo(), SimpleUploadedFile(name, content)])
    assert not Tip.objects.exists() and not TipAttachment.objects.exists()
    folder = settings.ANTQ_TIPS_FILES_DIR
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def test_oversized_file_is_refused(settings):
    settings.ANTQ_TIPS_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(DomainError, match="quá lớn"):
        submit(uploads=[photo()])
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    "failing", ["antq.tips.models.TipAttachment.save", "antq.tips.models.ConsentRecord.save"]
)
def test_a_failing_database_write_removes_the_stored_files(monkeypatch, settings, failing):
    def boom(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(failing, boom)
    with pytest.raises(RuntimeError):
        submit(uploads=[photo()], identity=INFORMANT)
    assert not InformantIdentity.objects.exists()
    assert not Tip.objects.exists()
    folder = settings.ANTQ_TIPS_FILES_DIR
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def test_photos_are_stored_without_exif_under_a_neutral_name():
    tip = submit(uploads=[photo("IMG_Nguyen_Van_A.jpg")]).tip
    attachment = tip.attachments.get()
    assert attachment.name == "tep-1.jpg" and attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert b"CameraMakerSecret" not in stored and b"GPS" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (40, 30)
    assert "Nguyen" not in attachment.file.name


def test_identity_is_encrypted_and_consent_recorded():
    tip = submit(identity=INFORMANT).tip
    identity = InformantIdentity.objects.get(tip=tip)
    assert INFORMANT["full_name"] not in identity.ciphertext
    assert crypto.decrypt(identity.ciphertext)["phone"] == INFORMANT["phone"]
    assert not tip.anonymous and tip.consents.get().notice.is_current


def test_identity_without_consent_is_refused():
    with pytest.raises(DomainError, match="đồng ý"):
        submit(identity=INFORMANT, consent_version="cu")
    assert not Tip.objects.exists() and not InformantIdentity.objects.exists()


def test_transfer_moves_the_tip_and_logs_it(commune_a1_officer, commune_b1_officer, province_a_officer):
    tip = submit(COMMUNE_A1).tip
    target = Unit.objects.get(key=COMMUNE_A2)
    actions.transfer_tip(tip, by=commune_a1_officer, to_unit=target, reason="Xảy ra ở phường Ngọc Hà")
    tip.refresh_from_db()
    assert tip.receiving_unit == target and tip.status == Tip.Status.TRANSFERRED
    move = TipMove.objects.get(tip=tip)
    assert move.from_unit.key == COMMUNE_A1 and move.to_unit == target
    assert AuditEntry.objects.filter(action="tips.tip.transferred", target_id=str(tip.pk)).exists()
    # Ba Đình no longer sees it; the province above both still does.
    assert not Tip.objects.visible_to(commune_a1_officer).filter(pk=tip.pk).exists()
    assert Tip.objects.visible_to(province_a_officer).filter(pk=tip.pk).exists()
    # Up to the province, then nobody outside Hà Nội may move it.
    actions.transfer_tip(
        tip, by=province_a_officer, to_unit=Unit.objects.get(key=PROVINCE_A), reason="Lên tỉnh"
    )
    with pytest.raises(DomainError):
        actions.transfer_tip(tip, by=commune_b1_officer, to_unit=Unit.objects.get(key=COMMUNE_B1), reason="x")


def test_extension_once_at_least_five_days_before(commune_a1_officer):
    tip = submit().tip
    late = tip.deadline_on - timedelta(days=4)
    with pytest.raises(DomainError, match="5 ngày"):
        actions.extend_deadline(tip, by=commune_a1_officer, months=2, basis="QĐ 1/VKS", today=late)
    actions.extend_deadline(tip, by=commune_a1_officer, months=2, basis="QĐ 1/VKS", today=tip.received_on)
    tip.refresh_from_db()
    assert tip.extended_to is not None and tip.due_on == tip.extended_to
    with pytest.raises(DomainError, match="một lần"):
        actions.extend_deadline(tip, by=commune_a1_officer, months=1, basis="QĐ 2/VKS", today=tip.received_on)


def test_complex_tip_gets_two_months(commune_a1_officer):
    tip = actions.mark_complex(submit().tip, by=commune_a1_officer)
    assert tip.deadline_on.month == (
        tip.received_on.month % 12
    ) + 2 or tip.deadline_on > tip.received_on + timedelta(days=55)


def test_outcome_closes_and_the_citizen_sees_the_answer(commune_a1_officer):
    receipt = submit()
    tip = actions.start_verifying(receipt.tip, by=commune_a1_officer, register_no="12/TB")
    actions.post_officer_message(tip, by=commune_a1_officer, body="Đã xác minh, cảm ơn bạn.")
    with pytest.raises(DomainError):
        actions.record_outcome(tip, by=commune_a1_officer, status="answered", outcome="x")
    actions.record_outcome(tip, by=commune_a1_officer, status="prosecute", outcome="Đã khởi tố vụ án.")
    found = actions.find_by_code(receipt.code, receipt.secret)
    assert found is not None and found.status == "prosecute" and found.closed_on == timezone.localdate()
    assert found.messages.filter(author=TipMessage.Author.OFFICER).exists()
    with pytest.raises(DomainError, match="kết thúc"):
        actions.add_citizen_message(found, body="Thêm thông tin")


def test_steering_member_cannot_handle(steering_a1_member):
    tip = submit().tip
    assert not Tip.objects.visible_to(steering_a1_member).exists()
    with pytest.raises(DomainError):
        actions.post_officer_message(tip, by=steering_a1_member, body="x")


def test_reveal_only_by_the_receiving_units_tip_handler_and_audited(
    tip_handler_a1, commune_a1_officer, province_a_officer, national_admin
):
    tip = submit(identity=INFORMANT).tip
    for user in (commune_a1_officer, province_a_officer, national_admin):
        with pytest.raises(DomainError):
            actions.reveal_identity(tip, by=user, reason="Cần liên hệ")
    with pytest.raises(DomainError, match="Lý do"):
        actions.reveal_identity(tip, by=tip_handler_a1, reason="  ")
    assert not AuditEntry.objects.filter(action="tips.identity.revealed").exists()
    data = actions.reveal_identity(tip, by=tip_handler_a1, reason="Mời làm việc để lấy lời khai")
    assert data["full_name"] == INFORMANT["full_name"]
    entry = AuditEntry.objects.get(action="tips.identity.revealed")
    assert entry.actor == tip_handler_a1 and entry.data == {"reason": "Mời làm việc để lấy lời khai"}
    assert INFORMANT["full_name"] not in str(entry.data) and INFORMANT["phone"] not in str(entry.data)


def test_a_point_in_truong_sa_is_accepted(commune_a1_officer):
    """Đặc khu Trường Sa (Khánh Hòa) reaches below 8° N: An Bang island is Vietnam."""
    tip = submit("22736", latitude=7.8917, longitude=112.9167).tip
    assert (float(tip.latitude), float(tip.longitude), tip.commune.name) == (
        7.8917,
        112.9167,
        "Đặc khu Trường Sa",
    )


def test_duplicates_are_suggested_within_the_window_and_marked(commune_a1_officer, settings):
    first = submit().tip
    other_commune = submit(COMMUNE_A2).tip
    second = submit().tip
    assert [c.tip for c in actions.duplicate_candidates(second, commune_a1_officer)] == [first]
    actions.mark_duplicate(second, by=commune_a1_officer, of=first)
    second.refresh_from_db()
    assert second.duplicate_of == first
    entry = AuditEntry.objects.get(action="tips.tip.duplicate")
    assert entry.actor == commune_a1_officer and entry.data == {"of": first.pk}
    with pytest.raises(DomainError, match="cùng xã, phường hoặc ở gần"):
        actions.mark_duplicate(second, by=commune_a1_officer, of=other_commune)
    with pytest.raises(DomainError):  # a later tip is never the original
        actions.mark_duplicate(first, by=commune_a1_officer, of=second)


HERE = {"latitude": 21.0340, "longitude": 105.8200}


def test_duplicates_near_the_point_across_communes_the_most_alike_first(province_a_officer, settings):
    settings.ANTQ_TIPS_DUPLICATE_RADIUS_METRES = 500
    day = date(2026, 11, 1)
    same_commune_plain = submit(category_code="lua-dao").tip
    across_street = submit(COMMUNE_A2, latitude=21.0345, longitude=105.8200, occurred_on=day).tip  # 56 m
    far_in_a2 = submit(COMMUNE_A2, latitude=21.0450, longitude=105.8200, occurred_on=day).tip  # 1.2 km
    a2_no_point = submit(COMMUNE_A2, occurred_on=day).tip
    old = submit(latitude=21.0341, longitude=105.8200).tip
    Tip.objects.filter(pk=old.pk).update(received_on=timezone.localdate() - timedelta(days=31))
    tip = submit(occurred_on=day, **HERE).tip

    found = actions.duplicate_candidates(tip, province_a_officer)
    assert [c.tip for c in found] == [across_street, same_commune_plain]
    near, plain = found[0].likeness, found[1].likeness
    assert not near.same_commune and near.same_category and near.same_day
    assert near.distance_m == pytest.approx(55.6, abs=0.5)
    assert plain.same_commune and plain.distance_m is None and not plain.same_category
    for excluded in (far_in_a2, a2_no_point):  # `old` is only out of the window of suggestions
        with pytest.raises(DomainError):
            actions.mark_duplicate(tip, by=province_a_officer, of=Tip.objects.get(pk=excluded.pk))
    actions.mark_duplicate(tip, by=province_a_officer, of=across_street)  # near, in another commune
    assert Tip.objects.get(pk=tip.pk).duplicate_of == across_street
    settings.ANTQ_TIPS_DUPLICATE_WINDOW_DAYS = 40
    assert old in [c.tip for c in actions.duplicate_candidates(tip, province_a_officer)]


def test_duplicates_only_from_the_tips_the_officer_may_see(
    commune_a1_officer, commune_b1_officer, province_a_officer
):
    """A tip moved to another unit: its new officers are not shown the tips of the place's own police."""
    in_a1 = submit(**HERE).tip
    in_a2_nearby = submit(COMMUNE_A2, latitude=21.0342, longitude=105.8201).tip
    moved = submit(**HERE).tip
    assert [c.tip for c in actions.duplicate_candidates(moved, commune_a1_officer)] == [in_a1]
    assert {c.tip for c in actions.duplicate_candidates(moved, province_a_officer)} == {in_a1, in_a2_nearby}
    actions.transfer_tip(
        moved,
        by=commune_a1_officer,
        to_unit=Unit.objects.get(key=COMMUNE_B1),
        reason="Đối tượng cư trú ở Sài Gòn",
    )
    moved.refresh_from_db()
    assert actions.duplicate_candidates(moved, commune_b1_officer) == []


def test_duplicate_candidates_are_one_query(province_a_officer, django_assert_num_queries):
    for commune in (COMMUNE_A1, COMMUNE_A2, COMMUNE_A1, COMMUNE_A2):
        submit(commune, **HERE)
    tip = submit(**HERE).tip
    assert province_a_officer.active_roles  # read once per request, before any page's queries
    with django_assert_num_queries(1):
        found = actions.duplicate_candidates(tip, province_a_officer)
        assert len(found) == 4 and all(c.tip.category.name and c.tip.commune.name for c in found)


def test_retention_erases_identity_and_files_of_old_closed_tips(commune_a1_officer, settings):
    settings.ANTQ_TIPS_RETENTION_DAYS = 30
    old = submit(identity=INFORMANT, uploads=[photo()]).tip
    kept = submit(identity=INFORMANT).tip
    actions.record_outcome(
        old, by=commune_a1_officer, status="not_prosecute", outcome="Không có dấu hiệu tội phạm"
    )
    stored = old.attachments.get().file.name
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        result = actions.apply_retention(today=timezone.localdate() + timedelta(days=31))
    assert result == {"tips": 1, "identities": 1, "files": 1}
    assert InformantIdentity.objects.get(tip=old).ciphertext == ""
    assert InformantIdentity.objects.get(tip=kept).ciphertext != ""
    assert not tip_files.exists(stored)
    assert AuditEntry.objects.filter(action="tips.retention.erased").count() == 1


def test_data_subject_request_via_code_and_erasure(tip_handler_a1, commune_a1_officer, settings):
    settings.ANTQ_TIPS_DSR_DAYS = 15
    tip = submit(identity=INFORMANT).tip
    request = actions.request_data_action(tip, kind="erasure", details="Xin xóa số điện thoại")
    assert request.due_on == request.received_on + timedelta(days=15)
    with pytest.raises(DomainError):
        actions.resolve_data_request(request, by=commune_a1_officer, done=True, result="Đã xóa")
    actions.resolve_data_request(request, by=tip_handler_a1, done=True, result="Đã xóa")
    assert InformantIdentity.objects.get(tip=tip).erased_at is not None
    assert DataSubjectRequest.objects.get().status == "done"
    with pytest.raises(DomainError, match="ẩn danh"):
        actions.request_data_action(submit().tip, kind="access")


def test_key_rotation_reencrypts_with_the_new_first_key(settings):
    from cryptography.fernet import Fernet

    tip = submit(identity=INFORMANT).tip
    old_key = settings.ANTQ_IDENTITY_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.ANTQ_IDENTITY_KEYS = [new_key, old_key]
    call_command("rotate_identity_keys", stdout=io.StringIO())
    settings.ANTQ_IDENTITY_KEYS = [new_key]  # the old key is gone: rows still decrypt
    assert (
        crypto.decrypt(InformantIdentity.objects.get(tip=tip).ciphertext)["full_name"]
        == INFORMANT["full_name"]
    )


def test_daily_check_notifies_counts_only(commune_a1_officer):
    tip = submit(identity=INFORMANT).tip
    Tip.objects.filter(pk=tip.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    Notification.objects.all().delete()
    assert actions.check_deadlines() == {"units": 1}
    note = Notification.objects.get(recipient=commune_a1_officer)
    assert "1 quá hạn" in note.message and INFORMANT["full_name"] not in note.message


def _scrypt(code: str, secret: str, cost: int, *, legacy: bool = False) -> str:
    digest = actions._scrypt_hex(code, secret, cost)
    return digest if legacy else f"scrypt${cost}${digest}"


@pytest.mark.parametrize(
    ("stored", "supplied", "expected"),
    [
        (lambda: actions.hash_secret("ABCDEFGHJKMN", "dung-mat-ma"), "dung-mat-ma", True),
        (lambda: actions.hash_secret("ABCDEFGHJKMN", "dung-mat-ma"), "sai-mat-ma", False),
        (lambda: actions.hash_secret("ABCDEFGHJKMN", "dung-mat-ma"), "", False),
        # Hashes of tips stored before the HMAC still open their tips.
        (lambda: _scrypt("ABCDEFGHJKMN", "dung-mat-ma", 10), "dung-mat-ma", True),
        (lambda: _scrypt("ABCDEFGHJKMN", "dung-mat-ma", 10), "sai-mat-ma", False),
        (lambda: _scrypt("ABCDEFGHJKMN", "dung-mat-ma", 13, legacy=True), "dung-mat-ma", True),
        (lambda: _scrypt("ABCDEFGHJKMN", "dung-mat-ma", 13, legacy=True), "sai-mat-ma", False),
    ],
)
def test_every_stored_secret_format_is_checked(stored, supplied, expected):
    hashed = stored()
    assert actions.secret_matches(hashed, "ABCDEFGHJKMN", supplied) is expected
    # The same secret with another code never matches.
    assert actions.secret_matches(hashed, "ABCDEFGHJKMP", "dung-mat-ma") is False


def test_the_secret_hash_needs_the_key_kept_outside_the_database(settings):
    receipt = submit(COMMUNE_A1)
    stored = receipt.tip.secret_hash
    assert stored.startswith("hmac$") and receipt.secret not in stored
    assert actions.find_by_code(receipt.code, receipt.secret) == receipt.tip
    # Another key (another deployment, or a copy of the table without the key) opens nothing.
    settings.ANTQ_TIPS_SECRET_KEY = "mot-khoa-khac-hoan-toan"
    assert actions.find_by_code(receipt.code, receipt.secret) is None
    assert actions.hash_secret(receipt.tip.tracking_code, receipt.secret) != stored


def test_without_a_key_a_production_secret_key_refuses_to_hash(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ANTQ_TIPS_SECRET_KEY = ""
    settings.SECRET_KEY = "a-real-production-secret-key-0123456789-abcdefghijklmnop"
    with pytest.raises(ImproperlyConfigured):
        actions.hash_secret("ABCDEFGHJKMN", "dung-mat-ma")
