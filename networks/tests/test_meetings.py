from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import meetings, services
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    Attendance,
    MeetingForm,
    MeetingKind,
    MeetingReminder,
    MeetingStatus,
    Membership,
    Rsvp,
)
from networks.tests.factories import MeetingFactory, MembershipFactory
from notifications.models import Notification


def _schedule(network, coordinator, **overrides):
    start = timezone.now() + timedelta(days=3)
    fields = {
        "title": "Warsztaty z gier",
        "kind": MeetingKind.ONLINE,
        "form": MeetingForm.WORKSHOP,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "online_url": "https://spotkania.example.org/x",
        "agenda": "1. *Gry*",
    }
    return meetings.meeting_schedule(network=network, by=coordinator, **{**fields, **overrides})


def test_scheduling_tells_the_members_and_the_scheduler_is_not_counted_as_coming(
    network, coordinator, member
):
    meeting = _schedule(network, coordinator, capacity=1)
    assert Notification.objects.filter(recipient=member).count() == 1
    assert not Rsvp.objects.filter(meeting=meeting, user=coordinator).exists()
    assert "<em>Gry</em>" in meeting.agenda_html
    # The one place is still free for a member.
    assert not meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES).waitlisted


def test_members_cannot_schedule(network, member):
    with pytest.raises(PermissionDenied):
        _schedule(network, member)


def test_an_expert_who_is_not_a_member_is_refused(network, coordinator):
    with pytest.raises(ValidationError):
        _schedule(network, coordinator, expert=UserFactory())


def test_yes_beyond_capacity_waits_and_moves_up_when_a_place_frees(network, coordinator):
    meeting = _schedule(network, coordinator, capacity=2)
    meetings.rsvp_answer(meeting=meeting, user=coordinator, answer=Answer.YES)
    first, second = (MembershipFactory(network=network).user for _ in range(2))
    assert not meetings.rsvp_answer(meeting=meeting, user=first, answer=Answer.YES).waitlisted
    waiting = meetings.rsvp_answer(meeting=meeting, user=second, answer=Answer.YES)
    assert waiting.waitlisted
    assert not MeetingReminder.objects.filter(meeting=meeting, user=second).exists()

    meetings.rsvp_answer(meeting=meeting, user=first, answer=Answer.NO)
    waiting.refresh_from_db()
    assert not waiting.waitlisted
    assert MeetingReminder.objects.filter(meeting=meeting, user=second).count() == 2
    assert not MeetingReminder.objects.filter(meeting=meeting, user=first).exists()
    assert Notification.objects.filter(recipient=second, text__startswith="A place").exists()


def test_raising_the_capacity_lets_the_waiting_list_in(network, coordinator, member):
    meeting = _schedule(network, coordinator, capacity=1)
    meetings.rsvp_answer(meeting=meeting, user=coordinator, answer=Answer.YES)
    waiting = meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    assert waiting.waitlisted
    meetings.meeting_update(meeting=meeting, by=coordinator, capacity=5)
    waiting.refresh_from_db()
    assert not waiting.waitlisted


def test_maybe_gets_reminders_and_no_does_not(network, coordinator, member):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.MAYBE)
    assert MeetingReminder.objects.filter(meeting=meeting, user=member).count() == 2
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.NO)
    assert not MeetingReminder.objects.filter(meeting=meeting, user=member).exists()


def test_outsiders_and_past_meetings_take_no_answers(network, coordinator, outsider, member):
    meeting = _schedule(network, coordinator)
    with pytest.raises(PermissionDenied):
        meetings.rsvp_answer(meeting=meeting, user=outsider, answer=Answer.YES)
    start = timezone.now() - timedelta(hours=1)
    past = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        meetings.rsvp_answer(meeting=past, user=member, answer=Answer.YES)


def test_rescheduling_moves_reminders_raises_sequence_and_tells_attendees(
    network, coordinator, member
):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    new_start = meeting.starts_at + timedelta(days=7)
    meetings.meeting_update(
        meeting=meeting, by=coordinator, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    due = set(MeetingReminder.objects.filter(user=member).values_list("due_at", flat=True))
    assert due == {new_start - timedelta(days=1), new_start - timedelta(hours=1)}
    assert Notification.objects.filter(
        recipient=member, text__startswith="Meeting changed"
    ).exists()


def test_editing_the_agenda_only_tells_nobody(network, coordinator, member):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    before = Notification.objects.count()
    meetings.meeting_update(meeting=meeting, by=coordinator, agenda="Nowy plan")
    assert Notification.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.sequence == 1  # calendars still pick up the new description


def test_cancelling_stops_reminders_and_tells_those_coming(network, coordinator, member, outsider):
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.MAYBE)
    declined = MembershipFactory(network=network).user
    meetings.rsvp_answer(meeting=meeting, user=declined, answer=Answer.NO)
    meetings.meeting_cancel(meeting=meeting, by=coordinator, note="Choroba prowadzącej")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert not MeetingReminder.objects.filter(meeting=meeting, skipped_at__isnull=True).exists()
    told = set(
        Notification.objects.filter(text__startswith="Meeting cancelled").values_list(
            "recipient", flat=True
        )
    )
    assert member.pk in told and declined.pk not in told


