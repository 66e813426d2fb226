import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from notifications.mail import email_user
from notifications.models import (
    Category,
    EmailKind,
    EmailRecord,
    EmailStatus,
    Frequency,
    Notification,
)
from notifications.selectors import preferences_for_user, unread_count
from notifications.services import (
    network_mute_set,
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    preferences_unsubscribe,
    preferences_update,
)
from notifications.tests.factories import NotificationFactory
from notifications.unsubscribe import SCOPE_ALL, SCOPE_DIGEST, unsubscribe_read

pytestmark = pytest.mark.django_db

TEXT = "%(name)s mentioned you"


def test_notify_skips_the_actor_and_emails_those_who_want_it_at_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    actor, wants_now, wants_daily, wants_never = UserFactory.create_batch(4)
    preferences_update(user=wants_daily, frequencies={Category.MENTION: Frequency.DAILY})
    preferences_update(user=wants_never, frequencies={Category.MENTION: Frequency.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify(
            recipients=[actor, wants_now, wants_daily, wants_never, wants_now],
            category=Category.MENTION,
            text=TEXT,
            params={"name": "Anna"},
            url="/sieci/3/",
            network_id=3,
            item_key="forums.post:1",
            actor=actor,
        )
    by_person = {n.recipient_id: n for n in notifications}
    assert set(by_person) == {wants_now.pk, wants_daily.pk, wants_never.pk}
    assert by_person[wants_now.pk].emailed_at is not None
    assert by_person[wants_daily.pk].emailed_at is None
    assert by_person[wants_never.pk].emailed_at is None
    assert [message.to for message in mailoutbox] == [[wants_now.email]]
    assert "Anna mentioned you" in mailoutbox[0].body
    assert "http://testserver" not in mailoutbox[0].body
    record = EmailRecord.objects.get()
    assert record.status == EmailStatus.SENT
    assert record.item_key == "forums.post:1"


def test_notify_returns_the_rows_it_wrote():
    people = UserFactory.create_batch(3)
    preferences_update(user=people[2], frequencies={Category.MENTION: Frequency.DAILY})
    returned = notify(
        recipients=people,
        category=Category.MENTION,
        text=TEXT,
        params={"name": 'Zoë "Ż" <b>', "n": 3},
        url="/sieci/3/",
        item_key="forums.post:7",
    )
    fields = ["recipient_id", "category", "text", "params", "url", "network_id", "item_key"]
    fields += ["created_at", "read_at", "emailed_at"]
    rows = {n.pk: n for n in Notification.objects.filter(recipient__in=people)}
    assert sorted(rows) == sorted(n.pk for n in returned)
    for notification in returned:
        row = rows[notification.pk]
        assert [getattr(notification, f) for f in fields] == [getattr(row, f) for f in fields]
        assert notification.recipient is next(p for p in people if p.pk == row.recipient_id)
    assert rows[returned[0].pk].params == {"name": 'Zoë "Ż" <b>', "n": 3}
    assert [n.emailed_at is not None for n in returned] == [True, True, False]
    assert rows[returned[0].pk].network_id is None
    returned[0].read_at = returned[0].created_at
    returned[0].save(update_fields=["read_at"])  # an instance like any other
    assert Notification.objects.get(pk=returned[0].pk).read_at is not None


def test_notify_sends_no_email_about_a_muted_network_but_still_notifies(mailoutbox):
    person = UserFactory()
    network_mute_set(user=person, network_id=5, muted=True)
    notifications = notify(
        recipients=[person], category=Category.MEETING, text=TEXT, params={}, network_id=5
    )
    assert len(notifications) == 1
    assert notifications[0].emailed_at is None
    assert not EmailRecord.objects.exists()
    network_mute_set(user=person, network_id=5, muted=False)
    notify(recipients=[person], category=Category.MEETING, text=TEXT, params={}, network_id=5)
    assert EmailRecord.objects.count() == 1


def test_notify_runs_the_same_number_of_queries_for_3_and_30_recipients():
    counts = []
    for size in (3, 30):
        people = UserFactory.create_batch(size)
        preferences_update(user=people[0], frequencies={Category.MENTION: Frequency.NEVER})
        network_mute_set(user=people[1], network_id=9, muted=True)
        with CaptureQueriesContext(connection) as queries:
            notify(recipients=people, category=Category.MENTION, text=TEXT, params={}, network_id=9)
        counts.append(len(queries))
        assert EmailRecord.objects.filter(user__in=people).count() == size - 2
    assert counts[0] == counts[1]


def test_notify_reads_nothing_of_a_recipient_but_the_recipient_fields():
    from accounts.models import User
    from notifications.services import RECIPIENT_FIELDS

    emailed, in_app = UserFactory.create_batch(2, language="en")
    preferences_update(user=in_app, frequencies={Category.MENTION: Frequency.DAILY})
    loaded = User.objects.filter(pk__in=[emailed.pk, in_app.pk]).only(*RECIPIENT_FIELDS)
    loaded = list(loaded)
    with CaptureQueriesContext(connection) as queries:
        notify(recipients=loaded, category=Category.MENTION, text=TEXT, params={"name": "A"})
    # A field left out would be loaded person by person (a query each) or, in the shared
    # rendering of the e-mail, refused.
    assert not [query for query in queries if '"accounts_user"' in query["sql"]]
    record = EmailRecord.objects.get()
    assert record.to_address == emailed.email and emailed.display_name in record.body_text
    assert Notification.objects.filter(recipient=in_app).exists()


def test_notify_rejects_an_unknown_category(user):
    with pytest.raises(ValueError):
        notify(recipients=[user], category="gossip", text=TEXT)


def test_mark_read_only_touches_my_own_notification(user):
    mine = NotificationFactory(recipient=user)
    theirs = NotificationFactory()
    notification_mark_read(user=user, notification_id=mine.pk)
    mine.refresh_from_db()
    assert mine.read_at is not None
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=user, notification_id=theirs.pk)


def test_mark_all_read(user):
    NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()
    assert unread_count(user=user) == 3
    assert notifications_mark_all_read(user=user) == 3
    assert unread_count(user=user) == 0
    assert unread_count(user=other.recipient) == 1


def test_preferences_update_rejects_unknown_values(user):
    with pytest.raises(ValueError):
        preferences_update(user=user, frequencies={Category.REPLY: "hourly"})


def test_preferences_update_twice_keeps_one_row(user):
    preferences_update(user=user, frequencies={Category.REPLY: Frequency.WEEKLY})
    preferences = preferences_update(user=user, frequencies={Category.REPLY: Frequency.NEVER})
    assert preferences[Category.REPLY] == Frequency.NEVER
    assert user.notification_preferences.count() == 1


@pytest.mark.parametrize(
    ("scope", "silenced"),
    [
        (Category.REPLY, {Category.REPLY}),
        (
            SCOPE_DIGEST,
            set(Category.values)
            - {Category.MENTION, Category.MEETING, Category.MODERATION, Category.ACCOUNT},
        ),
        (SCOPE_ALL, set(Category.values)),
    ],
)
def test_unsubscribe_scopes(user, scope, silenced):
    assert set(preferences_unsubscribe(user=user, scope=scope)) == silenced
    preferences = preferences_for_user(user=user)
    assert {c for c, f in preferences.items() if f == Frequency.NEVER} == silenced


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [("en", "Your daily digest from Sieci", "Hello Ola"), ("pl", "Twoje", "Dzień dobry, Ola")],
)
def test_email_is_written_in_the_persons_language(language, subject, greeting):
    from notifications.digest import SUBJECTS

    person = UserFactory(language=language, display_name="Ola")
    record = email_user(
        user=person,
        kind=EmailKind.DIGEST,
        subject=SUBJECTS["daily"],
        template="notifications/email/digest",
        context={"period": "daily", "sections": []},
    )
    assert record.subject.startswith(subject)
    assert greeting in record.body_text
    assert greeting in record.body_html
    assert f'lang="{language}"' in record.body_html


def test_notification_email_has_one_click_unsubscribe_headers(settings, user):
    settings.SITE_URL = "https://sieci.example.org"
    notify(recipients=[user], category=Category.MENTION, text=TEXT, params={"name": "X"}, url="/a/")
    record = EmailRecord.objects.get()
    assert record.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = record.headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://sieci.example.org/powiadomienia/wypisz/")
    assert link in record.body_text
    assert "https://sieci.example.org/a/" in record.body_html
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_read(token).scope == Category.MENTION


def test_reminders_have_no_unsubscribe_header_unless_asked(user):
    record = email_user(
        user=user,
        kind=EmailKind.REMINDER,
        subject="Reminder",
        template="notifications/email/notification",
        context={"notification": NotificationFactory.build(recipient=user)},
    )
    assert "List-Unsubscribe" not in record.headers
