"""The units REST API: bearer tokens, scope, filters, pagination, error shapes, OpenAPI and docs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from antq.accounts.models import ApiToken
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db

API = "/api/v1"
UNAUTHORISED = "Chưa xác thực hoặc khóa truy cập không hợp lệ."


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def issue_through_profile(client: Client, label: str = "Tích hợp báo cáo") -> str:
    """Issue a token the way an officer does: the profile page shows its raw value once."""
    response = client.post(reverse("accounts:profile"), {"label": label})
    assert response.status_code == 200
    match = re.search(r'data-testid="new-token">([^<]+)<', response.content.decode())
    assert match, "the new token is shown on the profile page"
    return match.group(1)


@pytest.fixture
def api_for(client_for):  # type: ignore[no-untyped-def]
    """api_for(user) -> get(path, **params) with the user's bearer token, issued through the profile page."""

    def make(user):  # type: ignore[no-untyped-def]
        raw = issue_through_profile(client_for(user))
        client = Client()

        def get(path: str, **params: Any):  # type: ignore[no-untyped-def]
            return client.get(f"{API}{path}", params, **bearer(raw))

        return get

    return make


# --- Authentication -----------------------------------------------------------------------


def assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": UNAUTHORISED}


def test_no_token_is_401_in_vietnamese() -> None:
    assert_401(Client().get(f"{API}/units/"))
    assert_401(Client().get(f"{API}/units/{COMMUNE_A1}"))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer khong-ton-tai",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 500,
        "Bearer abc\x00def",
    ],
)
def test_unknown_or_malformed_tokens_are_401(header) -> None:
    assert_401(Client().get(f"{API}/units/", HTTP_AUTHORIZATION=header))


def test_a_session_login_is_not_enough_for_the_api(client_for, commune_a1_officer) -> None:
    assert_401(client_for(commune_a1_officer).get(f"{API}/units/"))


def test_token_issued_on_the_profile_page_works_until_revoked(client_for, commune_a1_officer) -> None:
    web = client_for(commune_a1_officer)
    raw = issue_through_profile(web)
    response = Client().get(f"{API}/units/{COMMUNE_A1}", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["name"] == "Phường Ba Đình"
    token = ApiToken.objects.get(user=commune_a1_officer)
    assert token.last_used_at is not None

    web.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert_401(Client().get(f"{API}/units/{COMMUNE_A1}", **bearer(raw)))


def test_token_of_a_deactivated_user_is_401(commune_a1_officer) -> None:
    _token, raw = ApiToken.issue(commune_a1_officer, "x")
    commune_a1_officer.is_active = False
    commune_a1_officer.save()
    assert_401(Client().get(f"{API}/units/", **bearer(raw)))


def test_last_used_is_written_at_most_once_a_minute(commune_a1_officer, django_assert_num_queries) -> None:
    token, raw = ApiToken.issue(commune_a1_officer, "x")
    client = Client()
    client.get(f"{API}/units/{COMMUNE_A1}", **bearer(raw))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    client.get(f"{API}/units/{COMMUNE_A1}", **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timezone.timedelta(minutes=2))
    client.get(f"{API}/units/{COMMUNE_A1}", **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first  # type: ignore[operator]


# --- Lists, filters and scope -------------------------------------------------------------


def test_provinces_national_admin_sees_34(api_for, national_admin) -> None:
    body = api_for(national_admin)("/units/", level="province", limit=50)
    assert body.status_code == 200
    data = body.json()
    assert data["count"] == 34
    assert len(data["items"]) == 34
    assert {"code", "official_code", "name", "level", "kind", "parent_code", "is_legacy"} <= set(
        data["items"][0]
    )


def test_provinces_province_officer_sees_own(api_for, province_a_officer) -> None:
    data = api_for(province_a_officer)("/units/", level="province").json()
    assert data["count"] == 1
    assert data["items"][0]["code"] == PROVINCE_A
    assert data["items"][0]["name"] == "Thành phố Hà Nội"


def test_communes_of_ha_noi(api_for, national_admin) -> None:
    expected = Unit.objects.current().filter(parent__key=PROVINCE_A, level=Unit.Level.COMMUNE).count()
    assert expected == 126
    data = api_for(national_admin)("/units/", parent=PROVINCE_A, level="commune", limit=200).json()
    assert data["count"] == expected
    assert {item["parent_code"] for item in data["items"]} == {PROVINCE_A}


def test_search_is_accent_insensitive(api_for, national_admin) -> None:
    get = api_for(national_admin)
    for q in ["ha noi", "HA NOI", "Hà Nội"]:
        names = [item["name"] for item in get("/units/", q=q, level="province").json()["items"]]
        assert names == ["Thành phố Hà Nội"], q


def test_search_stays_in_scope(api_for, commune_b1_officer) -> None:
    assert api_for(commune_b1_officer)("/units/", q="ba dinh").json()["count"] == 0


def test_legacy_units_on_request(api_for, province_a_officer) -> None:
    get = api_for(province_a_officer)
    current = get("/units/", limit=200).json()
    assert not any(item["is_legacy"] for item in current["items"])
    legacy = get("/units/", legacy="true", limit=200).json()
    assert legacy["count"] > 0
    assert all(item["is_legacy"] and item["valid_to"] == "30/06/2025" for item in legacy["items"])


def test_pagination_limit_and_offset(api_for, national_admin) -> None:
    get = api_for(national_admin)
    first = get("/units/", level="province", limit=10, offset=0).json()
    second = get("/units/", level="province", limit=10, offset=10).json()
    last = get("/units/", level="province", limit=10, offset=30).json()
    assert first["count"] == second["count"] == last["count"] == 34
    assert len(first["items"]) == len(second["items"]) == 10
    assert len(last["items"]) == 4
    codes = [i["code"] for i in first["items"] + second["items"] + last["items"]]
    assert len(set(codes)) == 24
    default = get("/units/", level="commune").json()
    assert len(default["items"]) == 50


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "201"}, {"offset": "-1"}, {"limit": "abc"}])
def test_pagination_out_of_range_is_422(api_for, national_admin, params) -> None:
    response = api_for(national_admin)("/units/", **params)
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_list_runs_a_constant_number_of_queries(
    api_for, national_admin, django_assert_max_num_queries
) -> None:
    get = api_for(national_admin)
    with django_assert_max_num_queries(6):
        response = get("/units/", level="commune", limit=200)
    assert len(response.json()["items"]) == 200


