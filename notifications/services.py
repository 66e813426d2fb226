"""Every change to notifications, preferences and mutes; other apps notify people through here."""

import json
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from notifications.eligibility import IMMEDIATELY, email_eligible
from notifications.inbound.tokens import reply_addresses
from notifications.mail import absolute_url, email_build, email_user, emails_build, emails_queue
from notifications.models import (
    Category,
    EmailKind,
    Frequency,
    NetworkMute,
    Notification,
    Preference,
)
from notifications.selectors import preferences_for_user, unread_counts_forget
from notifications.unsubscribe import SCOPE_ALL, SCOPE_DIGEST

__all__ = [
    "RECIPIENT_FIELDS",
    "email_user",
    "network_mute_set",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "preferences_unsubscribe",
    "preferences_update",
]

NOTIFICATION_EMAIL_TEMPLATE = "notifications/email/notification"

# All that notify() reads of a recipient (the e-mail's address, language and name, and
# whether it may be sent): a caller loading many people may load only these
# (`.only(*RECIPIENT_FIELDS)`), a test proves nothing else is read.
RECIPIENT_FIELDS = ("id", "email", "is_active", "language", "display_name", "erased_at")


def notify(
    *,
    recipients: Iterable[User],
    category: str,
    text: str,
    params: dict | None = None,
    url: str = "",
    network_id: int | None = None,
    item_key: str = "",
    actor: User | None = None,
    thread: str = "",
    attachments: list[dict] | None = None,
    email_context: Callable[[User], dict] | None = None,
    reply_key: str = "",
) -> list[Notification]:
    """Notify each recipient in the app, and by e-mail at once those who want it so, in constant queries.

    `text` is an English msgid with %(name)s placeholders filled from `params`;
    mark it with gettext_noop so it is translated when shown, in each reader's language.
    The e-mails name `thread` (see mail_layout.thread_headers), carry `attachments` and
    add `email_context(person)` to the template's context: `details` (label, value) rows
    and `actions`, links with a label each (a person's own signed answer links).

    With `reply_key` (e.g. "forums.thread:12") each e-mail carries the recipient's personal
    Reply-To address, and a reply to it is handed to the handler registered for the key.
    """
    if category not in Category.values:
        raise ValueError(f"Unknown notification category {category!r}")
    params = params or {}
    people: dict[int, User] = {}
    for person in recipients:
        if actor is not None and person.pk == actor.pk:
            continue
        people.setdefault(person.pk, person)
    if not people:
        return []
    now = timezone.now()
    with transaction.atomic():
        to_email = email_eligible(
            users=people.values(), category=category, network_id=network_id, wanted=IMMEDIATELY
        )
        notifications = _notifications_insert(
            people=people,
            emailed=to_email,
            category=category,
            text=text,
            params=params,
            url=url,
            network_id=network_id,
            item_key=item_key,
            now=now,
        )
        unread_counts_forget(people)
        reply_to = reply_addresses(user_ids=to_email, target_key=reply_key) if reply_key else {}
        emailed = [n for n in notifications if n.recipient_id in to_email]
        common = {
            "kind": EmailKind.NOTIFICATION,
            "category": category,
            "subject": text,
            "subject_params": params,
            "template": NOTIFICATION_EMAIL_TEMPLATE,
            "item_key": item_key,
            "thread": thread,
            "attachments": attachments,
        }
        if email_context is None and emailed:
            # The same e-mail for everyone but the name, the links and the reply address:
            # rendered once per language (the message is the same text for all).
            records = emails_build(
                users=[n.recipient for n in emailed],
                context={"notification": emailed[0], "url": absolute_url(url)},
                personal=lambda person: {"reply_address": reply_to.get(person.pk, "")},
                headers=lambda person: _reply_to_header(reply_to.get(person.pk)),
                **common,
            )
        else:
            records = [
                email_build(
                    user=notification.recipient,
                    context={
                        "notification": notification,
                        "url": absolute_url(notification.url),
                        **(email_context(notification.recipient) if email_context else {}),
                        "reply_address": reply_to.get(notification.recipient_id, ""),
                    },
                    headers=_reply_to_header(reply_to.get(notification.recipient_id)),
                    **common,
                )
                for notification in emailed
            ]
        emails_queue(records=records)
    return notifications


