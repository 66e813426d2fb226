from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation import statistics
from networks.models import ActivityKind, ActivityLog
from networks.services import activity_record
from networks.tests.factories import MembershipFactory, NetworkFactory


def test_monthly_counts_posters_materials_and_balance(network, coordinator, members):
    giver, taker = members[0], members[1]
    activity_record(network_id=network.pk, user=giver, kind=ActivityKind.THREAD)
    activity_record(
        network_id=network.pk, user=giver, kind=ActivityKind.POST, object_key="forums.post:1"
    )
    activity_record(network_id=network.pk, user=coordinator, kind=ActivityKind.POST)
    activity_record(
        network_id=network.pk,
        user=giver,
        kind=ActivityKind.UPLOAD,
        object_key="resources.resource:1",
    )
    activity_record(
        network_id=network.pk,
        user=giver,
        kind=ActivityKind.UPLOAD,
        object_key="resources.resource:1",
    )
    activity_record(
        network_id=network.pk,
        user=taker,
        kind=ActivityKind.DOWNLOAD,
        object_key="resources.resource:1",
    )
    activity_record(network_id=network.pk, user=taker, kind=ActivityKind.VISIT)
    activity_record(network_id=network.pk, user=taker, kind=ActivityKind.VISIT)  # once a day
    # Another network's activity does not count.
    activity_record(network_id=NetworkFactory().pk, user=taker, kind=ActivityKind.POST)
    today = timezone.localdate()
    stats = statistics.activity_statistics(network=network, start=today.replace(day=1), end=today)
    assert stats.totals == {
        "visits": 1, "threads": 1, "posts": 2, "posters": 2, "materials": 1,
        "downloads": 1, "meetings": 0, "attendance": 0, "outcomes": 0,
    }  # fmt: skip
    assert stats.months[-1].values["posts"] == 2
    balance = stats.balance
    assert (balance.members, balance.givers, balance.takers_only, balance.inactive) == (5, 2, 1, 2)
    assert balance.givers_percent == 40.0


def test_materials_are_grouped_by_the_type_their_app_wrote(network, member):
    from networks.activity import register_categories

    register_categories(kind=ActivityKind.UPLOAD, choices=[("test-kind", "Testowy rodzaj")])
    for key, category in [(1, "test-kind"), (1, "test-kind"), (2, "test-kind"), (3, "")]:
        activity_record(
            network_id=network.pk,
            user=member,
            kind=ActivityKind.UPLOAD,
            object_key=f"resources.resource:{key}",
            category=category,
        )
    today = timezone.localdate()
    stats = statistics.activity_statistics(network=network, start=today.replace(day=1), end=today)
    assert [(str(label), count) for label, count in stats.materials_by_type] == [
        ("Testowy rodzaj", 2),
        ("Inne", 1),
    ]
    assert stats.chart_data()["materials"] == {"labels": ["Testowy rodzaj", "Inne"], "data": [2, 1]}


def test_period_excludes_older_entries(network, member):
    ActivityLog.objects.create(
        network=network, user=member, kind=ActivityKind.POST,
        created_at=timezone.now() - timedelta(days=400),
    )  # fmt: skip
    start, end = statistics.default_period()
    assert (
        statistics.activity_statistics(network=network, start=start, end=end).totals["posts"] == 0
    )
    assert len(statistics.months_between(start, end)) == 12


def test_default_period_is_the_school_year_containing_today():
    assert statistics.default_period(date(2026, 1, 15)) == (date(2025, 9, 1), date(2026, 8, 31))
    assert statistics.default_period(date(2026, 8, 31)) == (date(2025, 9, 1), date(2026, 8, 31))
    assert statistics.default_period(date(2026, 9, 1)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert statistics.default_period(date(2026, 12, 3)) == (date(2026, 9, 1), date(2027, 8, 31))


def test_personal_balance_counts_only_the_person(network, member, coordinator):
    activity_record(network_id=network.pk, user=member, kind=ActivityKind.POST)
    activity_record(network_id=network.pk, user=coordinator, kind=ActivityKind.POST)
    activity_record(network_id=network.pk, user=member, kind=ActivityKind.DOWNLOAD)
    start, end = statistics.default_period()
    balance = statistics.personal_balance(user=member, network=network, start=start, end=end)
    assert balance.gave_total == 1 and balance.took_total == 1


def test_my_balance_page_shows_only_my_numbers(client, network, member, coordinator):
    for _ in range(7):
        activity_record(network_id=network.pk, user=coordinator, kind=ActivityKind.POST)
    activity_record(network_id=network.pk, user=member, kind=ActivityKind.POST)
    client.force_login(member)
    response = client.get(reverse("evaluation:my_balance", kwargs={"network_slug": network.slug}))
    assert ">7<" not in response.content.decode()


def test_bad_period_is_reported_and_the_default_shown(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("evaluation:statistics", kwargs={"network_slug": network.slug})
    response = client.get(url, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()


def _bulk_log(network, count):
    people = [MembershipFactory(network=network).user for _ in range(20)]
    kinds = list(ActivityKind.values)
    now = timezone.now()
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                network=network,
                user=people[i % len(people)],
                kind=kinds[i % len(kinds)],
                object_key=f"x:{i % 300}",
                created_at=now - timedelta(hours=i % (24 * 300)),
            )
            for i in range(count)
        ],
        batch_size=10_000,
    )


