"""Digests composed in batches with the apps' real sections: what each section adds, and
queries that depend neither on the number of people in a batch nor on what they get."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluation.tests.factories import make_survey
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts
from networks.tests.factories import MeetingFactory
from notifications import digest as digest_module
from notifications.digest import (
    DigestItem,
    digest_compose,
    digests_compose,
    digests_fan_out,
    period_start_for,
)
from notifications.models import Category, Digest, EmailRecord, Frequency
from notifications.services import preferences_update
from notifications.tasks import compose_digests
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db


def joined_yesterday(network, **fields):
    """A member whose first digest looks back a whole day (not just to joining)."""
    return member_of(network, date_joined=timezone.now() - timedelta(days=2), **fields)


def meetings_daily(*people):
    for person in people:
        preferences_update(user=person, frequencies={Category.MEETING: Frequency.DAILY})


def activity(network, author, *, each: int = 1, tag: str = ""):
    """`each` new posts, materials, meetings ahead and open surveys in the network."""
    thread_with_posts(network, author, replies=each - 1, title=f"Wątek {tag}")
    for number in range(each):
        resource_share(network=network, author=author, title=f"Materiał {tag} {number}")
        MeetingFactory(
            network=network,
            title=f"Spotkanie {tag} {number}",
            starts_at=timezone.now() + timedelta(days=2, hours=number),
        )
        make_survey(network, author)


def compose(people, until):
    return digests_compose(
        users=people,
        period="daily",
        period_start=period_start_for(period="daily", at=until),
        until=until,
    )


def test_each_real_section_adds_its_items_to_the_composed_digest():
    network, coordinator = network_with_coordinator(name="Sieć matematyków")
    reader = joined_yesterday(network)
    meetings_daily(reader)
    activity(network, coordinator, tag="dziś")
    digest = digest_compose(
        user=reader,
        period="daily",
        period_start=timezone.localdate(),
        until=timezone.now() + timedelta(minutes=1),
    )
    body = digest.email_record.body_text
    html = digest.email_record.body_html
    for section_title, item_title in [
        ("Nowe wątki i odpowiedzi", "Wątek dziś"),
        ("Nowe materiały", "Materiał dziś 0"),
        ("Najbliższe spotkania", "Spotkanie dziś 0"),
        ("Ankiety do wypełnienia", "Ewaluacja formatywna"),
    ]:
        assert section_title in body, section_title
        assert item_title in body and item_title in html, item_title
    assert digest.item_count == 4


def test_queries_do_not_depend_on_people_in_the_batch_or_their_items(settings):
    settings.REPLY_EMAIL_DOMAIN = "odpowiedzi.example.org"  # reply addresses are made too
    until = timezone.now() + timedelta(minutes=1)

    small, small_coordinator = network_with_coordinator()
    alone = joined_yesterday(small)
    meetings_daily(alone)
    activity(small, small_coordinator, each=1, tag="mała")
    with CaptureQueriesContext(connection) as one:
        made = compose([alone], until)
    assert made[alone.pk].item_count == 4

    big, big_coordinator = network_with_coordinator()
    other, other_coordinator = network_with_coordinator()
    many = [joined_yesterday(big) for _ in range(4)]
    many.append(joined_yesterday(other))
    meetings_daily(*many[:3])
    activity(big, big_coordinator, each=3, tag="duża")
    activity(other, other_coordinator, each=2, tag="inna")
    with CaptureQueriesContext(connection) as batch:
        made = compose(many, until)
    assert [made[p.pk].item_count for p in many] == [12, 12, 12, 9, 6]
    assert len(batch) == len(one), [q["sql"][:80] for q in batch.captured_queries]


def test_readers_of_one_batch_each_get_their_own_window():
    network, coordinator = network_with_coordinator()
    first_timer = joined_yesterday(network)
    regular = joined_yesterday(network)
    thread_with_posts(network, coordinator, title="Wątek sprzed porannego skrótu")
    # The regular reader's previous digest ended after that thread was started.
    Digest.objects.create(
        user=regular,
        period="daily",
        period_start=timezone.localdate() - timedelta(days=1),
        since=timezone.now() - timedelta(days=1),
        until=timezone.now(),
    )
    thread_with_posts(network, coordinator, title="Wątek świeży")
    made = compose([first_timer, regular], timezone.now() + timedelta(minutes=1))
    assert made[first_timer.pk].item_count == 2
    assert made[regular.pk].item_count == 1
    assert "Wątek sprzed" not in made[regular.pk].email_record.body_text


def test_a_batch_composed_twice_or_overlapping_makes_each_digest_once():
    network, coordinator = network_with_coordinator()
    people = [joined_yesterday(network) for _ in range(3)]
    thread_with_posts(network, coordinator)
    start = timezone.localdate().isoformat()
    until = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert compose_digests.delay([p.pk for p in people[:2]], "daily", start, until).get() == 2
    assert compose_digests.delay([p.pk for p in people], "daily", start, until).get() == 1
    assert compose_digests.delay([p.pk for p in people], "daily", start, until).get() == 0
    assert Digest.objects.count() == 3
    assert EmailRecord.objects.filter(kind="digest").count() == 3


def test_fan_out_queues_one_task_per_batch(monkeypatch):
    monkeypatch.setattr(digest_module, "DIGEST_BATCH", 2)
    queued = []
    monkeypatch.setattr(compose_digests, "delay", lambda *args: queued.append(args))
    people = UserFactory.create_batch(5)
    assert digests_fan_out(period="daily") == 5
    assert [len(args[0]) for args in queued] == [2, 2, 1]
    assert sorted(pk for args in queued for pk in args[0]) == sorted(p.pk for p in people)
    assert len({args[3] for args in queued}) == 1  # every batch covers up to the same moment


def test_readers_of_one_item_get_its_lines_in_their_own_language():
    network, coordinator = network_with_coordinator()
    polish = joined_yesterday(network, language="pl")
    english = joined_yesterday(network, language="en")
    thread_with_posts(network, coordinator, title="Wspólny wątek")
    made = compose([polish, english], timezone.now() + timedelta(minutes=1))
    month = timezone.localdate()
    polish_text = made[polish.pk].email_record.body_text
    english_text = made[english.pk].email_record.body_text
    assert "Wspólny wątek" in polish_text and "Wspólny wątek" in english_text
    assert "New thread" in english_text and "Nowy wątek" in polish_text
    assert f"{month.day} {month:%B}" in english_text
    assert f"{month:%B}" not in polish_text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_composing_overlapping_batches_at_once_make_each_digest_once(monkeypatch):
    """Both gather their items before either inserts: the unique rows, inserted in one order
    with ON CONFLICT DO NOTHING, give each person one digest and one e-mail, no deadlock."""
    people = [UserFactory(date_joined=timezone.now() - timedelta(days=2)) for _ in range(6)]
    barrier = threading.Barrier(2, timeout=30)

    def section(user, since, until):
        return [DigestItem(f"test.item:{user.pk}", "Nowość", "/n/", None, "", None)]

    def both_gathered(readers, until):
        barrier.wait()
        return {user.pk: section(user, since, until) for user, since in readers}

    monkeypatch.setattr(digest_module, "_sections", {})
    digest_module.register_batch_section(
        "test.race", "Wyścig", both_gathered, category=Category.REPLY
    )
    until = timezone.now()
    made, errors = [], []

    def worker(batch):
        try:
            made.append(compose(batch, until))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    batches = [people[:4], list(reversed(people[2:]))]
    threads = [threading.Thread(target=worker, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(pk for digests in made for pk in digests) == sorted(p.pk for p in people)
    assert Digest.objects.count() == 6
    assert EmailRecord.objects.filter(kind="digest").count() == 6
