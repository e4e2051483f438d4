"""The audit log: who may browse it, its filters, and the account changes that write to it."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from antq.accounts import actions
from antq.accounts.models import ApiToken, Role, RoleAssignment
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, PROVINCE_A, PROVINCE_B

pytestmark = pytest.mark.django_db

AUDIT_URL = reverse("accounts:audit")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=HCM)


def entry(action: str, username: str, when: dt.datetime, target: str = "") -> AuditEntry:
    created = AuditEntry.objects.create(action=action, actor_username=username, target_repr=target)
    AuditEntry.objects.filter(pk=created.pk).update(created_at=when)
    return created


def listed(client: Client, **params: str) -> set[str]:
    response = client.get(AUDIT_URL, params)
    assert response.status_code == 200
    return {f"{e.actor_username} {e.action}" for e in response.context["page"]}


# --- Who may see the log ------------------------------------------------------------------


def test_national_admin_sees_the_audit_log(client_for, national_admin) -> None:
    log_action(None, "accounts.login_failed", actor_username="ke_la")
    response = client_for(national_admin).get(AUDIT_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nhật ký hệ thống" in content
    assert "accounts.login_failed" in content
    assert "ke_la" in content


@pytest.mark.parametrize(
    "persona", ["province_a_officer", "commune_a1_officer", "commune_b1_officer", "steering_a1_member"]
)
def test_others_get_404(request, client_for, persona) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(AUDIT_URL).status_code == 404


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(AUDIT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_menu_links_to_the_log_only_for_those_who_may_see_it(
    client_for, national_admin, province_a_officer
):
    assert AUDIT_URL in client_for(national_admin).get(reverse("accounts:profile")).content.decode()
    assert AUDIT_URL not in client_for(province_a_officer).get(reverse("accounts:profile")).content.decode()


# --- Filters ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client_for, national_admin) -> Client:
    """The national admin's client, with the log emptied after its own login entry."""
    client = client_for(national_admin)
    AuditEntry.objects.all().delete()
    return client


@pytest.fixture
def entries(admin_client) -> Client:
    entry("accounts.login", "nguyenvana", at(1, 8))
    entry("accounts.login_failed", "nguyenvana", at(2, 23, 30))
    entry("accounts.role.assigned", "quantri", at(3), target="Trần Thị B")
    entry("units.area.created", "tranthib", at(4, 0, 10))
    entry("units.area.updated", "tranthib", at(5))
    return admin_client


def test_filter_by_user(entries) -> None:
    client = entries
    assert listed(client, q="nguyenvana") == {"nguyenvana accounts.login", "nguyenvana accounts.login_failed"}
    # The same box finds the object acted on.
    assert listed(client, q="Trần Thị B") == {"quantri accounts.role.assigned"}


def test_filter_by_action_prefix(entries) -> None:
    client = entries
    assert listed(client, action="units.") == {"tranthib units.area.created", "tranthib units.area.updated"}
    assert listed(client, action="accounts.login") == {
        "nguyenvana accounts.login",
        "nguyenvana accounts.login_failed",
    }
    assert listed(client, action="accounts.login_failed") == {"nguyenvana accounts.login_failed"}


def test_filter_by_date_range_in_local_days(entries) -> None:
    client = entries
    # 23:30 on 2 March and 00:10 on 4 March (Vietnam time) sit on their local days, both ends included.
    assert listed(client, date_from="02/03/2026", date_to="03/03/2026") == {
        "nguyenvana accounts.login_failed",
        "quantri accounts.role.assigned",
    }
    assert listed(client, date_from="04/03/2026") == {
        "tranthib units.area.created",
        "tranthib units.area.updated",
    }
    assert listed(client, date_to="01/03/2026") == {"nguyenvana accounts.login"}
    assert listed(
        client, q="tranthib", action="units.area.c", date_from="01/03/2026", date_to="31/03/2026"
    ) == {"tranthib units.area.created"}


def test_bad_filters_answer_with_vietnamese_errors(entries) -> None:
    client = entries
    response = client.get(AUDIT_URL, {"date_from": "2026-03-02"})
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy." in response.content.decode()
    response = client.get(AUDIT_URL, {"date_from": "05/03/2026", "date_to": "01/03/2026"})
    assert "Ngày bắt đầu phải trước ngày kết thúc." in response.content.decode()
    response = client.get(AUDIT_URL, {"q": "a\x00b"})
    assert response.status_code == 200
    assert "Không được chứa ký tự NUL." in response.content.decode()


