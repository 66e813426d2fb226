import pytest
from django.utils import translation

from notifications.models import Category, Frequency, default_frequency
from notifications.selectors import preference_for, preferences_for_user, preferences_for_users
from notifications.services import preferences_update
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_message_is_translated_when_shown_and_filled_in():
    notification = NotificationFactory(text="Member #%(id)s", params={"id": 7})
    with translation.override("en"):
        assert notification.message == "Member #7"
    with translation.override("pl"):
        assert notification.message != "Member #7"
        assert "7" in notification.message


def test_message_with_missing_parameters_does_not_break():
    notification = NotificationFactory(text="%(name)s replied", params={})
    assert notification.message == "%(name)s replied"


def test_defaults_mentions_meetings_reports_and_account_news_at_once_the_rest_daily(user):
    preferences = preferences_for_user(user=user)
    at_once = {Category.MENTION, Category.MEETING, Category.MODERATION, Category.ACCOUNT}
    assert {category: preferences[category] for category in at_once} == dict.fromkeys(
        at_once, Frequency.IMMEDIATELY
    )
    others = set(Category.values) - at_once
    assert {preferences[category] for category in others} == {Frequency.DAILY}
    assert default_frequency(Category.SURVEY) == Frequency.DAILY


def test_a_chosen_frequency_overrides_the_default(user, django_user_model):
    preferences_update(user=user, frequencies={Category.MENTION: Frequency.WEEKLY})
    assert preference_for(user, Category.MENTION) == Frequency.WEEKLY
    assert preference_for(user, Category.MEETING) == Frequency.IMMEDIATELY


def test_bulk_preferences_are_one_query(user, django_assert_num_queries):
    from accounts.tests.factories import UserFactory

    other = UserFactory()
    preferences_update(user=other, frequencies={Category.REPLY: Frequency.NEVER})
    with django_assert_num_queries(1):
        frequencies = preferences_for_users(user_ids=[user.pk, other.pk], category=Category.REPLY)
    assert frequencies == {user.pk: Frequency.DAILY, other.pk: Frequency.NEVER}