# --- One unit and its participants --------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["national_admin", "province_a_officer", "commune_a1_officer", "steering_a1_member"]
)
def test_commune_a1_is_visible_to_a_officers(request, api_for, persona) -> None:
    response = api_for(request.getfixturevalue(persona))(f"/units/{COMMUNE_A1}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == COMMUNE_A1
    assert body["parent_code"] == PROVINCE_A
    assert body["level"] == "commune"


def test_commune_a1_is_404_for_b1_officer(api_for, commune_b1_officer) -> None:
    response = api_for(commune_b1_officer)(f"/units/{COMMUNE_A1}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_unknown_code_is_404(api_for, national_admin) -> None:
    get = api_for(national_admin)
    assert get("/units/99999999").status_code == 404
    assert get("/units/abc%00def").status_code == 404


def test_participants_in_scope(api_for, commune_a1_officer, sample_participants) -> None:
    get = api_for(commune_a1_officer)
    areas = get(f"/units/{COMMUNE_A1}/residential-areas").json()
    assert areas["count"] == 2
    assert [a["name"] for a in areas["items"]] == ["Tổ dân phố số 1", "Tổ dân phố số 2"]
    organisations = get(f"/units/{COMMUNE_A1}/organisations").json()
    assert [o["name"] for o in organisations["items"]] == ["Trường THCS Phan Chu Trinh"]


@pytest.mark.parametrize("kind", ["residential-areas", "organisations"])
@pytest.mark.parametrize(
    ("persona", "code"), [("commune_a1_officer", COMMUNE_A2), ("commune_b1_officer", COMMUNE_A1)]
)
def test_participants_out_of_scope_are_404(
    request, api_for, sample_participants, persona, code, kind
) -> None:
    response = api_for(request.getfixturevalue(persona))(f"/units/{code}/{kind}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_province_officer_reads_participants_of_every_commune_of_the_province(
    api_for, province_a_officer, sample_participants
) -> None:
    get = api_for(province_a_officer)
    assert get(f"/units/{COMMUNE_A2}/residential-areas").json()["count"] == 1
    assert get(f"/units/{COMMUNE_B1}/residential-areas").status_code == 404


# --- Bad input ------------------------------------------------------------------------------


def assert_422(response) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"]
    return body


def test_q_longer_than_100_characters_is_422(api_for, national_admin) -> None:
    body = assert_422(api_for(national_admin)("/units/", q="a" * 101))
    assert body["errors"][0]["loc"][-1] == "q"
    assert api_for(national_admin)("/units/", q="a" * 100).status_code == 200


@pytest.mark.parametrize("field", ["q", "level", "parent"])
def test_nul_byte_is_422_not_500(api_for, national_admin, field) -> None:
    body = assert_422(api_for(national_admin)("/units/", **{field: "ha\x00noi"}))
    assert "Không được chứa ký tự NUL." in body["errors"][0]["msg"]


def test_unknown_level_is_422(api_for, national_admin) -> None:
    assert_422(api_for(national_admin)("/units/", level="galaxy"))


def test_only_get_is_allowed(national_admin) -> None:
    _token, raw = ApiToken.issue(national_admin, "x")
    response = Client().post(f"{API}/units/", {}, **bearer(raw))
    assert response.status_code == 405


# --- OpenAPI and docs ---------------------------------------------------------------------


# The citizens' endpoints (public portal, tip-off channel) need no token: checked by the next test.
PUBLIC_PATHS = (f"{API}/portal/", f"{API}/tips/public/")


def test_openapi_public_operations_need_no_token_and_declare_the_rate_limit() -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    public = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        if path.startswith(PUBLIC_PATHS)
        for method, op in ops.items()
    ]
    assert len(public) >= 5
    for path, method, op in public:
        assert "security" not in op, (method, path)
        assert "429" in op["responses"], (method, path)
        assert "401" not in op["responses"], (method, path)
        assert op["summary"], (method, path)


def test_openapi_declares_errors_and_bearer_security() -> None:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    paths = schema["paths"].items()
    operations = [op for path, ops in paths if not path.startswith(PUBLIC_PATHS) for op in ops.values()]
    assert len(operations) >= 4
    for op in operations:
        responses = set(op["responses"])
        assert {"400", "401", "404", "422"} <= responses, op["operationId"]
        assert responses & {"200", "201", "204"}, op["operationId"]
        assert op["security"] == [{"ApiTokenAuth": []}]
        assert op["summary"]
        for status in ("400", "401", "404"):
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut")
        ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ValidationErrorOut")
    assert set(schema["components"]["schemas"]["ValidationErrorOut"]["properties"]) == {"detail", "errors"}


def test_docs_page_uses_local_assets_and_the_csp(settings) -> None:
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    for tag in scripts:
        # Executable scripts are same-origin files; the settings block is JSON data, never run.
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert href.startswith("/static/"), href
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