def _notifications_insert(
    *,
    people: dict[int, User],
    emailed: set[int],
    category: str,
    text: str,
    params: dict,
    url: str,
    network_id: int | None,
    item_key: str,
    now,
) -> list[Notification]:
    """One notification per person in one statement, the values they share sent once.

    What bulk_create() would write, without preparing every field of every row in Python
    (for the 30 followers of a thread that was most of the time a post spent notifying).
    """
    ids = list(people)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Notification._meta.db_table} (recipient_id, category, text, params, "  # noqa: S608
            "url, network_id, item_key, created_at, read_at, emailed_at) "
            "SELECT person, %s::varchar, %s::varchar, %s::jsonb, %s::varchar, %s::integer, "
            "%s::varchar, %s::timestamptz, NULL, CASE WHEN emailed THEN %s::timestamptz END "
            "FROM unnest(%s::bigint[], %s::boolean[]) AS row (person, emailed) "
            "RETURNING id, recipient_id",
            [
                *(category, text, json.dumps(params), url, network_id, item_key, now, now),
                ids,
                [pk in emailed for pk in ids],
            ],
        )
        row_ids = {recipient: pk for pk, recipient in cursor.fetchall()}
    notifications = []
    for pk, person in people.items():
        notification = Notification(
            id=row_ids[pk],
            recipient=person,
            category=category,
            text=text,
            params=params,
            url=url,
            network_id=network_id,
            item_key=item_key,
            created_at=now,
            emailed_at=now if pk in emailed else None,
        )
        notification._state.adding = False
        notification._state.db = connection.alias
        notifications.append(notification)
    return notifications


def _reply_to_header(address: str | None) -> dict | None:
    return {"Reply-To": address} if address else None


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read; someone else's is not found."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(
            pk=notification_id, recipient=user
        )
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            unread_counts_forget([user.pk])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of the person's unread notifications read and say how many there were."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_counts_forget([user.pk])
    return marked


def notifications_mark_item_read(*, item_key: str) -> int:
    """Mark read every unread notification about one item once it needs no more action
    (an invitation answered); say how many there were."""
    unread = Notification.objects.filter(item_key=item_key, read_at__isnull=True)
    unread_counts_forget(unread.values_list("recipient_id", flat=True))
    return unread.update(read_at=timezone.now())


def network_mute_set(*, user: User, network_id: int, muted: bool) -> bool:
    """Stop (or resume) e-mail about one network for the person; in-app notifications stay."""
    with transaction.atomic():
        if muted:
            NetworkMute.objects.get_or_create(user=user, network_id=network_id)
        else:
            NetworkMute.objects.filter(user=user, network_id=network_id).delete()
    return muted


def preferences_update(*, user: User, frequencies: dict[str, str]) -> dict[str, str]:
    """Save how often the person wants e-mail for each given category and return all of them."""
    for category, frequency in frequencies.items():
        if category not in Category.values or frequency not in Frequency.values:
            raise ValueError(f"Invalid preference {category!r}: {frequency!r}")
    with transaction.atomic():
        Preference.objects.bulk_create(
            [
                Preference(user=user, category=category, frequency=frequency)
                for category, frequency in frequencies.items()
            ],
            update_conflicts=True,
            unique_fields=["user", "category"],
            update_fields=["frequency"],
        )
    return preferences_for_user(user=user)


def preferences_unsubscribe(*, user: User, scope: str) -> list[str]:
    """Set to never the categories an unsubscribe link covers and return them."""
    current = preferences_for_user(user=user)
    if scope == SCOPE_ALL:
        categories = list(current)
    elif scope == SCOPE_DIGEST:
        categories = [
            category
            for category, frequency in current.items()
            if frequency in (Frequency.DAILY, Frequency.WEEKLY)
        ]
    elif scope in Category.values:
        categories = [scope]
    else:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}")
    preferences_update(user=user, frequencies=dict.fromkeys(categories, Frequency.NEVER))
    return categories