def test_the_log_pages_with_a_constant_number_of_queries(
    client_for, national_admin, django_assert_max_num_queries
) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(action="units.area.updated", actor_username=f"canbo{i}") for i in range(120)
    )
    client = client_for(national_admin)
    with django_assert_max_num_queries(12):
        response = client.get(AUDIT_URL, {"page": "2"})
    assert len(response.context["page"]) == 50


# --- Role actions -------------------------------------------------------------------------


def test_assign_and_revoke_role_are_audited(national_admin, commune_b1_officer) -> None:
    province = Unit.objects.get(key=PROVINCE_B)
    assignment = actions.assign_role(
        commune_b1_officer, role=Role.PROVINCE_OFFICER, unit=province, by=national_admin
    )
    assert assignment.is_active
    assigned = AuditEntry.objects.get(action="accounts.role.assigned")
    assert assigned.actor == national_admin
    assert assigned.target_id == str(commune_b1_officer.pk)
    assert assigned.data == {"role": "province_officer", "unit": PROVINCE_B}

    actions.revoke_role(assignment, by=national_admin)
    assignment.refresh_from_db()
    assert not assignment.is_active
    revoked = AuditEntry.objects.get(action="accounts.role.revoked")
    assert revoked.actor == national_admin
    assert revoked.data == {"role": "province_officer", "unit": PROVINCE_B}


@pytest.mark.parametrize(
    ("role", "unit_key", "level"),
    [
        (Role.PROVINCE_OFFICER, COMMUNE_A1, "cấp tỉnh"),
        (Role.COMMUNE_OFFICER, PROVINCE_A, "cấp xã"),
        (Role.NATIONAL_ADMIN, PROVINCE_A, "toàn quốc"),
    ],
)
def test_assign_role_refuses_the_wrong_unit_level(national_admin, commune_b1_officer, role, unit_key, level):
    unit = Unit.objects.get(key=unit_key)
    with pytest.raises(DomainError) as refused:
        actions.assign_role(commune_b1_officer, role=role, unit=unit, by=national_admin)
    assert f"chỉ giao được trên đơn vị {level}" in refused.value.message
    assert unit.name in refused.value.message
    assert not RoleAssignment.objects.filter(user=commune_b1_officer, unit=unit).exists()
    assert not AuditEntry.objects.filter(action="accounts.role.assigned").exists()


def test_assign_role_refuses_a_retired_unit(national_admin, commune_b1_officer) -> None:
    retired = Unit.objects.filter(is_legacy=True, level=Unit.Level.COMMUNE).first()
    assert retired is not None
    with pytest.raises(DomainError) as refused:
        actions.assign_role(commune_b1_officer, role=Role.COMMUNE_OFFICER, unit=retired, by=national_admin)
    assert "đã hết hiệu lực" in refused.value.message


def test_steering_member_may_sit_on_any_level(national_admin, commune_b1_officer) -> None:
    province = Unit.objects.get(key=PROVINCE_A)
    actions.assign_role(commune_b1_officer, role=Role.STEERING_MEMBER, unit=province, by=national_admin)
    assert commune_b1_officer.role_assignments.filter(role=Role.STEERING_MEMBER, unit=province).exists()


