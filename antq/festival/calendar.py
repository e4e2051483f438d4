"""The festival points of a unit as an iCalendar feed (RFC 5545, through the `icalendar` package)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from antq.festival.models import Event

MAX_EVENTS = 5000


def ics(events: Iterable[Event], *, name: str, base_url: str) -> bytes:
    """An all-day VEVENT per festival point; the UID is stable so calendar apps update, not duplicate."""
    calendar = Calendar()
    calendar.add("prodid", "-//ANTQ//Ngay hoi toan dan bao ve ANTQ//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(tz=dt.UTC)
    for event in events:
        item = VEvent()
        item.add("uid", f"festival-event-{event.pk}@antq")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
        item.add("summary", _("Ngày hội toàn dân bảo vệ ANTQ: %(host)s") % {"host": event.host_name})
        item.add("location", f"{event.venue}, {event.commune.name}")
        item.add("url", f"{base_url}{event.pk}/")
        calendar.add_component(item)
    return calendar.to_ical()
