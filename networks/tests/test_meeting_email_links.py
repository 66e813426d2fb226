"""Answering a meeting from the e-mail: signed links, a confirming POST, the calendar file."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from networks import meetings
from networks.meeting_links import PURPOSE, meeting_answer_url
from networks.models import Answer, MeetingForm, MeetingKind, Rsvp
from networks.tests.factories import MeetingFactory, MembershipFactory
from notifications.links import link_token
from notifications.mail import email_deliver
from notifications.models import EmailRecord


def _schedule(network, coordinator, **overrides):
    start = timezone.now() + timedelta(days=3)
    fields = {
        "title": "Warsztaty z gier",
        "kind": MeetingKind.HYBRID,
        "form": MeetingForm.WORKSHOP,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Sala 12, ODN Kraków",
        "online_url": "https://spotkania.example.org/x",
    }
    return meetings.meeting_schedule(network=network, by=coordinator, **{**fields, **overrides})


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network)


def test_the_invitation_carries_the_persons_own_yes_maybe_no_links(network, coordinator, member):
    meeting = _schedule(network, coordinator)
    record = EmailRecord.objects.get(user=member)
    links = re.findall(r"https?://[^\s\"<]+/spotkania/odpowiedz/[^\s\"<]+", record.body_text)
    assert len(links) == 3
    assert {urlsplit(link).query for link in links} == {f"answer={a}" for a in Answer.values}
    token = urlsplit(links[0]).path.rstrip("/").rsplit("/", 1)[1]
    assert signing.loads(token, salt=f"sieci.link.{PURPOSE}") == {"u": member.pk, "o": meeting.pk}
    assert record.body_html.count("/spotkania/odpowiedz/") == 3


def test_a_get_only_asks_and_changes_nothing(client, meeting, member):
    url = meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES)
    response = client.get(_path(url))
    assert response.status_code == 200
    assert 'name="answer" value="yes"' in response.content.decode()
    assert not Rsvp.objects.filter(meeting=meeting, user=member).exists()


def test_an_earlier_answer_is_kept_by_a_get_and_changed_by_the_post(client, meeting, member):
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.NO))
    # A mail scanner opening the link (a GET) must not change anything.
    assert client.get(url).status_code == 200
    assert Rsvp.objects.get(meeting=meeting, user=member).answer == Answer.YES
    assert client.post(url, {"answer": Answer.NO}).status_code == 200
    assert Rsvp.objects.get(meeting=meeting, user=member).answer == Answer.NO
    assert Rsvp.objects.filter(meeting=meeting, user=member).count() == 1


def test_the_button_answers_logged_out_through_the_rsvp_service(
    client, meeting, member, django_assert_max_num_queries
):
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.MAYBE))
    with django_assert_max_num_queries(12):
        response = client.post(url, {"answer": Answer.MAYBE})
    assert response.status_code == 200
    assert "Dziękujemy" in response.content.decode() or "Thank you" in response.content.decode()
    rsvp = Rsvp.objects.get(meeting=meeting, user=member)
    assert rsvp.answer == Answer.MAYBE
    # The same service as the site: a (maybe) attendee gets reminders.
    assert meeting.reminders.filter(user=member).count() == 2


def test_the_confirmation_page_keeps_to_its_query_budget(
    client, meeting, member, django_assert_max_num_queries
):
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES))
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_the_person_logged_in_answers_with_their_own_link(client, meeting, member):
    client.force_login(member)
    url = _path(meeting_answer_url(meeting=meeting, user=member))
    assert client.post(url, {"answer": Answer.NO}).status_code == 200
    assert Rsvp.objects.get(meeting=meeting, user=member).answer == Answer.NO


def test_a_link_for_another_person_is_refused_when_logged_in(client, meeting, member, network):
    other = MembershipFactory(network=network).user
    client.force_login(other)
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES))
    for response in (client.get(url), client.post(url, {"answer": Answer.YES})):
        assert response.status_code == 403
        assert "someone else" in response.content.decode() or "innej osoby" in (
            response.content.decode()
        )
    assert not Rsvp.objects.exists()


def test_a_tampered_link_is_refused_with_an_explanation(client, meeting, member):
    url = _path(meeting_answer_url(meeting=meeting, user=member))
    token = urlsplit(url).path.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"u": member.pk, "o": meeting.pk + 1}, salt="sieci.link.other")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.post(f"/sieci/spotkania/odpowiedz/{bad}/", {"answer": Answer.YES})
        assert response.status_code == 400
        assert b"<h1>" in response.content
    assert not Rsvp.objects.exists()


def test_a_link_older_than_thirty_days_has_expired(client, meeting, member):
    token = link_token(purpose=PURPOSE, user_id=member.pk, object_id=meeting.pk)
    later = timezone.now() + timedelta(days=31)
    with mock.patch("time.time", return_value=later.timestamp()):
        response = client.post(f"/sieci/spotkania/odpowiedz/{token}/", {"answer": Answer.YES})
    assert response.status_code == 400
    assert "expired" in response.content.decode() or "wygasł" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_link_to_a_cancelled_or_started_meeting_is_refused(client, network, coordinator, member):
    cancelled = MeetingFactory(network=network)
    meetings.meeting_cancel(meeting=cancelled, by=coordinator)
    started = MeetingFactory(
        network=network,
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    for meeting in (cancelled, started):
        url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES))
        assert client.get(url).status_code == 403
        response = client.post(url, {"answer": Answer.YES})
        assert response.status_code == 403
        assert meeting.get_absolute_url() in response.content.decode()
    assert not Rsvp.objects.filter(user=member).exists()


def test_a_person_who_left_the_network_can_no_longer_answer(client, meeting, member):
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES))
    member.memberships.all().delete()
    assert client.post(url, {"answer": Answer.YES}).status_code == 403
    assert not Rsvp.objects.exists()


def test_an_answer_that_is_not_one_of_the_three_keeps_the_page(client, meeting, member):
    url = _path(meeting_answer_url(meeting=meeting, user=member))
    response = client.post(url, {"answer": "perhaps"})
    assert response.status_code == 400
    assert 'name="answer" value="maybe"' in response.content.decode()
    assert not Rsvp.objects.exists()


def test_an_outsiders_link_opens_nothing(client, meeting):
    outsider = UserFactory()
    url = _path(meeting_answer_url(meeting=meeting, user=outsider, answer=Answer.YES))
    assert client.post(url, {"answer": Answer.YES}).status_code == 403
    assert not Rsvp.objects.exists()


def test_the_invitation_and_the_reschedule_carry_a_calendar_file_that_parses(
    network, coordinator, member, mailoutbox
):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    meetings.meeting_update(
        meeting=meeting,
        by=coordinator,
        starts_at=meeting.starts_at + timedelta(days=1),
        ends_at=meeting.ends_at + timedelta(days=1),
    )
    records = EmailRecord.objects.filter(user=member).order_by("pk")
    assert [r.attachments for r in records] == [
        [{"kind": "networks.meeting_ics", "id": meeting.pk}]
    ] * 2
    for record in records:
        email_deliver(record_id=record.pk)
    for message in mailoutbox:
        parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1
        assert parts[0].get_param("method") == "PUBLISH"
        assert parts[0].get_filename() == f"spotkanie-{meeting.pk}.ics"
        calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
        event = calendar.walk("VEVENT")[0]
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(event["UID"]) == f"{meeting.uid}@sieci"
    # Made when sent: both carry the meeting as it is now, the later date and SEQUENCE.
    meeting.refresh_from_db()
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert int(event["SEQUENCE"]) == meeting.sequence


def test_every_e_mail_about_a_meeting_names_the_same_thread(network, coordinator, member):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    meetings.meeting_update(meeting=meeting, by=coordinator, place="Sala 14")
    meetings.meeting_cancel(meeting=meeting, by=coordinator)
    records = list(EmailRecord.objects.filter(user=member).order_by("pk"))
    assert len(records) == 3
    references = {record.headers["References"] for record in records}
    assert len(references) == 1
    assert {record.headers["In-Reply-To"] for record in records} == references
    assert references.pop().startswith(f"<sieci.meeting.{meeting.pk}@")
    assert len({record.message_id for record in records}) == 3


@pytest.mark.parametrize(
    ("visitor", "status"),
    [
        ("anonymous", 200),
        ("member", 200),
        ("outsider", 403),
        ("expert", 403),
        ("coordinator", 403),
        ("staff", 403),
    ],
)
def test_a_members_link_opens_for_them_or_logged_out_and_for_nobody_else(
    client, people, meeting, visitor, status
):
    member = people["member"]
    if people[visitor] is not None:
        client.force_login(people[visitor])
    url = _path(meeting_answer_url(meeting=meeting, user=member, answer=Answer.YES))
    response = client.get(url)
    assert response.status_code == status
    content = response.content.decode()
    if status == 200:
        assert meeting.title in content and member.public_name in content
    else:
        assert meeting.title not in content and 'name="answer"' not in content
    response = client.post(url, {"answer": Answer.YES})
    assert response.status_code == status
    assert Rsvp.objects.filter(meeting=meeting, user=member).exists() == (status == 200)
