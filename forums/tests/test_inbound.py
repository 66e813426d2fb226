"""Replies by e-mail become posts through thread_reply, with every rule of the web form."""

import pytest

from forums import services
from forums.models import Attachment, Post, PostStatus
from forums.tests.factories import member_of, thread_with_posts
from networks.models import Membership
from networks.services import network_archive
from networks.services.membership import membership_leave
from notifications.inbound.services import inbound_process, inbound_store
from notifications.inbound.tokens import reply_tokens
from notifications.models import EmailKind, EmailRecord, InboundStatus
from notifications.services import preferences_update
from notifications.tests.inbound_helpers import REPLY_DOMAIN, fixture_message, simple_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reply_domain(settings):
    settings.REPLY_EMAIL_DOMAIN = REPLY_DOMAIN


@pytest.fixture
def writer(network):
    # English, so the assertions hold whatever the Polish translation says.
    return member_of(network, email="ewa@example.org", language="en")


@pytest.fixture
def token(writer, thread):
    key = f"forums.thread:{thread.pk}"
    return reply_tokens(pairs=[(writer.pk, key)])[(writer.pk, key)]


def receive(raw):
    row, _created = inbound_store(raw=raw, source="pipe")
    return inbound_process(inbound_id=row.pk), row


def receipt(user):
    return EmailRecord.objects.filter(user=user, kind="reply_receipt").latest("pk")


def test_a_followers_email_carries_a_personal_reply_to_and_says_it_is_never_anonymous(
    network, member, other_member, thread, django_capture_on_commit_callbacks
):
    preferences_update(user=member, frequencies={"reply": "immediately"})
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(thread=thread, author=other_member, body="Odpowiedź", anonymous=True)
    email = EmailRecord.objects.get(user=member, kind=EmailKind.NOTIFICATION)
    token = reply_tokens(pairs=[(member.pk, f"forums.thread:{thread.pk}")])
    address = f"odpowiedz+{next(iter(token.values()))}@{REPLY_DOMAIN}"
    assert email.headers["Reply-To"] == address
    assert "anonim" in email.body_text or "never anonymous" in email.body_text


def test_no_reply_to_when_replies_by_email_are_off(
    settings, member, other_member, thread, django_capture_on_commit_callbacks
):
    settings.REPLY_EMAIL_DOMAIN = ""
    preferences_update(user=member, frequencies={"reply": "immediately"})
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(thread=thread, author=other_member, body="Odpowiedź")
    email = EmailRecord.objects.get(user=member, kind=EmailKind.NOTIFICATION)
    assert "Reply-To" not in email.headers


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("gmail_top_posted.eml", "Dziękuję za materiały!"),
        ("outlook_desktop.eml", "Dzień dobry,"),
        ("outlook_web_html_only.eml", "Proponuję spotkanie online w **środę o 17:00**."),
        ("thunderbird_bottom_posted.eml", "U nas sprawdza się „Klub książki”"),
        ("onet_webmail.eml", "Bardzo dobry pomysł"),
        ("wp_webmail.eml", "Potwierdzam, będę na spotkaniu"),
        ("interia_webmail.eml", "Dziękuję, przesyłam swoje uwagi:"),
        ("o2_webmail_signature.eml", "Mam gotową kartę pracy"),
    ],
)
def test_a_reply_from_each_mail_client_is_posted_as_its_sender_never_anonymously(
    network, writer, thread, token, name, start
):
    assert network.allow_anonymous_posts
    status, row = receive(fixture_message(name, token=token, sender=writer.email))
    assert status == InboundStatus.POSTED
    post = Post.objects.get(thread=thread, author=writer)
    assert post.body.startswith(start)
    assert ">" not in post.body and "napisał" not in post.body and "Od:" not in post.body
    assert "Pozdrawiam" not in post.body and "Lublinie" not in post.body
    assert post.is_anonymous is False and post.status == PostStatus.PUBLISHED
    assert "was posted" in receipt(writer).body_text
    assert post.get_absolute_url() in receipt(writer).body_text


def test_an_attached_file_becomes_a_post_attachment(writer, thread, token):
    receive(fixture_message("apple_mail_attachment.eml", token=token, sender=writer.email))
    post = Post.objects.get(thread=thread, author=writer)
    assert list(Attachment.objects.filter(post=post).values_list("name", flat=True)) == [
        "scenariusz-lekcji.pdf"
    ]


def test_a_locked_thread_refuses_a_reply(network, coordinator, writer, thread, token):
    services.thread_lock(thread=thread, by=coordinator, locked=True)
    status, _row = receive(simple_message(token=token, sender=writer.email))
    assert status == InboundStatus.REFUSED
    assert not Post.objects.filter(author=writer).exists()
    assert "locked" in receipt(writer).body_text


def test_an_archived_network_refuses_a_reply(network, coordinator, writer, thread, token):
    network_archive(network=network, by=coordinator)
    status, _row = receive(simple_message(token=token, sender=writer.email))
    assert status == InboundStatus.REFUSED
    assert "archived" in receipt(writer).body_text


def test_a_person_who_left_the_network_cannot_reply(network, writer, thread, token):
    membership_leave(membership=Membership.objects.get(network=network, user=writer))
    status, _row = receive(simple_message(token=token, sender=writer.email))
    assert status == InboundStatus.REFUSED
    assert not Post.objects.filter(author=writer).exists()
    assert "left the network" in receipt(writer).body_text


def test_a_first_post_waits_for_approval_and_the_receipt_says_so(
    network, coordinator, writer, thread, token
):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    status, _row = receive(simple_message(token=token, sender=writer.email))
    assert status == InboundStatus.POSTED
    assert Post.objects.get(author=writer).status == PostStatus.PENDING
    assert "once a coordinator approves it" in receipt(writer).body_text


def test_a_token_for_another_thread_posts_only_there(network, writer, member, thread, token):
    other = thread_with_posts(network, member, title="Inny")
    receive(simple_message(token=token, sender=writer.email))
    assert not Post.objects.filter(thread=other, author=writer).exists()
    assert Post.objects.filter(thread=thread, author=writer).count() == 1


def test_a_reply_by_email_costs_the_same_queries_whatever_the_number_of_followers(
    monkeypatch, network, writer, thread, token, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forums.services import thread_follow
    from notifications import tasks

    queued = []
    monkeypatch.setattr(tasks.deliver_email, "delay", queued.append)  # sending is another task
    numbers = iter(range(100))

    def process():
        raw = simple_message(
            token=token, sender=writer.email, message_id=f"<koszt-{next(numbers)}@example.org>"
        )
        row, _created = inbound_store(raw=raw, source="pipe")
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert inbound_process(inbound_id=row.pk) == InboundStatus.POSTED
        return len(queries)

    def followers(count):
        for number in range(count):
            person = member_of(network)
            # Half want each reply at once (an e-mail each), half a digest.
            if number % 2:
                preferences_update(user=person, frequencies={"reply": "immediately"})
            thread_follow(thread=thread, user=person, follow=True)
        process()  # new followers get their reply addresses once, with the first e-mail

    followers(2)
    few = process()
    followers(10)
    many = process()
    assert few == many
    # Claimed, read, checked, posted with its notifications and e-mails, answered: the
    # transactions' savepoints included.
    assert many <= 30
    assert len(queued) == 2 * (1 + 1) + 2 * (1 + 6)  # receipts and notifications
