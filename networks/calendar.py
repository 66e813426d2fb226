"""Meetings as iCalendar (RFC 5545): one file per meeting and a private feed per person.

Each meeting keeps one UID; every change raises SEQUENCE and a cancellation sets
STATUS:CANCELLED, so calendars that imported the file or subscribe to the feed update
the event in place rather than adding a second one. Times carry TZID=Europe/Warsaw
with its VTIMEZONE, so they stay right across the change to and from summer time.

Building the text with icalendar costs about half a millisecond per event and several for
the VTIMEZONE, and calendars poll the feed: the VTIMEZONE is made once per process and
each event is cached (core.fragments) under a key of every value it shows, so an edit,
a cancellation or a renamed network gives a new key and shows at once. Only DTSTAMP, the
time the file is made, differs between two requests: it is filled in on the way out.
"""

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import timezone
from icalendar import Calendar, Event

from core import fragments
from networks.models import Meeting, MeetingKind, Network

WARSAW = ZoneInfo("Europe/Warsaw")
PRODID = "-//Sieci//Spotkania sieci//PL"
# An event is found again by its content; one nobody asks for expires.
EVENT_TIMEOUT = 7 * 24 * 60 * 60
# Cached events carry this DTSTAMP, replaced by the time of the request. The line breaks
# around it make it a whole line, which no text of a meeting can be (its lines are escaped
# and folded ones start with a space).
_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP_LINE = b"\r\nDTSTAMP:19700101T000000Z\r\n"
_END = b"END:VCALENDAR\r\n"


def _event(meeting: Meeting, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@sieci")
    event.add("dtstamp", stamp)
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


# The fields of a meeting and its network that its event shows (`_event`): a meeting's row,
# all the feed loads, and what its cache key is made of.
SHOWN_FIELDS = (
    "pk",
    "uid",
    "updated_at",
    "created_at",
    "starts_at",
    "ends_at",
    "sequence",
    "status",
    "title",
    "kind",
    "place",
    "online_url",
    "agenda",
    "network__name",
    "network__slug",
)
meeting_row = attrgetter(*(name.replace("__", ".") for name in SHOWN_FIELDS))


def _meeting(row: tuple) -> Meeting:
    """A meeting made from its row, enough for `_event`."""
    *values, network_name, network_slug = row
    meeting = Meeting(**dict(zip(SHOWN_FIELDS, values, strict=False)))
    meeting.network = Network(name=network_name, slug=network_slug)
    return meeting


@cache
def _vtimezone() -> bytes:
    """Europe/Warsaw's VTIMEZONE as icalendar writes it for a calendar with such times."""
    calendar = Calendar()
    event = Event()
    event.add("dtstart", datetime(2000, 1, 1, tzinfo=WARSAW))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return b"".join(zone.to_ical() for zone in calendar.timezones)


def _events(rows: list[tuple]) -> tuple[list[bytes], list[str]]:
    """Each meeting's VEVENT (with the stand-in DTSTAMP) and its cache key."""
    hasher = fragments.key_hasher("networks.vevent", settings.SITE_URL, get_script_prefix())
    keys = []
    for row in rows:
        digest = hasher.copy()
        digest.update(repr(row).encode())
        keys.append(f"networks:vevent:{digest.hexdigest()}")
    found = fragments.get_many(keys)
    missing = {}
    for row, key in zip(rows, keys, strict=True):
        if key not in found:
            found[key] = missing[key] = _event(_meeting(row), _STAMP).to_ical()
    if missing:
        fragments.set_many(missing, EVENT_TIMEOUT)
    return [found[key] for key in keys], keys


def _head(name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar.to_ical().removesuffix(_END)


class CalendarFile:
    """A VCALENDAR with one VEVENT per meeting, from the meetings' rows (`SHOWN_FIELDS`):
    `etag` names its content apart from DTSTAMP, `content()` is the file as of now."""

    def __init__(self, rows: Iterable[tuple], *, name: str = ""):
        rows = list(rows)
        self._head = _head(name)
        self._events, keys = _events(rows)
        self._zone = _vtimezone() if rows else b""
        digest = hashlib.blake2b(self._head, digest_size=16)
        digest.update("\x1f".join(keys).encode())
        self.etag = f'W/"{digest.hexdigest()}"'

    def content(self) -> bytes:
        stamp = b"\r\nDTSTAMP:" + timezone.now().strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n"
        events = b"".join(self._events).replace(_STAMP_LINE, stamp)
        return b"".join((self._head, self._zone, events, _END))


def calendar_bytes(meetings: Iterable[Meeting], *, name: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per meeting (meetings need their network selected)."""
    return CalendarFile(map(meeting_row, meetings), name=name).content()
