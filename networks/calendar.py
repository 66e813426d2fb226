"""Meetings as iCalendar (RFC 5545): one file per meeting and a private feed per person.

Each meeting keeps one UID; every change raises SEQUENCE and a cancellation sets
STATUS:CANCELLED, so calendars that imported the file or subscribe to the feed update
the event in place rather than adding a second one. Times carry TZID=Europe/Warsaw
with its VTIMEZONE, so they stay right across the change to and from summer time.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from networks.models import Meeting, MeetingKind

WARSAW = ZoneInfo("Europe/Warsaw")
PRODID = "-//Sieci//Spotkania sieci//PL"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@sieci")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("dtstart", meeting.starts_at.astimezone(WARSAW))
    event.add("dtend", meeting.ends_at.astimezone(WARSAW))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("summary", f"{meeting.title} ({meeting.network.name})")
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("url", url)
    if meeting.kind == MeetingKind.ONLINE:
        event.add("location", meeting.online_url or url)
    else:
        event.add("location", meeting.place)
    lines = [meeting.agenda.strip()] if meeting.agenda.strip() else []
    if meeting.online_url:
        lines.append(meeting.online_url)
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, name: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per meeting (meetings need their network selected)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()
