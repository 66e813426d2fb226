"""The nav badge's unread count is cached per person and forgotten by every service that
changes it, so the badge is right at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Category, Notification
from notifications.selectors import unread_count
from notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notifications_mark_item_read,
    notify,
)
from notifications.tasks import prune_personal_data
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_count_is_read_from_the_cache_after_the_first_time(user):
    NotificationFactory(recipient=user)
    assert unread_count(user=user) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user=user) == 1
    assert len(queries) == 0


def test_a_new_notification_counts_at_once(user):
    assert unread_count(user=user) == 0
    notify(recipients=[user], category=Category.REPLY, text="%(name)s", params={"name": "A"})
    assert unread_count(user=user) == 1


def test_reading_one_all_or_an_item_counts_at_once(user):
    first, second, third = NotificationFactory.create_batch(3, recipient=user)
    assert unread_count(user=user) == 3
    notification_mark_read(user=user, notification_id=first.pk)
    assert unread_count(user=user) == 2
    notifications_mark_item_read(item_key=second.item_key)
    assert unread_count(user=user) == 1
    notifications_mark_all_read(user=user)
    assert unread_count(user=user) == 0


def test_an_answered_item_is_forgotten_for_everyone_it_was_sent_to():
    people = UserFactory.create_batch(2)
    for person in people:
        NotificationFactory(recipient=person, item_key="networks.invitation:7")
    assert [unread_count(user=person) for person in people] == [1, 1]
    notifications_mark_item_read(item_key="networks.invitation:7")
    assert [unread_count(user=person) for person in people] == [0, 0]


def test_pruned_unread_notifications_leave_the_count(settings, user):
    settings.RETENTION_NOTIFICATION_DAYS = 30
    Notification.objects.create(
        recipient=user, category="reply", text="x", created_at=timezone.now() - timedelta(days=31)
    )
    assert unread_count(user=user) == 1
    prune_personal_data()
    assert unread_count(user=user) == 0