@pytest.mark.parametrize("count", [100, 100_000])
def test_statistics_page_query_budget_does_not_grow(
    client, network, coordinator, count, django_assert_max_num_queries
):
    _bulk_log(network, count)
    client.force_login(coordinator)
    url = reverse("evaluation:statistics", kwargs={"network_slug": network.slug})
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            client.get(
                reverse("evaluation:my_balance", kwargs={"network_slug": network.slug})
            ).status_code
            == 200
        )


@pytest.mark.parametrize("count", [100, 100_000])
def test_platform_statistics_in_admin_for_staff(
    client, network, staff_user, count, django_assert_max_num_queries
):
    _bulk_log(network, count)
    client.force_login(staff_user)
    url = reverse("admin:evaluation_platformstatistics_changelist")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert network.name in response.content.decode()


def test_platform_statistics_not_for_non_staff(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:evaluation_platformstatistics_changelist"))
    assert response.status_code == 302


# --- chosen periods, meetings, and query counts that do not depend on the log's size ---------


def _at(network, user, kind, when, object_key=""):
    return ActivityLog(
        network=network,
        user=user,
        kind=kind,
        object_key=object_key,
        created_at=when,
        day=when.date() if kind == ActivityKind.VISIT else None,
    )


def _local(year, month, day):
    return timezone.make_aware(timezone.datetime(year, month, day, 12))


def test_visits_and_posts_are_counted_per_month_of_the_chosen_period(network, members):
    first, second = members[0], members[1]
    ActivityLog.objects.bulk_create(
        [
            _at(network, first, ActivityKind.VISIT, _local(2026, 3, 2)),
            _at(network, first, ActivityKind.VISIT, _local(2026, 3, 3)),
            _at(network, second, ActivityKind.VISIT, _local(2026, 3, 3)),
            _at(network, first, ActivityKind.VISIT, _local(2026, 4, 30)),
            _at(network, first, ActivityKind.POST, _local(2026, 4, 30)),
            _at(network, first, ActivityKind.VISIT, _local(2026, 6, 1)),  # after the period
        ]
    )
    stats = statistics.activity_statistics(
        network=network, start=date(2026, 3, 1), end=date(2026, 5, 31)
    )
    assert [row.month for row in stats.months] == [
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]
    assert [row.values["visits"] for row in stats.months] == [3, 1, 0]
    assert [row.values["posts"] for row in stats.months] == [0, 1, 0]
    assert stats.totals["visits"] == 4
    chart = stats.chart_data()
    assert chart["labels"] == ["2026-03", "2026-04", "2026-05"]
    visits = next(series for series in chart["series"] if series["key"] == "visits")
    assert visits["data"] == [3, 1, 0]


def test_meetings_count_once_and_attendance_counts_each_person(network, coordinator, members):
    when = timezone.now()
    ActivityLog.objects.bulk_create(
        [
            _at(network, coordinator, ActivityKind.MEETING_LED, when, "meeting:1"),
            _at(network, members[0], ActivityKind.MEETING_ATTENDED, when, "meeting:1"),
            _at(network, members[1], ActivityKind.MEETING_ATTENDED, when, "meeting:1"),
            _at(network, members[0], ActivityKind.MEETING_ATTENDED, when, "meeting:2"),
        ]
    )
    today = timezone.localdate()
    stats = statistics.activity_statistics(network=network, start=today.replace(day=1), end=today)
    assert (stats.totals["meetings"], stats.totals["attendance"]) == (2, 3)
    # Leading a meeting is giving; attending is taking.
    assert (stats.balance.givers, stats.balance.takers_only) == (1, 2)


def test_balance_follows_the_chosen_period(network, members):
    giver = members[0]
    ActivityLog.objects.bulk_create(
        [
            _at(network, giver, ActivityKind.UPLOAD, _local(2026, 1, 10), "resources.resource:1"),
            _at(network, giver, ActivityKind.DOWNLOAD, _local(2026, 2, 10), "resources.resource:2"),
        ]
    )
    january = statistics.activity_statistics(
        network=network, start=date(2026, 1, 1), end=date(2026, 1, 31)
    ).balance
    february = statistics.activity_statistics(
        network=network, start=date(2026, 2, 1), end=date(2026, 2, 28)
    ).balance
    both = statistics.activity_statistics(
        network=network, start=date(2026, 1, 1), end=date(2026, 2, 28)
    ).balance
    assert (january.givers, january.takers_only) == (1, 0)
    assert (february.givers, february.takers_only) == (0, 1)
    assert (both.givers, both.takers_only) == (1, 0)  # gave at some point in the period
    assert both.members == network.memberships.count()


def test_statistics_page_reads_the_chosen_period(client, network, coordinator, members):
    ActivityLog.objects.bulk_create(
        [_at(network, members[0], ActivityKind.THREAD, _local(2026, 2, 10)) for _ in range(3)]
    )
    client.force_login(coordinator)
    url = reverse("evaluation:statistics", kwargs={"network_slug": network.slug})
    response = client.get(url, {"start": "2026-02-01", "end": "2026-02-28"})
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.start, stats.end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert stats.totals["threads"] == 3 and len(stats.months) == 1


def test_each_members_balance_is_private_and_their_own(client, network, members):
    me, other = members[0], members[1]
    when = timezone.now()
    ActivityLog.objects.bulk_create(
        [
            _at(network, me, ActivityKind.POST, when),
            _at(network, me, ActivityKind.POST, when),
            _at(network, me, ActivityKind.DOWNLOAD, when, "resources.resource:1"),
            *[_at(network, other, ActivityKind.UPLOAD, when, f"r:{i}") for i in range(9)],
        ]
    )
    start, end = statistics.default_period()
    mine = statistics.personal_balance(user=me, network=network, start=start, end=end)
    assert (mine.gave_total, mine.took_total) == (2, 1)
    theirs = statistics.personal_balance(user=other, network=network, start=start, end=end)
    assert (theirs.gave_total, theirs.took_total) == (9, 0)
    # The page has no way to ask for someone else's balance.
    client.force_login(me)
    url = reverse("evaluation:my_balance", kwargs={"network_slug": network.slug})
    page = client.get(url, {"user": other.pk}).content.decode()
    assert ">9<" not in page


def _queries(client, url) -> int:
    cache.clear()  # no request finds the person's unread count cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_are_identical_for_100_and_100_000_events(
    client, network, coordinator, staff_user
):
    """Measure each statistics page with 100 events, add 99,900 (bulk, in batches), measure again."""
    _bulk_log(network, 100)
    urls = {
        coordinator: [
            reverse("evaluation:statistics", kwargs={"network_slug": network.slug}),
            reverse("evaluation:my_balance", kwargs={"network_slug": network.slug}),
        ],
        staff_user: [reverse("admin:evaluation_platformstatistics_changelist")],
    }

    def measure():
        counts = {}
        for person, person_urls in urls.items():
            client.force_login(person)
            for url in person_urls:
                counts[url] = _queries(client, url)
        return counts

    small = measure()
    _bulk_log(network, 99_900)
    assert ActivityLog.objects.count() == 100_000
    large = measure()
    print("statistics queries (100 and 100,000 events):", small, large)
    assert small == large
    assert max(large.values()) <= 10


