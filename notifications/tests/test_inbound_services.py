"""Receiving replies: stored once, processed once, refused with a word why, automatic mail ignored.

A handler registered for "test.thing" stands in for a domain app (forums has its own tests).
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.inbound import handlers
from notifications.inbound.handlers import ReplyOutcome, ReplyRefused
from notifications.inbound.services import inbound_process, inbound_store, inbound_sweep
from notifications.inbound.tokens import reply_token_revoke, reply_tokens
from notifications.models import EmailRecord, InboundEmail, InboundStatus, ReplyToken
from notifications.tests.inbound_helpers import REPLY_DOMAIN, fixture_message, simple_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reply_domain(settings):
    settings.REPLY_EMAIL_DOMAIN = REPLY_DOMAIN


@pytest.fixture
def posted(monkeypatch):
    """A handler that records what it was given."""
    received = []

    def handler(reply):
        received.append(reply)
        return ReplyOutcome(url="/rzecz/1/", title="Rzecz")

    monkeypatch.setattr(handlers, "_handlers", {"test.thing": handler})
    return received


@pytest.fixture
def person(db):
    # English, so the assertions hold whatever the Polish translation says.
    return UserFactory(email="anna@example.org", language="en")


@pytest.fixture
def token(person):
    return reply_tokens(pairs=[(person.pk, "test.thing:1")])[(person.pk, "test.thing:1")]


def receive(raw, **kwargs):
    row, _created = inbound_store(raw=raw, source="pipe", **kwargs)
    return inbound_process(inbound_id=row.pk), InboundEmail.objects.get(pk=row.pk)


def receipts(user):
    return list(EmailRecord.objects.filter(user=user, kind="reply_receipt").order_by("pk"))


def test_a_reply_is_handed_to_the_handler_as_its_sender_and_confirmed(posted, person, token):
    status, row = receive(fixture_message("gmail_top_posted.eml", token=token))
    assert status == InboundStatus.POSTED
    assert [(r.user, r.target_key, r.object_id) for r in posted] == [(person, "test.thing:1", "1")]
    assert posted[0].body.startswith("Dziękuję za materiały!")
    assert row.result_url == "/rzecz/1/" and row.user == person and row.processed_at
    [receipt] = receipts(person)
    assert receipt.subject == "Your reply by e-mail was posted"
    assert "http://testserver/rzecz/1/" in receipt.body_text or "/rzecz/1/" in receipt.body_text
    assert receipt.headers["In-Reply-To"] == "<CAJx8Vq5=gmail-top-posted-1@mail.gmail.com>"
    assert "List-Unsubscribe" not in receipt.headers


def test_the_same_message_twice_is_one_row_and_one_post(posted, token):
    raw = fixture_message("gmail_top_posted.eml", token=token)
    first, created = inbound_store(raw=raw, source="pipe")
    again, created_again = inbound_store(raw=raw, source="mailgun")
    assert created and not created_again and first.pk == again.pk
    assert inbound_process(inbound_id=first.pk) == InboundStatus.POSTED
    assert inbound_process(inbound_id=first.pk) is None
    assert len(posted) == 1


def test_storing_enqueues_the_task_once_committed(
    posted, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row, _created = inbound_store(
            raw=fixture_message("wp_webmail.eml", token=token), source="pipe"
        )
    assert len(callbacks) == 1 and posted == []
    callbacks[0]()
    row.refresh_from_db()
    assert row.status == InboundStatus.POSTED and len(posted) == 1


@pytest.mark.parametrize(
    "name", ["out_of_office_exchange.eml", "vacation_subject_only.eml", "bounce_dsn.eml"]
)
def test_auto_replies_and_bounces_are_ignored_without_an_answer(posted, person, token, name):
    status, row = receive(fixture_message(name, token=token))
    assert status == InboundStatus.IGNORED and row.error
    assert posted == [] and receipts(person) == []


def test_an_empty_envelope_sender_is_ignored_as_a_bounce(posted, person, token):
    status, _row = receive(simple_message(token=token, sender=person.email), envelope_sender="")
    assert status == InboundStatus.IGNORED and receipts(person) == []


def test_another_sender_is_refused_and_told_why_when_they_have_an_account(posted, person, token):
    colleague = UserFactory(email="jan@example.org", language="en")
    status, row = receive(simple_message(token=token, sender="jan@example.org"))
    assert status == InboundStatus.REFUSED and posted == []
    assert receipts(person) == []
    [refusal] = receipts(colleague)
    assert "sent to someone else" in refusal.body_text
    assert "Zgadzam się." in refusal.body_text  # their text comes back, nothing is lost


def test_a_stranger_using_a_leaked_address_gets_no_answer(posted, person, token):
    status, _row = receive(simple_message(token=token, sender="spam@example.net"))
    assert status == InboundStatus.REFUSED and posted == []
    assert not EmailRecord.objects.filter(kind="reply_receipt").exists()


def test_a_verified_second_address_of_the_person_is_accepted(posted, person, token):
    EmailAddress.objects.create(user=person, email="anna@szkola.pl", verified=True)
    status, _row = receive(simple_message(token=token, sender="Anna <ANNA@szkola.pl>"))
    assert status == InboundStatus.POSTED


def test_an_unverified_second_address_is_not(posted, person, token):
    EmailAddress.objects.create(user=person, email="anna@szkola.pl", verified=False)
    status, _row = receive(simple_message(token=token, sender="anna@szkola.pl"))
    assert status == InboundStatus.REFUSED


def test_a_revoked_address_is_refused_and_the_next_email_gets_a_new_one(posted, person, token):
    reply_token_revoke(token=ReplyToken.objects.get(token=token))
    status, row = receive(simple_message(token=token, sender=person.email))
    assert status == InboundStatus.REFUSED and posted == []
    assert "no longer works" in receipts(person)[0].body_text
    fresh = reply_tokens(pairs=[(person.pk, "test.thing:1")])[(person.pk, "test.thing:1")]
    assert fresh != token


def test_an_unknown_or_missing_token_is_refused(posted, person):
    status, _row = receive(simple_message(token="b" * 26, sender=person.email))
    assert status == InboundStatus.REFUSED and posted == []
    assert len(receipts(person)) == 1


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ReplyRefused("The thread is locked."), "The thread is locked."),
        (PermissionDenied(), "You may not post there any more."),
    ],
)
def test_a_handler_refusal_is_told_to_the_person(monkeypatch, person, token, error, words):
    def refuse(reply):
        raise error

    monkeypatch.setattr(handlers, "_handlers", {"test.thing": refuse})
    status, row = receive(simple_message(token=token, sender=person.email))
    assert status == InboundStatus.REFUSED and row.error == words
    assert words in receipts(person)[0].body_text


def test_a_reply_with_no_text_of_its_own_is_refused(posted, person, token):
    body = "\r\nW dniu 1.12.2026 o 10:00, Sieci pisze:\r\n> stare\r\n"
    status, _row = receive(simple_message(token=token, sender=person.email, body=body))
    assert status == InboundStatus.REFUSED and posted == []


def test_an_attachment_that_fails_the_upload_check_refuses_the_reply(posted, person, token):
    raw = fixture_message("gmail_program_attachment.eml", token=token, sender=person.email)
    status, row = receive(raw)
    assert status == InboundStatus.REFUSED and posted == []
    assert "program" in row.error
    assert "Przesyłam program do ćwiczeń." in receipts(person)[0].body_text


def test_attachments_reach_the_handler_checked(posted, person, token):
    receive(fixture_message("apple_mail_attachment.eml", token=token, sender=person.email))
    [reply] = posted
    assert [(f.name, f.kind.code) for f in reply.files] == [("scenariusz-lekcji.pdf", "pdf")]


def test_replies_are_rate_limited_per_person(settings, posted, person, token):
    settings.REPLY_EMAIL_MAX_PER_HOUR = 2
    statuses = [
        receive(
            simple_message(token=token, sender=person.email, message_id=f"<limit-{n}@example.org>")
        )[0]
        for n in range(3)
    ]
    assert statuses == [InboundStatus.POSTED, InboundStatus.POSTED, InboundStatus.REFUSED]
    assert len(posted) == 2
    assert "in the last hour" in receipts(person)[-1].body_text


def test_a_worker_dying_mid_way_leaves_the_message_waiting_and_nothing_half_done(
    monkeypatch, person, token
):
    def crash(reply):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(handlers, "_handlers", {"test.thing": crash})
    row, _created = inbound_store(
        raw=simple_message(token=token, sender=person.email), source="pipe"
    )
    with pytest.raises(RuntimeError):
        inbound_process(inbound_id=row.pk)
    row.refresh_from_db()
    assert row.status == InboundStatus.RECEIVED and row.attempts == 1
    assert receipts(person) == []


def test_a_message_that_always_crashes_is_given_up_after_five_attempts(monkeypatch, person, token):
    row, _created = inbound_store(
        raw=simple_message(token=token, sender=person.email), source="pipe"
    )
    InboundEmail.objects.filter(pk=row.pk).update(attempts=5)
    assert inbound_process(inbound_id=row.pk) == InboundStatus.FAILED


def test_the_sweep_re_enqueues_only_messages_waiting_too_long(posted, person, token):
    old, _created = inbound_store(
        raw=simple_message(token=token, sender=person.email, message_id="<old@example.org>"),
        source="pipe",
    )
    new, _created = inbound_store(
        raw=simple_message(token=token, sender=person.email, message_id="<new@example.org>"),
        source="pipe",
    )
    InboundEmail.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(hours=1))
    assert inbound_sweep() == 1  # tasks run eagerly in tests
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == InboundStatus.POSTED and new.status == InboundStatus.RECEIVED


def test_erasing_a_person_removes_their_reply_addresses_and_received_messages(
    posted, person, token
):
    from accounts.personal_data import ErasureRequest
    from notifications.inbound.personal_data import inbound_erase, inbound_export

    receive(simple_message(token=token, sender=person.email))
    assert inbound_export(person).data["replies_by_email"][0]["status"] == InboundStatus.POSTED
    inbound_erase(person, ErasureRequest(remove_content=False))
    assert not ReplyToken.objects.filter(user=person).exists()
    assert not InboundEmail.objects.filter(user=person).exists()


def test_processed_messages_are_pruned_after_the_email_retention(settings, posted, person, token):
    from notifications.inbound.personal_data import inbound_prune

    settings.RETENTION_EMAIL_DAYS = 30
    _status, old = receive(simple_message(token=token, sender=person.email))
    waiting, _created = inbound_store(
        raw=simple_message(token=token, sender=person.email, message_id="<w@example.org>"),
        source="pipe",
    )
    InboundEmail.objects.update(
        processed_at=timezone.now() - timedelta(days=31),
        received_at=timezone.now() - timedelta(days=31),
    )
    assert inbound_prune(timezone.now()) == 1
    assert list(InboundEmail.objects.values_list("pk", flat=True)) == [waiting.pk]
