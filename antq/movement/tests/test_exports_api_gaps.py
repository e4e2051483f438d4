"""The plan's roll-up in Excel, attachment downloads and member deletion through the API (issue 5 §7, §8)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from antq.accounts.models import ApiToken
from antq.core.models import AuditEntry
from antq.movement import actions
from antq.movement.models import CommitteeMember
from antq.movement.tests.conftest import PDF_BYTES
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}


def test_rollup_excel_matches_the_page_and_the_readers_scope(
    hanoi_tasks, plan, client_for, province_a_officer, commune_a1_officer, commune_b1_officer
):
    a1_task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    actions.report_progress(a1_task, by=commune_a1_officer, percent=60)
    response = client_for(province_a_officer).get(f"/chi-dao/van-ban/{plan.pk}/tien-do.xlsx")
    assert response.status_code == 200 and "tien-do-656-kh-ubnd.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị" and len(rows) == len(hanoi_tasks) + 2
    a1_row = next(r for r in rows if r[1] == COMMUNE_A1)
    assert a1_row[2:] == (1, 0, 1, 60)  # deadline 31/03/2026 passed: overdue
    assert rows[-1][0] == "Tổng cộng" and rows[-1][2] == len(hanoi_tasks)
    # A commune sees only its own row; another province does not see the plan at all.
    own = client_for(commune_a1_officer).get(f"/chi-dao/van-ban/{plan.pk}/tien-do.xlsx")
    assert len(list(load_workbook(io.BytesIO(own.content)).active.iter_rows())) == 3
    assert client_for(commune_b1_officer).get(f"/chi-dao/van-ban/{plan.pk}/tien-do.xlsx").status_code == 404
    assert AuditEntry.objects.filter(action="movement.exported", data__list="tien-do").count() == 2


def test_api_downloads_an_attachment_in_scope_only(
    plan, province_a_officer, commune_b1_officer, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    made = actions.attach_to_document(plan, SimpleUploadedFile("kh.pdf", PDF_BYTES), by=province_a_officer)
    response = client.get(f"/api/v1/movement/attachments/{made.pk}", **_auth(province_a_officer))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert (
        client.get(f"/api/v1/movement/attachments/{made.pk}", **_auth(commune_b1_officer)).status_code == 404
    )


def test_api_deletes_a_member_entered_by_mistake(client, commune_a1_officer, steering_a1_member):
    from antq.units.models import Unit

    committee = actions.save_committee(
        Unit.objects.get(key=COMMUNE_A1),
        by=commune_a1_officer,
        name="BCĐ",
        decision_number="5/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
    )
    member = actions.add_member(
        committee, by=commune_a1_officer, full_name="Nhầm", position="P", agency="A", role="member"
    )
    url = f"/api/v1/movement/committee-members/{member.pk}"
    assert client.delete(url, **_auth(steering_a1_member)).status_code == 404
    assert client.delete(url, **_auth(commune_a1_officer)).status_code == 204
    assert not CommitteeMember.objects.exists()