# --- Role changes in the back office ------------------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would submit for the form with id `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id and not self._done:
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind in {"submit", "button", "file"}:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def admin_form(client: Client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields("user_form")
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def superuser(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_superuser(
        "quantri", "quantri@example.vn", "Mat-khau-quan-tri-2026"
    )


def test_role_changes_in_the_admin_are_audited(client_for, superuser, commune_a1_officer) -> None:
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[commune_a1_officer.pk])
    existing = commune_a1_officer.role_assignments.get()
    a2 = Unit.objects.get(key=COMMUNE_A2)

    # Add a role on Ngọc Hà and withdraw the one on Ba Đình (unticking "đang hiệu lực").
    data = admin_form(client, url)
    assert data["role_assignments-TOTAL_FORMS"] == ["1"]
    data.pop("role_assignments-0-is_active", None)
    data.update(
        {
            "role_assignments-TOTAL_FORMS": ["2"],
            "role_assignments-1-role": ["commune_officer"],
            "role_assignments-1-unit": [str(a2.pk)],
            "role_assignments-1-is_active": ["on"],
            "role_assignments-1-user": [str(commune_a1_officer.pk)],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    existing.refresh_from_db()
    assert not existing.is_active
    assert commune_a1_officer.role_assignments.filter(unit=a2, is_active=True).exists()

    assigned = AuditEntry.objects.get(action="accounts.role.assigned")
    assert assigned.actor == superuser
    assert assigned.data["unit"] == COMMUNE_A2
    assert assigned.data["via"] == "admin"
    revoked = AuditEntry.objects.get(action="accounts.role.revoked")
    assert revoked.data["unit"] == COMMUNE_A1
    assert revoked.target_id == str(commune_a1_officer.pk)

    # Deleting the row altogether is a revocation too.
    data = admin_form(client, url)
    row = next(k.split("-")[1] for k, v in data.items() if k.endswith("-unit") and v == [str(a2.pk)])
    data[f"role_assignments-{row}-DELETE"] = ["on"]
    assert client.post(url, data).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.role.revoked", data__unit=COMMUNE_A2).exists()
    assert not commune_a1_officer.role_assignments.filter(unit=a2).exists()


def test_admin_refuses_a_role_on_the_wrong_level(client_for, superuser, commune_a1_officer) -> None:
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[commune_a1_officer.pk])
    province = Unit.objects.get(key=PROVINCE_A)
    data = admin_form(client, url)
    data.update(
        {
            "role_assignments-TOTAL_FORMS": ["2"],
            "role_assignments-1-role": ["commune_officer"],
            "role_assignments-1-unit": [str(province.pk)],
            "role_assignments-1-is_active": ["on"],
            "role_assignments-1-user": [str(commune_a1_officer.pk)],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chỉ giao được trên đơn vị cấp xã" in response.content.decode()
    assert not commune_a1_officer.role_assignments.filter(unit=province).exists()
    assert not AuditEntry.objects.filter(action__startswith="accounts.role.").exists()


# --- API tokens ---------------------------------------------------------------------------


def test_api_token_issue_and_revoke_are_audited(client_for, commune_a1_officer, commune_b1_officer) -> None:
    client = client_for(commune_a1_officer)
    response = client.post(
        reverse("accounts:profile"), {"label": "Phần mềm báo cáo"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["new_token"]
    token = ApiToken.objects.get(user=commune_a1_officer)
    assert token.digest == ApiToken.hash(raw)
    assert raw not in str(AuditEntry.objects.values_list("data", flat=True)[::1])
    issued = AuditEntry.objects.get(action="accounts.api_token.issued")
    assert issued.data == {"label": "Phần mềm báo cáo", "prefix": token.prefix}
    assert issued.ip_address == "192.0.2.9"

    # Another officer cannot revoke it: the token is outside their reach.
    other = client_for(commune_b1_officer)
    assert other.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="accounts.api_token.revoked").exists()

    response = client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = AuditEntry.objects.get(action="accounts.api_token.revoked")
    assert revoked.actor == commune_a1_officer
    assert revoked.target_id == str(commune_a1_officer.pk)
    assert revoked.data["prefix"] == token.prefix
    # Revoking twice changes nothing.
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404


def test_api_token_label_is_checked_in_vietnamese(client_for, commune_a1_officer) -> None:
    client = client_for(commune_a1_officer)
    response = client.post(reverse("accounts:profile"), {"label": ""})
    assert "Trường này là bắt buộc." in response.content.decode()
    response = client.post(reverse("accounts:profile"), {"label": "x\x00y"})
    assert "Không được chứa ký tự NUL." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_admin_revokes_tokens_through_the_action(client_for, superuser, commune_a1_officer) -> None:
    token, _raw = ApiToken.issue(commune_a1_officer, "Báo cáo")
    client = client_for(superuser)
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [str(token.pk)]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = AuditEntry.objects.get(action="accounts.api_token.revoked")
    assert revoked.actor == superuser
    assert revoked.target_id == str(commune_a1_officer.pk)
