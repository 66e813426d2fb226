"""The one rule for who may be e-mailed: active account, address, preference, muted network."""

import pytest

from accounts.tests.factories import UserFactory
from notifications.eligibility import (
    ANY_BUT_NEVER,
    IMMEDIATELY,
    email_eligible,
    email_settings_for,
    may_email,
)
from notifications.models import Category, Frequency
from notifications.services import network_mute_set, preferences_update

pytestmark = pytest.mark.django_db


def test_an_active_person_with_an_address_and_default_preferences_may_be_emailed():
    person = UserFactory()
    assert email_eligible(users=[person], category=Category.MEETING, network_id=7) == {person.pk}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda person: setattr(person, "is_active", False), id="inactive"),
        pytest.param(lambda person: setattr(person, "email", ""), id="no address"),
        pytest.param(
            lambda person: preferences_update(
                user=person, frequencies={Category.MEETING: Frequency.NEVER}
            ),
            id="never",
        ),
        pytest.param(
            lambda person: network_mute_set(user=person, network_id=7, muted=True), id="muted"
        ),
    ],
)
def test_nobody_is_emailed_who_is_inactive_has_no_address_said_never_or_muted(change):
    person = UserFactory()
    change(person)
    assert email_eligible(users=[person], category=Category.MEETING, network_id=7) == set()


def test_a_muted_network_does_not_stop_email_about_another_network():
    person = UserFactory()
    network_mute_set(user=person, network_id=7, muted=True)
    assert email_eligible(users=[person], category=Category.MEETING, network_id=8) == {person.pk}


def test_the_caller_says_which_frequencies_want_its_email():
    person = UserFactory()
    preferences_update(user=person, frequencies={Category.REPLY: Frequency.DAILY})
    settings = email_settings_for(user_ids=[person.pk])
    kwargs = {"user": person, "category": Category.REPLY, "network_id": None, "settings": settings}
    assert not may_email(**kwargs, wanted=IMMEDIATELY)
    assert may_email(**kwargs, wanted={Frequency.DAILY})
    assert may_email(**kwargs, wanted=ANY_BUT_NEVER)


def test_settings_of_many_people_take_two_queries(django_assert_num_queries):
    people = UserFactory.create_batch(5)
    with django_assert_num_queries(2):
        email_settings_for(user_ids=[person.pk for person in people])


def test_settings_of_some_categories_or_none_read_only_what_is_asked(django_assert_num_queries):
    people = UserFactory.create_batch(3)
    preferences_update(user=people[0], frequencies={Category.REPLY: Frequency.IMMEDIATELY})
    preferences_update(user=people[1], frequencies={Category.MENTION: Frequency.NEVER})
    ids = [person.pk for person in people]
    with django_assert_num_queries(1):
        replies = email_settings_for(user_ids=ids, categories=[Category.REPLY], mutes=False)
    assert replies.frequency(people[0].pk, Category.REPLY) == Frequency.IMMEDIATELY
    assert (people[1].pk, Category.MENTION) not in replies.frequencies
    with django_assert_num_queries(1):  # the mutes alone, no query for no category
        only_mutes = email_settings_for(user_ids=ids, categories=(), mutes=True)
    assert only_mutes.frequencies == {}
