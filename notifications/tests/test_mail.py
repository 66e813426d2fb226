import logging
import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone

from notifications.mail import MAX_ATTEMPTS, Outcome, email_deliver, email_sweep
from notifications.models import EmailStatus
from notifications.tasks import deliver_email
from notifications.tests.factories import EmailRecordFactory


def _flaky_send(failures: int):
    """EmailMultiAlternatives.send that fails `failures` times, then really sends."""
    original = EmailMultiAlternatives.send
    calls = []

    def send(self, *args, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, *args, **kwargs)

    return send, calls


@pytest.fixture
def eager_retries(monkeypatch):
    """Let eager tasks retry at once, as a worker would after the countdown."""
    monkeypatch.setitem(deliver_email.app.conf, "task_eager_propagates", False)


@pytest.mark.django_db
def test_delivery_sends_html_and_text_once(mailoutbox):
    record = EmailRecordFactory(headers={"List-Unsubscribe": "<https://x/>"})
    assert email_deliver(record_id=record.pk).outcome == Outcome.SENT
    assert email_deliver(record_id=record.pk).outcome == Outcome.SKIPPED
    record.refresh_from_db()
    assert record.status == EmailStatus.SENT
    assert record.sent_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == "<https://x/>"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_claiming_the_same_email_send_it_once():
    record = EmailRecordFactory()
    barrier = threading.Barrier(2)
    outcomes = []
    original = EmailMultiAlternatives.send

    def slow_send(self, *args, **kwargs):
        threading.Event().wait(0.2)  # keep the row "sending" while the other worker looks
        return original(self, *args, **kwargs)

    def worker():
        try:
            barrier.wait()
            outcomes.append(email_deliver(record_id=record.pk).outcome)
        finally:
            connection.close()

    EmailMultiAlternatives.send = slow_send
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        EmailMultiAlternatives.send = original
    assert sorted(outcomes) == sorted([Outcome.SENT, Outcome.SKIPPED])
    assert len(mail.outbox) == 1
    record.refresh_from_db()
    assert record.status == EmailStatus.SENT
    assert record.attempts == 1


@pytest.mark.django_db
def test_a_network_error_is_retried_then_sent(monkeypatch, mailoutbox, eager_retries):
    send, calls = _flaky_send(failures=1)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    record = EmailRecordFactory()
    deliver_email.delay(record.pk)  # eager in tests: the retry runs at once
    record.refresh_from_db()
    assert len(calls) == 2
    assert record.status == EmailStatus.SENT
    assert record.attempts == 2
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_first_failure_puts_the_email_back_in_the_queue_with_a_countdown(monkeypatch):
    send, _calls = _flaky_send(failures=1)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    record = EmailRecordFactory()
    delivery = email_deliver(record_id=record.pk)
    record.refresh_from_db()
    assert delivery.outcome == Outcome.RETRY
    assert delivery.retry_in == 10
    assert record.status == EmailStatus.QUEUED
    assert "connection lost" in record.last_error
    assert record.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_after_the_last_attempt_the_email_is_failed_and_logged(
    monkeypatch, caplog, mailoutbox, eager_retries
):
    send, calls = _flaky_send(failures=100)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    record = EmailRecordFactory()
    with caplog.at_level(logging.ERROR, logger="notifications.mail"):
        deliver_email.delay(record.pk)
    record.refresh_from_db()
    assert len(calls) == MAX_ATTEMPTS
    assert record.status == EmailStatus.FAILED
    assert record.attempts == MAX_ATTEMPTS
    assert mailoutbox == []
    assert any(
        r.levelno == logging.ERROR and str(record.pk) in r.getMessage() for r in caplog.records
    )


