from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from networks import meetings, services
from networks.calendar import calendar_bytes
from networks.models import Meeting
from networks.tests.factories import MeetingFactory, NetworkFactory

WARSAW = ZoneInfo("Europe/Warsaw")


def _parse(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


@pytest.mark.parametrize(
    "local_start",
    [
        datetime(2027, 3, 27, 18, 0),  # the day before summer time, UTC+1
        datetime(2027, 3, 28, 18, 0),  # the first day of summer time, UTC+2
        datetime(2027, 10, 30, 18, 0),  # the last day of summer time
        datetime(2027, 10, 31, 18, 0),  # back to winter time
    ],
)
def test_times_round_trip_across_the_clock_change(network, local_start):
    start = local_start.replace(tzinfo=WARSAW)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=2))
    meeting.refresh_from_db()
    calendar = Calendar.from_ical(calendar_bytes([meeting]))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == start
    assert event.decoded("dtstart").utcoffset() == start.utcoffset()
    assert event["dtstart"].params["TZID"] == "Europe/Warsaw"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert calendar.walk("VTIMEZONE"), "the VTIMEZONE travels with the file"


def test_changes_raise_the_sequence_and_cancelling_sets_the_status(network, coordinator):
    meeting = MeetingFactory(network=network)
    uid = _parse(calendar_bytes([meeting]))[0]["uid"]
    new_start = meeting.starts_at + timedelta(days=1)
    meetings.meeting_update(
        meeting=meeting, by=coordinator, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    (event,) = _parse(calendar_bytes([Meeting.objects.select_related("network").get()]))
    assert (event["uid"], event["sequence"], str(event["status"])) == (uid, 1, "CONFIRMED")
    meetings.meeting_cancel(meeting=meeting, by=coordinator)
    (event,) = _parse(calendar_bytes([Meeting.objects.select_related("network").get()]))
    assert (event["uid"], event["sequence"], str(event["status"])) == (uid, 2, "CANCELLED")


def test_meeting_file_downloads_for_members(client, network, member):
    meeting = MeetingFactory(network=network, title="Lekcja pokazowa")
    client.force_login(member)
    response = client.get(
        reverse("networks:meeting_ics", kwargs={"slug": network.slug, "pk": meeting.pk})
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (event,) = _parse(response.content)
    assert "Lekcja pokazowa" in str(event["summary"])


def test_private_feed_lists_my_networks_meetings_and_can_be_revoked(client, network, member):
    mine = MeetingFactory(network=network, title="Moje spotkanie")
    MeetingFactory(network=NetworkFactory(), title="Cudze spotkanie")
    token = services.calendar_feed_for(user=member).token
    url = reverse("networks:calendar_feed", kwargs={"token": token})
    response = client.get(url)  # calendars fetch it without logging in
    assert response.status_code == 200
    summaries = [str(event["summary"]) for event in _parse(response.content)]
    assert summaries == [f"Moje spotkanie ({network.name})"]
    assert mine.uid.hex[:8] in response.content.decode()

    services.calendar_feed_reset(user=member)
    assert client.get(url).status_code == 404


def test_unknown_feed_token_is_not_found(client, db):
    assert (
        client.get(reverse("networks:calendar_feed", kwargs={"token": "x" * 43})).status_code == 404
    )
