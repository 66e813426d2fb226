"""The outgoing side of replies by e-mail: personal Reply-To addresses in notifications and digests."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from accounts.tests.factories import UserFactory
from notifications.digest import DigestItem, digest_compose, register_section
from notifications.inbound.tokens import token_from_address
from notifications.models import Category, EmailRecord, ReplyToken
from notifications.services import notify
from notifications.tests.inbound_helpers import REPLY_DOMAIN

pytestmark = pytest.mark.django_db

JOINED = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _reply_domain(settings):
    settings.REPLY_EMAIL_DOMAIN = REPLY_DOMAIN


def test_each_recipient_gets_their_own_reply_address_for_the_thread():
    anna, jan = UserFactory(), UserFactory()
    notify(
        recipients=[anna, jan],
        category=Category.MENTION,  # e-mailed at once by default
        text="%(author)s mentioned you",
        params={"author": "Ewa"},
        item_key="forums.post:5",
        reply_key="forums.thread:3",
    )
    emails = {e.user_id: e for e in EmailRecord.objects.all()}
    tokens = {user_id: token_from_address(e.headers["Reply-To"]) for user_id, e in emails.items()}
    assert tokens[anna.pk] and tokens[jan.pk] and tokens[anna.pk] != tokens[jan.pk]
    assert ReplyToken.objects.get(token=tokens[anna.pk]).user == anna
    assert ReplyToken.objects.get(token=tokens[anna.pk]).target_key == "forums.thread:3"
    assert emails[anna.pk].headers["Reply-To"] in emails[anna.pk].body_text or (
        "Reply to this e-mail" in emails[anna.pk].body_text
        or "Odpowiedz na" in emails[anna.pk].body_text
    )


def test_the_same_person_and_thread_keep_one_address_until_it_is_revoked():
    anna = UserFactory()
    for post in (1, 2):
        notify(
            recipients=[anna],
            category=Category.MENTION,
            text="x",
            item_key=f"forums.post:{post}",
            reply_key="forums.thread:3",
        )
    assert ReplyToken.objects.count() == 1
    first, second = EmailRecord.objects.order_by("pk")
    assert first.headers["Reply-To"] == second.headers["Reply-To"]


def test_tokens_are_long_random_and_lower_case():
    anna = UserFactory()
    notify(recipients=[anna], category=Category.MENTION, text="x", reply_key="forums.thread:3")
    token = ReplyToken.objects.get().token
    assert len(token) >= 20 and token == token.lower() and token.isalnum()


def test_a_notification_without_a_reply_key_has_no_reply_to():
    notify(recipients=[UserFactory()], category=Category.MENTION, text="x")
    assert "Reply-To" not in EmailRecord.objects.get().headers


def _item(key: str, thread: int) -> DigestItem:
    return DigestItem(
        key=key,
        title=f"Wątek {thread}",
        url=f"/watki/{thread}/",
        network_id=1,
        network_name="Sieć",
        when=None,
        reply_key=f"forums.thread:{thread}",
    )


@pytest.fixture
def section(digest_sections):
    items: list[DigestItem] = []
    register_section("test.replies", "Replies", lambda u, s, t: items, category=Category.REPLY)
    return items


def test_a_digest_of_one_thread_carries_its_reply_to(section):
    person = UserFactory(date_joined=JOINED)
    section[:] = [_item("forums.post:1", 7), _item("forums.post:2", 7)]
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    email = digest.email_record
    assert token_from_address(email.headers["Reply-To"])
    assert email.body_text.count("mailto:odpowiedz+") == 2


def test_a_digest_of_several_threads_has_a_reply_link_per_thread_and_no_reply_to(section):
    person = UserFactory(date_joined=JOINED)
    section[:] = [
        _item("forums.post:1", 7),
        _item("forums.post:2", 8),
        replace(_item("forums.post:3", 9), reply_key=""),
    ]
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    email = digest.email_record
    assert "Reply-To" not in email.headers
    tokens = dict(ReplyToken.objects.values_list("target_key", "token"))
    assert set(tokens) == {"forums.thread:7", "forums.thread:8"}
    for token in tokens.values():
        assert f"odpowiedz+{token}@{REPLY_DOMAIN}" in email.body_text
        assert f"odpowiedz+{token}@{REPLY_DOMAIN}" in email.body_html