@pytest.mark.django_db
def test_sweep_requeues_lost_emails_and_marks_stuck_ones_uncertain_without_resending(
    caplog, django_capture_on_commit_callbacks, mailoutbox
):
    now = timezone.now()
    lost = EmailRecordFactory(next_attempt_at=now - timedelta(minutes=3))
    fresh = EmailRecordFactory(next_attempt_at=now - timedelta(seconds=30))
    stuck = EmailRecordFactory(
        status=EmailStatus.SENDING, claimed_at=now - timedelta(minutes=16), attempts=1
    )
    busy = EmailRecordFactory(
        status=EmailStatus.SENDING, claimed_at=now - timedelta(minutes=1), attempts=1
    )
    with (
        caplog.at_level(logging.ERROR, logger="notifications.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sweep = email_sweep()
    assert (sweep.requeued, sweep.uncertain) == (1, 1)
    for record in (lost, fresh, stuck, busy):
        record.refresh_from_db()
    assert lost.status == EmailStatus.SENT
    assert fresh.status == EmailStatus.QUEUED
    assert stuck.status == EmailStatus.UNCERTAIN
    assert busy.status == EmailStatus.SENDING
    assert [m.to for m in mailoutbox] == [[lost.to_address]]
    assert any(str(stuck.pk) in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_message_rendered_elsewhere_becomes_one_outbox_row_per_address():
    from accounts.tests.factories import UserFactory
    from notifications.mail import email_message_queue
    from notifications.models import EmailKind

    owner = UserFactory(email="ola@example.org")
    message = EmailMultiAlternatives(
        "Temat", "Treść", to=["ola@example.org", "nikt@example.org"], headers={"X-Test": "1"}
    )
    message.attach_alternative("<p>Treść</p>", "text/html")
    records = email_message_queue(message=message)
    assert [(record.user, record.to_address) for record in records] == [
        (owner, "ola@example.org"),
        (None, "nikt@example.org"),
    ]
    assert {record.kind for record in records} == {EmailKind.ACCOUNT}
    assert records[0].body_html == "<p>Treść</p>" and records[0].headers["X-Test"] == "1"


@pytest.mark.django_db
def test_emails_for_many_are_those_built_for_each_person_rendered_once_per_language(
    settings, monkeypatch
):
    from accounts.tests.factories import UserFactory
    from notifications import mail as mail_module
    from notifications.mail import email_build, emails_build
    from notifications.models import Category, EmailKind, Notification

    settings.REPLY_EMAIL_DOMAIN = "odpowiedzi.sieci.example.org"
    # Signed links carry the time: the same second for both ways of building.
    monkeypatch.setattr(
        mail_module,
        "unsubscribe_url",
        lambda *, user_id, scope: f"https://x/wypisz/?u={user_id}&s={scope}",
    )
    people = [
        UserFactory(display_name='Anna "Ania" <b>O\'Brien</b> & syn', language="pl"),
        UserFactory(display_name="Ben Smith", language="en"),
        UserFactory(display_name="", language=""),  # "Member #id", translated
        UserFactory(display_name="Celina Żak", language="pl"),
    ]
    reply = {people[0].pk: "odpowiedz+abc@odpowiedzi.sieci.example.org", people[1].pk: ""}
    notification = Notification(
        recipient=people[0],
        category=Category.REPLY,
        text="%(author)s replied in “%(thread)s”",
        params={"author": "Zoe <i>&</i>", "thread": "Ułamki & <procenty>"},
        url="/f/1/",
    )
    common = {
        "kind": EmailKind.NOTIFICATION,
        "category": Category.REPLY,
        "subject": notification.text,
        "subject_params": notification.params,
        "template": "notifications/email/notification",
        "item_key": "forums.post:1",
        "thread": "forum-thread.1",
    }
    expected = [
        email_build(
            user=person,
            context={
                "notification": notification,
                "url": "https://x/f/1/",
                "reply_address": reply.get(person.pk, "x@y"),
            },
            headers={"Reply-To": reply.get(person.pk, "x@y")},
            **common,
        )
        for person in people
    ]
    renders = []
    original = mail_module.render_to_string
    monkeypatch.setattr(
        mail_module,
        "render_to_string",
        lambda name, context: renders.append(name) or original(name, context),
    )
    built = emails_build(
        users=people,
        context={"notification": notification, "url": "https://x/f/1/"},
        personal=lambda person: {"reply_address": reply.get(person.pk, "x@y")},
        headers=lambda person: {"Reply-To": reply.get(person.pk, "x@y")},
        **common,
    )
    fields = ["to_address", "subject", "body_text", "body_html", "headers", "kind", "item_key"]
    for one, many in zip(expected, built, strict=True):
        for f in fields:
            assert getattr(many, f) == getattr(one, f), f
    assert "&lt;b&gt;O'Brien&lt;/b&gt; &amp; syn," in built[0].body_html  # escaped
    assert f"?u={people[0].pk}&amp;s=reply" in built[0].body_html
    assert "Hello Ben Smith," in built[1].body_text
    # Polish with a reply address (three people) and English without one: two renderings.
    assert len(renders) == 2 * 2
