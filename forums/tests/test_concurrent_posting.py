"""Replies written at the same moment, each in its own connection, as gunicorn's workers do."""

import threading

import pytest
from django.db import connection

from forums import services
from forums.models import Post, Subscription
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_replies_are_numbered_one_after_another_without_gaps():
    network, coordinator = network_with_coordinator()
    thread = thread_with_posts(network, coordinator)
    writers = [member_of(network) for _ in range(4)]
    start = threading.Barrier(len(writers))
    failures = []

    def write(person):
        try:
            start.wait()
            for number in range(5):
                services.thread_reply(thread=thread, author=person, body=f"Odpowiedź {number}")
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=write, args=(person,)) for person in writers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    numbers = sorted(Post.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, 22))
    thread.refresh_from_db()
    assert thread.last_number == 21 and thread.post_count == 21
    # Each writer's own posts in the order they wrote them.
    for person in writers:
        bodies = (
            Post.objects.filter(author=person).order_by("number").values_list("body", flat=True)
        )
        assert list(bodies) == [f"Odpowiedź {number}" for number in range(5)]
    assert Subscription.objects.filter(thread=thread).count() == 5
