"""Public intake and follow-up pages (captcha, rate limits, uniform refusal) and the officers' pages."""

from __future__ import annotations

import re

import pytest
from captcha.models import CaptchaStore

from antq.core.models import AuditEntry
from antq.tips import actions
from antq.tips.api import ReceiptOut
from antq.tips.models import Tip, TipMessage
from antq.tips.seed import ensure_reference_data
from antq.tips.tests.helpers import INFORMANT, photo, submit
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


def captcha(client, url: str) -> dict[str, str]:
    """Solve the page's captcha by reading its answer from CaptchaStore (the test database)."""
    page = client.get(url).content.decode()
    key = re.search(r'name="captcha_0" value="([^"]+)"', page).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def tip_form_data(client, **extra) -> dict[str, object]:
    ensure_reference_data()
    return {
        "kind": "crime_report",
        "category": "lua-dao",
        "province": PROVINCE_A,
        "commune": COMMUNE_A1,
        "summary": "Có người giả danh công an gọi điện lừa chuyển tiền.",
        **captcha(client, "/to-giac/"),
        **extra,
    }


def test_anonymous_tip_through_the_form_shows_code_and_secret_once(client, commune_a1_officer):
    data = tip_form_data(client, attachments=[photo()])
    response = client.post("/to-giac/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)
    secret = re.search(r'data-testid="tracking-secret">([^<]+)<', page).group(1)
    tip = Tip.objects.get()
    assert tip.anonymous and tip.attachments.count() == 1 and tip.receiving_unit.key == COMMUNE_A1
    assert "no-store" in response["Cache-Control"]
    # The secret is nowhere in the database or the session.
    assert secret not in tip.secret_hash and not any(secret in str(v) for v in client.session.values())
    follow = client.post(
        "/to-giac/theo-doi/", {"code": code, "secret": secret, **captcha(client, "/to-giac/theo-doi/")}
    )
    assert "Đã tiếp nhận" in follow.content.decode()


def test_captcha_is_single_use(client):
    data = tip_form_data(client)
    assert client.post("/to-giac/", data).status_code == 200
    assert Tip.objects.count() == 1
    replay = client.post("/to-giac/", data)
    assert "Mã kiểm tra" in replay.content.decode() and Tip.objects.count() == 1


def test_wrong_captcha_stores_nothing(client):
    data = tip_form_data(client)
    data["captcha_1"] = "sai"
    client.post("/to-giac/", data)
    assert not Tip.objects.exists()


def test_html_in_fields_is_rendered_inert(client, commune_a1_officer, client_for):
    data = tip_form_data(client, summary="<script>alert('x')</script> bán hàng giả ở chợ")
    client.post("/to-giac/", data)
    tip = Tip.objects.get()
    page = client_for(commune_a1_officer).get(f"/tin-bao/{tip.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_unknown_code_and_wrong_secret_are_refused_alike(client):
    receipt = submit()
    answers = []
    for code, secret in [(receipt.code, "sai-mat-ma"), ("ABCD-EFGH-JKLM", receipt.secret), ("", "")]:
        response = client.post(
            "/to-giac/theo-doi/", {"code": code, "secret": secret, **captcha(client, "/to-giac/theo-doi/")}
        )
        text = response.content.decode()
        answers.append(
            (response.status_code, "Mã theo dõi hoặc mật mã không đúng." in text or "Trường này" in text)
        )
        assert receipt.tip.summary not in text
    assert answers[0] == answers[1] == (200, True)


def test_follow_page_is_rate_limited(client, settings):
    settings.ANTQ_TIPS_RATE_FOLLOW = "3/m"
    statuses = [client.post("/to-giac/theo-doi/", {"code": "X", "secret": "y"}).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]


def test_citizen_message_and_officer_answer(client, commune_a1_officer, client_for):
    receipt = submit()
    response = client.post(
        "/to-giac/theo-doi/trao-doi/",
        {"code": receipt.code, "secret": receipt.secret, "body": "Thêm: xe máy biển 29"},
    )
    assert response.status_code == 200 and "Đã gửi trao đổi." in response.content.decode()
    refused = client.post("/to-giac/theo-doi/trao-doi/", {"code": receipt.code, "secret": "sai", "body": "x"})
    assert refused.status_code == 400 and TipMessage.objects.count() == 1
    officer = client_for(commune_a1_officer)
    officer.post(f"/tin-bao/{receipt.tip.pk}/xu-ly/tra-loi/", {"body": "Cảm ơn, đã nhận."})
    assert TipMessage.objects.filter(author="officer").count() == 1


def test_commune_options_for_the_picker(client):
    page = client.get("/to-giac/xa/", {"province": PROVINCE_A}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="00004"' in page and "Ba Đình" in page
    other = client.get("/to-giac/xa/", {"province": "x" * 50}, HTTP_HX_REQUEST="true").content.decode()
    assert other.count("<option") == 1
    assert client.get("/to-giac/xa/").status_code == 302


def test_inbox_queries_do_not_grow_with_tips(commune_a1_officer, client_for, django_assert_max_num_queries):
    officer = client_for(commune_a1_officer)
    submit()
    officer.get("/tin-bao/")
    for _ in range(12):
        submit(identity=INFORMANT)
    with django_assert_max_num_queries(12):
        page = officer.get("/tin-bao/?han=mo")
    assert page.status_code == 200 and page.content.decode().count("/tin-bao/") >= 13


def test_inbox_filters_overdue(commune_a1_officer, client_for):
    from datetime import timedelta

    from django.utils import timezone

    late, fine = submit().tip, submit().tip
    Tip.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    page = client_for(commune_a1_officer).get("/tin-bao/?han=qua-han").content.decode()
    assert late.code_display in page and fine.code_display not in page


def test_officer_actions_through_the_pages(commune_a1_officer, client_for):
    tip = submit().tip
    officer = client_for(commune_a1_officer)
    officer.post(f"/tin-bao/{tip.pk}/xu-ly/vao-so/", {"register_no": "7/TB"})
    officer.post(
        f"/tin-bao/{tip.pk}/xu-ly/ket-qua/", {"status": "not_prosecute", "outcome": "Không có dấu hiệu"}
    )
    tip.refresh_from_db()
    assert tip.register_no == "7/TB" and tip.status == "not_prosecute"
    assert AuditEntry.objects.filter(action="tips.tip.outcome").exists()
    # A refusal comes back as a message, nothing changes.
    page = officer.post(f"/tin-bao/{tip.pk}/xu-ly/phuc-tap/", follow=True).content.decode()
    assert "Vụ việc đã kết thúc." in page


def test_tip_page_suggests_duplicates_with_reasons_and_only_from_the_viewers_scope(
    province_a_officer, commune_a1_officer, commune_b1_officer, client_for
):
    near = submit(COMMUNE_A2, latitude=21.0342, longitude=105.8201).tip
    tip = submit(latitude=21.0340, longitude=105.8200).tip
    page = client_for(province_a_officer).get(f"/tin-bao/{tip.pk}/").content.decode()
    box = page[page.index("Có thể trùng với") :]
    assert near.code_display in box and "cách khoảng 25 m" in box and "cùng lĩnh vực" in box
    assert "Phường Ngọc Hà" in box  # another commune: named
    client_for(province_a_officer).post(f"/tin-bao/{tip.pk}/xu-ly/trung/", {"of": near.pk})
    assert Tip.objects.get(pk=tip.pk).duplicate_of_id == near.pk

    moved = submit(latitude=21.0340, longitude=105.8200).tip
    actions.transfer_tip(
        moved, by=commune_a1_officer, to_unit=Unit.objects.get(key=COMMUNE_B1), reason="Đối tượng ở Sài Gòn"
    )
    page = client_for(commune_b1_officer).get(f"/tin-bao/{moved.pk}/").content.decode()
    assert "Có thể trùng với" not in page
    assert tip.code_display not in page and near.code_display not in page
    # nor can the new unit mark it a duplicate of a tip it cannot see
    client_for(commune_b1_officer).post(f"/tin-bao/{moved.pk}/xu-ly/trung/", {"of": tip.pk})
    assert Tip.objects.get(pk=moved.pk).duplicate_of_id is None


def test_reveal_page_needs_a_reason_and_is_audited(tip_handler_a1, client_for):
    tip = submit(identity=INFORMANT).tip
    handler = client_for(tip_handler_a1)
    assert handler.post(f"/tin-bao/{tip.pk}/danh-tinh/", {"reason": ""}).status_code == 200
    assert not AuditEntry.objects.filter(action="tips.identity.revealed").exists()
    handler.post(f"/tin-bao/{tip.pk}/danh-tinh/", {"reason": "Cần lấy lời khai"})
    assert AuditEntry.objects.filter(action="tips.identity.revealed", actor=tip_handler_a1).count() == 1


def test_public_api_submit_follow_and_replay(client):
    ensure_reference_data()
    key = client.get("/api/v1/tips/public/captcha").json()["key"]
    body = {
        "captcha_key": key,
        "captcha_value": CaptchaStore.objects.get(hashkey=key).response,
        "kind": "feedback",
        "category": "tieng-on",
        "commune_code": COMMUNE_A1,
        "summary": "Quán hát karaoke to quá nửa đêm.",
    }
    made = client.post("/api/v1/tips/public/tips", body, content_type="application/json")
    assert made.status_code == 201, made.content
    receipt = made.json()
    # Exactly the documented answer (the view writes it without ninja's output validation).
    assert made["Content-Type"] == "application/json"
    assert made["Cache-Control"] == "no-store"  # it carries the secret
    assert set(receipt) == set(ReceiptOut.model_fields)
    assert ReceiptOut.model_validate(receipt).deadline_on == Tip.objects.get().due_on
    replay = client.post("/api/v1/tips/public/tips", body, content_type="application/json")
    assert replay.status_code == 400 and "Mã kiểm tra" in replay.json()["detail"]
    follow = client.post(
        "/api/v1/tips/public/follow",
        {"code": receipt["tracking_code"], "secret": receipt["secret"]},
        content_type="application/json",
    )
    assert follow.status_code == 200 and follow.json()["status"] == "received"
    assert follow["Cache-Control"] == "no-store"
    message = client.post(
        "/api/v1/tips/public/messages",
        {"code": receipt["tracking_code"], "secret": receipt["secret"], "body": "Thêm: quán mở đến 1 giờ."},
        content_type="application/json",
    )
    assert message.status_code == 201 and message["Cache-Control"] == "no-store"
    wrong = client.post(
        "/api/v1/tips/public/follow",
        {"code": receipt["tracking_code"], "secret": "x"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/tips/public/follow", {"code": "ZZZZ", "secret": "x"}, content_type="application/json"
    )
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()
    assert Tip.objects.count() == 1


def test_officer_api_goes_through_the_actions(commune_a1_officer, client):
    from antq.accounts.models import ApiToken

    tip = submit().tip
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_a1_officer, 't')[1]}"}
    listed = client.get("/api/v1/tips/", **auth).json()
    assert listed["count"] == 1 and "secret_hash" not in listed["items"][0]
    answer = client.post(
        f"/api/v1/tips/{tip.pk}/messages", {"body": "Đã nhận"}, content_type="application/json", **auth
    )
    assert answer.status_code == 201
    bad = client.post(
        f"/api/v1/tips/{tip.pk}/extend", {"months": 3, "basis": "x"}, content_type="application/json", **auth
    )
    assert bad.status_code == 400 and "2 tháng" in bad.json()["detail"]
    moved = client.post(
        f"/api/v1/tips/{tip.pk}/transfer",
        {"to_unit_code": PROVINCE_A, "reason": "Vượt thẩm quyền"},
        content_type="application/json",
        **auth,
    )
    assert moved.status_code == 200 and moved.json()["receiving_unit_code"] == PROVINCE_A
    assert client.get(f"/api/v1/tips/{tip.pk}", **auth).status_code == 404
    actions.find_by_code  # noqa: B018 (keeps the public helper imported for readers)


def test_officer_api_suggests_and_marks_duplicates_through_the_action(
    province_a_officer, commune_b1_officer, client
):
    from antq.accounts.models import ApiToken

    near = submit(COMMUNE_A2, latitude=21.0342, longitude=105.8201, occurred_on=None).tip
    tip = submit(latitude=21.0340, longitude=105.8200).tip
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(province_a_officer, 't')[1]}"}
    listed = client.get(f"/api/v1/tips/{tip.pk}/duplicates", **auth).json()
    assert listed == [
        {
            "id": near.pk,
            "tracking_code": near.code_display,
            "received_on": near.received_on.isoformat(),
            "category": "Ma túy",
            "commune_code": COMMUNE_A2,
            "same_commune": False,
            "distance_m": 25,
            "same_category": True,
            "same_day": False,
        }
    ]
    refused = client.post(
        f"/api/v1/tips/{near.pk}/duplicate", {"of": tip.pk}, content_type="application/json", **auth
    )
    assert refused.status_code == 400 and "tin trước đó" in refused.json()["detail"]
    done = client.post(
        f"/api/v1/tips/{tip.pk}/duplicate", {"of": near.pk}, content_type="application/json", **auth
    )
    assert done.status_code == 200 and done.json()["duplicate_of"] == near.pk
    other = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_b1_officer, 't')[1]}"}
    assert client.get(f"/api/v1/tips/{tip.pk}/duplicates", **other).status_code == 404


def test_officer_api_list_slices_in_the_database(commune_a1_officer, client, django_assert_max_num_queries):
    from antq.accounts.models import ApiToken

    for _ in range(4):
        submit()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(commune_a1_officer, 't')[1]}"}
    with django_assert_max_num_queries(8) as captured:
        page = client.get("/api/v1/tips/", {"limit": 2, "offset": 1}, **auth).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    newest_first = list(Tip.objects.values_list("pk", flat=True))
    assert [item["id"] for item in page["items"]] == newest_first[1:3]
    # The rows are read with LIMIT/OFFSET, not all loaded and cut in Python.
    assert any("LIMIT 2" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "shown", "inbox_status"),
    [
        ("national_admin", True, 200),
        ("province_a_officer", True, 200),
        ("commune_a1_officer", True, 200),
        ("tip_handler_a1", True, 200),
        ("steering_a1_member", False, 404),
    ],
)
def test_navigation_shows_tips_exactly_when_the_inbox_answers(
    request, client_for, persona, shown, inbox_status
):
    client = client_for(request.getfixturevalue(persona))
    page = client.get("/don-vi/").content.decode()
    assert ('href="/tin-bao/"' in page) is shown
    assert client.get("/tin-bao/").status_code == inbox_status
