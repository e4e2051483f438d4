"""The iCal feed without a session: a per-user secret link, hashed at rest, revocable, scoped to its owner."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from icalendar import Calendar

from antq.core.models import AuditEntry
from antq.festival import actions
from antq.festival.models import CalendarToken
from antq.festival.tests.helpers import area_event, campaign
from conftest import COMMUNE_A1, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def a1_event(province_a_officer, sample_participants):
    return area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], province_a_officer)


def _feed(client, token: str, key: str):
    return client.get(reverse("festival:calendar_feed", args=[token, key]) + "?nam=2026")


def test_only_the_hash_is_stored_and_creation_is_audited(commune_a1_officer):
    token = actions.create_calendar_token(user=commune_a1_officer)
    stored = CalendarToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
    assert AuditEntry.objects.filter(
        action="festival.calendar_token.created", actor=commune_a1_officer
    ).exists()


def test_the_feed_answers_without_a_session_with_the_owners_view(client, a1_event, commune_a1_officer):
    token = actions.create_calendar_token(user=commune_a1_officer)
    response = _feed(client, token, COMMUNE_A1)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    uids = [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert uids == [f"festival-event-{a1_event.pk}@antq"]
    # The owner (a commune officer) may not see the province nor another commune: 404, as for a page.
    assert _feed(client, token, PROVINCE_A).status_code == 404
    assert _feed(client, token, COMMUNE_B1).status_code == 404


@pytest.mark.parametrize("case", ["wrong", "revoked", "replaced", "inactive"])
def test_the_feed_is_a_404_for_a_wrong_revoked_or_replaced_link(client, a1_event, commune_a1_officer, case):
    token = actions.create_calendar_token(user=commune_a1_officer)
    if case == "wrong":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "revoked":
        actions.revoke_calendar_token(user=commune_a1_officer)
    elif case == "replaced":
        actions.create_calendar_token(user=commune_a1_officer)
    else:
        commune_a1_officer.is_active = False
        commune_a1_officer.save()
    assert _feed(client, token, COMMUNE_A1).status_code == 404


def test_an_other_users_token_shows_that_users_scope(client, a1_event, commune_b1_officer, national_admin):
    b1 = actions.create_calendar_token(user=commune_b1_officer)
    assert _feed(client, b1, COMMUNE_A1).status_code == 404
    assert not list(Calendar.from_ical(_feed(client, b1, COMMUNE_B1).content).walk("VEVENT"))
    national = actions.create_calendar_token(user=national_admin)
    assert len(list(Calendar.from_ical(_feed(client, national, "VN").content).walk("VEVENT"))) == 1


def test_calendar_page_creates_shows_once_and_revokes(client_for, a1_event, commune_a1_officer):
    client = client_for(commune_a1_officer)
    url = reverse("festival:calendar_token", args=[COMMUNE_A1])
    assert client.get(url).status_code == 405
    page = client.post(url, {"verb": "create"})
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    body = page.content.decode()
    start = body.index('value="http') + len('value="')
    feed = body[start : body.index('"', start)]
    token = feed.rsplit("/", 2)[-2]
    assert CalendarToken.objects.get().token_hash == hashlib.sha256(token.encode()).hexdigest()
    calendar = client.get(reverse("festival:calendar", args=[COMMUNE_A1])).content.decode()
    assert token not in calendar and "Thu hồi liên kết" in calendar
    assert client.post(url, {"verb": "revoke"}).status_code == 302
    assert CalendarToken.objects.get().revoked_at is not None
    assert AuditEntry.objects.filter(action="festival.calendar_token.revoked").exists()
    assert client.post(url, {"verb": "revoke"}).status_code == 302  # nothing to revoke: a message, no error
    assert (
        client_for(commune_a1_officer)
        .post(reverse("festival:calendar_token", args=[COMMUNE_B1]), {"verb": "create"})
        .status_code
        == 404
    )
    assert CalendarToken.objects.count() == 1


def test_dates_in_the_feed_are_the_events(
    client, province_a_officer, sample_participants, commune_a1_officer
):
    made = campaign(province_a_officer)
    area_event(made, sample_participants["a1_areas"][1], province_a_officer, day=dt.date(2026, 7, 3))
    token = actions.create_calendar_token(user=commune_a1_officer)
    items = list(Calendar.from_ical(_feed(client, token, COMMUNE_A1).content).walk("VEVENT"))
    assert [i.decoded("dtstart") for i in items] == [dt.date(2026, 7, 3)]
