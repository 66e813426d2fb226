"""The calendar feed's cached events: the feed is the one icalendar writes, and every change
shows in it at once.

Each test warms the caches with a first request, changes meetings, networks or memberships
through the services and asks again; `reference()` builds the expected file with plain
icalendar, nothing cached, as the feed was built before its events were cached.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from networks import calendar, meetings, services
from networks.models import Meeting, MeetingKind, Membership, Role
from networks.services.membership import membership_leave
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

STAMP = re.compile(rb"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n")


def reference(user) -> bytes:
    """The feed built by icalendar from the database, without any cache."""
    shown = Meeting.objects.filter(
        network__memberships__user=user, starts_at__gte=timezone.now() - timedelta(days=90)
    )
    file = Calendar()
    file.add("prodid", calendar.PRODID)
    file.add("version", "2.0")
    file.add("calscale", "GREGORIAN")
    file.add("method", "PUBLISH")
    with translation.override(settings.LANGUAGE_CODE):
        file.add("x-wr-calname", translation.gettext("Sieci — my meetings"))
    for meeting in shown.select_related("network").order_by("starts_at", "pk"):
        file.add_component(calendar._event(meeting, timezone.now()))
    file.add_missing_timezones()
    return file.to_ical()


def stamped(content: bytes) -> bytes:
    return STAMP.sub(b"\r\nDTSTAMP:X\r\n", content)


def _clear_caches():
    caches["fragments"].clear()
    caches["fragments_local"].clear()


def feed_url(user) -> str:
    return reverse(
        "networks:calendar_feed", kwargs={"token": services.calendar_feed_for(user=user).token}
    )


def feed(client, user, **headers):
    response = client.get(feed_url(user), headers=headers)
    assert response.status_code in (200, 304)
    return response


@pytest.fixture
def meeting(network):
    return MeetingFactory(
        network=network,
        title="Lekcja pokazowa",
        agenda="Plan:\n\n- rozgrzewka\n- praca w parach, ćwiczenie dłuższe niż jedna linia pliku",
    )


@pytest.fixture
def busy(network, coordinator, member, meeting):
    """Meetings of several kinds in two networks of the member, one of them in the past."""
    other = NetworkFactory(coordinator=coordinator)
    MembershipFactory(network=other, user=member)
    MeetingFactory(network=other, kind=MeetingKind.IN_PERSON, online_url="", place="Sala 4")
    past = timezone.now() - timedelta(days=30)
    MeetingFactory(network=network, starts_at=past, ends_at=past + timedelta(hours=1))
    MeetingFactory(network=NetworkFactory(), title="Cudze spotkanie")
    return other


@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_cached_feed_is_the_one_icalendar_writes(client, busy, who, request):
    user = request.getfixturevalue(who)
    first = feed(client, user).content
    assert stamped(first) == stamped(reference(user))
    again = feed(client, user).content
    assert stamped(again) == stamped(first)
    _clear_caches()
    assert stamped(feed(client, user).content) == stamped(first)
    assert len(Calendar.from_ical(again).walk("VEVENT")) == 3
    assert b"Cudze spotkanie" not in again


def test_dtstamp_is_the_time_of_the_request(client, member, meeting):
    feed(client, member)
    (event,) = Calendar.from_ical(feed(client, member).content).walk("VEVENT")
    assert abs(event.decoded("dtstamp") - timezone.now()) < timedelta(seconds=5)


def test_an_edit_shows_at_once(client, coordinator, member, meeting):
    feed(client, member)
    start = meeting.starts_at + timedelta(days=1)
    meetings.meeting_update(
        meeting=meeting,
        by=coordinator,
        title="Nowy tytuł",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    content = feed(client, member).content
    assert b"Nowy tytu" in content
    assert stamped(content) == stamped(reference(member))


def test_a_cancellation_shows_at_once(client, coordinator, member, meeting):
    feed(client, member)
    meetings.meeting_cancel(meeting=meeting, by=coordinator)
    content = feed(client, member).content
    assert b"STATUS:CANCELLED" in content
    assert stamped(content) == stamped(reference(member))


def test_a_new_meeting_shows_at_once(client, coordinator, network, member, meeting):
    feed(client, member)
    start = timezone.now() + timedelta(days=3)
    meetings.meeting_schedule(
        network=network,
        by=coordinator,
        title="Dodane spotkanie",
        kind=MeetingKind.ONLINE,
        form=meeting.form,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://spotkania.example.org/nowe",
    )
    content = feed(client, member).content
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 2
    assert stamped(content) == stamped(reference(member))


def test_a_renamed_network_shows_at_once(client, network, member, meeting):
    feed(client, member)
    network.name = "Sieć po zmianie nazwy"  # as the admin saves it
    network.save()
    content = feed(client, member).content
    assert "Sieć po zmianie nazwy".encode() in content
    assert stamped(content) == stamped(reference(member))


def test_leaving_a_network_takes_its_meetings_out(client, network, member, meeting):
    feed(client, member)
    membership_leave(membership=Membership.objects.get(network=network, user=member))
    content = feed(client, member).content
    assert Calendar.from_ical(content).walk("VEVENT") == []
    assert b"Lekcja pokazowa" not in content
    assert stamped(content) == stamped(reference(member))


def test_a_deactivated_person_or_a_new_token_is_not_found(client, member, meeting):
    url = feed_url(member)
    assert client.get(url).status_code == 200
    services.calendar_feed_reset(user=member)
    assert client.get(url).status_code == 404
    member.is_active = False
    member.save()
    assert client.get(feed_url(member)).status_code == 404


def test_a_calendar_holding_the_same_file_gets_a_304(client, coordinator, member, meeting):
    first = feed(client, member)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    same = feed(client, member, if_none_match=etag)
    assert (same.status_code, same.content, same["ETag"]) == (304, b"", etag)
    assert "no-store" in same["Cache-Control"]
    meetings.meeting_cancel(meeting=meeting, by=coordinator)
    changed = feed(client, member, if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"STATUS:CANCELLED" in changed.content


def test_each_person_has_their_own_etag(client, network, coordinator, member, meeting):
    """Two people with the same meetings share events, but a feed's ETag is per content."""
    feed(client, coordinator)
    MeetingFactory(network=NetworkFactory(coordinator=coordinator))
    assert feed(client, coordinator)["ETag"] != feed(client, member)["ETag"]


def _networks_with_meetings(person, count: int) -> None:
    networks = NetworkFactory.create_batch(count)
    Membership.objects.bulk_create(
        [Membership(network=n, user=person, role=Role.PARTICIPANT) for n in networks]
    )
    for network in networks:
        MeetingFactory.create_batch(3, network=network)


@pytest.mark.parametrize("cached", [False, True])
def test_feed_queries_do_not_grow_with_meetings(client, cached):
    counts = []
    for size in (1, 6):
        person = UserFactory()
        _networks_with_meetings(person, size)
        url = feed_url(person)
        if cached:
            client.get(url)
        else:
            _clear_caches()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2