def test_leaving_the_network_frees_the_place(network, coordinator, member):
    meeting = _schedule(network, coordinator, capacity=1)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    third = MembershipFactory(network=network).user
    assert meetings.rsvp_answer(meeting=meeting, user=third, answer=Answer.YES).waitlisted
    services.membership_leave(membership=Membership.objects.get(network=network, user=member))
    assert not Rsvp.objects.get(meeting=meeting, user=third).waitlisted
    assert not MeetingReminder.objects.filter(user=member).exists()


def test_attendance_feeds_the_statistics_and_can_be_corrected(network, coordinator, member, expert):
    start = timezone.now() - timedelta(hours=3)
    meeting = MeetingFactory(
        network=network, starts_at=start, ends_at=start + timedelta(hours=2), expert=expert
    )
    meetings.attendance_record(meeting=meeting, by=coordinator, present=[member, coordinator])
    meetings.attendance_record(meeting=meeting, by=expert, present=[member])
    assert list(Attendance.objects.filter(meeting=meeting).values_list("user", flat=True)) == [
        member.pk
    ]
    kinds = list(ActivityLog.objects.filter(network=network).values_list("kind", "user"))
    assert sorted(kinds) == sorted(
        [(ActivityKind.MEETING_ATTENDED, member.pk), (ActivityKind.MEETING_LED, expert.pk)]
    )


def test_attendance_only_after_the_start_and_by_coordinator_or_leading_expert(
    network, coordinator, member
):
    meeting = _schedule(network, coordinator)
    with pytest.raises(PermissionDenied):
        meetings.attendance_record(meeting=meeting, by=coordinator, present=[])
    start = timezone.now() - timedelta(hours=3)
    past = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        meetings.attendance_record(meeting=past, by=member, present=[member])


def test_minutes_and_links_after_the_meeting(network, coordinator):
    start = timezone.now() - timedelta(hours=3)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    meetings.minutes_save(meeting=meeting, by=coordinator, minutes="Ustalenia: **gry**")
    link = meetings.meeting_link_add(
        meeting=meeting, by=coordinator, title="Prezentacja", url="https://example.org/p.pdf"
    )
    assert "<strong>gry</strong>" in meeting.minutes_html
    with pytest.raises(ValidationError):
        meetings.meeting_link_add(meeting=meeting, by=coordinator, title="X", url="javascript:x")
    meetings.meeting_link_remove(link=link, by=coordinator)
    assert not meeting.links.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at"),
        ({"ends_at": timezone.now() + timedelta(days=2)}, "ends_at"),
        ({"kind": MeetingKind.IN_PERSON, "place": " "}, "place"),
        ({"kind": MeetingKind.HYBRID, "place": "ODN Kraków", "online_url": ""}, "online_url"),
        ({"kind": MeetingKind.ONLINE, "online_url": ""}, "online_url"),
    ],
    ids=["past start", "end before start", "no place", "hybrid without link", "no link"],
)
def test_the_schedule_service_refuses_a_meeting_breaking_its_rules(
    network, coordinator, overrides, field
):
    with pytest.raises(ValidationError) as caught:
        _schedule(network, coordinator, **overrides)
    assert field in caught.value.message_dict
    assert not network.meetings.exists()


def test_the_reschedule_service_refuses_a_past_start_and_a_missing_place(network, coordinator):
    meeting = _schedule(network, coordinator)
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_update(
            meeting=meeting, by=coordinator, starts_at=past, ends_at=past + timedelta(hours=1)
        )
    assert set(caught.value.message_dict) == {"starts_at"}
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_update(meeting=meeting, by=coordinator, kind=MeetingKind.HYBRID)
    assert set(caught.value.message_dict) == {"place"}


def test_a_meeting_under_way_keeps_its_start_when_other_fields_change(network, coordinator):
    meeting = _schedule(network, coordinator)
    started = timezone.now() - timedelta(minutes=10)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=started)
    meeting.refresh_from_db()
    meetings.meeting_update(meeting=meeting, by=coordinator, title="Nowy tytuł")
    meeting.refresh_from_db()
    assert meeting.title == "Nowy tytuł"


def test_rescheduling_with_the_new_time_already_on_the_object_still_moves_reminders(
    network, coordinator, member
):
    # A form (or the admin) puts the new values on the object before the service runs.
    meeting = _schedule(network, coordinator)
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    new_start = meeting.starts_at + timedelta(days=2)
    meeting.starts_at, meeting.ends_at = new_start, new_start + timedelta(hours=1)
    meetings.meeting_update(
        meeting=meeting, by=coordinator, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    due = set(MeetingReminder.objects.filter(user=member).values_list("due_at", flat=True))
    assert due == {new_start - timedelta(days=1), new_start - timedelta(hours=1)}
    assert meeting.sequence == 1
