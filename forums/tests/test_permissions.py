import pytest

from forums import permissions, services
from forums.tests.factories import member_of, thread_with_posts

pytestmark = pytest.mark.django_db


def test_staff_are_outsiders_on_the_site_but_may_reveal_authors(network, member, staff_user):
    thread = thread_with_posts(network, member, anonymous=True)
    post = thread.posts.get()
    assert not permissions.can_view_threads(staff_user, network)
    assert not permissions.can_view_thread(staff_user, thread)
    assert permissions.can_reveal_post_author(staff_user, post)


def test_a_thread_waiting_for_approval_is_seen_by_its_author_and_coordinators_only(
    network, coordinator, member, other_member
):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    thread = services.thread_create(network=network, author=member, title="T", body="B")
    network.__dict__.pop("_membership_cache", None)
    assert permissions.can_view_thread(member, thread)
    assert permissions.can_view_thread(coordinator, thread)
    assert not permissions.can_view_thread(other_member, thread)


def test_expert_posts_but_does_not_moderate(network, thread):
    expert = member_of(network, role="expert")
    assert permissions.can_reply_thread(expert, thread)
    assert not permissions.can_moderate_thread(expert, thread)


def test_a_deleted_post_cannot_be_quoted_edited_or_reported(network, member, other_member, thread):
    post = thread.posts.get()
    services.post_delete(post=post, by=member)
    assert not permissions.can_quote_post(other_member, post)
    assert not permissions.can_edit_post(member, post)
    assert not permissions.can_report_post(other_member, post)


def test_anonymous_posting_follows_the_network_setting(member):
    from forums.tests.factories import network_with_coordinator

    closed, _ = network_with_coordinator(allow_anonymous_posts=False)
    person = member_of(closed)
    assert not permissions.can_post_anonymously(person, closed)


@pytest.mark.django_db
def test_only_active_staff_moderate_threads_from_the_admin():
    from accounts.tests.factories import UserFactory
    from forums.tests.factories import network_with_coordinator, thread_with_posts

    network, coordinator = network_with_coordinator()
    thread = thread_with_posts(network, coordinator)
    assert permissions.can_moderate_thread_in_admin(UserFactory(is_staff=True), thread)
    assert not permissions.can_moderate_thread_in_admin(coordinator, thread)
    assert not permissions.can_moderate_thread_in_admin(
        UserFactory(is_staff=True, is_active=False), thread
    )
