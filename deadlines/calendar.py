"""Calendar files (iCalendar, RFC 5545) of closing dates, for a reader's phone or desktop."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Alarm, Calendar, Event

# A reminder on the reader's device this long before the closing day begins.
REMINDER = datetime.timedelta(days=3)


@dataclass(frozen=True)
class Deadline:
    """One closing date: the last day applications are taken."""

    uid: str  # stable across downloads, so importing a file again updates the event
    title: str
    closes_on: datetime.date
    url: str
    description: str = ""


def calendar_file(deadlines: list[Deadline], *, name: str) -> bytes:
    """An .ics file with one all-day event per closing date, each with the page's URL."""
    calendar = Calendar()
    calendar.add("prodid", "-//ASEAN SME Service Centre//Closing dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for deadline in deadlines:
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        event.add("summary", gettext("Closing date: %(title)s") % {"title": deadline.title})
        # All-day: the date as the country states it, whatever the reader's time zone.
        event.add("dtstart", deadline.closes_on)
        event.add("dtend", deadline.closes_on + datetime.timedelta(days=1))
        event.add("url", deadline.url)
        event.add("description", "\n\n".join(filter(None, [deadline.description, deadline.url])))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event["summary"])
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
