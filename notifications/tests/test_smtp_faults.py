"""E-mail at most once, never lost silently, against an SMTP server that misbehaves on purpose."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.mail import Outcome, email_deliver, email_sweep
from notifications.models import EmailStatus
from notifications.tests.factories import EmailRecordFactory
from notifications.tests.smtp_server import Behaviour, SMTPServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def smtp(settings):
    behaviour = Behaviour()
    with SMTPServer(behaviour) as server:
        settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 1
        yield behaviour


def test_a_message_the_server_accepts_is_sent_once_with_a_stable_message_id(smtp):
    record = EmailRecordFactory()
    assert email_deliver(record_id=record.pk).outcome == Outcome.SENT
    record.refresh_from_db()
    assert record.status == EmailStatus.SENT
    assert len(smtp.received) == 1
    assert f"Message-ID: {record.message_id}".encode() in smtp.received[0]


def test_a_drop_after_the_message_is_uncertain_and_never_sent_again(smtp):
    smtp.mode = "drop_after_data"
    record = EmailRecordFactory()
    assert email_deliver(record_id=record.pk).outcome == Outcome.UNCERTAIN
    record.refresh_from_db()
    assert record.status == EmailStatus.UNCERTAIN
    assert "may have the message" in record.last_error
    # Neither a second task nor the sweep sends it again.
    assert email_deliver(record_id=record.pk).outcome == Outcome.SKIPPED
    email_sweep(now=timezone.now() + timedelta(hours=1))
    assert len(smtp.received) == 1


def test_a_server_silent_at_the_greeting_costs_the_timeout_and_is_retried(smtp):
    smtp.mode = "silent_greeting"
    record = EmailRecordFactory()
    started = time.monotonic()
    delivery = email_deliver(record_id=record.pk)
    assert time.monotonic() - started < 4  # EMAIL_TIMEOUT = 1 s, not minutes
    assert delivery.outcome == Outcome.RETRY
    record.refresh_from_db()
    assert record.status == EmailStatus.QUEUED
    assert smtp.received == []


def test_a_temporary_451_is_retried(smtp):
    smtp.mode = "451_rcpt"
    record = EmailRecordFactory()
    assert email_deliver(record_id=record.pk).outcome == Outcome.RETRY
    record.refresh_from_db()
    assert (record.status, record.attempts) == (EmailStatus.QUEUED, 1)


def test_a_permanent_550_fails_at_once(smtp):
    smtp.mode = "550_rcpt"
    record = EmailRecordFactory()
    assert email_deliver(record_id=record.pk).outcome == Outcome.FAILED
    record.refresh_from_db()
    assert (record.status, record.attempts) == (EmailStatus.FAILED, 1)
    assert "550" in record.last_error


def test_a_late_250_ends_as_sent_even_after_the_sweep_gave_up_on_the_row(smtp):
    record = EmailRecordFactory()

    def sweep_meanwhile():
        # The sweep runs while this worker still waits for the server's answer.
        email_sweep(now=timezone.now() + timedelta(hours=1))
        assert type(record).objects.get(pk=record.pk).status == EmailStatus.UNCERTAIN

    smtp.before_reply = sweep_meanwhile
    assert email_deliver(record_id=record.pk).outcome == Outcome.SENT
    record.refresh_from_db()
    assert record.status == EmailStatus.SENT
    assert len(smtp.received) == 1


def test_an_address_with_a_non_ascii_local_part_fails_instead_of_being_mangled(smtp):
    record = EmailRecordFactory(to_address="żółw@example.org")
    assert email_deliver(record_id=record.pk).outcome == Outcome.FAILED
    record.refresh_from_db()
    assert record.status == EmailStatus.FAILED
    assert "non-ASCII" in record.last_error
    assert smtp.received == []


def test_drops_after_the_message_give_no_duplicate(smtp):
    smtp.mode = "drop_after_data"
    records = EmailRecordFactory.create_batch(20)
    for record in records:
        email_deliver(record_id=record.pk)
    email_sweep(now=timezone.now() + timedelta(hours=1))
    for record in records:
        email_deliver(record_id=record.pk)
    assert len(smtp.received) == 20
    statuses = set(type(records[0]).objects.values_list("status", flat=True))
    assert statuses == {EmailStatus.UNCERTAIN}