@pytest.mark.parametrize("start,end", [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")])
def test_a_period_outside_the_platforms_years_is_a_form_error_not_an_overflow(start, end):
    from evaluation.forms import PeriodForm

    form = PeriodForm({"start": start, "end": end})
    assert not form.is_valid()


STATISTICS_BY_PERSON = {
    # who: (status, sees the figures)
    "anonymous": (302, False),
    "outsider": (404, False),
    "member": (403, False),
    "expert": (403, False),
    "coordinator": (200, True),
    "staff": (404, False),
}


@pytest.mark.parametrize("who", list(STATISTICS_BY_PERSON))
def test_the_statistics_page_shows_the_figures_to_coordinators_only(
    client, people, network, member, who
):
    now = timezone.now()
    ActivityLog.objects.bulk_create(
        ActivityLog(
            network=network,
            user=member,
            kind=ActivityKind.OUTCOME,
            object_key=f"outcome:{number}",
            created_at=now - timedelta(days=number),
        )
        for number in range(7)
    )
    if people[who] is not None:
        client.force_login(people[who])
    response = client.get(reverse("evaluation:statistics", kwargs={"network_slug": network.slug}))
    status, sees = STATISTICS_BY_PERSON[who]
    assert response.status_code == status
    page = response.content.decode()
    assert ('id="stat-outcomes">7<' in page) is sees
    assert ('id="balance-heading"' in page) is sees
    assert ("evaluation-statistics" in page) is sees  # the chart's data
