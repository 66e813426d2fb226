"""Reads for notifications pages, the nav badge, e-mail and digests."""

from collections.abc import Iterable
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.models import (
    Category,
    EmailRecord,
    EmailStatus,
    Frequency,
    NetworkMute,
    Notification,
    Preference,
    default_frequency,
)

NOTIFICATIONS_PER_PAGE = 20


def notification_page(*, user: User, page_number: int | str | None) -> Page:
    """One page of the person's notifications, newest first, in two queries."""
    notifications = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page_number)


# The nav badge's count is kept per person in the shared cache: the services forget it when
# they add, read or remove a person's notifications (unread_counts_forget), and it expires
# after UNREAD_TIMEOUT seconds anyway (a change made around the services, or a page that
# counted just before a change and stored its count just after).
UNREAD_TIMEOUT = 5 * 60


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(*, user: User) -> int:
    """How many of the person's notifications are unread (one indexed query, none while the
    cache holds the count)."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def unread_counts_forget(user_ids: Iterable[int]) -> None:
    """Forget the people's cached unread counts, now and again when the transaction commits
    (a page counting in between would otherwise store the count from before)."""
    keys = [_unread_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def preferences_for_user(*, user: User) -> dict[str, str]:
    """Every category mapped to the person's frequency, defaults filled in, in one query."""
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "frequency"))
    return {category: chosen.get(category, default_frequency(category)) for category in Category}


def preference_for(user: User, category: str) -> str:
    """The person's frequency for one category, or its default when never chosen."""
    chosen = (
        Preference.objects.filter(user=user, category=category)
        .values_list("frequency", flat=True)
        .first()
    )
    return chosen or default_frequency(category)


def preferences_for_users(*, user_ids: Iterable[int], category: str) -> dict[int, str]:
    """Each given person's frequency for one category, defaults filled in, in one query."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, category=category).values_list(
            "user_id", "frequency"
        )
    )
    default = default_frequency(category)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def muted_network_ids(*, user: User) -> set[int]:
    """The networks the person wants no e-mail about."""
    return set(NetworkMute.objects.filter(user=user).values_list("network_id", flat=True))


def digest_frequencies(*, preferences: dict[str, str]) -> set[str]:
    """The digest periods (daily, weekly) a person with these preferences receives."""
    return {
        frequency
        for frequency in preferences.values()
        if frequency in (Frequency.DAILY, Frequency.WEEKLY)
    }


def emails_waiting(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Outbox rows still queued or sending after older_than (ops status)."""
    return EmailRecord.objects.filter(
        status__in=[EmailStatus.QUEUED, EmailStatus.SENDING],
        created_at__lt=timezone.now() - older_than,
    ).count()


def emails_failed_recently(*, within: timedelta = timedelta(hours=24)) -> int:
    """Outbox rows that failed within the last day (ops status)."""
    return EmailRecord.objects.filter(
        status=EmailStatus.FAILED, created_at__gte=timezone.now() - within
    ).count()


def emailed_item_pairs(*, pairs: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (user id, item key) pairs were already e-mailed, for many people in one query."""
    pairs = {(user_id, key) for user_id, key in pairs if key}
    if not pairs:
        return set()
    user_ids = {user_id for user_id, _key in pairs}
    item_keys = {key for _user_id, key in pairs}
    from_notifications = Notification.objects.filter(
        recipient_id__in=user_ids, item_key__in=item_keys, emailed_at__isnull=False
    ).values_list("recipient_id", "item_key")
    from_emails = EmailRecord.objects.filter(
        user_id__in=user_ids, item_key__in=item_keys
    ).values_list("user_id", "item_key")
    return {pair for pair in from_notifications.union(from_emails) if pair in pairs}
