"""The informant's identity is nowhere in plain text: database, lists, API, notifications."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from antq.accounts.models import ApiToken
from antq.tips import actions
from antq.tips.tests.helpers import INFORMANT, submit

pytestmark = pytest.mark.django_db

SECRETS = [INFORMANT["full_name"], INFORMANT["phone"], INFORMANT["email"], INFORMANT["id_number"], "Bí Mật"]


def _everything_in_the_database() -> str:
    """Every column of every row of every table, as text (the way a stolen backup would be read)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "replace")
                    chunks.append(str(value))
    return "\n".join(chunks)


def test_database_dump_holds_no_informant_name_or_phone(commune_a1_officer, tip_handler_a1):
    tip = submit(identity=INFORMANT).tip
    actions.post_officer_message(tip, by=commune_a1_officer, body="Đã nhận")
    actions.reveal_identity(tip, by=tip_handler_a1, reason="Lấy lời khai")
    dump = _everything_in_the_database()
    assert tip.tracking_code in dump  # the dump is real: the tip is in it
    for secret in SECRETS:
        assert secret not in dump, secret
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    for secret in SECRETS:
        assert secret not in out.getvalue(), secret


def test_no_page_or_api_for_other_roles_shows_identity(personas, tip_handler_a1, client_for, client):
    tip = submit(identity=INFORMANT).tip
    users = {**personas, "tip_handler_a1": tip_handler_a1}
    for persona, user in users.items():
        web = client_for(user)
        pages = [web.get("/tin-bao/"), web.get(f"/tin-bao/{tip.pk}/"), web.get("/tin-bao/?q=ma+tuy")]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"} if user else {}
        pages += [client.get("/api/v1/tips/", **headers), client.get(f"/api/v1/tips/{tip.pk}", **headers)]
        for response in pages:
            text = response.content.decode()
            for secret in SECRETS:
                assert secret not in text, (persona, secret)
    # Even the tip handler sees it only on the reveal page, after a reason.
    handler = client_for(tip_handler_a1)
    assert INFORMANT["full_name"] not in handler.get(f"/tin-bao/{tip.pk}/danh-tinh/").content.decode()
    shown = handler.post(f"/tin-bao/{tip.pk}/danh-tinh/", {"reason": "Mời làm việc"}).content.decode()
    assert INFORMANT["full_name"] in shown and INFORMANT["phone"] in shown


def test_reveal_api_only_for_the_tip_handler(personas, tip_handler_a1, client):
    tip = submit(identity=INFORMANT).tip
    for persona, user in {**personas, "tip_handler_a1": tip_handler_a1}.items():
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"} if user else {}
        response = client.post(
            f"/api/v1/tips/{tip.pk}/reveal",
            {"reason": "Lấy lời khai"},
            content_type="application/json",
            **headers,
        )
        expected = {"tip_handler_a1": 200, "anonymous": 401}.get(persona, 404)
        assert response.status_code == expected, persona
        if expected != 200:
            assert INFORMANT["full_name"] not in response.content.decode()
        else:
            assert response.json()["phone"] == INFORMANT["phone"]


def test_audit_log_page_shows_the_reveal_but_not_the_identity(tip_handler_a1, national_admin, client_for):
    tip = submit(identity=INFORMANT).tip
    actions.reveal_identity(tip, by=tip_handler_a1, reason="Lấy lời khai")
    page = client_for(national_admin).get("/tai-khoan/nhat-ky/").content.decode()
    assert "Xem danh tính người tố giác" in page
    for secret in SECRETS:
        assert secret not in page
