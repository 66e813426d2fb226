"""Page query budgets: the same count whatever the amount of data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import Attachment, Post
from forums.tests.factories import png_upload, thread_with_posts

pytestmark = pytest.mark.django_db


def _count(client, path) -> int:
    # Every request counted alike: none finds the person's unread count already cached.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _bulk_posts(thread, author, count):
    """Many posts quickly (the services are exercised elsewhere); numbers continue the thread's."""
    start = thread.last_number
    Post.objects.bulk_create(
        [
            Post(thread=thread, number=start + i + 1, author=author, body="x", body_html="<p>x</p>")
            for i in range(count)
        ]
    )
    type(thread).objects.filter(pk=thread.pk).update(
        last_number=start + count, post_count=start + count
    )


def test_thread_page_query_count_is_the_same_for_10_and_1000_posts(
    client, network, member, other_member
):
    small = thread_with_posts(network, member, replies=9)
    large = thread_with_posts(network, member, replies=9)
    _bulk_posts(large, member, 990)
    client.force_login(other_member)
    small_count = _count(client, small.get_absolute_url())
    large_count = _count(client, large.get_absolute_url())
    large_last = _count(client, large.get_absolute_url() + "?page=last")
    assert small_count == large_count == large_last
    assert small_count <= 14


def test_thread_page_query_count_is_the_same_for_1_and_50_attachments(
    client, network, member, other_member
):
    one = thread_with_posts(network, member, files=[png_upload()])
    many = thread_with_posts(network, member, files=[png_upload()])
    template = Attachment.objects.get(post__thread=many)
    post = many.posts.get()
    Attachment.objects.bulk_create(
        [
            Attachment(
                post=post,
                file=template.file.name,
                thumbnail=template.thumbnail.name,
                name=f"obraz{i}.webp",
                content_type="image/webp",
                is_image=True,
            )
            for i in range(49)
        ]
    )
    client.force_login(other_member)
    assert _count(client, one.get_absolute_url()) == _count(client, many.get_absolute_url())


def test_thread_list_query_count_does_not_grow_with_threads(
    client, network, member, other_member, django_assert_max_num_queries
):
    thread_with_posts(network, member)
    client.force_login(other_member)
    path = reverse("forums:thread_list", kwargs={"network_slug": network.slug})
    few = _count(client, path)
    for number in range(30):
        thread_with_posts(network, member, title=f"Wątek {number}", replies=2)
    many = _count(client, path)
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(path)


def test_coordinator_thread_list_count_is_fixed(client, network, coordinator, member):
    thread = thread_with_posts(network, member)
    client.force_login(coordinator)
    path = reverse("forums:thread_list", kwargs={"network_slug": network.slug})
    before = _count(client, path)
    services.post_report(post=thread.posts.get(), by=coordinator, reason="Spam")
    for number in range(10):
        thread_with_posts(network, member, title=f"W {number}")
    assert _count(client, path) == before


def test_search_query_count_is_fixed(client, network, member, django_assert_max_num_queries):
    client.force_login(member)
    path = reverse("forums:thread_list", kwargs={"network_slug": network.slug}) + "?q=wpis"
    few = _count(client, path)
    for number in range(20):
        thread_with_posts(network, member, title=f"Wątek {number}", body="Wpis o matematyce")
    assert _count(client, path) == few


@pytest.mark.parametrize("shown", ["nieprzeczytane", "obserwowane"])
def test_filtered_thread_lists_cost_the_same(client, network, member, other_member, shown):
    thread_with_posts(network, other_member)
    client.force_login(other_member)
    path = reverse("forums:thread_list", kwargs={"network_slug": network.slug})
    everything = _count(client, path)
    for number in range(10):
        thread = thread_with_posts(network, member, title=f"Wątek {number}")
        services.thread_follow(thread=thread, user=other_member, follow=True)
    assert _count(client, f"{path}?pokaz={shown}") == everything


def test_posting_a_reply_costs_the_same_queries_whatever_the_number_of_followers(
    monkeypatch, client, network, member, django_capture_on_commit_callbacks
):
    from forums.tests.factories import member_of
    from notifications import tasks
    from notifications.models import Category, EmailRecord, Frequency, Preference

    monkeypatch.setattr(tasks.deliver_email, "delay", lambda pk: None)  # sending is another task

    thread = thread_with_posts(network, member)
    writer = member_of(network)
    client.force_login(writer)
    path = reverse("forums:thread_reply", args=[network.slug, thread.pk])

    def count() -> int:
        cache.clear()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert client.post(path, {"body": "Odpowiedź"}).status_code == 302
        return len(queries)

    # The thread's author wants each reply at once: e-mails are written in both counts.
    Preference.objects.create(user=member, category=Category.REPLY, frequency=Frequency.IMMEDIATELY)
    count()  # the writer's first reply: they start to follow the thread
    few = count()
    for number in range(8):
        person = member_of(network)
        services.thread_follow(thread=thread, user=person, follow=True)
        if number % 2:  # half want each reply at once (an e-mail each), half a digest
            Preference.objects.create(
                user=person, category=Category.REPLY, frequency=Frequency.IMMEDIATELY
            )
    emails = EmailRecord.objects.count()
    many = count()
    assert few == many
    assert EmailRecord.objects.count() == emails + 5
    # The user, membership with network, the thread; the approval setting, following,
    # number, post, read state, activity; once committed, followers, their preferences and
    # mutes, notifications, e-mails; and the two pairs of savepoints around the writing.
    assert many <= 19
