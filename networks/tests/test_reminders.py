import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import meetings
from networks.models import Answer, MeetingReminder
from networks.reminders import reminders_send_due
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from notifications.models import EmailRecord

WARSAW = ZoneInfo("Europe/Warsaw")


def _meeting_with_attendee(starts_at, *, language="pl", answer=Answer.YES):
    coordinator = UserFactory(can_create_networks=True)
    network = NetworkFactory(coordinator=coordinator)
    person = MembershipFactory(network=network, user=UserFactory(language=language)).user
    meeting = MeetingFactory(
        network=network, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    meetings.rsvp_answer(meeting=meeting, user=person, answer=answer)
    return meeting, person


@pytest.mark.django_db
def test_due_reminder_is_sent_once_in_the_persons_language():
    start = timezone.now() + timedelta(hours=5)
    meeting, person = _meeting_with_attendee(start, language="en")
    # Only the 1-hour reminder exists: the 24-hour one was already in the past.
    assert list(MeetingReminder.objects.values_list("minutes_before", flat=True)) == [60]
    assert reminders_send_due(now=start - timedelta(minutes=59)).sent == 1
    assert reminders_send_due(now=start - timedelta(minutes=30)).sent == 0
    record = EmailRecord.objects.get(user=person, kind="reminder")
    assert record.subject.startswith("Reminder:")
    assert meeting.title in record.body_text


@pytest.mark.django_db
def test_polish_reminder_for_a_polish_reader():
    start = timezone.now() + timedelta(hours=5)
    _meeting, person = _meeting_with_attendee(start, language="pl")
    reminders_send_due(now=start - timedelta(minutes=59))
    assert EmailRecord.objects.get(user=person).subject.startswith("Przypomnienie")


@pytest.mark.django_db
def test_nothing_is_sent_before_it_is_due():
    start = timezone.now() + timedelta(days=3)
    _meeting_with_attendee(start)
    assert reminders_send_due(now=timezone.now()).sent == 0


@pytest.mark.django_db
def test_after_downtime_due_ones_are_caught_up_and_stale_ones_skipped():
    start = timezone.now() + timedelta(days=3)
    _meeting, person = _meeting_with_attendee(start)
    # The worker was down from before the 24-hour mark until after the start.
    run = reminders_send_due(now=start + timedelta(minutes=5))
    assert (run.sent, run.skipped) == (0, 2)
    # Down only across the 24-hour mark: that one is caught up late, still useful.
    start2 = timezone.now() + timedelta(days=3)
    _meeting2, person2 = _meeting_with_attendee(start2)
    run = reminders_send_due(now=start2 - timedelta(hours=5))
    assert (run.sent, run.skipped) == (1, 0)


@pytest.mark.django_db
def test_declined_people_get_no_reminders():
    start = timezone.now() + timedelta(days=3)
    _meeting_with_attendee(start, answer=Answer.NO)
    assert not MeetingReminder.objects.exists()


@pytest.mark.django_db
def test_cancelled_meeting_sends_no_reminder():
    start = timezone.now() + timedelta(days=3)
    meeting, _person = _meeting_with_attendee(start)
    coordinator = meeting.network.memberships.get(role="coordinator").user
    meetings.meeting_cancel(meeting=meeting, by=coordinator)
    assert reminders_send_due(now=start - timedelta(minutes=30)).sent == 0
    assert not EmailRecord.objects.filter(kind="reminder").exists()


@pytest.mark.django_db
def test_reminder_times_follow_the_summer_time_change():
    # 28 March 2027: clocks go from 02:00 to 03:00 in Poland. "24 hours before" an 18:00
    # meeting on that Sunday is 24 real hours earlier: 17:00 on Saturday, Polish time.
    start = datetime(2027, 3, 28, 18, 0, tzinfo=WARSAW)
    with _frozen_now(datetime(2027, 3, 20, 12, 0, tzinfo=WARSAW)):
        _meeting, person = _meeting_with_attendee(start)
    reminders = MeetingReminder.objects.filter(user=person).order_by("due_at")
    local = [r.due_at.astimezone(WARSAW).strftime("%d %H:%M") for r in reminders]
    assert local == ["27 17:00", "28 17:00"]
    assert all(start - r.due_at == timedelta(minutes=r.minutes_before) for r in reminders)


@pytest.mark.django_db
def test_reminder_an_hour_before_a_meeting_just_after_the_clocks_go_back():
    # 31 October 2027: 03:00 summer time becomes 02:00 winter time. An hour before
    # 02:30 (winter) is 02:30 summer time, the first of the two 02:30s.
    start = datetime(2027, 10, 31, 2, 30, tzinfo=WARSAW, fold=1)
    with _frozen_now(datetime(2027, 10, 20, 12, 0, tzinfo=WARSAW)):
        _meeting, person = _meeting_with_attendee(start)
    due = MeetingReminder.objects.get(user=person, minutes_before=60).due_at
    assert start.astimezone(ZoneInfo("UTC")) - due == timedelta(hours=1)
    assert due.astimezone(WARSAW).utcoffset() == timedelta(hours=2)


class _frozen_now:
    """Pretend it is `moment` for code that asks timezone.now()."""

    def __init__(self, moment):
        self.moment = moment

    def __enter__(self):
        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(timezone, "now", lambda: self.moment)

    def __exit__(self, *exc):
        self.patch.undo()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_reminder_once():
    start = timezone.now() + timedelta(hours=5)
    for _ in range(6):
        _meeting_with_attendee(start)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(reminders_send_due(now=start - timedelta(minutes=59), batch_size=2))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(run.sent for run in results) == 6
    assert EmailRecord.objects.filter(kind="reminder").count() == 6
    assert MeetingReminder.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_no_reminder_for_someone_who_muted_the_network():
    from notifications.services import network_mute_set

    start = timezone.now() + timedelta(hours=5)
    meeting, person = _meeting_with_attendee(start)
    network_mute_set(user=person, network_id=meeting.network_id, muted=True)
    run = reminders_send_due(now=start - timedelta(minutes=59))
    assert (run.sent, run.skipped) == (0, 1)
    assert not EmailRecord.objects.filter(user=person, kind="reminder").exists()


@pytest.mark.django_db
def test_no_reminder_for_an_inactive_account():
    start = timezone.now() + timedelta(hours=5)
    _meeting, person = _meeting_with_attendee(start)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert reminders_send_due(now=start - timedelta(minutes=59)).sent == 0
    assert not EmailRecord.objects.filter(user=person, kind="reminder").exists()


@pytest.mark.django_db
def test_no_reminder_for_someone_who_wants_no_meeting_email():
    from notifications.models import Category, Frequency
    from notifications.services import preferences_update

    start = timezone.now() + timedelta(hours=5)
    _meeting, person = _meeting_with_attendee(start)
    preferences_update(user=person, frequencies={Category.MEETING: Frequency.NEVER})
    assert reminders_send_due(now=start - timedelta(minutes=59)).sent == 0
    assert not EmailRecord.objects.filter(user=person, kind="reminder").exists()
