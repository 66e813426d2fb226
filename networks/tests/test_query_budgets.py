"""Each page fetches what it shows in a fixed number of queries, however much data exists."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import meetings
from networks.models import ActivityKind, ActivityLog, Answer, Membership, Role
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def _populate(size: int, person, coordinator):
    """`size` networks the person belongs to, each with members and a meeting ahead."""
    users = UserFactory.create_batch(size)
    networks = NetworkFactory.create_batch(size)
    Membership.objects.bulk_create(
        [Membership(network=n, user=person) for n in networks]
        + [Membership(network=n, user=coordinator, role=Role.COORDINATOR) for n in networks]
    )
    first = networks[0]
    Membership.objects.bulk_create([Membership(network=first, user=u) for u in users])
    for network in networks:
        MeetingFactory(network=network)
    ActivityLog.objects.bulk_create(
        [ActivityLog(network=n, user=coordinator, kind=ActivityKind.POST) for n in networks]
    )
    start = timezone.now() + timedelta(days=2)
    meeting = MeetingFactory(network=first, starts_at=start, ends_at=start + timedelta(hours=1))
    for user in users[: min(size, 40)]:
        meetings.Rsvp.objects.create(meeting=meeting, user=user, answer=Answer.YES)
    return first, meeting


PAGES = {
    "catalogue": lambda n, m: reverse("networks:catalogue"),
    "network page": lambda n, m: reverse("networks:detail", kwargs={"slug": n.slug}),
    "members": lambda n, m: reverse("networks:members", kwargs={"slug": n.slug}),
    "meeting page": lambda n, m: m.get_absolute_url(),
    "meetings": lambda n, m: reverse("networks:meetings", kwargs={"slug": n.slug}),
    "my networks": lambda n, m: reverse("networks:mine"),
    "coordinate": lambda n, m: reverse("networks:manage", kwargs={"slug": n.slug}),
}


def _count(client, url) -> int:
    # Each page is counted as rendered afresh (the network page and "my networks" are cached).
    for alias in ("default", "fragments", "fragments_local"):
        caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_data(client, django_assert_max_num_queries):
    # One pass over every page with 5, then with 500 networks and members: building the
    # large data set once keeps the suite fast.
    coordinator = UserFactory()
    client.force_login(coordinator)
    small_data = _populate(5, UserFactory(), coordinator)
    small = {page: _count(client, url(*small_data)) for page, url in PAGES.items()}
    Membership.objects.all().delete()
    large_data = _populate(500, UserFactory(), coordinator)
    for page, url in PAGES.items():
        for alias in ("default", "fragments", "fragments_local"):
            caches[alias].clear()
        with django_assert_max_num_queries(small[page]):
            assert client.get(url(*large_data)).status_code == 200
    print("queries per page:", small)
    assert max(small.values()) <= 16, small


def test_member_sees_hidden_networks_in_the_catalogue_without_extra_queries(client):
    person = UserFactory()
    NetworkFactory.create_batch(3, visibility="hidden")
    hidden = NetworkFactory(visibility="hidden")
    MembershipFactory(network=hidden, user=person)
    client.force_login(person)
    response = client.get(reverse("networks:catalogue"))
    assert [n.pk for n in response.context["page"].object_list] == [hidden.pk]
