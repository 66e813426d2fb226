"""get_thread_for_member: a member's thread in one written-out query, the same as the ORM's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.tests.factories import UserFactory
from core.tests.model_values import loaded_values
from forums import services
from forums.models import PostStatus, Thread
from forums.selectors import get_thread_for_member
from forums.tests.factories import network_with_coordinator, thread_with_posts
from networks.models import Membership, Network, Role, Topic


def test_a_member_gets_the_thread_network_topic_and_membership_as_the_orm_reads_them(
    network, member, thread, django_assert_num_queries
):
    network.topic = Topic.objects.create(name="Ocenianie", name_en="Assessment", slug="ocen")
    network.save()
    with django_assert_num_queries(1):
        found = get_thread_for_member(member, network.slug, thread.pk, reading=True)
        # What the rules and the page ask next comes with it.
        topic, membership = found.network.topic, found.network._membership_cache[member.pk]
        assert membership.user is member and membership.network is found.network
    assert loaded_values(found) == loaded_values(Thread.objects.get(pk=thread.pk))
    assert found.network.get_deferred_fields() == {"search_vector"}  # never shown
    assert loaded_values(found.network) == loaded_values(
        Network.objects.defer("search_vector").get(pk=network.pk)
    )
    assert loaded_values(topic) == loaded_values(network.topic)
    assert loaded_values(membership) == loaded_values(
        Membership.objects.get(network=network, user=member)
    )
    assert (found.reader_read_to, found.reader_follows) == (1, True)  # the author's own
    assert found.posts_version is not None


def test_reading_shows_the_readers_own_position_and_following(network, member, other_member):
    thread = thread_with_posts(network, member, replies=3)
    services.thread_mark_read(thread=thread, user=other_member, number=2, read_before=0)
    services.thread_follow(thread=thread, user=other_member, follow=True)
    found = get_thread_for_member(other_member, network.slug, thread.pk, reading=True)
    assert (found.reader_read_to, found.reader_follows) == (2, True)
    # The author follows their thread; another reader's state is not theirs.
    mine = get_thread_for_member(member, network.slug, thread.pk, reading=True)
    assert mine.reader_follows is True and mine.reader_read_to != 2


@pytest.mark.parametrize("who", ["anonymous", "outsider", "staff"])
def test_whoever_is_not_a_member_gets_a_404(network, thread, who):
    person = {
        "anonymous": AnonymousUser(),
        "outsider": UserFactory(),
        "staff": UserFactory(is_staff=True),
    }[who]
    with pytest.raises(Http404):
        get_thread_for_member(person, network.slug, thread.pk, reading=True)


def test_a_thread_asked_for_through_another_of_the_members_networks_is_a_404(
    network, member, thread
):
    other, _coordinator = network_with_coordinator()
    Membership.objects.create(network=other, user=member, role=Role.PARTICIPANT)
    with pytest.raises(Http404):
        get_thread_for_member(member, other.slug, thread.pk)
    assert get_thread_for_member(member, network.slug, thread.pk).pk == thread.pk


def test_a_thread_waiting_for_approval_is_still_decided_by_the_thread_rule(
    network, member, other_member, coordinator
):
    thread = services.thread_create(network=network, author=member, title="Czeka", body="Treść")
    Thread.objects.filter(pk=thread.pk).update(status=PostStatus.PENDING)
    with pytest.raises(Http404):
        get_thread_for_member(other_member, network.slug, thread.pk)
    assert get_thread_for_member(member, network.slug, thread.pk).pk == thread.pk
    assert get_thread_for_member(coordinator, network.slug, thread.pk).pk == thread.pk


def test_an_archived_network_keeps_its_threads_readable_by_members(network, member, thread):
    from django.utils import timezone

    Network.objects.filter(pk=network.pk).update(archived_at=timezone.now())
    found = get_thread_for_member(member, network.slug, thread.pk)
    assert found.network.is_archived
