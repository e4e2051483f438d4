"""The officer's home lists what needs attention from every registered source, in a constant number of
queries; notification kinds, preferences and the unread count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from antq.core import attention
from antq.core.models import Notification, NotificationPreference
from antq.core.notifications import notify, set_preferences
from antq.movement.models import Task
from antq.units.models import Unit
from conftest import COMMUNE_A1, login


def test_every_domain_source_is_registered():
    codes = {s.code for s in attention.SOURCES}
    assert {"assessments.review", "movement.tasks", "festival.reports", "forces.rankings"} <= codes


def test_home_lists_tasks_due_with_links_and_constant_queries(
    client, commune_a1_officer, province_a_officer, django_assert_max_num_queries
):
    from antq.movement import actions

    a1 = Unit.objects.get(key=COMMUNE_A1)
    plan = actions.register_document(
        a1.parent,
        by=province_a_officer,
        number_text="656/KH-UBND",
        issued_on=dt.date(2026, 2, 10),
        subject="Kế hoạch thực hiện phong trào",
        issuing_body="Ủy ban nhân dân Thành phố Hà Nội",
    )
    Task.objects.create(plan=plan, unit=a1, title="Rà soát tổ bảo vệ", deadline=dt.date(2020, 1, 5))
    login(client, commune_a1_officer)
    page = client.get(reverse("core:home"))
    html = page.content.decode()
    assert "Rà soát tổ bảo vệ" in html
    assert reverse("movement:inbox", args=[COMMUNE_A1]) in html
    assert "05/01/2020" in html
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("core:home"))
    Task.objects.bulk_create(
        Task(plan=plan, unit=a1, title=f"Nhiệm vụ {i}", deadline=dt.date(2026, 2, 1)) for i in range(40)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:home"))


def test_preferences_mute_a_kind_and_the_count_shows_unread(client, commune_a1_officer):
    notify([commune_a1_officer], "Một", kind="movement")
    set_preferences(user=commune_a1_officer, muted_kinds=["movement", "unknown"], email=False)
    assert NotificationPreference.objects.get(user=commune_a1_officer).muted_kinds == ["movement"]
    assert notify([commune_a1_officer], "Hai", kind="movement") == []
    notify([commune_a1_officer], "Ba")  # general: always sent
    assert Notification.objects.filter(recipient=commune_a1_officer).count() == 2
    login(client, commune_a1_officer)
    assert ">2<" in client.get(reverse("core:notification_count")).content.decode()
    response = client.post(
        reverse("core:notification_preferences"), {"kind_assessments": "on", "email": "on"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=commune_a1_officer)
    assert "assessments" not in preference.muted_kinds and "movement" in preference.muted_kinds
    assert preference.email


@pytest.mark.parametrize("settings_email", [True, False])
def test_email_only_when_configured_and_wanted(
    settings, commune_a1_officer, settings_email, django_capture_on_commit_callbacks
):
    settings.ANTQ_NOTIFY_EMAIL = settings_email
    commune_a1_officer.email = "a1@example.vn"
    commune_a1_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([commune_a1_officer], "Thư", kind="movement")
    assert len(mail.outbox) == (1 if settings_email else 0)
    set_preferences(user=commune_a1_officer, muted_kinds=[], email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([commune_a1_officer], "Thư 2", kind="movement")
    assert len(mail.outbox) == (1 if settings_email else 0)
