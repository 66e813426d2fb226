"""A real Celery worker on the real Redis claims a due meeting reminder and records its e-mail.

Runs only when REDIS_URL is set (as on CI).
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import meetings
from networks.models import Answer, MeetingReminder
from networks.tasks import send_meeting_reminders
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from notifications.models import EmailRecord
from notifications.tests.test_worker_integration import pytestmark as needs_redis
from notifications.tests.test_worker_integration import worker  # noqa: F401 (fixture)

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_sends_the_due_reminder_once(worker, monkeypatch):  # noqa: F811
    queue, tmp_path = worker
    monkeypatch.setitem(send_meeting_reminders.app.conf, "task_always_eager", False)
    network = NetworkFactory(coordinator=UserFactory())
    person = MembershipFactory(network=network).user
    start = timezone.now() + timedelta(hours=2)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    meetings.rsvp_answer(meeting=meeting, user=person, answer=Answer.YES)
    # Make the one-hour reminder due now, as if the clock had moved on.
    MeetingReminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))

    send_meeting_reminders.apply_async(queue=queue)
    send_meeting_reminders.apply_async(queue=queue)  # a second beat tick: nothing more
    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and not MeetingReminder.objects.filter(sent_at__isnull=False).exists()
    ):
        time.sleep(0.5)
    time.sleep(2)  # let the second task run too
    log = (tmp_path / "worker.log").read_text()
    records = EmailRecord.objects.filter(user=person, kind="reminder")
    assert records.count() == 1, log
    assert meeting.title in records.get().body_text
